/**
 * The reconciliation: a declaration, what this resource recorded, and the item's live permissions in; the Graph
 * changes that make the live state match the declaration out. Pure: no I/O, no clock.
 *
 * Ownership rules, enforced here and nowhere else:
 * - A permission is touched only when it grants a declared recipient directly, or when this resource recorded its id
 *   (it created or adopted it). Owner and inherited permissions are never touched; neither are sharing links this
 *   resource did not record.
 * - Removal goes by recorded ids only: a recipient dropped from the declaration loses the grant this resource recorded
 *   for them, never a grant found by matching their name.
 * - A permission shared by several people loses only this resource's leaving recipients (revokeGrants), unless every
 *   grantee is leaving, in which case the whole permission goes.
 */
import { Recipient, Role } from "./inputs";
import { GraphPermission, grantedRoles, grantees, hasRoles, isRecipient, permissionKind } from "./permissions";

/** What this resource keeps in its outputs for each recipient it grants. */
export interface Grant {
    /** The id of the Graph permission that grants the recipient access. */
    readonly permissionId: string;
    /** The roles that permission granted when last seen. */
    readonly roles: string[];
    /**
     * When this resource's invite created the grant (ISO 8601), until a list has shown it. Graph's list can lag behind
     * invite; while it is young, a grant missing from the list is taken to exist rather than granted twice.
     */
    readonly grantedAt?: string;
}

/** One recipient's grant to change in place (PATCH keeps the permission id and emails nobody). */
export interface RoleChange {
    readonly key: string;
    readonly permissionId: string;
    readonly roles: Role[];
    /** The roles the permission grants now (recorded as they are if the change fails). */
    readonly current: string[];
}

/** A permission to take away, whole (`delete`) or from some of the people it is shared with (`revoke`). */
export interface Removal {
    readonly permissionId: string;
    readonly method: "delete" | "revoke";
    /** The recipients leaving this permission; for `revoke`, the grantees sent to revokeGrants. */
    readonly recipients: Recipient[];
}

/** The Graph changes that reconcile an item with a declaration. */
export interface Plan {
    /** Grants already as declared, by recipient key: nothing to do. */
    readonly keep: Record<string, Grant>;
    /** Recipient keys to grant with invite. */
    readonly invite: string[];
    /**
     * The keys of `invite` who already hold access and are granted again only to change an invite-only option (or to
     * move to a new grant): they were invited before, so they are not emailed again.
     */
    readonly renew: string[];
    readonly patch: RoleChange[];
    readonly remove: Removal[];
}

/** Everything the plan is computed from. */
export interface PlanInput {
    /** The declared recipients by key; empty when the resource is being deleted. */
    readonly declared: Record<string, Recipient>;
    /** The declared roles. */
    readonly roles: readonly Role[];
    /** The grants this resource recorded, by recipient key. */
    readonly recorded: Record<string, Grant>;
    /** The item's permissions as Graph lists them now. */
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
        } else if (permissionKind(permission) === "link") {
            // A link's roles cannot be patched (Graph answers badArgument): move the recipient to a new grant.
            if (hasRoles(permission, input.roles) && !input.regrant) {
                keep[key] = kept(permission, input.recorded[key], input.roles);
            } else {
                leave(permission.id, recipient);
                invite.push(key);
                renew.push(key);
            }
        } else if (input.regrant) {
            invite.push(key);
            renew.push(key);
        } else if (hasRoles(permission, input.roles)) {
            keep[key] = kept(permission, input.recorded[key], input.roles);
        } else {
            patch.push({ key, permissionId: permission.id, roles: [...input.roles], current: grantedRoles(permission) });
        }
    }

    const stillUsed = new Set([...Object.values(keep).map((g) => g.permissionId), ...patch.map((c) => c.permissionId)]);
    for (const [key, grant] of Object.entries(input.recorded)) {
        if (key in input.declared || input.declaredElsewhere?.has(key)) continue;
        const permission = live.get(grant.permissionId);
        const recipient = recipientFromKey(key);
        if (!permission || !mayRemove(permission, recipient)) continue;
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

/** The grant to keep: a recorded grant not yet listed stays marked with its creation time. */
function kept(permission: GraphPermission, recorded: Grant | undefined, roles: readonly Role[]): Grant {
    const unlisted = recorded?.permissionId === permission.id && permission.unlisted && recorded.grantedAt;
    return { permissionId: permission.id, roles: [...roles], ...(unlisted ? { grantedAt: recorded.grantedAt } : {}) };
}

/**
 * The live permissions, plus a stand-in for each recorded grant that invite created less than `windowSeconds` ago
 * and the list does not show yet. Without them, a refresh right after an update would report false drift and the
 * next update would invite the same people again.
 */
export function withUnlistedGrants(live: readonly GraphPermission[], recorded: Record<string, Grant>, now: Date,
    windowSeconds: number): GraphPermission[] {
    const listed = new Set(live.map((p) => p.id));
    const standIns = new Map<string, GraphPermission>();
    for (const grant of Object.values(recorded)) {
        if (!grant.grantedAt || listed.has(grant.permissionId)) continue;
        const age = (now.getTime() - Date.parse(grant.grantedAt)) / 1000;
        if (age >= 0 && age < windowSeconds) {
            standIns.set(grant.permissionId, { id: grant.permissionId, roles: [...grant.roles], unlisted: true });
        }
    }
    return [...live, ...standIns.values()];
}

/**
 * Finds the live permission that grants each declared recipient: the recorded one while it still exists and still
 * grants them, otherwise a direct grant to them (adopted: Graph keeps one permission per person per item, so
 * inviting them would only update that same permission). Recipients with no grant are absent from the answer.
 */
export function locateGrants(declared: Record<string, Recipient>, recorded: Record<string, Grant>,
    live: readonly GraphPermission[]): Record<string, GraphPermission> {
    const byId = new Map(live.map((p) => [p.id, p]));
    const found: Record<string, GraphPermission> = {};
    for (const [key, recipient] of Object.entries(declared)) {
        const mine = recorded[key] && byId.get(recorded[key].permissionId);
        const permission = mine && mayRemove(mine, recipient) ? mine
            : live.find((p) => permissionKind(p) === "direct" && grantees(p).some((g) => isRecipient(g, recipient)));
        if (permission) found[key] = permission;
    }
    return found;
}

/** True when a recorded permission is one this resource may change or remove for the recipient. */
function mayRemove(permission: GraphPermission, recipient: Recipient): boolean {
    const kind = permissionKind(permission);
    if (kind === "owner" || kind === "inherited") return false;
    const people = grantees(permission);
    // Graph's answer never carries aliases: trust the recorded id for them.
    if (recipient.alias !== undefined || people.length === 0) return true;
    return people.some((g) => isRecipient(g, recipient));
}

/** The recipient a key stands for: keys are canonical (see {@link recipientKey}), so a recorded grant needs no more. */
export function recipientFromKey(key: string): Recipient {
    if (key.startsWith("alias:")) return { alias: key.slice("alias:".length) };
    if (key.includes("@")) return { email: key };
    return { objectId: key };
}
