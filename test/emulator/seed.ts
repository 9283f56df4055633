/**
 * Seeding: turning a {@link PermissionSeed} into a stored permission, and applying a whole seed document
 * (what POST /_emulator/seed and the standalone emulator use).
 */
import type { EmulatorContext } from "./context";
import type { Principal } from "./directory";
import { claimPermissionId, groupClaim, guidFrom, userClaim } from "./ids";
import { granteeOf } from "./recipients";
import { newSharingLink, siteUserId } from "./render";
import type { Grantee, StoredPermission } from "./store";
import type {
    AppRegistration,
    DriveSeed,
    EmulatedDrive,
    EmulatedGroup,
    EmulatedItem,
    EmulatedSite,
    EmulatedUser,
    GraphPermission,
    GroupSeed,
    ItemSeed,
    PermissionSeed,
    SiteSeed,
    UserSeed,
} from "./types";
import { graphDateTime } from "./validation";

function requirePrincipal(ctx: EmulatorContext, name: string): Principal {
    const principal = ctx.directory.principal(name);
    if (!principal) throw new Error(`emulator: no user or group ${name} in the directory`);
    return principal;
}

function linkMember(ctx: EmulatorContext, name: string): Grantee {
    const principal = ctx.directory.principal(name);
    if (principal) return granteeOf(principal);
    if (!name.includes("@"))
        throw new Error(`emulator: link grantee ${name} is neither a known user/group nor an email`);
    return { kind: "external", email: name };
}

function claimOf(principal: Principal): string {
    return principal.kind === "user" ? userClaim(principal.user.email) : groupClaim(principal.group.id);
}

/** Stores a seeded permission on an item and returns it. Throws on unknown people or a duplicate id. */
export function seedPermission(
    ctx: EmulatorContext,
    driveId: string,
    itemId: string,
    seed: PermissionSeed,
): StoredPermission {
    const drive = ctx.store.requireDrive(driveId);
    const item = ctx.store.requireItem(drive, itemId);
    const business = drive.driveType === "business";
    const fallbackId = seed.id ?? guidFrom(`${drive.id}/${item.id}/permission/${++item.permissionCounter}`);
    const idFor = (principal: Principal): string =>
        seed.id ?? (business ? claimPermissionId(claimOf(principal)) : fallbackId);
    const common = {
        inherited: seed.inherited ?? false,
        inheritedFromItemId: seed.inheritedFromItemId,
        expirationDateTime:
            seed.expirationDateTime === undefined ? undefined : graphDateTime(new Date(seed.expirationDateTime)),
        invitation: seed.invitation,
        visibleAfter: 0,
    };
    let permission: StoredPermission;
    switch (seed.kind) {
        case "user":
        case "group": {
            const principal = requirePrincipal(ctx, seed.kind === "user" ? seed.user : seed.group);
            const pending =
                principal.kind === "user" && !principal.user.invitationRedeemed
                    ? { email: principal.user.email, signInRequired: true }
                    : undefined;
            permission = {
                ...common,
                id: idFor(principal),
                roles: seed.roles ?? ["read"],
                owner: false,
                grantee: granteeOf(principal),
                invitation: seed.invitation ?? pending,
            };
            break;
        }
        case "owner": {
            const name = seed.user ?? seed.group;
            if (name === undefined) throw new Error("emulator: an owner permission needs a user or a group");
            const principal = requirePrincipal(ctx, name);
            permission = {
                ...common,
                id: idFor(principal),
                roles: ["owner"],
                owner: true,
                grantee: granteeOf(principal),
            };
            break;
        }
        case "siteGroup": {
            const grantee: Grantee = {
                kind: "siteGroup",
                id: siteUserId(drive, `siteGroup:${seed.displayName}`),
                displayName: seed.displayName,
            };
            permission = { ...common, id: fallbackId, roles: seed.roles ?? ["read"], owner: false, grantee };
            break;
        }
        case "link": {
            const { webUrl, shareId } = newSharingLink(ctx.render, drive, item, fallbackId);
            const members = (seed.grantees ?? []).map((g) => linkMember(ctx, g));
            const roles = seed.roles ?? [seed.linkType === "edit" ? "write" : "read"];
            const link = {
                type: seed.linkType,
                scope: seed.scope,
                webUrl,
                preventsDownload: seed.preventsDownload ?? false,
                members,
            };
            permission = {
                ...common,
                id: fallbackId,
                roles,
                owner: false,
                link,
                shareId,
                hasPassword: seed.hasPassword,
            };
            break;
        }
    }
    if (item.permissions.some((p) => p.id === permission.id))
        throw new Error(`emulator: item ${item.id} already has a permission ${permission.id}`);
    item.permissions.push(permission);
    item.version++;
    return permission;
}

