/**
 * Which permissions DriveItemShare may ever touch. The rules, enforced through these functions and nowhere else:
 * - A permission is touched only when it grants a declared recipient directly, or when this resource recorded its id
 *   (it created or adopted it). Owner and inherited permissions are never touched; neither are sharing links this
 *   resource did not record.
 * - Removal goes by recorded ids only: a recipient dropped from the declaration loses the grant this resource recorded
 *   for them, never a grant found by matching their name.
 */
import type { GraphPermission } from "../model/graph";
import { grantees, isRecipient } from "../model/permission";
import type { Recipient } from "../model/recipient";

/**
 * What a permission is, for ownership rules:
 * - direct: a person or group granted on this item (what invite creates on business drives);
 * - link: a sharing link, including "specific people" links shared with several people (what invite creates on
 *   personal drives);
 * - owner: the owner's own access; inherited: granted on a parent. These two are never touched.
 */
export type PermissionKind = "direct" | "link" | "owner" | "inherited";

export function permissionKind(permission: GraphPermission): PermissionKind {
    if (permission.inheritedFrom) return "inherited";
    const roles = (permission.roles ?? []).map((r) => r.toLowerCase());
    if (roles.includes("owner") || roles.includes("sp.owner")) return "owner";
    if (permission.link) return "link";
    return "direct";
}

/** True when a recorded permission is one this resource may change or remove for the recipient. */
export function mayChange(permission: GraphPermission, recipient: Recipient): boolean {
    const kind = permissionKind(permission);
    if (kind === "owner" || kind === "inherited") return false;
    const people = grantees(permission);
    // Graph's answer never carries aliases: trust the recorded id for them.
    if (recipient.alias !== undefined || people.length === 0) return true;
    return people.some((g) => isRecipient(g, recipient));
}
