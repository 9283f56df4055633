/**
 * Validation and normalization of a DriveItemShare declaration: what `check` does, with no Graph call. The address
 * and the recipients have files of their own; this one holds the rest and puts them together.
 */
import { ADDRESS_PROPERTIES, isBusinessDrive } from "../model/address";
import { ROLES } from "../model/recipient";
import { SHARE_PROPERTIES } from "../model/share";
import { storedRecipients } from "../model/stored-recipient";
import type { Role } from "../model/recipient";
import { UNKNOWN, describeValue } from "../model/values";
import { checkDateTime, endAccess, sameInstant } from "./access";
import { checkAddress } from "./address";
import type { CheckFailure, Fail } from "./failure";
import { closestName } from "./names";
import { checkRecipients } from "./recipients";

/** Longest invitation message Graph accepts. */
export const MAX_MESSAGE_LENGTH = 2000;

/** Every argument a DriveItemShare takes. */
const ARGUMENT_NAMES: string[] = [...ADDRESS_PROPERTIES, ...SHARE_PROPERTIES];
/** Properties the engine or the resource class adds to the inputs (outputs it declares); never user arguments. */
const RESERVED_NAMES = new Set([
    "__provider",
    "grants",
    "accessEnded",
    "__resourceName",
    "resourceName",
    "__resourceUrn",
]);

/**
 * Validates and normalizes raw resource arguments.
 *
 * @param olds the previous checked inputs ({} on create), used to accept an expiration or end date that has passed
 *   since it was applied (refusing it would block every later preview of an unchanged program), and whose form of
 *   `recipients` the new inputs keep (model/stored-recipient.ts).
 * @param news the raw arguments from the program.
 * @param now the current time, injectable for tests.
 */
export function checkInputs(
    olds: Record<string, unknown>,
    news: Record<string, unknown>,
    now = new Date(),
): { inputs: Record<string, unknown>; failures: CheckFailure[] } {
    const failures: CheckFailure[] = [];
    const fail: Fail = (property, reason) => failures.push({ property, reason });
    const inputs: Record<string, unknown> = {};

    for (const name of Object.keys(news)) {
        if (RESERVED_NAMES.has(name) || ARGUMENT_NAMES.includes(name)) continue;
        const suggestion = closestName(name, ARGUMENT_NAMES);
        fail(name, `unknown argument "${name}"${suggestion ? `; did you mean "${suggestion}"?` : ""}`);
    }

    const resourceName = news.__resourceName ?? news.resourceName;
    if (typeof resourceName === "string") inputs.__resourceName = resourceName;
    if (typeof news.__resourceUrn === "string") inputs.__resourceUrn = news.__resourceUrn;

    Object.assign(inputs, checkAddress(news, fail));

    const positions = new Map<string, number>();
    const recipients = checkRecipients(news.recipients, fail, positions);
    const accessUntil = checkPastOnce("accessUntil", news.accessUntil, olds, now, fail);
    if (accessUntil !== undefined) inputs.accessUntil = accessUntil;
    if (recipients !== undefined && (Array.isArray(recipients) || typeof recipients === "string")) {
        inputs.recipients = recipients;
    } else if (recipients !== undefined && accessUntil === UNKNOWN) {
        // Whose access has ended cannot be told yet; check runs again once the date is known.
        inputs.recipients = storedRecipients(recipients, olds.recipients);
    } else if (recipients !== undefined) {
        const split = endAccess(olds, recipients, accessUntil, positions, now, fail);
        inputs.recipients = storedRecipients(split.recipients, olds.recipients);
        if (Object.keys(split.accessEnded).length > 0) inputs.accessEnded = split.accessEnded;
    }

    const roles = checkRoles(news.roles, fail);
    if (roles !== undefined) inputs.roles = roles;

    const message = news.message;
    if (message !== undefined && message !== null) {
        if (message === UNKNOWN) inputs.message = message;
        else if (typeof message !== "string")
            fail("message", `message must be a string, got ${describeValue(message)}`);
        else if (message.length > MAX_MESSAGE_LENGTH) {
            fail(
                "message",
                `message is ${message.length} characters long; Graph accepts at most ${MAX_MESSAGE_LENGTH}`,
            );
        } else if (message !== "") inputs.message = message;
    }

    const requireSignIn = checkBoolean("requireSignIn", news.requireSignIn, true, fail);
    const sendInvitation = checkBoolean("sendInvitation", news.sendInvitation, false, fail);
    if (requireSignIn !== undefined) inputs.requireSignIn = requireSignIn;
    if (sendInvitation !== undefined) inputs.sendInvitation = sendInvitation;
    if (requireSignIn === false && sendInvitation === false) {
        fail(
            "requireSignIn",
            "requireSignIn false needs sendInvitation true: Graph refuses to grant silently " +
                'without sign-in ("RequireSignIn and SendInvitation cannot both be false")',
        );
    }

    const expiration = checkPastOnce("expirationDateTime", news.expirationDateTime, olds, now, fail);
    if (expiration !== undefined) inputs.expirationDateTime = expiration;

    const password = news.password;
    if (password !== undefined && password !== null) {
        // The value is never echoed: it is a secret.
        if (password === UNKNOWN) inputs.password = password;
        else if (typeof password !== "string" || password === "") {
            fail("password", "password must be a non-empty string");
        } else if (typeof inputs.driveId === "string" && isBusinessDrive(inputs.driveId)) {
            fail(
                "password",
                `password is only supported on personal OneDrive; driveId "${inputs.driveId}" is a ` +
                    "OneDrive for Business or SharePoint drive",
            );
        } else if (inputs.userPrincipalName ?? inputs.groupId ?? inputs.siteUrl) {
            fail(
                "password",
                "password is only supported on personal OneDrive; drives named by userPrincipalName, " +
                    "groupId or siteUrl are OneDrive for Business or SharePoint drives",
            );
        } else inputs.password = password;
    }

    const retain = news.retainInheritedPermissions;
    if (retain !== undefined && retain !== null) {
        if (retain === UNKNOWN || typeof retain === "boolean") inputs.retainInheritedPermissions = retain;
        else
            fail(
                "retainInheritedPermissions",
                `retainInheritedPermissions must be true or false, got ${describeValue(retain)}`,
            );
    }

    return { inputs, failures };
}

