/**
 * The reconciliation: a declaration, what this resource recorded, and the item's live permissions in; the Graph
 * changes that make the live state match the declaration out. Pure: no I/O, no clock. Which permissions it may touch
 * is ownership.ts's; in addition, a permission shared by several people loses only this resource's leaving
 * recipients (revokeGrants), unless every grantee is leaving, in which case the whole permission goes.
 */
import type { Plan, Removal, RoleChange } from "../model/changes";
import { grantedRoles, grantees, hasRoles, isRecipient } from "../model/permission";
import { recipientFromKey } from "../model/recipient";
import type { Recipient, Role } from "../model/recipient";
import { grantOf } from "../model/share";
import type { DeclaredRecipient, Grant } from "../model/share";
import type { GraphPermission } from "../model/graph";
import { mayChange, permissionKind } from "./ownership";

/** Everything the plan is computed from. */
export interface PlanInput {
    /** The declared recipients by key; empty when the resource is being deleted. */
    readonly declared: Record<string, DeclaredRecipient>;
    /** The declared roles. */
    readonly roles: readonly Role[];
    /** The grants this resource recorded, by recipient key. */
    readonly recorded: Record<string, Grant>;
    /** The item's permissions now: as Graph lists them, and recorded ones it lists late (plan/unlisted.ts). */
    readonly live: readonly GraphPermission[];
    /**
     * True when an option that only invite can set (expiration date) changed: every existing grant is granted again
     * (on business drives invite updates the same permission in place).
     */
    readonly regrant?: boolean;
    /**
     * Recipient keys that another resource in this deployment declares on the same item. Their grants are handed
     * over, not removed, when this resource drops them: Graph keeps one permission per person per item.
     */
    readonly declaredElsewhere?: ReadonlySet<string>;
    /**
     * Recipient keys this resource granted before but holds no recorded grant for (a refresh dropped one removed by
     * hand; see ShareOutputs.__granted). Like recorded ones, granting them again is a repair.
     */
    readonly grantedBefore?: ReadonlySet<string>;
}

export function planReconcile(input: PlanInput): Plan {
    const live = new Map(input.live.map((p) => [p.id, p]));
    const keep: Record<string, Grant> = {};
    const invite: string[] = [];
    const renew: string[] = [];
    const patch: RoleChange[] = [];
    // Recipients leaving each permission, by permission id.
    const leaving = new Map<string, Recipient[]>();
    const leave = (permissionId: string, recipient: Recipient) =>
        leaving.set(permissionId, [...(leaving.get(permissionId) ?? []), recipient]);

    const found = locateGrants(input.declared, input.recorded, input.live);
    for (const [key, recipient] of Object.entries(input.declared)) {
        const permission = found[key];
        if (!permission) {
            invite.push(key);
            // A recipient with a recorded grant was granted by this resource before: this is a repair, and only a
            // recipient's first grant may email them.
            if (input.recorded[key] || input.grantedBefore?.has(key)) renew.push(key);
        } else if (permissionKind(permission) === "link") {
            // A link's roles cannot be patched (Graph answers badArgument): move the recipient to a new grant.
            if (hasRoles(permission, input.roles) && !input.regrant) {
                keep[key] = grantOf(permission.id, input.roles, input.recorded[key]);
            } else {
                leave(permission.id, recipient);
                invite.push(key);
                renew.push(key);
            }
        } else if (input.regrant) {
            invite.push(key);
            renew.push(key);
        } else if (hasRoles(permission, input.roles)) {
            keep[key] = grantOf(permission.id, input.roles, input.recorded[key]);
        } else {
            patch.push({
                key,
                permissionId: permission.id,
                roles: [...input.roles],
                current: grantedRoles(permission),
            });
        }
    }

    const stillUsed = new Set([...Object.values(keep).map((g) => g.permissionId), ...patch.map((c) => c.permissionId)]);
    for (const [key, grant] of Object.entries(input.recorded)) {
        if (key in input.declared || input.declaredElsewhere?.has(key)) continue;
        const permission = live.get(grant.permissionId);
        const recipient = recipientFromKey(key);
        if (!permission || !mayChange(permission, recipient)) continue;
        if (permissionKind(permission) === "direct" && stillUsed.has(permission.id)) continue;
        leave(permission.id, recipient);
    }

    const remove: Removal[] = [];
    for (const [permissionId, recipients] of leaving) {
        const permission = live.get(permissionId)!;
        const others = grantees(permission).filter((g) => !recipients.some((r) => isRecipient(g, r)));
        const whole = permissionKind(permission) === "direct" || (others.length === 0 && !stillUsed.has(permissionId));
        remove.push({ permissionId, method: whole ? "delete" : "revoke", recipients });
    }
    return { keep, invite, renew, patch, remove };
}

/**
 * Finds the live permission that grants each declared recipient: the recorded one while it still exists and still
 * grants them, otherwise a direct grant to them (adopted: Graph keeps one permission per person per item, so
 * inviting them would only update that same permission). Recipients with no grant are absent from the answer.
 */
export function locateGrants(
    declared: Record<string, Recipient>,
    recorded: Record<string, Grant>,
    live: readonly GraphPermission[],
): Record<string, GraphPermission> {
    const byId = new Map(live.map((p) => [p.id, p]));
    const found: Record<string, GraphPermission> = {};
    for (const [key, recipient] of Object.entries(declared)) {
        const mine = recorded[key] && byId.get(recorded[key].permissionId);
        const permission =
            mine && mayChange(mine, recipient)
                ? mine
                : live.find(
                      (p) => permissionKind(p) === "direct" && grantees(p).some((g) => isRecipient(g, recipient)),
                  );
        if (permission) found[key] = permission;
    }
    return found;
}
