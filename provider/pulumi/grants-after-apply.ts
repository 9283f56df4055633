/**
 * The grants the outputs record once a plan was carried out, whatever failed on the way: every grant that exists
 * for the resource, so that the next update starts from what Graph holds. Pure: apply.ts passes what Graph answered.
 */
import type { Plan } from "../model/changes";
import type { Grant, ShareInputs, ShareOutputs } from "../model/share";
import { sortedKeys } from "../model/values";

/** What Graph answered to the plan's changes. */
export interface ApplyOutcome {
    /** The permission that now grants each invited recipient, by recipient key. */
    readonly invited: ReadonlyMap<string, { readonly id: string }>;
    /** The keys whose role change took. */
    readonly patched: ReadonlySet<string>;
    /** The ids of the permissions whose removal failed: they are still on the item. */
    readonly leaving: ReadonlySet<string>;
}

export function grantsAfterApply(
    inputs: Pick<ShareInputs, "recipients" | "roles">,
    recorded: Record<string, Grant>,
    plan: Plan,
    outcome: ApplyOutcome,
    grantedBefore: ReadonlySet<string>,
): Pick<ShareOutputs, "grants" | "__granted"> {
    const { invited, patched, leaving } = outcome;
    const grants: Record<string, Grant> = { ...plan.keep };
    const newGrant = (permissionId: string): Grant => ({ permissionId, roles: [...inputs.roles] });
    for (const key of plan.invite) {
        const permission = invited.get(key);
        if (permission) grants[key] = newGrant(permission.id);
        // Not granted: a grant recorded before (one the recipient was to move from) stays recorded until replaced.
        else if (recorded[key]) grants[key] = recorded[key];
    }
    for (const change of plan.patch) {
        // Invited: the role change was refused as inherited, and the recipient was granted directly instead.
        const permission = invited.get(change.key);
        grants[change.key] = permission
            ? newGrant(permission.id)
            : { permissionId: change.permissionId, roles: patched.has(change.key) ? change.roles : change.current };
    }
    // A grant whose removal failed stays recorded, so the next update removes it.
    for (const [key, grant] of Object.entries(recorded)) {
        if (!(key in inputs.recipients) && leaving.has(grant.permissionId)) grants[key] = grant;
    }
    // Who this resource has granted, while they stay declared: a later repair of their grant emails nobody.
    const declaredBefore = [...grantedBefore].filter((key) => key in inputs.recipients);
    const everGranted = new Set([...Object.keys(grants), ...declaredBefore]);
    return { grants: sortedKeys(grants), __granted: [...everGranted].sort() };
}
