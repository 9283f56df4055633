/**
 * One Graph call (top-level or a $batch part) -> answer: route, app-role check, drive/item lookup, handler.
 */
import { type GraphCall, jsonBody } from "./call";
import type { EmulatorContext } from "./context";
import { GraphHttpError, type HttpAnswer, invalidRequest, itemNotFound, methodNotAllowed } from "./errors";
import { invite } from "./invite";
import { deletePermission, getPermission, listPermissions, patchPermission, revokeGrants } from "./permissions";
import { renderDrive, renderItem } from "./render";
import { type DriveRef, type GraphRoute, type ItemRef, parseGraphPath } from "./routes";
import type { StoredDrive, StoredItem } from "./store";

const WRITE_ROLES = ["Files.ReadWrite.All", "Sites.ReadWrite.All", "Sites.Manage.All", "Sites.FullControl.All"];
const READ_ROLES = [...WRITE_ROLES, "Files.Read.All", "Sites.Read.All"];

function checkRoles(call: GraphCall): void {
  const roles = call.claims.roles ?? [];
  if (roles.length === 0) throw new GraphHttpError(403, "accessDenied", "Either scp or roles claim need to be present in the token.");
  const needed = call.method === "GET" ? READ_ROLES : WRITE_ROLES;
  if (!roles.some((r) => needed.includes(r))) throw new GraphHttpError(403, "accessDenied", "Access denied");
}

/** Graph's answer to /me with an app-only token (every token the emulator issues is app-only). */
function meWithAppToken(): GraphHttpError {
  return new GraphHttpError(400, "BadRequest", "/me request is only valid with delegated authentication flow.");
}

function resolveDrive(ctx: EmulatorContext, ref: DriveRef): StoredDrive {
  const drives = ctx.store.allDrives();
  let drive: StoredDrive | undefined;
  switch (ref.by) {
    case "id":
      drive = ctx.store.drive(ref.driveId);
      break;
    case "user": {
      const user = ctx.directory.user(ref.user);
      drive = user && drives.find((d) => d.ownerUserId === user.id);
      break;
    }
    case "group":
      drive = drives.find((d) => d.ownerGroupId !== undefined && d.ownerGroupId.toLowerCase() === ref.groupId.toLowerCase());
      break;
    case "site":
      drive = drives.find((d) => d.siteId !== undefined && d.siteId.toLowerCase() === ref.siteId.toLowerCase());
      break;
    case "me":
      throw meWithAppToken();
  }
  if (!drive) throw itemNotFound("The resource could not be found.");
  return drive;
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
  const found = route.targets.map((t) => ({ ...t, found: findItem(ctx, drive, t.item) })).find((t) => t.found !== undefined);
  if (!found?.found) throw itemNotFound();
  const { action, found: item } = found;
  if (action.kind !== "self" && action.kind !== "permissions" && call.method !== "GET" && drive.driveType === "personal" && item.id === drive.rootItemId) {
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
  const route = parseGraphPath(call.path);
  // Graph refuses /me for app tokens whatever their roles, so this comes before the role check.
  if (route.drive.by === "me") throw meWithAppToken();
  checkRoles(call);
  if (route.kind === "drive") {
    only(call.method, "GET");
    return { status: 200, body: renderDrive(ctx.render, resolveDrive(ctx, route.drive)) };
  }
  return dispatchItem(ctx, call, route);
}
