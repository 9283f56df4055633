/**
 * One Graph call (top-level or a $batch part) -> answer: route, app-role check, drive/item lookup, handler.
 */
import { type GraphCall, jsonBody } from "./call";
import type { EmulatorContext } from "./context";
import { GraphHttpError, type HttpAnswer, invalidRequest, itemNotFound, methodNotAllowed } from "./errors";
import { listChildren } from "./children";
import { invite } from "./invite";
import { deletePermission, getPermission, listPermissions, patchPermission, revokeGrants } from "./permissions";
import { renderDrive, renderItem, renderSite } from "./render";
import { type DriveRef, type DrivesOwner, type GraphRoute, type ItemRef, type SiteRef, parseGraphPath } from "./routes";
import { normalizeSitePath } from "./sites";
import type { StoredDrive, StoredItem } from "./store";
import type { EmulatedSite } from "./types";

const WRITE_ROLES = ["Files.ReadWrite.All", "Sites.ReadWrite.All", "Sites.Manage.All", "Sites.FullControl.All"];
const READ_ROLES = [...WRITE_ROLES, "Files.Read.All", "Sites.Read.All"];
/** site-get / site-getbypath permissions table: application Sites.Read.All or Sites.ReadWrite.All (Files.* is not enough). */
const SITE_READ_ROLES = ["Sites.Read.All", "Sites.ReadWrite.All", "Sites.Manage.All", "Sites.FullControl.All"];

function checkRoles(
    call: GraphCall,
    needed: readonly string[] = call.method === "GET" ? READ_ROLES : WRITE_ROLES,
): void {
    const roles = call.claims.roles ?? call.claims.scp?.split(" ") ?? [];
    if (roles.length === 0)
        throw new GraphHttpError(403, "accessDenied", "Either scp or roles claim need to be present in the token.");
    if (!roles.some((r) => needed.includes(r))) throw new GraphHttpError(403, "accessDenied", "Access denied");
}

/** Graph's answer to /me with an app-only token. */
function meWithAppToken(): GraphHttpError {
    return new GraphHttpError(400, "BadRequest", "/me request is only valid with delegated authentication flow.");
}

// Not-found answers. Sources: "Requested site could not be found" is the 404 itemNotFound message that
// pnp/cli-microsoft365's spo site apppermission tests replay and alcionai/corso matches on (graph/errors.go);
// "Invalid hostname for this tenancy" is the 400 invalidRequest a host outside the tenant gets (OpenFn's
// msgraph adaptor fixtures, corso's CLI tests); "User's mysite not found." with code ResourceNotFound is the
// 404 for a user without a provisioned OneDrive (microsoftgraph/msgraph-sdk-dotnet#579,
// OneDrive/onedrive-api-docs#530; drive-get: "If the drive does not exist ... an HTTP 404"); itemNotFound
// "The resource could not be found." is what a missing item/path in a SharePoint drive answers
// (microsoftgraph/microsoft-graph-docs#9554).
const siteNotFound = (): GraphHttpError => itemNotFound("Requested site could not be found");
const invalidHostname = (): GraphHttpError => invalidRequest("Invalid hostname for this tenancy");
const mysiteNotFound = (): GraphHttpError => new GraphHttpError(404, "ResourceNotFound", "User's mysite not found.");
const resourceNotFound = (): GraphHttpError => itemNotFound("The resource could not be found.");

/** Hostnames "of this tenancy": the tenant's SharePoint and OneDrive hosts, and every host a site lives on. */
function checkHostname(ctx: EmulatorContext, hostname: string): void {
    const tenant = ctx.render.tenantName.toLowerCase();
    const host = hostname.toLowerCase();
    if (host !== `${tenant}.sharepoint.com` && host !== `${tenant}-my.sharepoint.com` && !ctx.sites.hasHostname(host))
        throw invalidHostname();
}

/** The site a URL names (made with addSite); throws Graph's 400/404. */
function resolveSite(ctx: EmulatorContext, ref: SiteRef): EmulatedSite {
    let site: EmulatedSite | undefined;
    switch (ref.by) {
        case "root":
            site = ctx.sites.byPath(`${ctx.render.tenantName}.sharepoint.com`, "/");
            break;
        case "path":
            checkHostname(ctx, ref.hostname);
            site = ctx.sites.byPath(ref.hostname, normalizeSitePath(ref.names));
            break;
        case "id":
            checkHostname(ctx, ref.siteId.split(",")[0]);
            site = ctx.sites.byId(ref.siteId);
            break;
    }
    if (!site) throw siteNotFound();
    return site;
}

/**
 * The drives of the site a URL names. A site id no addSite made still reaches drives seeded with that literal
 * siteId (kept for tests that predate addSite).
 */
function siteDrives(ctx: EmulatorContext, ref: SiteRef): StoredDrive[] {
    if (ref.by === "id") {
        const legacy = ctx.store.siteDrives(ref.siteId);
        if (legacy.length > 0) return legacy;
    }
    return ctx.store.siteDrives(resolveSite(ctx, ref).id);
}

