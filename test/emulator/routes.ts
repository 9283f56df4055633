/**
 * Graph URL paths -> what they address, without looking at state.
 *
 * Drive: /drives/{id}, /users/{id|upn}/drive, /groups/{id}/drive, /sites/{id}/drive, /me/drive.
 * Item below a drive: /items/{id}, /root, /root:/{path}: (path form; the closing colon may be left out when
 * nothing follows). Actions below an item: invite, microsoft.graph.invite, permissions, permissions/{id},
 * permissions/{id}/revokeGrants, permissions/{id}/microsoft.graph.revokeGrants.
 *
 * Keywords compare case-insensitively; each segment is percent-decoded after splitting, so an id containing
 * "/" must be sent as %2F.
 */
import { GraphHttpError, unknownSegment } from "./errors";

/** How a URL names a drive. */
export type DriveRef =
  | { readonly by: "id"; readonly driveId: string }
  | { readonly by: "user"; readonly user: string }
  | { readonly by: "group"; readonly groupId: string }
  | { readonly by: "site"; readonly siteId: string }
  | { readonly by: "me" };

/** How a URL names an item of a drive. */
export type ItemRef = { readonly by: "id"; readonly itemId: string } | { readonly by: "root" } | { readonly by: "path"; readonly names: readonly string[] };

/** What is asked of an item. */
export type ItemAction =
  | { readonly kind: "self" }
  | { readonly kind: "invite" }
  | { readonly kind: "permissions" }
  | { readonly kind: "permission"; readonly permissionId: string }
  | { readonly kind: "revokeGrants"; readonly permissionId: string };

/** One reading of an item URL. */
export interface ItemTarget {
  readonly item: ItemRef;
  readonly action: ItemAction;
}

/**
 * A parsed Graph path. An item URL in path form without its closing colon is ambiguous
 * (root:/a/b/permissions may be the item "permissions" or the permissions of "b"), so it carries every
 * reading, most literal first; the caller takes the first whose item exists.
 */
export type GraphRoute =
  | { readonly kind: "drive"; readonly drive: DriveRef }
  | { readonly kind: "item"; readonly drive: DriveRef; readonly targets: readonly ItemTarget[] };

const is = (segment: string | undefined, keyword: string): boolean => segment?.toLowerCase() === keyword.toLowerCase();

function decode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    throw new GraphHttpError(400, "BadRequest", `Invalid URL segment '${segment}'.`);
  }
}

/** Parses what follows an item address; undefined when the segments are not an action. */
function parseAction(segments: readonly string[]): ItemAction | undefined {
  const [first, id, third, ...more] = segments;
  if (first === undefined) return { kind: "self" };
  if (segments.length === 1 && (is(first, "invite") || is(first, "microsoft.graph.invite"))) return { kind: "invite" };
  if (!is(first, "permissions")) return undefined;
  if (id === undefined) return { kind: "permissions" };
  if (third === undefined) return { kind: "permission", permissionId: id };
  if (more.length === 0 && (is(third, "revokeGrants") || is(third, "microsoft.graph.revokeGrants"))) return { kind: "revokeGrants", permissionId: id };
  return undefined;
}

function requireAction(segments: readonly string[]): ItemAction {
  const action = parseAction(segments);
  if (!action) throw unknownSegment(segments[segments.length - 1]);
  return action;
}

/** Readings of "root:/a/b..." (segments start after "root:"). */
function pathTargets(segments: readonly string[]): ItemTarget[] {
  const close = segments.findIndex((s) => s.endsWith(":"));
  if (close >= 0) {
    const names = segments.slice(0, close + 1).map((s, i) => (i === close ? s.slice(0, -1) : s));
    return [{ item: { by: "path", names: names.filter((n) => n !== "") }, action: requireAction(segments.slice(close + 1)) }];
  }
  const targets: ItemTarget[] = [{ item: { by: "path", names: segments }, action: { kind: "self" } }];
  for (let tail = 1; tail <= Math.min(3, segments.length); tail++) {
    const action = parseAction(segments.slice(segments.length - tail));
    if (action && action.kind !== "self") targets.push({ item: { by: "path", names: segments.slice(0, segments.length - tail) }, action });
  }
  return targets;
}

function parseBelowDrive(drive: DriveRef, rest: readonly string[]): GraphRoute {
  const [first, second, ...more] = rest;
  if (first === undefined) return { kind: "drive", drive };
  if (is(first, "items") && second !== undefined) {
    return { kind: "item", drive, targets: [{ item: { by: "id", itemId: second }, action: requireAction(more) }] };
  }
  if (is(first, "root")) return { kind: "item", drive, targets: [{ item: { by: "root" }, action: requireAction(rest.slice(1)) }] };
  if (is(first, "root:")) return { kind: "item", drive, targets: pathTargets(rest.slice(1)) };
  throw unknownSegment(first);
}

/** Parses the path below /v1.0 or /beta (raw, still percent-encoded). */
export function parseGraphPath(rawPath: string): GraphRoute {
  const s = rawPath.split("/").filter((x) => x !== "").map(decode);
  const [root, id, third] = s;
  if (is(root, "drives") && id !== undefined) return parseBelowDrive({ by: "id", driveId: id }, s.slice(2));
  if (is(root, "me") && is(id, "drive")) return parseBelowDrive({ by: "me" }, s.slice(2));
  if (id !== undefined && is(third, "drive")) {
    if (is(root, "users")) return parseBelowDrive({ by: "user", user: id }, s.slice(3));
    if (is(root, "groups")) return parseBelowDrive({ by: "group", groupId: id }, s.slice(3));
    if (is(root, "sites")) return parseBelowDrive({ by: "site", siteId: id }, s.slice(3));
  }
  throw unknownSegment(root ?? "");
}
