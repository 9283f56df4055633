/**
 * Stored drives, items and permissions -> the JSON Graph returns.
 *
 * Business drives (OneDrive for Business/SharePoint) return grantedToV2/grantedToIdentitiesV2 with siteUser
 * and siteGroup, and never inheritedFrom (https://learn.microsoft.com/graph/api/resources/permission, the
 * invite and revokeGrants examples). Personal drives return only the v1 properties (grantedTo,
 * grantedToIdentities), hasPassword, and inheritedFrom (driveitem-list-permissions example).
 */
import type { Directory } from "./directory";
import { groupClaim, guidFrom, shareToken, userClaim } from "./ids";
import type { SiteStore } from "./sites";
import type { Grantee, StoredDrive, StoredItem, StoredPermission } from "./store";
import type { EmulatedSite, GraphIdentity, GraphIdentitySet, GraphPermission } from "./types";

/** What rendering needs besides the stored objects. */
export interface RenderContext {
    readonly directory: Directory;
    readonly sites: SiteStore;
    /** First label of the tenant's first domain, e.g. "contoso" (for SharePoint URLs). */
    readonly tenantName: string;
}

/** The deprecation annotation Graph puts next to grantedTo on business drives (driveitem-invite example). */
const GRANTED_TO_DEPRECATED = "GrantedTo has been deprecated. Refer to GrantedToV2";

interface ResolvedGrantee {
    readonly v1?: GraphIdentitySet;
    readonly v2: GraphIdentitySet;
}

/** SharePoint's numeric id (per site) of a person or group that appears in a permission. */
export function siteUserId(drive: StoredDrive, key: string): string {
    let id = drive.siteUserIds.get(key);
    if (id === undefined) {
        id = drive.siteUserIds.size + 7; // SharePoint's first ids belong to system accounts.
        drive.siteUserIds.set(key, id);
    }
    return String(id);
}

function resolveGrantee(ctx: RenderContext, drive: StoredDrive, g: Grantee): ResolvedGrantee {
    switch (g.kind) {
        case "user": {
            const user = ctx.directory.user(g.userId);
            const identity: GraphIdentity = user
                ? { id: user.id, displayName: user.displayName, email: user.email }
                : { id: g.userId };
            const loginName = userClaim(user?.email ?? g.userId);
            const siteUser = {
                id: siteUserId(drive, loginName),
                displayName: identity.displayName,
                email: identity.email,
                loginName,
            };
            return { v1: { user: identity }, v2: { user: identity, siteUser } };
        }
        case "group": {
            const group = ctx.directory.group(g.groupId);
            const identity: GraphIdentity = group
                ? { id: group.id, displayName: group.displayName, email: group.email }
                : { id: g.groupId };
            const loginName = groupClaim(g.groupId);
            return {
                v2: {
                    group: identity,
                    siteGroup: { id: siteUserId(drive, loginName), displayName: identity.displayName, loginName },
                },
            };
        }
        case "siteGroup":
            return { v2: { siteGroup: { id: g.id, displayName: g.displayName, loginName: g.displayName } } };
        case "external": {
            const identity = { displayName: g.email, email: g.email };
            const loginName = `i:0#.f|membership|urn:spo:guest#${g.email.toLowerCase()}`;
            return {
                v1: { user: identity },
                v2: { user: identity, siteUser: { id: siteUserId(drive, loginName), ...identity, loginName } },
            };
        }
    }
}

/** A stored permission as Graph returns it on `drive`. */
export function renderPermission(
    ctx: RenderContext,
    drive: StoredDrive,
    item: StoredItem,
    p: StoredPermission,
): GraphPermission {
    const business = drive.driveType === "business";
    const out: Record<string, unknown> = { id: p.id, roles: [...p.roles] };
    if (p.grantee) {
        const g = resolveGrantee(ctx, drive, p.grantee);
        if (business) {
            if (g.v1) Object.assign(out, { "@deprecated.GrantedTo": GRANTED_TO_DEPRECATED, grantedTo: g.v1 });
            out.grantedToV2 = g.v2;
        } else {
            // v1 identitySet has no group slot; personal OneDrive has no Entra groups anyway, so show it as a user.
            out.grantedTo = g.v1 ?? { user: g.v2.group ?? g.v2.siteGroup };
        }
    }
    if (p.link) {
        out.link = business
            ? {
                  type: p.link.type,
                  scope: p.link.scope,
                  webUrl: p.link.webUrl,
                  preventsDownload: p.link.preventsDownload,
              }
            : { type: p.link.type, scope: p.link.scope, webUrl: p.link.webUrl };
        const members = p.link.members.map((m) => resolveGrantee(ctx, drive, m));
        if (p.link.scope === "users" || members.length > 0) {
            out.grantedToIdentities = members.flatMap((m) => (m.v1 ? [m.v1] : []));
            if (business) out.grantedToIdentitiesV2 = members.map((m) => m.v2);
        }
        if (p.shareId) out.shareId = p.shareId;
        if (!business) out.hasPassword = p.hasPassword ?? false;
    }
    if (p.invitation) out.invitation = { ...p.invitation };
    if (p.expirationDateTime) out.expirationDateTime = p.expirationDateTime;
    if (p.inherited && !business) {
        const from = drive.items.get(p.inheritedFromItemId ?? item.parentId ?? drive.rootItemId);
        out.inheritedFrom = {
            driveId: drive.id,
            id: from?.id ?? p.inheritedFromItemId,
            path: `/drives/${drive.id}/root:${from?.path ?? ""}`,
        };
    }
    return out as unknown as GraphPermission;
}

