/**
 * Who a share grants access to, with which role, and the key each recipient has in a share's `recipients` and
 * `grants`.
 */

/** A role Graph can grant through `invite`. */
export type Role = "read" | "write";

/** The roles a declaration may hold. */
export const ROLES: readonly Role[] = ["read", "write"];

/** Exactly one way to name a person or group, as Graph's `driveRecipient` takes it. */
export interface Recipient {
    /** Email address (user, guest or mail-enabled group), trimmed and lower-cased. */
    readonly email?: string;
    /** Entra ID object id (GUID) of a user, security group or Microsoft 365 group, lower-cased. */
    readonly objectId?: string;
    /** Alias (mail nickname), for objects without an email address. */
    readonly alias?: string;
}

/** An Entra ID object id, in any case. */
export const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** An email address. Deliberately plain: one @, no spaces, a dot in the domain. Graph decides whether it exists. */
export const EMAIL = /^[^\s@"<>(),;:]+@[^\s@"<>(),;:]+\.[^\s@"<>(),;:.]+$/;

/** The key a recipient has in `recipients` and `grants`: the email, the object id, or `alias:<alias>`. */
export function recipientKey(recipient: Recipient): string {
    if (recipient.email !== undefined) return recipient.email;
    if (recipient.objectId !== undefined) return recipient.objectId;
    return `alias:${recipient.alias}`;
}

/** The recipient a key stands for: keys are canonical (see {@link recipientKey}), so a recorded grant needs no more. */
export function recipientFromKey(key: string): Recipient {
    if (key.startsWith("alias:")) return { alias: key.slice("alias:".length) };
    if (key.includes("@")) return { email: key };
    return { objectId: key };
}
