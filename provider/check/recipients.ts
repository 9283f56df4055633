/**
 * Validation and normalization of `recipients`: a list as the program wrote it in, a map keyed by recipient key out
 * (see model/share.ts for why). Pure.
 */
import { EMAIL, GUID, recipientKey } from "../model/recipient";
import type { Recipient } from "../model/recipient";
import type { DeclaredRecipient } from "../model/share";
import { UNKNOWN, containsUnknown, describeValue } from "../model/values";
import { checkDateTime } from "./access";
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

/** What a recipient object may hold besides who it is: when their access ends. */
const RECIPIENT_OPTIONS = ["accessUntil"] as const;

/**
 * The checked recipients keyed by {@link recipientKey}, keys sorted and duplicates merged; the value as it came when
 * it is not known yet (it is checked again once known); undefined after a failure.
 *
 * @param positions filled with the index at which each key was first listed, for failures found later.
 */
export function checkRecipients(
    value: unknown,
    fail: Fail,
    positions = new Map<string, number>(),
): Record<string, DeclaredRecipient> | unknown[] | string | undefined {
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
    const byKey: Record<string, DeclaredRecipient> = {};
    value.forEach((element, index) => {
        const recipient = checkRecipient(element, `recipients[${index}]`, fail);
        if (!recipient) return;
        const key = recipientKey(recipient);
        if (!positions.has(key)) positions.set(key, index);
        byKey[key] = mergeDuplicate(byKey[key], recipient, index, fail);
    });
    const sorted: Record<string, DeclaredRecipient> = {};
    for (const key of Object.keys(byKey).sort()) sorted[key] = byKey[key];
    return sorted;
}

/** A recipient listed twice is one recipient; two different end dates for them is a mistake to name. */
function mergeDuplicate(
    first: DeclaredRecipient | undefined,
    again: DeclaredRecipient,
    index: number,
    fail: Fail,
): DeclaredRecipient {
    if (!first || first.accessUntil === again.accessUntil || again.accessUntil === undefined) return first ?? again;
    if (first.accessUntil !== undefined) {
        fail(
            `recipients[${index}].accessUntil`,
            `recipients[${index}] "${recipientKey(again)}" is listed again with accessUntil "${again.accessUntil}" ` +
                `where an earlier entry says "${first.accessUntil}": give one date`,
        );
        return first;
    }
    return again;
}

function checkRecipient(element: unknown, property: string, fail: Fail): DeclaredRecipient | undefined {
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
    const known: readonly string[] = [...RECIPIENT_FIELDS, ...RECIPIENT_OPTIONS];
    const unknownFields = Object.keys(fields).filter((k) => !known.includes(k));
    if (unknownFields.length > 0) {
        fail(
            `${property}.${unknownFields[0]}`,
            `${property} has unknown field "${unknownFields[0]}"; a recipient takes one of email, objectId or alias, ` +
                "and optionally accessUntil",
        );
        return undefined;
    }
    const given = (RECIPIENT_FIELDS as readonly string[]).filter((k) => fields[k] !== undefined && fields[k] !== null);
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
    const who = checkIdentity(fields, given[0] as (typeof RECIPIENT_FIELDS)[number], property, fail);
    if (fields.accessUntil === undefined || fields.accessUntil === null) return who;
    const accessUntil = checkDateTime(`${property}.accessUntil`, fields.accessUntil, fail);
    return who && accessUntil !== undefined ? { ...who, accessUntil } : undefined;
}

function checkIdentity(
    fields: Record<string, unknown>,
    field: (typeof RECIPIENT_FIELDS)[number],
    property: string,
    fail: Fail,
): Recipient | undefined {
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