/**
 * An optional date-time argument that may be in the past only when the previous inputs held the same instant: the
 * value, UNKNOWN, or undefined (absent, or failed).
 */
function checkPastOnce(
    name: "expirationDateTime" | "accessUntil",
    value: unknown,
    olds: Record<string, unknown>,
    now: Date,
    fail: Fail,
): string | undefined {
    if (value === undefined || value === null) return undefined;
    const date = checkDateTime(name, value, fail);
    if (date === undefined || date === UNKNOWN || Date.parse(date) > now.getTime()) return date;
    if (sameInstant(date, olds[name] as string | undefined)) return date;
    fail(name, `${name} "${date}" is in the past`);
    return undefined;
}

function checkRoles(value: unknown, fail: Fail): Role[] | string | undefined {
    if (value === UNKNOWN) return value;
    if (!Array.isArray(value)) {
        fail("roles", `roles must be a list such as ["read"] or ["write"], got ${describeValue(value)}`);
        return undefined;
    }
    if (value.length === 0) {
        fail("roles", 'roles is empty: give ["read"] or ["write"]');
        return undefined;
    }
    let valid = true;
    value.forEach((role, index) => {
        if (role === UNKNOWN) return;
        if (typeof role !== "string" || !ROLES.includes(role as Role)) {
            valid = false;
            fail(
                `roles[${index}]`,
                `roles[${index}] ${describeValue(role)} is not a role Graph can grant; ` +
                    'use "read" or "write" (lower case)',
            );
        }
    });
    if (!valid) return undefined;
    if (value.includes(UNKNOWN)) return value as Role[];
    const roles = [...new Set(value as Role[])];
    if (roles.length > 1) {
        fail(
            "roles",
            `roles ${describeValue(value)} gives both read and write: a person holds one role on an item; ` +
                'give ["write"] for editors',
        );
        return undefined;
    }
    return roles;
}

/** The boolean, its default when not given, or UNKNOWN when not known yet (a preview shows it as computed). */
function checkBoolean(
    name: string,
    value: unknown,
    fallback: boolean,
    fail: Fail,
): boolean | typeof UNKNOWN | undefined {
    if (value === undefined || value === null) return fallback;
    if (value === UNKNOWN) return UNKNOWN;
    if (typeof value === "boolean") return value;
    fail(name, `${name} must be true or false, got ${describeValue(value)}`);
    return undefined;
}
