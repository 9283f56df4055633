/**
 * GET/PATCH/DELETE {item}/permissions[/{id}] and POST .../revokeGrants.
 *
 * Docs: driveitem-list-permissions, permission-get, permission-update ("Only the roles property can be
 * modified"; expirationDateTime on anonymous links; if-match -> 412), permission-delete (only non-inherited),
 * permission-revokegrants (links scoped to users only, else 400).
 */
import type { EmulatorContext } from "./context";
import { GraphHttpError, type HttpAnswer, invalidRequest, itemNotFound, notAllowed } from "./errors";
import { type GraphCall, jsonBody } from "./call";
import { pagedCollection } from "./paging";
import { isObject, parseRecipients, recipientMatches } from "./recipients";
import { itemETag, renderPermission } from "./render";
import type { StoredDrive, StoredItem, StoredPermission } from "./store";
import { parseExpiration, parseRoles } from "./validation";

function visible(item: StoredItem): StoredPermission[] {
    const now = Date.now();
    return item.permissions.filter((p) => p.visibleAfter <= now);
}

/**
 * A permission by id, listed yet or not: the emulator's lag (grantVisibilityDelayMs) is in the list alone. Microsoft
 * documents no lag of either (permission-get, driveitem-list-permissions); what it documents lagging are listings
 * built from an index (sharedWithMe, search). A lag in the list is the case a client must survive without a second
 * invite; a GET by id of the id invite just returned is a read of that permission itself.
 */
function find(item: StoredItem, permissionId: string): StoredPermission {
    const p = item.permissions.find((x) => x.id === permissionId);
    if (!p) throw itemNotFound("The requested permission was not found.");
    return p;
}

function checkIfMatch(call: GraphCall, item: StoredItem): void {
    const ifMatch = call.headers["if-match"];
    if (ifMatch !== undefined && ifMatch !== "*" && ifMatch !== itemETag(item)) {
        throw new GraphHttpError(412, "resourceModified", "ETag does not match current item's value");
    }
}

function changed(item: StoredItem): void {
    item.version++;
}

/**
 * GET {item}/permissions: visible permissions, listPageSize per page, @odata.nextLink with a $skiptoken; 304 for an
 * `if-none-match` of the item's eTag (documented on driveitem-list-permissions).
 *
 * The emulator changes the item's eTag on every permission change. Microsoft does not document that, and
 * microsoftgraph/microsoft-graph-docs#5038 (open) reports that creating a sharing link leaves the eTag as it was, while
 * sharing with a person changes it. So a refresh that trusted a 304 would pass here and could miss drift in a tenant.
 */
export function listPermissions(
    ctx: EmulatorContext,
    drive: StoredDrive,
    item: StoredItem,
    call: GraphCall,
): HttpAnswer {
    if (call.headers["if-none-match"] !== undefined && call.headers["if-none-match"] === itemETag(item))
        return { status: 304 };
    const body = pagedCollection(
        ctx,
        call,
        `drives('${drive.id}')/items('${item.id}')/permissions`,
        visible(item),
        ctx.settings.listPageSize,
        (p) => renderPermission(ctx.render, drive, item, p),
    );
    return { status: 200, body };
}

/** GET {item}/permissions/{id}. */
export function getPermission(
    ctx: EmulatorContext,
    drive: StoredDrive,
    item: StoredItem,
    permissionId: string,
): HttpAnswer {
    return { status: 200, body: renderPermission(ctx.render, drive, item, find(item, permissionId)) };
}

/** PATCH {item}/permissions/{id}: roles of direct grants, expirationDateTime of anonymous links. */
export function patchPermission(
    ctx: EmulatorContext,
    drive: StoredDrive,
    item: StoredItem,
    permissionId: string,
    call: GraphCall,
): HttpAnswer {
    checkIfMatch(call, item);
    const p = find(item, permissionId);
    const body = jsonBody(call);
    if (!isObject(body) || Object.keys(body).length === 0)
        throw invalidRequest("The request body must contain at least one property to update.");
    const unknown = Object.keys(body).find(
        (k) => k !== "roles" && k !== "expirationDateTime" && !k.startsWith("@odata."),
    );
    if (unknown !== undefined) throw invalidRequest(`The property '${unknown}' can't be updated on this permission.`);
    if (p.owner) throw notAllowed("The owner's permission can't be changed.");
    if (p.inherited)
        throw notAllowed("An inherited permission can't be changed on this item; change it where it is defined.");
    if (p.link) {
        if ("roles" in body)
            throw new GraphHttpError(400, "badArgument", "The roles of a sharing link can't be changed.");
        if (p.link.scope !== "anonymous")
            throw new GraphHttpError(
                400,
                "badArgument",
                "Only the expiration of an anonymous sharing link can be changed.",
            );
        p.expirationDateTime = parseExpiration(body.expirationDateTime, ctx.now());
    } else {
        if ("expirationDateTime" in body)
            throw new GraphHttpError(400, "badArgument", "Only roles can be changed on this permission.");
        p.roles = parseRoles(body.roles);
    }
    changed(item);
    return { status: 200, body: renderPermission(ctx.render, drive, item, p) };
}

/** DELETE {item}/permissions/{id}: 204; the owner's permission "succeeds" without effect (reported behaviour). */
export function deletePermission(item: StoredItem, permissionId: string, call: GraphCall): HttpAnswer {
    checkIfMatch(call, item);
    const p = find(item, permissionId);
    if (p.inherited) throw notAllowed("An inherited permission can't be removed from this item.");
    if (!p.owner) {
        item.permissions.splice(item.permissions.indexOf(p), 1);
        changed(item);
    }
    return { status: 204 };
}

/**
 * POST {item}/permissions/{id}/revokeGrants: removes the grantees from a "users" sharing link. A grantee who
 * is not on the link is ignored. Removing the last person deletes the permission; the answer is still 200
 * with the link as it ended up (no grantedToIdentities left), so callers need no special case.
 */
export function revokeGrants(
    ctx: EmulatorContext,
    drive: StoredDrive,
    item: StoredItem,
    permissionId: string,
    body: unknown,
): HttpAnswer {
    const p = find(item, permissionId);
    const grantees = parseRecipients(isObject(body) ? body.grantees : undefined, "grantees");
    const link = p.link;
    if (!link || link.scope !== "users")
        throw invalidRequest("revokeGrants is only supported on sharing links scoped to specific users.");
    if (p.inherited) throw notAllowed("An inherited sharing link can't be changed on this item.");
    link.members = link.members.filter((m) => !grantees.some((g) => recipientMatches(ctx.directory, g, m)));
    if (link.members.length === 0) item.permissions.splice(item.permissions.indexOf(p), 1);
    changed(item);
    return { status: 200, body: renderPermission(ctx.render, drive, item, p) };
}
