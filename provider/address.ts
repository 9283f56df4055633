/**
 * The ways a DriveItemShare names its item, as admins know it: by Graph ids, or by a path in a drive, a user's
 * OneDrive, a Microsoft 365 group's drive or a SharePoint site's library. Checking is pure; resolving to ids goes
 * through graph.ts when a provider method runs.
 */
import { GraphSession, ItemAddress } from "./graph";
import { UNKNOWN, describeValue } from "./values";

/** The address arguments of a DriveItemShare. Exactly one form is given; see {@link ADDRESS_FORMS}. */
export interface ItemLocator {
    readonly driveId?: string;
    readonly itemId?: string;
    /** A path below the drive's root, e.g. "Finance/Q3": no leading or trailing slash, no "." or "..". */
    readonly path?: string;
    /** Whose OneDrive: a user's principal name (or id), or "me" for the signed-in user (delegated sign-in). */
    readonly userPrincipalName?: string;
    /** Which Microsoft 365 group's drive: the group's object id. */
    readonly groupId?: string;
    /** Which SharePoint site: its URL, e.g. https://contoso.sharepoint.com/sites/finance. */
    readonly siteUrl?: string;
    /** Which document library of the site, by name; default the site's default library. */
    readonly drive?: string;
}

/** The address properties, in the order forms are described. */
export const ADDRESS_PROPERTIES = ["driveId", "itemId", "path", "userPrincipalName", "groupId", "siteUrl", "drive"] as const;

/** Each accepted combination: the properties it requires and the ones it may add. */
export const ADDRESS_FORMS: readonly { readonly required: readonly string[]; readonly optional?: readonly string[] }[] = [
    { required: ["driveId", "itemId"] },
    { required: ["driveId", "path"] },
    { required: ["userPrincipalName", "path"] },
    { required: ["groupId", "path"] },
    { required: ["siteUrl", "path"], optional: ["drive"] },
];

const FORMS_TEXT = "driveId + itemId, driveId + path, userPrincipalName + path, groupId + path, or siteUrl + path " +
    "(+ drive)";
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Validates and normalizes the address arguments. Returns the checked address properties; reports failures that
 * name the property and the value.
 */
export function checkAddress(news: Record<string, unknown>, fail: (property: string, reason: string) => void):
    Partial<Record<(typeof ADDRESS_PROPERTIES)[number], string>> {
    const given = ADDRESS_PROPERTIES.filter((p) => news[p] !== undefined && news[p] !== null);
    const form = ADDRESS_FORMS.find((f) =>
        f.required.every((p) => given.includes(p as never)) &&
        given.every((p) => f.required.includes(p) || (f.optional ?? []).includes(p)));
    if (!form) {
        const missing = given.length === 0 ? "none" : given.join(", ");
        fail(given[0] ?? "driveId", `name the item one way: ${FORMS_TEXT}; got ${missing}`);
        return {};
    }
    const result: Partial<Record<(typeof ADDRESS_PROPERTIES)[number], string>> = {};
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
        else result[property] = property === "path" ? normalizePath(value) : value;
    }
    return result;
}

