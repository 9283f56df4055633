/**
 * Deterministic identifiers: the same seed always yields the same id, so test expectations and logs are
 * stable from run to run.
 */
import { createHash } from "node:crypto";

function digest(seed: string, algorithm = "sha256"): Buffer {
    return createHash(algorithm).update(seed).digest();
}

/** A GUID (lower case, 8-4-4-4-12) derived from `seed`. */
export function guidFrom(seed: string): string {
    const hex = digest(seed).toString("hex");
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** SharePoint claim of a user: what a business-drive permission id is the base64 of. */
export function userClaim(email: string): string {
    return `i:0#.f|membership|${email.toLowerCase()}`;
}

/** SharePoint claim of an Entra group. */
export function groupClaim(groupId: string): string {
    return `c:0o.c|federateddirectoryclaimprovider|${groupId}`;
}

/**
 * Business-drive permission id of a claim: standard base64 without padding (it may contain "+" and "/",
 * so clients must URL-encode it, as with real SharePoint ids).
 */
export function claimPermissionId(claim: string): string {
    return Buffer.from(claim, "utf8").toString("base64").replace(/=+$/, "");
}

const BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

/** Business drive id: "b!" followed by 64 base64url characters. */
export function businessDriveId(seed: string): string {
    return `b!${Buffer.concat([digest(`drive:${seed}`), digest(`drive2:${seed}`)])
        .toString("base64url")
        .slice(0, 64)}`;
}

/** Personal drive id: 16 upper-case hex digits. */
export function personalDriveId(seed: string): string {
    return digest(`pdrive:${seed}`).toString("hex").slice(0, 16).toUpperCase();
}

/** Business item id: "01" followed by 32 base32 characters. */
export function businessItemId(seed: string): string {
    const bytes = digest(`item:${seed}`);
    let id = "01";
    for (let i = 0; i < 32; i++) id += BASE32[bytes[i] % 32];
    return id;
}

/** A url-safe random-looking token for sharing-link URLs. */
export function shareToken(seed: string): string {
    return digest(`share:${seed}`).toString("base64url").slice(0, 22);
}

/** A GUID's 16 bytes in .NET order (Guid.ToByteArray: the first three groups little-endian). */
function guidBytesLe(guid: string): Buffer {
    const hex = guid.replace(/-/g, "");
    const b = Buffer.from(hex, "hex");
    return Buffer.concat([
        Buffer.from(b.subarray(0, 4)).reverse(),
        Buffer.from(b.subarray(4, 6)).reverse(),
        Buffer.from(b.subarray(6, 8)).reverse(),
        b.subarray(8),
    ]);
}

/**
 * Drive id of a SharePoint document library: "b!" + base64url of the site collection, web and list GUIDs
 * (48 bytes -> 64 characters), which is how SharePoint's drive ids decode.
 */
export function libraryDriveId(siteCollectionId: string, webId: string, listId: string): string {
    return `b!${Buffer.concat([guidBytesLe(siteCollectionId), guidBytesLe(webId), guidBytesLe(listId)]).toString("base64url")}`;
}
