/**
 * How a Graph `permission` resource is read: who it grants, with what roles, and whether DriveItemShare may ever
 * touch it. Pure functions over Graph's JSON; no I/O.
 */
import { Recipient, Role } from "./inputs";

/** The parts of Graph's identity and sharePointIdentity resources that identify a person or group. */
export interface GraphIdentity {
    readonly id?: string;
    readonly displayName?: string;
    readonly email?: string;
    readonly loginName?: string;
}

/** The parts of Graph's identitySet / sharePointIdentitySet this provider reads. */
export interface GraphIdentitySet {
    readonly user?: GraphIdentity;
    readonly group?: GraphIdentity;
    readonly siteUser?: GraphIdentity;
    readonly siteGroup?: GraphIdentity;
    readonly application?: GraphIdentity;
    readonly device?: GraphIdentity;
}

/** Graph's `permission` resource, as list/get/invite return it (only the fields this provider reads). */
export interface GraphPermission {
    readonly id: string;
    readonly roles?: string[];
    readonly grantedTo?: GraphIdentitySet | null;
    readonly grantedToV2?: GraphIdentitySet | null;
    readonly grantedToIdentities?: GraphIdentitySet[] | null;
    readonly grantedToIdentitiesV2?: GraphIdentitySet[] | null;
    readonly invitation?: { readonly email?: string; readonly signInRequired?: boolean } | null;
    readonly inheritedFrom?: unknown;
    readonly link?: { readonly type?: string; readonly scope?: string } | null;
    readonly expirationDateTime?: string;
    /** Not Graph's: marks a stand-in for a grant invite created that the list does not show yet (see plan.ts). */
    readonly unlisted?: boolean;
    /** Present on invite answers of 207 Multi-Status: the notification failed, the grant did not. */
    readonly error?: { readonly code?: string; readonly message?: string; readonly innererror?: { readonly code?: string } };
}

/**
 * What a permission is, for ownership rules:
 * - direct: a person or group granted on this item (what invite creates on business drives);
 * - link: a sharing link, including "specific people" links shared with several people (what invite creates on
 *   personal drives);
 * - owner: the owner's own access; inherited: granted on a parent. These two are never touched.
 */
export type PermissionKind = "direct" | "link" | "owner" | "inherited";

/** The person or group behind one grant, in the forms recipients can be matched on. */
export interface Grantee {
    readonly id?: string;
    readonly email?: string;
    readonly loginName?: string;
}

export function permissionKind(permission: GraphPermission): PermissionKind {
    if (permission.inheritedFrom) return "inherited";
    const roles = (permission.roles ?? []).map((r) => r.toLowerCase());
    if (roles.includes("owner") || roles.includes("sp.owner")) return "owner";
    if (permission.link) return "link";
    return "direct";
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
    };
}

/** True when the grantee is the declared recipient. Aliases cannot be matched from Graph's answer: see plan.ts. */
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
