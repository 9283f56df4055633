/**
 * Who a Graph `permission` grants, and with what roles. Pure functions over Graph's JSON; whether DriveItemShare may
 * touch a permission is plan/ownership.ts's to say.
 */
import type { GraphIdentitySet, GraphPermission } from "./graph";
import type { Recipient, Role } from "./recipient";

/** The person or group behind one grant, in the forms recipients can be matched on. */
export interface Grantee {
    readonly id?: string;
    readonly email?: string;
    readonly loginName?: string;
    /** As Graph shows it, for people reading who has what (the export's comments); never matched on. */
    readonly displayName?: string;
    /** True for an Entra ID group (or a SharePoint group), which a declaration names by object id. */
    readonly group?: boolean;
}

/** Everyone a permission grants access to. */
export function grantees(permission: GraphPermission): Grantee[] {
    const sets = [
        ...(permission.grantedToIdentitiesV2 ?? permission.grantedToIdentities ?? []),
        ...[permission.grantedToV2 ?? permission.grantedTo].filter((s): s is GraphIdentitySet => !!s),
    ];
    const result = sets.map(granteeOf).filter((g): g is Grantee => g !== undefined);
    if (result.length === 0 && permission.invitation?.email) {
        // An invitation not yet redeemed names its recipient only here.
        result.push({ email: permission.invitation.email.toLowerCase() });
    }
    return result;
}

function granteeOf(set: GraphIdentitySet): Grantee | undefined {
    const principal = set.user ?? set.group;
    const site = set.siteUser ?? set.siteGroup;
    if (!principal && !site) return undefined;
    const email = principal?.email ?? site?.email;
    return {
        id: principal?.id?.toLowerCase(),
        email: email?.toLowerCase(),
        loginName: site?.loginName?.toLowerCase(),
        displayName: principal?.displayName ?? site?.displayName,
        group: !!(set.group ?? set.siteGroup),
    };
}

/** True when the grantee is the declared recipient. Aliases cannot be matched from Graph's answer: see plan/. */
export function isRecipient(grantee: Grantee, recipient: Recipient): boolean {
    if (recipient.email !== undefined) {
        return grantee.email === recipient.email || !!grantee.loginName?.endsWith(`|${recipient.email}`);
    }
    if (recipient.objectId !== undefined) {
        return grantee.id === recipient.objectId || !!grantee.loginName?.endsWith(`|${recipient.objectId}`);
    }
    return false;
}

/** The roles a permission grants, reduced to the ones a declaration can hold. */
export function grantedRoles(permission: GraphPermission): string[] {
    return [...new Set((permission.roles ?? []).map((r) => r.toLowerCase()))].sort();
}

/** True when a permission grants exactly the declared roles. */
export function hasRoles(permission: GraphPermission, roles: readonly Role[]): boolean {
    const live = grantedRoles(permission);
    return live.length === roles.length && roles.every((r) => live.includes(r));
}
