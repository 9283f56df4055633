/**
 * How a share's checked inputs (and so its state) keep the declared recipients: keyed by recipient key, each value
 * `true`, or the recipient's own end of access (`accessUntil`), for example
 * `{ "alice@contoso.com": true, "bob@fabrikam.com": "2027-03-31T17:00:00Z" }`.
 *
 * Why not an object per recipient, as 0.1.0 kept (`{ email: "alice@contoso.com" }`): the key already says who the
 * recipient is ({@link recipientFromKey}), and the inputs and outputs cross the provider host as protobuf `Struct`s
 * several times per operation, where a nested `Struct` per recipient is what that costs. With 1,000 recipients one
 * crossing of the inputs took 22 ms with objects and 7 ms with plain values (#14).
 *
 * A share whose previous inputs hold objects keeps objects (see {@link storedRecipients}): a dynamic provider cannot
 * give the engine a detailed diff, so a changed shape would show every recipient as changed in the next preview, and
 * that preview would no longer say who gains or loses access.
 */
import { recipientFromKey } from "./recipient";
import type { DeclaredRecipient, StoredRecipient } from "./share";

/** The stored value of a declared recipient. */
export function storedRecipient(recipient: DeclaredRecipient): true | string {
    return recipient.accessUntil ?? true;
}

/**
 * The stored form of declared recipients, keys in the same order: as objects when `previous` (the stored recipients
 * they follow) holds objects, else as plain values.
 */
export function storedRecipients(
    declared: Readonly<Record<string, DeclaredRecipient>>,
    previous?: unknown,
): Record<string, StoredRecipient> {
    if (holdsObjects(previous)) return { ...declared };
    return Object.fromEntries(Object.entries(declared).map(([key, recipient]) => [key, storedRecipient(recipient)]));
}

/** Whether stored recipients are in the form 0.1.0 wrote: an object per recipient. */
function holdsObjects(stored: unknown): boolean {
    if (stored === null || typeof stored !== "object" || Array.isArray(stored)) return false;
    const first = Object.values(stored)[0];
    return first !== null && typeof first === "object";
}

/** A declared recipient as stored under `key`, either form; `where` names it in the error a malformed one throws. */
export function recipientFromStored(key: string, value: unknown, where: string): DeclaredRecipient {
    if (value === true) return recipientFromKey(key);
    if (typeof value === "string") return { ...recipientFromKey(key), accessUntil: value };
    if (value !== null && typeof value === "object" && !Array.isArray(value)) return value as DeclaredRecipient;
    throw new Error(
        `${where} is ${JSON.stringify(value)}, which is not a declared recipient: expected true or an accessUntil ` +
            "date (or, in state written by 0.1.0, {email|objectId|alias})",
    );
}

/**
 * Declared recipients as stored, either form. Anything but a map (the list check passes through while an element is
 * not known yet, an unknown value, nothing) comes back as it is.
 */
export function recipientsFromStored(
    value: Readonly<Record<string, StoredRecipient>>,
    where?: string,
): Record<string, DeclaredRecipient>;
export function recipientsFromStored(value: unknown, where?: string): unknown;
export function recipientsFromStored(value: unknown, where = "recipients"): unknown {
    if (value === null || typeof value !== "object" || Array.isArray(value)) return value;
    return Object.fromEntries(
        Object.entries(value).map(([key, stored]) => [
            key,
            recipientFromStored(key, stored, `${where}[${JSON.stringify(key)}]`),
        ]),
    );
}
