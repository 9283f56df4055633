/**
 * driveRecipient validation and matching, shared by invite (recipients) and revokeGrants (grantees).
 */
import type { Directory, DriveRecipient, Principal } from "./directory";
import { invalidRequest } from "./errors";
import type { Grantee } from "./store";

const RECIPIENT_KEYS = ["email", "alias", "objectId"] as const;

/** True for a plain JSON object. */
export function isObject(value: unknown): value is Record<string, unknown> {
    return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Validates a non-empty array of driveRecipients, each with exactly one of email, alias, objectId. */
export function parseRecipients(value: unknown, field: string): DriveRecipient[] {
    if (!Array.isArray(value) || value.length === 0)
        throw invalidRequest(`The ${field} collection must contain at least one recipient.`);
    return value.map((r) => {
        if (!isObject(r)) throw invalidRequest(`Each of ${field} must be a driveRecipient object.`);
        const unknown = Object.keys(r).find(
            (k) => !k.startsWith("@odata.") && !(RECIPIENT_KEYS as readonly string[]).includes(k),
        );
        if (unknown !== undefined)
            throw invalidRequest(`The property '${unknown}' does not exist on type 'microsoft.graph.driveRecipient'.`);
        const given = RECIPIENT_KEYS.filter((k) => r[k] !== undefined && r[k] !== null);
        if (given.length !== 1 || typeof r[given[0]] !== "string" || r[given[0]] === "") {
            throw invalidRequest("A recipient must have exactly one of email, alias or objectId.");
        }
        return { [given[0]]: r[given[0]] } as DriveRecipient;
    });
}

/** The grantee a principal becomes in a stored permission. */
export function granteeOf(principal: Principal): Grantee {
    return principal.kind === "user"
        ? { kind: "user", userId: principal.user.id }
        : { kind: "group", groupId: principal.group.id };
}

/** Whether link member `member` is the person a revokeGrants grantee names. */
export function recipientMatches(directory: Directory, recipient: DriveRecipient, member: Grantee): boolean {
    if (member.kind === "external")
        return recipient.email !== undefined && recipient.email.toLowerCase() === member.email.toLowerCase();
    const principal = directory.resolveRecipient(recipient);
    if (!principal) return false;
    if (member.kind === "user") return principal.kind === "user" && principal.user.id === member.userId;
    if (member.kind === "group") return principal.kind === "group" && principal.group.id === member.groupId;
    return false;
}
