/**
 * Validation and normalization of a DriveItemShare declaration: what `check` does, with no Graph call.
 *
 * The checked inputs are keyed maps, not arrays: the engine diffs arrays by index, so one recipient inserted at the
 * front of a list would show every later recipient as changed in `pulumi preview --diff`. Keyed by recipient, an
 * added recipient is one added entry, and the same program always checks to the same inputs.
 */

import { ADDRESS_PROPERTIES, ItemLocator, checkAddress } from "./address";
import { UNKNOWN, containsUnknown, describeValue } from "./values";

export { UNKNOWN, containsUnknown };

/** A role Graph can grant through `invite`. */
export type Role = "read" | "write";

/** Exactly one way to name a person or group, as Graph's `driveRecipient` takes it. */
export interface Recipient {
    /** Email address (user, guest or mail-enabled group), trimmed and lower-cased. */
    readonly email?: string;
    /** Entra ID object id (GUID) of a user, security group or Microsoft 365 group, lower-cased. */
    readonly objectId?: string;
    /** Alias (mail nickname), for objects without an email address. */
    readonly alias?: string;
}

/**
 * The checked inputs of a DriveItemShare: what the engine stores as inputs and passes to diff/create/update. The item
 * is named by one of the forms of {@link ItemLocator}.
 */
export interface ShareInputs extends ItemLocator {
    /** Declared recipients keyed by {@link recipientKey}, keys sorted. */
    readonly recipients: Record<string, Recipient>;
    /** Exactly one role: Graph grants a person either read or write on an item. */
    readonly roles: Role[];
    readonly message?: string;
    readonly requireSignIn: boolean;
    readonly sendInvitation: boolean;
    readonly expirationDateTime?: string;
    readonly password?: string;
    readonly retainInheritedPermissions?: boolean;
    /** The Pulumi resource name, set by the DriveItemShare class so that resources on one item can coordinate. */
    readonly resourceName?: string;
}

/** One check failure, as the engine displays it: the property path and a reason that names the value. */
export interface CheckFailure {
    readonly property: string;
    readonly reason: string;
}


/** Longest invitation message Graph accepts. */
export const MAX_MESSAGE_LENGTH = 2000;

const ARGUMENT_NAMES = [
    ...ADDRESS_PROPERTIES,
    "recipients",
    "roles",
    "message",
    "requireSignIn",
    "sendInvitation",
    "expirationDateTime",
    "password",
    "retainInheritedPermissions",
];
/** Properties the engine or the resource class adds to the inputs; never user arguments. */
const RESERVED_NAMES = new Set(["__provider", "grants", "resourceName"]);
const ROLES: readonly Role[] = ["read", "write"];
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
// Deliberately plain: one @, no spaces, a dot in the domain. Graph decides whether the address exists.
const EMAIL = /^[^\s@"<>(),;:]+@[^\s@"<>(),;:]+\.[^\s@"<>(),;:.]+$/;
const ALIAS = /^[A-Za-z0-9!#$%&'*+\-/=?^_`{|}~.]{1,64}$/;
const ISO_8601 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,7})?)?(Z|[+-]\d{2}:\d{2})$/;

/** The key a recipient has in `recipients` and `grants`: the email, the object id, or `alias:<alias>`. */
export function recipientKey(recipient: Recipient): string {
    if (recipient.email !== undefined) return recipient.email;
    if (recipient.objectId !== undefined) return recipient.objectId;
    return `alias:${recipient.alias}`;
}


/**
 * Validates and normalizes raw resource arguments.
 *
 * @param olds the previous checked inputs ({} on create), used to accept an expiration date that has passed since it
 *   was applied (refusing it would block every later preview of an unchanged program).
 * @param news the raw arguments from the program.
 * @param now the current time, injectable for tests.
 */
