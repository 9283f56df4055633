/**
 * Validation and normalization of a DriveItemShare's address arguments (see model/address.ts for the forms). Pure.
 */
import { ADDRESS_FORMS, ADDRESS_PROPERTIES } from "../model/address";
import type { AddressProperty } from "../model/address";
import { GUID } from "../model/recipient";
import { UNKNOWN, describeValue } from "../model/values";
import type { Fail } from "./failure";

const FORMS_TEXT =
    "driveId + itemId, driveId + path, userPrincipalName + path, groupId + path, or siteUrl + path " + "(+ drive)";
/** Looser than an email: Entra ID takes any UPN with a domain, and `/` would break the Graph path it goes in. */
const USER_PRINCIPAL_NAME = /^[^\s@/]+@[^\s@/]+\.[^\s@/]+$/;

/**
 * Validates and normalizes the address arguments. Returns the checked address properties; reports failures that
 * name the property and the value.
 */
export function checkAddress(news: Record<string, unknown>, fail: Fail): Partial<Record<AddressProperty, string>> {
    const given = ADDRESS_PROPERTIES.filter((p) => news[p] !== undefined && news[p] !== null);
    const form = ADDRESS_FORMS.find(
        (f) =>
            f.required.every((p) => given.includes(p as never)) &&
            given.every((p) => f.required.includes(p) || (f.optional ?? []).includes(p)),
    );
    if (!form) {
        const missing = given.length === 0 ? "none" : given.join(", ");
        fail(given[0] ?? "driveId", `name the item one way: ${FORMS_TEXT}; got ${missing}`);
        return {};
    }
    const result: Partial<Record<AddressProperty, string>> = {};
    for (const property of given) {
        const raw = news[property];
        if (raw === UNKNOWN) {
            result[property] = raw;
            continue;
        }
        if (typeof raw !== "string" || raw.trim() === "") {
            fail(property, `${property} must be a non-empty string, got ${describeValue(raw)}`);
            continue;
        }
        const value = raw.trim();
        const problem = ADDRESS_CHECKS[property](value);
        if (problem) fail(property, `${property} ${describeValue(raw)} ${problem}`);
        else result[property] = property === "path" ? normalizeItemPath(value) : value;
    }
    return result;
}

const ADDRESS_CHECKS: Record<AddressProperty, (value: string) => string | undefined> = {
    driveId: (v) => (/[/\\?#\s]/.test(v) ? "must be a Graph drive id, not a path or URL" : undefined),
    itemId: (v) =>
        /[/\\?#\s]/.test(v) ? "must be a Graph item id, not a path or URL; use path for a path" : undefined,
    path: (v) => {
        const segments = normalizeItemPath(v).split("/");
        if (segments.some((s) => s === "" || s === "." || s === ".."))
            return 'must be a path below the drive\'s root such as "Finance/Q3"';
        if (/[:*?"<>|#%]/.test(v)) return 'contains a character SharePoint does not allow in names (: * ? " < > | # %)';
        return undefined;
    },
    userPrincipalName: (v) =>
        USER_PRINCIPAL_NAME.test(v) || GUID.test(v) || v === "me"
            ? undefined
            : 'is not a user principal name such as alice@contoso.com (or "me")',
    groupId: (v) => (GUID.test(v) ? undefined : "is not a GUID (a Microsoft 365 group's object id)"),
    siteUrl: (v) => {
        let url: URL;
        try {
            url = new URL(v);
        } catch {
            return "is not a URL such as https://contoso.sharepoint.com/sites/finance";
        }
        if (url.protocol !== "https:") return "must be an https URL";
        if (url.search || url.hash) return "must be the site's URL without a query or fragment";
        return undefined;
    },
    drive: (v) => (v.includes("/") ? 'must be a document library\'s name, such as "Documents"' : undefined),
};

/**
 * What is wrong with a path as an address (undefined when nothing is): the export names an item whose path the
 * provider would refuse by its ids instead.
 */
export function itemPathProblem(path: string): string | undefined {
    return ADDRESS_CHECKS.path(path);
}

/** A path as the provider keeps it: "/" for "\\", no leading or trailing slash ("/Finance/Q3/" -> "Finance/Q3"). */
export function normalizeItemPath(path: string): string {
    return path.replace(/\\/g, "/").replace(/^\/+|\/+$/g, "");
}
