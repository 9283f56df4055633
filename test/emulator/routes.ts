/**
 * Graph URL paths -> what they address, without looking at state.
 *
 * Drive: /drives/{id}, /users/{id|upn}/drive, /groups/{id}/drive, /me/drive, and below a site
 * /sites/{site}/drive (its default library) and /sites/{site}/drives/{drive-id}.
 * Drive lists: /sites/{site}/drives, /users/{id|upn}/drives, /groups/{id}/drives.
 * Site: /sites/{site}, where {site} is a composite id "<hostname>,<siteCollectionId>,<webId>", "root", a bare
 * hostname (its root site) or "{hostname}:/{server-relative-path}" (site-getbypath). In that path form the path
 * runs to the first segment ending in ":" ("/sites/contoso.sharepoint.com:/sites/finance:/drive"); without one it
 * runs to the end ("/sites/contoso.sharepoint.com:/sites/finance").
 * Item below a drive: /items/{id}, /root, /root:/{path}: (path form; the closing colon may be left out when
 * nothing follows). Actions below an item: children, invite, microsoft.graph.invite, permissions, permissions/{id},
 * permissions/{id}/revokeGrants, permissions/{id}/microsoft.graph.revokeGrants.
 *
 * Keywords compare case-insensitively; each segment is percent-decoded after splitting, so an id containing
 * "/" must be sent as %2F, and a name with a space may come as %20.
 */
import { GraphHttpError, unknownSegment } from "./errors";

/** How a URL names a site. `names` is the server-relative path split at "/" ([] for the root site). */
export type SiteRef =
    | { readonly by: "id"; readonly siteId: string }
    | { readonly by: "path"; readonly hostname: string; readonly names: readonly string[] }
    | { readonly by: "root" };

/** How a URL names a drive. */
export type DriveRef =
    | { readonly by: "id"; readonly driveId: string }
    | { readonly by: "user"; readonly user: string }
    | { readonly by: "group"; readonly groupId: string }
    | { readonly by: "site"; readonly site: SiteRef }
    | { readonly by: "siteDrive"; readonly site: SiteRef; readonly driveId: string }
    | { readonly by: "me" };

/** Whose drives a drive list asks for. */
export type DrivesOwner =
    | { readonly by: "site"; readonly site: SiteRef }
    | { readonly by: "user"; readonly user: string }
    | { readonly by: "group"; readonly groupId: string };

/** How a URL names an item of a drive. */
export type ItemRef =
    | { readonly by: "id"; readonly itemId: string }
    | { readonly by: "root" }
    | { readonly by: "path"; readonly names: readonly string[] };

/** What is asked of an item. */
export type ItemAction =
    | { readonly kind: "self" }
    | { readonly kind: "invite" }
    | { readonly kind: "permissions" }
    | { readonly kind: "children" }
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
    | { readonly kind: "site"; readonly site: SiteRef }
    | { readonly kind: "drives"; readonly owner: DrivesOwner }
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
    if (segments.length === 1 && (is(first, "invite") || is(first, "microsoft.graph.invite")))
        return { kind: "invite" };
    if (segments.length === 1 && is(first, "children")) return { kind: "children" };
    if (!is(first, "permissions")) return undefined;
    if (id === undefined) return { kind: "permissions" };
    if (third === undefined) return { kind: "permission", permissionId: id };
    if (more.length === 0 && (is(third, "revokeGrants") || is(third, "microsoft.graph.revokeGrants")))
        return { kind: "revokeGrants", permissionId: id };
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
        return [
            {
                item: { by: "path", names: names.filter((n) => n !== "") },
                action: requireAction(segments.slice(close + 1)),
            },
        ];
    }
    const targets: ItemTarget[] = [{ item: { by: "path", names: segments }, action: { kind: "self" } }];
    for (let tail = 1; tail <= Math.min(3, segments.length); tail++) {
        const action = parseAction(segments.slice(segments.length - tail));
        if (action && action.kind !== "self")
            targets.push({ item: { by: "path", names: segments.slice(0, segments.length - tail) }, action });
    }
    return targets;
}

function parseBelowDrive(drive: DriveRef, rest: readonly string[]): GraphRoute {
    const [first, second, ...more] = rest;
    if (first === undefined) return { kind: "drive", drive };
    if (is(first, "items") && second !== undefined) {
        return { kind: "item", drive, targets: [{ item: { by: "id", itemId: second }, action: requireAction(more) }] };
    }
    if (is(first, "root"))
        return { kind: "item", drive, targets: [{ item: { by: "root" }, action: requireAction(rest.slice(1)) }] };
    if (is(first, "root:")) return { kind: "item", drive, targets: pathTargets(rest.slice(1)) };
    throw unknownSegment(first);
}

/** Parses what follows /sites (decoded segments). */
function parseSites(segments: readonly string[]): GraphRoute {
    const [key, ...after] = segments;
    if (key === undefined) throw unknownSegment("sites");
    let site: SiteRef;
    let rest: readonly string[];
    if (key.endsWith(":")) {
        // site-getbypath: GET /sites/{hostname}:/{server-relative-path}, optionally closed by ":" to go on below.
        const close = after.findIndex((x) => x.endsWith(":"));
        const names = close < 0 ? after : after.slice(0, close + 1).map((x, i) => (i === close ? x.slice(0, -1) : x));
        site = { by: "path", hostname: key.slice(0, -1), names: names.filter((n) => n !== "") };
        rest = close < 0 ? [] : after.slice(close + 1);
    } else {
        // site-get: /sites/root is the tenant's root site; /sites/{hostname} a host's root site.
        site = is(key, "root")
            ? { by: "root" }
            : key.includes(",")
              ? { by: "id", siteId: key }
              : { by: "path", hostname: key, names: [] };
        rest = after;
    }
    const [first, second, ...more] = rest;
    if (first === undefined) return { kind: "site", site };
    if (is(first, "drive")) return parseBelowDrive({ by: "site", site }, rest.slice(1));
    if (is(first, "drives")) {
        if (second === undefined) return { kind: "drives", owner: { by: "site", site } };
        return parseBelowDrive({ by: "siteDrive", site, driveId: second }, more);
    }
    throw unknownSegment(first);
}

/** Parses the path below /v1.0 or /beta (raw, still percent-encoded). */
export function parseGraphPath(rawPath: string): GraphRoute {
    const s = rawPath
        .split("/")
        .filter((x) => x !== "")
        .map(decode);
    const [root, id, third, ...more] = s;
    if (is(root, "sites")) return parseSites(s.slice(1));
    if (is(root, "drives") && id !== undefined) return parseBelowDrive({ by: "id", driveId: id }, s.slice(2));
    if (is(root, "me") && is(id, "drive")) return parseBelowDrive({ by: "me" }, s.slice(2));
    if (id !== undefined && is(third, "drive")) {
        if (is(root, "users")) return parseBelowDrive({ by: "user", user: id }, s.slice(3));
        if (is(root, "groups")) return parseBelowDrive({ by: "group", groupId: id }, s.slice(3));
    }
    if (id !== undefined && is(third, "drives") && more.length === 0) {
        if (is(root, "users")) return { kind: "drives", owner: { by: "user", user: id } };
        if (is(root, "groups")) return { kind: "drives", owner: { by: "group", groupId: id } };
    }
    throw unknownSegment(root ?? "");
}