const ADDRESS_CHECKS: Record<(typeof ADDRESS_PROPERTIES)[number], (value: string) => string | undefined> = {
    driveId: (v) => (/[/\\?#\s]/.test(v) ? "must be a Graph drive id, not a path or URL" : undefined),
    itemId: (v) => (/[/\\?#\s]/.test(v) ? "must be a Graph item id, not a path or URL; use path for a path" : undefined),
    path: (v) => {
        const segments = normalizePath(v).split("/");
        if (segments.some((s) => s === "" || s === "." || s === "..")) return "must be a path below the drive's root such as \"Finance/Q3\"";
        if (/[:*?"<>|#%]/.test(v)) return "contains a character SharePoint does not allow in names (: * ? \" < > | # %)";
        return undefined;
    },
    userPrincipalName: (v) => (/^[^\s@/]+@[^\s@/]+\.[^\s@/]+$/.test(v) || GUID.test(v) || v === "me"
        ? undefined : "is not a user principal name such as alice@contoso.com (or \"me\")"),
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
    drive: (v) => (v.includes("/") ? "must be a document library's name, such as \"Documents\"" : undefined),
};

function normalizePath(path: string): string {
    return path.replace(/\\/g, "/").replace(/^\/+|\/+$/g, "");
}

/** The address properties of the form in use, for comparing two declarations. */
export function addressOf(locator: ItemLocator): Partial<ItemLocator> {
    if (locator.siteUrl !== undefined) return { siteUrl: locator.siteUrl, drive: locator.drive, path: locator.path };
    if (locator.userPrincipalName !== undefined) return { userPrincipalName: locator.userPrincipalName, path: locator.path };
    if (locator.groupId !== undefined) return { groupId: locator.groupId, path: locator.path };
    if (locator.path !== undefined) return { driveId: locator.driveId, path: locator.path };
    return { driveId: locator.driveId, itemId: locator.itemId };
}

/**
 * One string per address, for telling resources on the same item apart. Two forms naming one item give two keys: the
 * provider cannot know they meet without asking Graph.
 */
export function addressKey(locator: ItemLocator): string {
    return JSON.stringify(addressOf(locator)).toLowerCase();
}

/** The address as an admin wrote it, for errors: `driveId "b!x", path "Finance/Q3"`. */
export function describeAddress(locator: ItemLocator): string {
    return Object.entries(addressOf(locator)).filter(([, v]) => v !== undefined).map(([k, v]) => `${k} "${v}"`).join(", ");
}

/**
 * The Graph ids of the item the address names, looked up when needed (none for driveId + itemId). Throws an error
 * naming the address when nothing is there.
 */
export async function resolveItem(session: GraphSession, locator: ItemLocator): Promise<ItemAddress> {
    if (locator.path === undefined) return { driveId: locator.driveId!, itemId: locator.itemId! };
    let driveRoot: string;
    if (locator.siteUrl !== undefined) {
        const url = new URL(locator.siteUrl);
        const site = await session.get<{ id: string }>(`/sites/${url.hostname}:${url.pathname.replace(/\/+$/, "") || "/"}`);
        if (!site) throw new Error(`The site siteUrl "${locator.siteUrl}" was not found, or the app cannot see it`);
        const siteRoot = `/sites/${encodeURIComponent(site.id)}`;
        if (locator.drive !== undefined) {
            const drives = await session.get<{ value: { id: string; name: string }[] }>(`${siteRoot}/drives`);
            const drive = drives?.value.find((d) => d.name.toLowerCase() === locator.drive!.toLowerCase());
            if (!drive) {
                throw new Error(`The site siteUrl "${locator.siteUrl}" has no document library drive "${locator.drive}"` +
                    `${drives ? `; it has ${drives.value.map((d) => `"${d.name}"`).join(", ")}` : ""}`);
            }
            driveRoot = `/drives/${encodeURIComponent(drive.id)}`;
        } else {
            driveRoot = `${siteRoot}/drive`;
        }
    } else if (locator.userPrincipalName === "me") {
        // The signed-in user's own OneDrive: only a delegated sign-in (e.g. the Azure CLI) has one.
        driveRoot = "/me/drive";
    } else if (locator.userPrincipalName !== undefined) {
        driveRoot = `/users/${encodeURIComponent(locator.userPrincipalName)}/drive`;
    } else if (locator.groupId !== undefined) {
        driveRoot = `/groups/${encodeURIComponent(locator.groupId)}/drive`;
    } else {
        driveRoot = `/drives/${encodeURIComponent(locator.driveId!)}`;
    }
    const encodedPath = locator.path.split("/").map(encodeURIComponent).join("/");
    const item = await session.get<{ id: string; parentReference?: { driveId?: string } }>(
        `${driveRoot}/root:/${encodedPath}:`);
    if (!item) throw new Error(`Nothing was found at ${describeAddress(locator)}: check the path, and that the app can see the drive`);
    const driveId = item.parentReference?.driveId ?? locator.driveId;
    if (!driveId) throw new Error(`Graph did not say which drive holds ${describeAddress(locator)}`);
    return { driveId, itemId: item.id };
}