function userDrives(ctx: EmulatorContext, idOrUpn: string): StoredDrive[] {
    const user = ctx.directory.user(idOrUpn);
    const drives = user ? ctx.store.allDrives().filter((d) => d.ownerUserId === user.id) : [];
    // An unknown user answers like a user without a OneDrive (inferred: SharePoint looks the user's mysite up).
    if (drives.length === 0) throw mysiteNotFound();
    return drives;
}

function groupDrives(ctx: EmulatorContext, groupId: string): StoredDrive[] {
    const group = ctx.directory.group(groupId);
    if (!group) throw resourceNotFound();
    return ctx.store.allDrives().filter((d) => d.ownerGroupId === group.id);
}

function resolveDrive(ctx: EmulatorContext, ref: DriveRef): StoredDrive {
    let drive: StoredDrive | undefined;
    switch (ref.by) {
        case "id":
            drive = ctx.store.drive(ref.driveId);
            break;
        case "user":
            drive = userDrives(ctx, ref.user)[0];
            break;
        case "group":
            drive = groupDrives(ctx, ref.groupId)[0];
            break;
        case "site": {
            const drives = siteDrives(ctx, ref.site);
            drive = drives.find((d) => d.defaultLibrary) ?? drives[0];
            break;
        }
        case "siteDrive":
            drive = siteDrives(ctx, ref.site).find((d) => d.id === ref.driveId);
            break;
        case "me":
            throw meWithAppToken();
    }
    if (!drive) throw resourceNotFound();
    return drive;
}

function listDrives(ctx: EmulatorContext, owner: DrivesOwner): StoredDrive[] {
    switch (owner.by) {
        case "site":
            return siteDrives(ctx, owner.site);
        case "user":
            return userDrives(ctx, owner.user);
        case "group":
            return groupDrives(ctx, owner.groupId);
    }
}

function findItem(ctx: EmulatorContext, drive: StoredDrive, ref: ItemRef): StoredItem | undefined {
    switch (ref.by) {
        case "id":
            return ctx.store.item(drive, ref.itemId);
        case "root":
            return ctx.store.item(drive, drive.rootItemId);
        case "path":
            return ctx.store.itemByPath(drive, ref.names);
    }
}

function only(method: string, allowed: string): void {
    if (method !== allowed) throw methodNotAllowed();
}

function dispatchItem(ctx: EmulatorContext, call: GraphCall, route: Extract<GraphRoute, { kind: "item" }>): HttpAnswer {
    const drive = resolveDrive(ctx, route.drive);
    const found = route.targets
        .map((t) => ({ ...t, found: findItem(ctx, drive, t.item) }))
        .find((t) => t.found !== undefined);
    if (!found?.found) throw drive.driveType === "personal" ? itemNotFound() : resourceNotFound();
    const { action, found: item } = found;
    if (
        action.kind !== "self" &&
        action.kind !== "permissions" &&
        action.kind !== "children" &&
        call.method !== "GET" &&
        drive.driveType === "personal" &&
        item.id === drive.rootItemId
    ) {
        // driveitem-invite remarks: personal drives can't create or modify permissions on the root item.
        throw invalidRequest("Permissions can't be created or modified on the root item of a personal drive.");
    }
    switch (action.kind) {
        case "self":
            only(call.method, "GET");
            return { status: 200, body: renderItem(ctx.render, drive, item) };
        case "invite":
            only(call.method, "POST");
            return invite(ctx, drive, item, jsonBody(call));
        case "permissions":
            only(call.method, "GET");
            return listPermissions(ctx, drive, item, call);
        case "children":
            only(call.method, "GET");
            return listChildren(ctx, drive, item, call);
        case "permission":
            if (call.method === "GET") return getPermission(ctx, drive, item, action.permissionId);
            if (call.method === "PATCH") return patchPermission(ctx, drive, item, action.permissionId, call);
            if (call.method === "DELETE") return deletePermission(item, action.permissionId, call);
            throw methodNotAllowed();
        case "revokeGrants":
            only(call.method, "POST");
            return revokeGrants(ctx, drive, item, action.permissionId, jsonBody(call));
    }
}

/** Answers an authenticated Graph call; throws GraphHttpError for Graph's error answers. */
export function dispatchGraph(ctx: EmulatorContext, call: GraphCall): HttpAnswer {
    let route = parseGraphPath(call.path);
    if ((route.kind === "drive" || route.kind === "item") && route.drive.by === "me") {
        // Graph refuses /me for app tokens whatever their roles, so this comes before the role check. With a delegated
        // token, /me is the signed-in user.
        if (call.claims.scp === undefined) throw meWithAppToken();
        route = { ...route, drive: { by: "user", user: call.claims.oid } };
    }
    checkRoles(call);
    switch (route.kind) {
        case "site":
            only(call.method, "GET");
            checkRoles(call, SITE_READ_ROLES);
            return { status: 200, body: renderSite(resolveSite(ctx, route.site)) };
        case "drives":
            only(call.method, "GET");
            return {
                status: 200,
                body: { value: listDrives(ctx, route.owner).map((d) => renderDrive(ctx.render, d)) },
            };
        case "drive":
            only(call.method, "GET");
            return { status: 200, body: renderDrive(ctx.render, resolveDrive(ctx, route.drive)) };
        case "item":
            return dispatchItem(ctx, call, route);
    }
}
