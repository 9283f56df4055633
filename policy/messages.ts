/**
 * How violations name recipients, items and lists.
 */
import { UNKNOWN } from "./share";
import type { RecipientRef, Share } from "./share";

/** "bob@fabrikam.com", "objectId 0f1e...", "alias \"finance\"". */
export function describeRecipient(recipient: RecipientRef): string {
    if (recipient.kind === "email") return recipient.value;
    if (recipient.kind === "objectId") return `objectId ${recipient.value}`;
    return `alias ${JSON.stringify(recipient.value)}`;
}

/** "item 01ABC", "item \"/Finance/Q1.xlsx\" on site https://...", or what is not known of it. */
export function describeItem(share: Share): string {
    if (typeof share.itemId === "string") return `item ${share.itemId}`;
    if (typeof share.path === "string") {
        const scope =
            typeof share.siteUrl === "string"
                ? ` on site ${share.siteUrl}${typeof share.drive === "string" ? `, library "${share.drive}"` : ""}`
                : typeof share.userPrincipalName === "string"
                  ? ` in the OneDrive of ${share.userPrincipalName}`
                  : typeof share.groupId === "string"
                    ? ` in the files of group ${share.groupId}`
                    : typeof share.driveId === "string"
                      ? ` on drive ${share.driveId}`
                      : "";
        return `item ${JSON.stringify(share.path)}${scope}`;
    }
    if (share.itemId === UNKNOWN || share.path === UNKNOWN) return "the item (not known until deployment)";
    return "the item";
}

export function listOrNone(values: readonly string[]): string {
    return values.length === 0 ? "none" : values.join(", ");
}

export function listAtMost(values: readonly string[], max: number): string {
    if (values.length <= max) return values.join(", ");
    return `${values.slice(0, max).join(", ")} and ${values.length - max} more`;
}

export function truncate(text: string, max: number): string {
    return text.length <= max ? text : `${text.slice(0, max - 3)}...`;
}

export function capitalize(text: string): string {
    return text.charAt(0).toUpperCase() + text.slice(1);
}
