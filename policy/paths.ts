/**
 * Drive paths, ids and scopes in comparable form, for protected items and for grouping shares by item.
 */
import { UNKNOWN } from "./share";
import type { Maybe, Share } from "./share";

/** The properties that scope a path: which drive, site, OneDrive or group it is in. */
export const SCOPES = ["driveId", "siteUrl", "userPrincipalName", "groupId"] as const;

/**
 * A drive path in comparable form: "/" plus lower-cased segments, with "\" as "/", empty and "." segments dropped,
 * ".." resolved and percent-escapes decoded ("Finance%20Team/./Q1" -> "/finance team/q1").
 */
export function normalizePath(path: string): string {
    const segments: string[] = [];
    for (const raw of path.replace(/\\/g, "/").split("/")) {
        let segment = raw.trim();
        try {
            segment = decodeURIComponent(segment);
        } catch {
            // A lone "%" is a literal character in a file name.
        }
        if (segment === "" || segment === ".") continue;
        if (segment === "..") segments.pop();
        else segments.push(segment.toLowerCase());
    }
    return `/${segments.join("/")}`;
}

/** Whether a normalized path equals a normalized prefix or lies under it, by whole segments. */
export function isUnder(path: string, prefix: string): boolean {
    return prefix === "/" || path === prefix || path.startsWith(`${prefix}/`);
}

export function sameId(value: Maybe<string> | undefined, expected: string): boolean | typeof UNKNOWN {
    if (value === UNKNOWN) return UNKNOWN;
    return value !== undefined && value.toLowerCase() === expected.trim().toLowerCase();
}

export function sameScope(
    scope: (typeof SCOPES)[number],
    value: Maybe<string> | undefined,
    expected: string,
): boolean | typeof UNKNOWN {
    if (value === UNKNOWN) return UNKNOWN;
    if (value === undefined) return false;
    return normalizeScope(scope, value) === normalizeScope(scope, expected);
}

/** A scope value in comparable form: lower-cased; a siteUrl also without trailing "/". */
function normalizeScope(scope: (typeof SCOPES)[number], value: string): string {
    const lower = value.trim().toLowerCase();
    return scope === "siteUrl" ? lower.replace(/\/+$/, "") : lower;
}

/** The identity of the item a share addresses, for grouping shares; undefined when not known yet. */
export function itemKey(share: Share): string | undefined {
    if (typeof share.driveId === "string" && typeof share.itemId === "string") {
        return `id:${share.driveId.toLowerCase()}/${share.itemId.toLowerCase()}`;
    }
    if (typeof share.path !== "string" || SCOPES.some((scope) => share[scope] === UNKNOWN)) return undefined;
    const scope = SCOPES.map((s) => `${s}=${normalizeScope(s, (share[s] as string | undefined) ?? "")}`);
    return `path:${scope.join(";")}:${normalizePath(share.path)}`;
}