/** What a seed document can be applied to (the emulator's own API). */
export interface SeedTarget {
    addApp(app: AppRegistration): void;
    addUser(u: UserSeed): EmulatedUser;
    addGroup(g: GroupSeed): EmulatedGroup;
    addSite(s: SiteSeed): EmulatedSite;
    addDrive(d: DriveSeed): EmulatedDrive;
    addItem(i: ItemSeed): EmulatedItem;
    addPermission(driveId: string, itemId: string, p: PermissionSeed): GraphPermission;
}

/** An item of a seed document, with its children. */
export interface ItemSeedTree {
    readonly id?: string;
    readonly name: string;
    readonly folder?: boolean;
    readonly children?: ItemSeedTree[];
    readonly permissions?: PermissionSeed[];
}

/** A drive of a seed document; `ownerUserId` may also be the owner's email, `siteId` the site's webUrl. */
export interface DriveSeedTree extends DriveSeed {
    /** Permissions of the root item (besides the owner's). */
    readonly permissions?: PermissionSeed[];
    readonly items?: ItemSeedTree[];
}

/** A whole tenant as JSON: POST /_emulator/seed takes one. */
export interface SeedDocument {
    readonly apps?: AppRegistration[];
    readonly users?: UserSeed[];
    readonly groups?: GroupSeed[];
    /** Added before the drives, which name them by id or webUrl in `siteId`. */
    readonly sites?: SiteSeed[];
    readonly drives?: DriveSeedTree[];
}

/** Ids of what a seed document created: items by path below the root ("" is the root). */
export interface SeedResult {
    readonly users: Record<string, string>;
    readonly groups: Record<string, string>;
    /** Site ids by webUrl. */
    readonly sites: Record<string, string>;
    readonly drives: Array<{ readonly id: string; readonly name: string; readonly items: Record<string, string> }>;
}

/** Applies a seed document through the emulator's API. */
export function applySeedDocument(target: SeedTarget, doc: SeedDocument): SeedResult {
    for (const app of doc.apps ?? []) target.addApp(app);
    const users = Object.fromEntries((doc.users ?? []).map((u) => [u.email, target.addUser(u).id]));
    const groups = Object.fromEntries((doc.groups ?? []).map((g) => [g.displayName, target.addGroup(g).id]));
    const sites = Object.fromEntries((doc.sites ?? []).map((s) => target.addSite(s)).map((s) => [s.webUrl, s.id]));
    const drives = (doc.drives ?? []).map((d) => {
        const drive = target.addDrive(d);
        const items: Record<string, string> = { "": drive.rootItemId };
        for (const p of d.permissions ?? []) target.addPermission(drive.id, drive.rootItemId, p);
        const addTree = (trees: readonly ItemSeedTree[], parentId: string): void => {
            for (const t of trees) {
                const item = target.addItem({
                    driveId: drive.id,
                    id: t.id,
                    name: t.name,
                    parentId,
                    folder: t.folder ?? t.children !== undefined,
                });
                items[item.path] = item.id;
                for (const p of t.permissions ?? []) target.addPermission(drive.id, item.id, p);
                addTree(t.children ?? [], item.id);
            }
        };
        addTree(d.items ?? [], drive.rootItemId);
        return { id: drive.id, name: drive.name, items };
    });
    return { users, groups, sites, drives };
}
