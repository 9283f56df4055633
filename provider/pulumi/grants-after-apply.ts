/**
 * The grants the outputs record once a plan was carried out, whatever failed on the way: every grant that exists
 * for the resource, so that the next update starts from what Graph holds. Pure: apply.ts passes what Graph answered.
 */
import type { Plan } from "../model/changes";
import { grantOf } from "../model/share";
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
    /** When the invites were sent (ISO 8601): the `since` of the grants they made. */
    readonly grantedAt: string;
}

export function grantsAfterApply(
    inputs: Pick<ShareInputs, "recipients" | "roles" | "accessEnded">,
    recorded: Record<string, Grant>,
    plan: Plan,
    outcome: ApplyOutcome,
    grantedBefore: ReadonlySet<string>,
): Pick<ShareOutputs, "grants" | "__granted"> {
    const { invited, patched, leaving, grantedAt } = outcome;
    const grants: Record<string, Grant> = { ...plan.keep };
    // Invited again onto the permission it had (a regrant updates it in place): still granted since the first time.
    const newGrant = (key: string, permissionId: string): Grant =>
        recorded[key]?.permissionId === permissionId
            ? grantOf(permissionId, inputs.roles, recorded[key])
            : { permissionId, roles: [...inputs.roles], since: grantedAt };
    for (const key of plan.invite) {
        const permission = invited.get(key);
        if (permission) grants[key] = newGrant(key, permission.id);
        // Not granted: a grant recorded before (one the recipient was to move from) stays recorded until replaced.
        else if (recorded[key]) grants[key] = recorded[key];
    }
    for (const change of plan.patch) {
        // Invited: the role change was refused as inherited, and the recipient was granted directly instead.
        const permission = invited.get(change.key);
        grants[change.key] = permission
            ? newGrant(change.key, permission.id)
            : grantOf(
                  change.permissionId,
                  patched.has(change.key) ? change.roles : change.current,
                  recorded[change.key],
              );
    }
    // A grant whose removal failed stays recorded, so the next update removes it.
    for (const [key, grant] of Object.entries(recorded)) {
        if (!(key in inputs.recipients) && leaving.has(grant.permissionId)) grants[key] = grant;
    }
    // Who this resource has granted, while they stay declared (an ended recipient too, for an extension after the
    // end): a later repair of their grant emails nobody.
    const declaredBefore = [...grantedBefore].filter(
        (key) => key in inputs.recipients || key in (inputs.accessEnded ?? {}),
    );
    const everGranted = new Set([...Object.keys(grants), ...declaredBefore]);
    return { grants: sortedKeys(grants), __granted: [...everGranted].sort() };
}
