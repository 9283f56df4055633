/**
 * The ways a DriveItemShare names its item, as admins know it: by Graph ids, or by a path in a drive, a user's
 * OneDrive, a Microsoft 365 group's drive or a SharePoint site's library. Checking lives in check/address.ts,
 * resolving to ids in graph/address.ts.
 */

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

/** A drive item, by the ids Graph addresses it with. */
export interface ItemAddress {
    readonly driveId: string;
    readonly itemId: string;
}

/** The address properties, in the order forms are described. */
export const ADDRESS_PROPERTIES = [
    "driveId",
    "itemId",
    "path",
    "userPrincipalName",
    "groupId",
    "siteUrl",
    "drive",
] as const;

/** One of {@link ADDRESS_PROPERTIES}. */
export type AddressProperty = (typeof ADDRESS_PROPERTIES)[number];

/** Each accepted combination: the properties it requires and the ones it may add. */
export const ADDRESS_FORMS: readonly { readonly required: readonly string[]; readonly optional?: readonly string[] }[] =
    [
        { required: ["driveId", "itemId"] },
        { required: ["driveId", "path"] },
        { required: ["userPrincipalName", "path"] },
        { required: ["groupId", "path"] },
        { required: ["siteUrl", "path"], optional: ["drive"] },
    ];

/** The address properties of the form in use, for comparing two declarations. */
export function addressOf(locator: ItemLocator): Partial<ItemLocator> {
    if (locator.siteUrl !== undefined) return { siteUrl: locator.siteUrl, drive: locator.drive, path: locator.path };
    if (locator.userPrincipalName !== undefined)
        return { userPrincipalName: locator.userPrincipalName, path: locator.path };
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
    return Object.entries(addressOf(locator))
        .filter(([, v]) => v !== undefined)
        .map(([k, v]) => `${k} "${v}"`)
        .join(", ");
}

/**
 * A OneDrive for Business or SharePoint drive: Graph's ids of those start with `b!`. There invite grants each
 * recipient a permission of their own; on a personal OneDrive it creates a sharing link several people may share.
 */
export function isBusinessDrive(driveId: string): boolean {
    return driveId.startsWith("b!");
}