/** The item's eTag; changes with every permission change (PATCH/DELETE honour if-match against it). */
export function itemETag(item: StoredItem): string {
    return `"{${guidFrom(`${item.driveId}/${item.id}`).toUpperCase()}},${item.version}"`;
}

/**
 * Graph's driveType (drive resource: "personal" for OneDrive personal, "business" for OneDrive for Business,
 * "documentLibrary" for SharePoint document libraries): a business drive of a site or a group is a library.
 */
export function graphDriveType(drive: StoredDrive): "personal" | "business" | "documentLibrary" {
    if (
        drive.driveType === "business" &&
        drive.ownerUserId === undefined &&
        (drive.siteId !== undefined || drive.ownerGroupId !== undefined)
    )
        return "documentLibrary";
    return drive.driveType;
}

/** The site made with addSite that a drive belongs to. */
function siteOf(ctx: RenderContext, drive: StoredDrive): EmulatedSite | undefined {
    return drive.siteId === undefined ? undefined : ctx.sites.byId(drive.siteId);
}

/** Web URL of a drive item. */
function itemWebUrl(ctx: RenderContext, drive: StoredDrive, item: StoredItem): string {
    const path = encodeURI(item.path);
    const site = siteOf(ctx, drive);
    // SharePoint's default library lives at "Shared Documents" whatever its title ("Documents", "Dokumente"...).
    if (site)
        return `${site.webUrl}/${drive.defaultLibrary ? "Shared%20Documents" : encodeURIComponent(drive.name)}${path}`;
    if (drive.driveType === "personal")
        return `https://onedrive.live.com/?id=${encodeURIComponent(item.id)}&cid=${drive.id}`;
    if (drive.ownerUserId) {
        const owner = ctx.directory.user(drive.ownerUserId);
        const personal = (owner?.email ?? drive.ownerUserId).replace(/[@.]/g, "_").toLowerCase();
        return `https://${ctx.tenantName}-my.sharepoint.com/personal/${personal}/Documents${path}`;
    }
    return `https://${ctx.tenantName}.sharepoint.com/sites/${encodeURIComponent(drive.siteId ?? drive.name)}/Shared%20Documents${path}`;
}

/** driveItem JSON. */
export function renderItem(ctx: RenderContext, drive: StoredDrive, item: StoredItem): Record<string, unknown> {
    const parent = item.parentId === undefined ? undefined : drive.items.get(item.parentId);
    const eTag = itemETag(item);
    const out: Record<string, unknown> = {
        id: item.id,
        name: item.name,
        eTag,
        cTag: `"c:${eTag.slice(1)}`,
        createdDateTime: item.createdDateTime,
        lastModifiedDateTime: item.createdDateTime,
        webUrl: itemWebUrl(ctx, drive, item),
        size: 0,
        // parentReference (itemReference resource: "percent-encoded path"; siteId for SharePoint): driveId + driveType
        // always, id + path below the root, siteId on drives of a site; a path lookup thus tells the drive id.
        parentReference: {
            driveType: graphDriveType(drive),
            driveId: drive.id,
            ...(parent
                ? {
                      id: parent.id,
                      path: `/drives/${drive.id}/root:${parent.path.split("/").map(encodeURIComponent).join("/")}`,
                  }
                : {}),
            ...(siteOf(ctx, drive) ? { siteId: drive.siteId } : {}),
        },
    };
    if (item.folder)
        out.folder = { childCount: [...drive.items.values()].filter((i) => i.parentId === item.id).length };
    else out.file = { mimeType: "application/octet-stream" };
    if (!parent) out.root = {};
    return out;
}

/** drive JSON. */
export function renderDrive(ctx: RenderContext, drive: StoredDrive): Record<string, unknown> {
    const user = drive.ownerUserId === undefined ? undefined : ctx.directory.user(drive.ownerUserId);
    const group = drive.ownerGroupId === undefined ? undefined : ctx.directory.group(drive.ownerGroupId);
    const root = drive.items.get(drive.rootItemId);
    return {
        id: drive.id,
        driveType: graphDriveType(drive),
        name: drive.name,
        webUrl: root ? itemWebUrl(ctx, drive, root) : undefined,
        owner: user
            ? { user: { id: user.id, displayName: user.displayName, email: user.email } }
            : group
              ? { group: { id: group.id, displayName: group.displayName, email: group.email } }
              : undefined,
    };
}

/** URL and shareId of a new sharing link (deterministic from `seed`). */
export function newSharingLink(
    ctx: RenderContext,
    drive: StoredDrive,
    item: StoredItem,
    seed: string,
): { webUrl: string; shareId: string } {
    const token = shareToken(`${drive.id}/${item.id}/${seed}`);
    if (drive.driveType === "personal")
        return { webUrl: `https://1drv.ms/${item.folder ? "f" : "u"}/s!${token}`, shareId: `s!${token}` };
    return {
        webUrl: `https://${ctx.tenantName}.sharepoint.com/:${item.folder ? "f" : "w"}:/g/${token}`,
        shareId: `u!${token}`,
    };
}

/** site JSON (site resource type): every emulated site is the root web of its collection, hence root + siteCollection. */
export function renderSite(site: EmulatedSite): Record<string, unknown> {
    return {
        id: site.id,
        name: site.name,
        displayName: site.displayName,
        webUrl: site.webUrl,
        root: {},
        siteCollection: { hostname: site.hostname },
    };
}
