/**
 * Validation and normalization of `recipients`: a list as the program wrote it in, a map keyed by recipient key out
 * (see model/share.ts for why). Pure.
 */
import { EMAIL, GUID, recipientKey } from "../model/recipient";
import type { Recipient } from "../model/recipient";
import { UNKNOWN, containsUnknown, describeValue } from "../model/values";
import type { Fail } from "./failure";

/** The fields a recipient object may have; exactly one is given. */
export const RECIPIENT_FIELDS = ["email", "objectId", "alias"] as const;

/**
 * A recipient field's value as the provider stores and keys it: emails and object ids trimmed and lower-cased,
 * aliases trimmed. Normalization only; {@link checkRecipients} also validates.
 */
export function normalizeRecipient(field: (typeof RECIPIENT_FIELDS)[number], raw: string): Recipient {
    if (field === "alias") return { alias: raw.trim() };
    return { [field]: raw.trim().toLowerCase() };
}

/**
 * The checked recipients keyed by {@link recipientKey}, keys sorted and duplicates merged; the value as it came when
 * it is not known yet (it is checked again once known); undefined after a failure.
 */
export function checkRecipients(
    value: unknown,
    fail: Fail,
): Record<string, Recipient> | unknown[] | string | undefined {
    if (value === UNKNOWN) return value;
    if (!Array.isArray(value)) {
        fail(
            "recipients",
            `recipients must be a list of emails or {email|objectId|alias} objects, got ${describeValue(value)}`,
        );
        return undefined;
    }
    if (value.length === 0) {
        fail("recipients", "recipients is empty: declare at least one recipient");
        return undefined;
    }
    // An element not known yet cannot be keyed: pass the list through; check runs again once it is known.
    if (value.some(containsUnknown)) return value;
    const byKey: Record<string, Recipient> = {};
    value.forEach((element, index) => {
        const recipient = checkRecipient(element, `recipients[${index}]`, fail);
        if (recipient) byKey[recipientKey(recipient)] = recipient;
    });
    const sorted: Record<string, Recipient> = {};
    for (const key of Object.keys(byKey).sort()) sorted[key] = byKey[key];
    return sorted;
}

function checkRecipient(element: unknown, property: string, fail: Fail): Recipient | undefined {
    if (typeof element === "string") return checkEmail(element, property, fail);
    if (element === null || typeof element !== "object" || Array.isArray(element)) {
        fail(
            property,
            `${property} must be an email string or an object with one of email, objectId or alias, ` +
                `got ${describeValue(element)}`,
        );
        return undefined;
    }
    const fields = element as Record<string, unknown>;
    const unknownFields = Object.keys(fields).filter((k) => !(RECIPIENT_FIELDS as readonly string[]).includes(k));
    if (unknownFields.length > 0) {
        fail(
            `${property}.${unknownFields[0]}`,
            `${property} has unknown field "${unknownFields[0]}"; a recipient takes one of email, objectId or alias`,
        );
        return undefined;
    }
    const given = Object.keys(fields).filter((k) => fields[k] !== undefined && fields[k] !== null);
    if (given.length !== 1) {
        fail(
            property,
            given.length === 0
                ? `${property} names nobody: give exactly one of email, objectId or alias`
                : `${property} gives ${given.join(" and ")}: give exactly one of email, objectId or alias, ` +
                      `got ${describeValue(element)}`,
        );
        return undefined;
    }
    const field = given[0] as (typeof RECIPIENT_FIELDS)[number];
    const raw = fields[field];
    if (typeof raw !== "string") {
        fail(`${property}.${field}`, `${property}.${field} must be a string, got ${describeValue(raw)}`);
        return undefined;
    }
    if (field === "email") return checkEmail(raw, `${property}.email`, fail);
    const recipient = normalizeRecipient(field, raw);
    if (field === "objectId") {
        if (!GUID.test(recipient.objectId!)) {
            fail(
                `${property}.objectId`,
                `${property}.objectId ${describeValue(raw)} is not a GUID ` +
                    "(an Entra ID object id looks like 0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0)",
            );
            return undefined;
        }
        return recipient;
    }
    if (!ALIAS.test(recipient.alias!)) {
        fail(`${property}.alias`, `${property}.alias ${describeValue(raw)} is not a valid alias (mail nickname)`);
        return undefined;
    }
    return recipient;
}

const ALIAS = /^[A-Za-z0-9!#$%&'*+\-/=?^_`{|}~.]{1,64}$/;

function checkEmail(raw: string, property: string, fail: Fail): Recipient | undefined {
    const recipient = normalizeRecipient("email", raw);
    if (!EMAIL.test(recipient.email!)) {
        fail(property, `${property} ${describeValue(raw)} is not a valid email address`);
        return undefined;
    }
    return recipient;
}
