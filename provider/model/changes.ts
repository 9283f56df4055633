/**
 * The Graph changes a reconciliation asks for: what plan/ computes and graph/ and pulumi/ carry out.
 */
import type { Recipient, Role } from "./recipient";
import type { Grant } from "./share";

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
     * The keys of `invite` who were granted by this resource before: granted again to change an invite-only option, to
     * move to a new grant, or to repair a grant removed outside Pulumi. They are not emailed again.
     */
    readonly renew: string[];
    readonly patch: RoleChange[];
    readonly remove: Removal[];
}
