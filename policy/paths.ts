/**
 * Drive paths, ids and scopes in comparable form, for protected items and for grouping shares by item. The address
 * properties, the path normalization and the item key are the provider's own (driveitemshare/check): a property the
 * provider gains is a scope here too, and two spellings the provider takes for one item are one item here.
 */
import { ADDRESS_PROPERTIES, addressKey, normalizeItemPath } from "driveitemshare/check";
import type { AddressProperty } from "driveitemshare/check";
import { UNKNOWN } from "./share";
import type { Maybe, Share } from "./share";

/** The address properties that scope a path: which drive, library, site, OneDrive or group it is in. */
export const SCOPES = ADDRESS_PROPERTIES.filter(
    (property): property is Exclude<AddressProperty, "path" | "itemId"> => property !== "path" && property !== "itemId",
);
export type Scope = (typeof SCOPES)[number];

/**
 * The names a site's default library goes by on an English site: "Documents", and "Shared Documents" in its URL. A
 * share that leaves `drive` out is in the default library (the provider resolves `siteUrl` alone to `/sites/{id}/drive`).
 */
const DEFAULT_LIBRARY_NAMES = new Set(["documents", "shared documents"]);

/** A path in comparable form: the provider's normalization, lower-cased as SharePoint compares names ("" is the root). */
export function comparablePath(path: string): string {
    return normalizeItemPath(path.trim()).toLowerCase();
}

/** Whether a comparable path equals a comparable prefix or lies under it, by whole segments. */
export function isUnder(path: string, prefix: string): boolean {
    return prefix === "" || path === prefix || path.startsWith(`${prefix}/`);
}

export function sameId(value: Maybe<string> | undefined, expected: string): boolean | typeof UNKNOWN {
    if (value === UNKNOWN) return UNKNOWN;
    return value !== undefined && value.toLowerCase() === expected.trim().toLowerCase();
}

/**
 * Whether a share's scope value is the one a protected path names. `drive` compares libraries, where no name means
 * the site's default library; the others compare case-insensitively (a siteUrl without trailing "/"), and a scope
 * the entry leaves out matches anything.
 */
export function sameScope(
    scope: Scope,
    value: Maybe<string> | undefined,
    expected: string | undefined,
    entryHasSite: boolean,
): boolean | typeof UNKNOWN {
    if (value === UNKNOWN) return UNKNOWN;
    if (scope === "drive" && entryHasSite) return library(value) === library(expected);
    if (expected === undefined) return true;
    if (value === undefined) return false;
    return normalizeScope(scope, value) === normalizeScope(scope, expected);
}

function library(name: string | undefined): string {
    const lower = name?.trim().toLowerCase();
    return lower === undefined || DEFAULT_LIBRARY_NAMES.has(lower) ? "(default library)" : lower;
}

/** A scope value in comparable form: lower-cased; a siteUrl also without trailing "/". */
function normalizeScope(scope: Scope, value: string): string {
    const lower = value.trim().toLowerCase();
    return scope === "siteUrl" ? lower.replace(/\/+$/, "") : lower;
}

/** The identity of the item a share addresses, as the provider keys it; undefined when not known yet. */
export function itemKey(share: Share): string | undefined {
    const address: Record<string, string | undefined> = {};
    for (const property of ADDRESS_PROPERTIES) {
        const value = share[property];
        if (value === UNKNOWN) return undefined;
        address[property] = property === "path" && value !== undefined ? normalizeItemPath(value) : value;
    }
    const byId = address.driveId !== undefined && address.itemId !== undefined;
    return byId || address.path !== undefined ? addressKey(address) : undefined;
}