export function checkInputs(olds: Record<string, unknown>, news: Record<string, unknown>, now = new Date()):
    { inputs: Record<string, unknown>; failures: CheckFailure[] } {
    const failures: CheckFailure[] = [];
    const fail = (property: string, reason: string) => failures.push({ property, reason });
    const inputs: Record<string, unknown> = {};

    for (const name of Object.keys(news)) {
        if (RESERVED_NAMES.has(name) || ARGUMENT_NAMES.includes(name)) continue;
        const suggestion = closestName(name);
        fail(name, `unknown argument "${name}"${suggestion ? `; did you mean "${suggestion}"?` : ""}`);
    }

    if (typeof news.resourceName === "string") inputs.resourceName = news.resourceName;

    Object.assign(inputs, checkAddress(news, fail));

    const recipients = checkRecipients(news.recipients, fail);
    if (recipients !== undefined) inputs.recipients = recipients;

    const roles = checkRoles(news.roles, fail);
    if (roles !== undefined) inputs.roles = roles;

    const message = news.message;
    if (message !== undefined && message !== null) {
        if (message === UNKNOWN) inputs.message = message;
        else if (typeof message !== "string") fail("message", `message must be a string, got ${describeValue(message)}`);
        else if (message.length > MAX_MESSAGE_LENGTH) {
            fail("message", `message is ${message.length} characters long; Graph accepts at most ${MAX_MESSAGE_LENGTH}`);
        } else if (message !== "") inputs.message = message;
    }

    const requireSignIn = checkBoolean("requireSignIn", news.requireSignIn, true, fail);
    const sendInvitation = checkBoolean("sendInvitation", news.sendInvitation, false, fail);
    if (requireSignIn !== undefined) inputs.requireSignIn = requireSignIn;
    if (sendInvitation !== undefined) inputs.sendInvitation = sendInvitation;
    if (requireSignIn === false && sendInvitation === false) {
        fail("requireSignIn", "requireSignIn false needs sendInvitation true: Graph refuses to grant silently " +
            "without sign-in (\"RequireSignIn and SendInvitation cannot both be false\")");
    }

    const expiration = news.expirationDateTime;
    if (expiration !== undefined && expiration !== null) {
        if (expiration === UNKNOWN) inputs.expirationDateTime = expiration;
        else if (typeof expiration !== "string" || !ISO_8601.test(expiration) || isNaN(Date.parse(expiration))) {
            fail("expirationDateTime",
                `expirationDateTime ${describeValue(expiration)} is not an ISO 8601 date-time such as "2027-06-30T00:00:00Z"`);
        } else if (Date.parse(expiration) <= now.getTime() && expiration !== olds.expirationDateTime) {
            fail("expirationDateTime", `expirationDateTime "${expiration}" is in the past`);
        } else inputs.expirationDateTime = expiration;
    }

    const password = news.password;
    if (password !== undefined && password !== null) {
        // The value is never echoed: it is a secret.
        if (password === UNKNOWN) inputs.password = password;
        else if (typeof password !== "string" || password === "") {
            fail("password", "password must be a non-empty string");
        } else if (typeof inputs.driveId === "string" && inputs.driveId.startsWith("b!")) {
            fail("password", `password is only supported on personal OneDrive; driveId "${inputs.driveId}" is a ` +
                "OneDrive for Business or SharePoint drive");
        } else if (inputs.userPrincipalName ?? inputs.groupId ?? inputs.siteUrl) {
            fail("password", "password is only supported on personal OneDrive; drives named by userPrincipalName, " +
                "groupId or siteUrl are OneDrive for Business or SharePoint drives");
        } else inputs.password = password;
    }

    const retain = news.retainInheritedPermissions;
    if (retain !== undefined && retain !== null) {
        if (retain === UNKNOWN || typeof retain === "boolean") inputs.retainInheritedPermissions = retain;
        else fail("retainInheritedPermissions",
            `retainInheritedPermissions must be true or false, got ${describeValue(retain)}`);
    }

    return { inputs, failures };
}

