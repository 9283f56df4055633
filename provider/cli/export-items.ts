/**
 * What the export declares and what it only describes, item by item, from a walk of the tree (graph/tree.ts). Pure.
 *
 * An item's own permissions are told from inherited ones by comparing them with its parent folder's: a permission
 * with the id and the roles of one on the parent is inherited. Graph marks inheritance (`inheritedFrom`) on personal
 * OneDrive only; on OneDrive for Business and SharePoint an inherited permission carries the id it has where it was
 * granted, so the parent's list is the only sign. A direct grant that repeats the parent's (same person, same role)
 * is therefore taken for inherited: declaring it would add nothing the parent does not give.
 *
 * Declared: direct grants of read or write to a person or group Graph names by email or object id. Described in
 * comments, never declared: owners, inherited permissions, sharing links, SharePoint groups and other roles.
 */
import type { ScannedItem } from "../graph/tree";
import type { GraphPermission } from "../model/graph";
import { grantedRoles, grantees } from "../model/permission";
import type { Grantee } from "../model/permission";
import { GUID, recipientKey } from "../model/recipient";
import type { Recipient, Role } from "../model/recipient";
import { permissionKind } from "../plan/ownership";

/** One direct grant the export declares. */
export interface ExportedGrant {
    readonly role: Role;
    readonly recipient: Recipient;
    /** Who it is, for the program's comments. */
    readonly who: string;
    /** The name Graph shows, beside an object id in the program. */
    readonly displayName?: string;
}

/** An item with permissions of its own. */
export interface ExportedItem {
    readonly id: string;
    /** Below the walked folder; "" for the folder itself. */
    readonly path: string;
    readonly name: string;
    /** By role, then recipient key. */
    readonly grants: readonly ExportedGrant[];
    /** What it has that no declaration manages, one line each, sorted. */
    readonly notes: readonly string[];
}

/** The items that have permissions of their own, sorted by path; an item with only inherited ones is left out. */
export function exportedItems(walked: readonly ScannedItem[]): ExportedItem[] {
    return walked
        .map(exportedItem)
        .filter((item): item is ExportedItem => item !== undefined)
        .sort((a, b) => compare(a.path, b.path));
}

function exportedItem(item: ScannedItem): ExportedItem | undefined {
    const grants = new Map<string, ExportedGrant>();
    const notes: string[] = [];
    let own = false;
    for (const permission of item.permissions) {
        const inherited =
            permissionKind(permission) === "inherited" ||
            (item.parentPermissions ?? []).some(
                (p) => p.id === permission.id && sameRoles(grantedRoles(p), grantedRoles(permission)),
            );
        const roles = grantedRoles(permission);
        const people = grantees(permission);
        if (inherited) {
            notes.push(`inherited: ${describePermission(permission)}`);
            continue;
        }
        own = true;
        const kind = permissionKind(permission);
        if (kind === "owner") {
            notes.push(`owner: ${describePeople(people)}`);
        } else if (kind === "link") {
            notes.push(describePermission(permission));
        } else if (roles.length !== 1 || (roles[0] !== "read" && roles[0] !== "write")) {
            notes.push(`${describePermission(permission)}: not a role a declaration can hold`);
        } else {
            for (const grantee of people) {
                const recipient = recipientOf(grantee);
                if (!recipient) {
                    notes.push(`${describeGrantee(grantee)} ${roles[0]}: Graph names no email or object id to declare`);
                    continue;
                }
                const key = recipientKey(recipient);
                const role = roles[0] as Role;
                const before = grants.get(key);
                // One person, one role per item: the higher one is declared, the other noted.
                if (before && before.role === "write")
                    notes.push(`${describeGrantee(grantee)} ${role}: also holds write`);
                else {
                    if (before) notes.push(`${before.who} read: also holds write`);
                    grants.set(key, {
                        role,
                        recipient,
                        who: describeGrantee(grantee),
                        displayName: grantee.displayName,
                    });
                }
            }
        }
    }
    if (!own) return undefined;
    return {
        id: item.id,
        path: item.path,
        name: item.name,
        grants: [...grants.values()].sort(
            (a, b) => compare(a.role, b.role) || compare(recipientKey(a.recipient), recipientKey(b.recipient)),
        ),
        notes: [...new Set(notes)].sort(compare),
    };
}

/**
 * The recipient a declaration names the grantee by, so that create adopts the grant (model/permission.ts
 * isRecipient): a person by email where Graph gives one, a group, or a person without an email, by object id.
 */
export function recipientOf(grantee: Grantee): Recipient | undefined {
    if (!grantee.group && grantee.email) return { email: grantee.email };
    if (grantee.id && GUID.test(grantee.id)) return { objectId: grantee.id };
    if (grantee.email) return { email: grantee.email };
    return undefined;
}

/** `Alice Wong <alice@contoso.com>`, `Finance (0f1e...)`, or whatever Graph gives. */
export function describeGrantee(grantee: Grantee): string {
    const id = grantee.email ?? grantee.id ?? grantee.loginName;
    const name = grantee.displayName;
    if (!id) return name ?? "someone Graph does not name";
    if (!name) return id;
    if (name.toLowerCase() === id.toLowerCase()) return (grantee.email ?? grantee.id) ? id : name;
    return grantee.email ? `${name} <${id}>` : `${name} (${id})`;
}

/** `alice <alice@contoso.com> read`, or `sharing link (edit, users): write, shared with dave <dave@contoso.com>`. */
function describePermission(permission: GraphPermission): string {
    const roles = grantedRoles(permission).join("+");
    const people = grantees(permission);
    if (!permission.link) return `${describePeople(people)} ${roles}`;
    const kind = [permission.link.type, permission.link.scope].filter(Boolean).join(", ");
    return `sharing link (${kind || "link"}): ${roles}${people.length > 0 ? `, shared with ${describePeople(people)}` : ""}`;
}

function describePeople(people: readonly Grantee[]): string {
    return people.length > 0 ? people.map(describeGrantee).join(", ") : "nobody Graph names";
}

function sameRoles(a: readonly string[], b: readonly string[]): boolean {
    return a.length === b.length && a.every((role, i) => role === b[i]);
}

/** Code-unit order: the same on every machine and locale, so that a second export writes the same bytes. */
export function compare(a: string, b: string): number {
    return a < b ? -1 : a > b ? 1 : 0;
}