function checkRecipients(value: unknown, fail: (property: string, reason: string) => void):
    Record<string, Recipient> | unknown[] | string | undefined {
    if (value === UNKNOWN) return value;
    if (!Array.isArray(value)) {
        fail("recipients", `recipients must be a list of emails or {email|objectId|alias} objects, got ${describeValue(value)}`);
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

function checkRecipient(element: unknown, property: string, fail: (property: string, reason: string) => void):
    Recipient | undefined {
    if (typeof element === "string") return checkEmail(element, property, fail);
    if (element === null || typeof element !== "object" || Array.isArray(element)) {
        fail(property, `${property} must be an email string or an object with one of email, objectId or alias, ` +
            `got ${describeValue(element)}`);
        return undefined;
    }
    const fields = element as Record<string, unknown>;
    const unknownFields = Object.keys(fields).filter((k) => !["email", "objectId", "alias"].includes(k));
    if (unknownFields.length > 0) {
        fail(`${property}.${unknownFields[0]}`,
            `${property} has unknown field "${unknownFields[0]}"; a recipient takes one of email, objectId or alias`);
        return undefined;
    }
    const given = Object.keys(fields).filter((k) => fields[k] !== undefined && fields[k] !== null);
    if (given.length !== 1) {
        fail(property, given.length === 0
            ? `${property} names nobody: give exactly one of email, objectId or alias`
            : `${property} gives ${given.join(" and ")}: give exactly one of email, objectId or alias, ` +
              `got ${describeValue(element)}`);
        return undefined;
    }
    const field = given[0];
    const raw = fields[field];
    if (typeof raw !== "string") {
        fail(`${property}.${field}`, `${property}.${field} must be a string, got ${describeValue(raw)}`);
        return undefined;
    }
    if (field === "email") return checkEmail(raw, `${property}.email`, fail);
    if (field === "objectId") {
        const id = raw.trim().toLowerCase();
        if (!GUID.test(id)) {
            fail(`${property}.objectId`, `${property}.objectId ${describeValue(raw)} is not a GUID ` +
                "(an Entra ID object id looks like 0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0)");
            return undefined;
        }
        return { objectId: id };
    }
    const alias = raw.trim();
    if (!ALIAS.test(alias)) {
        fail(`${property}.alias`, `${property}.alias ${describeValue(raw)} is not a valid alias (mail nickname)`);
        return undefined;
    }
    return { alias };
}

function checkEmail(raw: string, property: string, fail: (property: string, reason: string) => void):
    Recipient | undefined {
    const email = raw.trim().toLowerCase();
    if (!EMAIL.test(email)) {
        fail(property, `${property} ${describeValue(raw)} is not a valid email address`);
        return undefined;
    }
    return { email };
}

function checkRoles(value: unknown, fail: (property: string, reason: string) => void): Role[] | string | undefined {
    if (value === UNKNOWN) return value;
    if (!Array.isArray(value)) {
        fail("roles", `roles must be a list such as ["read"] or ["write"], got ${describeValue(value)}`);
        return undefined;
    }
    if (value.length === 0) {
        fail("roles", "roles is empty: give [\"read\"] or [\"write\"]");
        return undefined;
    }
    let valid = true;
    value.forEach((role, index) => {
        if (role === UNKNOWN) return;
        if (typeof role !== "string" || !ROLES.includes(role as Role)) {
            valid = false;
            fail(`roles[${index}]`, `roles[${index}] ${describeValue(role)} is not a role Graph can grant; ` +
                "use \"read\" or \"write\" (lower case)");
        }
    });
    if (!valid) return undefined;
    if (value.includes(UNKNOWN)) return value as Role[];
    const roles = [...new Set(value as Role[])];
    if (roles.length > 1) {
        fail("roles", `roles ${describeValue(value)} gives both read and write: a person holds one role on an item; ` +
            "give [\"write\"] for editors");
        return undefined;
    }
    return roles;
}

function checkBoolean(name: string, value: unknown, fallback: boolean,
    fail: (property: string, reason: string) => void): boolean | undefined {
    if (value === undefined || value === null) return fallback;
    if (value === UNKNOWN) return undefined;
    if (typeof value === "boolean") return value;
    fail(name, `${name} must be true or false, got ${describeValue(value)}`);
    return undefined;
}


/** The argument name closest to a misspelled one, if any is within two edits. */
function closestName(name: string): string | undefined {
    let best: string | undefined;
    let bestDistance = 3;
    for (const candidate of ARGUMENT_NAMES) {
        const distance = editDistance(name.toLowerCase(), candidate.toLowerCase());
        if (distance < bestDistance) {
            best = candidate;
            bestDistance = distance;
        }
    }
    return best;
}

function editDistance(a: string, b: string): number {
    let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
    for (let i = 1; i <= a.length; i++) {
        const current = [i];
        for (let j = 1; j <= b.length; j++) {
            current[j] = Math.min(previous[j] + 1, current[j - 1] + 1,
                previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
        }
        previous = current;
    }
    return previous[b.length];
}
