/**
 * What the rules read of a DriveItemShare. Nothing here depends on @pulumi/policy.
 *
 * A policy sees a DriveItemShare in one of two shapes, and every reader here accepts both:
 * - checked inputs, as the provider's `checkInputs` (driveitemshare/check) returns them: `recipients` is an object
 *   keyed by recipient key whose values are `true` or the recipient's own end date (`{email}|{objectId}|{alias}`
 *   objects in shares created by 0.1.0), `requireSignIn`/`sendInvitation` filled with defaults;
 * - raw program arguments: `recipients` is the array the program wrote, of email strings and
 *   `{email}|{objectId}|{alias}` objects, with any casing and whitespace.
 *
 * The engine analyzes the checked inputs: pulumi/pulumi pkg/resource/deploy/step_generator.go calls `prov.Check`,
 * sets `inputs = resp.Properties`, and only then builds `plugin.AnalyzerResource{..., Properties: inputs}` for
 * `analyzer.Analyze` ("Send the resource off to any Analyzers before being operated on"). That order is the same in
 * the 2020 step generator (`prov.Check` ... `analyzer.Analyze(new.Type, inputs)`) and in the 2025 one.
 * `pulumi policy analyze` (AnalyzeSnapshot, 2026) passes the stored `res.Inputs`, which are checked inputs too.
 * Stack policies get outputs (`res.Outputs`); during a preview a dynamic provider does not support provider previews,
 * so pulumi/pulumi's provider plugin "hand[s] back the inputs as the state": checked inputs again.
 * The raw array still reaches a policy when check passes `recipients` through unchanged (an element is unknown during
 * preview), when a provider version's check does not key recipients, and whenever a policy is run on program
 * arguments (tests, other tools), so both shapes are read the same way.
 */
import {
    ADDRESS_PROPERTIES,
    UNKNOWN as ENGINE_UNKNOWN,
    RECIPIENT_FIELDS,
    normalizeRecipient,
    recipientFromStored,
    recipientKey,
} from "driveitemshare/check";
import type { AddressProperty } from "driveitemshare/check";

export { DRIVE_ITEM_SHARE_TYPE } from "driveitemshare/check";

/** Marks a value that is not known yet: during a preview, a property computed from another resource's output. */
export const UNKNOWN: unique symbol = Symbol("unknown until deployment");
/** A value, or {@link UNKNOWN}. */
export type Maybe<T> = T | typeof UNKNOWN;

/**
 * The sentinels the engine sends for unknown values (the string one in practice). @pulumi/policy's input proxy throws
 * on reading one; a plain object (a test, a copy) just holds it.
 */
const UNKNOWN_SENTINELS = new Set([
    ENGINE_UNKNOWN, // string, and what the engine sends for any unknown value
    "1c4a061d-8072-4f0a-a4cb-0ff528b18fe7", // boolean
    "3eeb2bf0-c639-47a8-9e75-3b44932eb421", // number
    "6a19a0b0-7e62-4c92-b797-7f8e31da9cc2", // array
    "030794c1-ac77-496b-92df-f27374a8bd58", // asset
    "e48ece36-62e2-4504-bad9-02848725956a", // archive
    "dd056dcd-154b-4c76-9bd3-c8f88648b5ff", // object
]);

/** One recipient, normalized and keyed as the provider does it (driveitemshare/check), so that duplicates merge alike. */
export interface RecipientRef {
    readonly kind: (typeof RECIPIENT_FIELDS)[number];
    /** The email (trimmed, lower-cased), the object id (lower-cased) or the alias (trimmed). */
    readonly value: string;
    /** The provider's recipient key: the email, the object id, or `alias:<alias>`. */
    readonly key: string;
    /** The recipient's own end of access, when the program gives one; it overrides the share's. */
    readonly accessUntil?: Maybe<string>;
}

/** The declared recipients: those known, and how many are not known yet. */
export interface RecipientList {
    /** Distinct recipients, sorted by key as the provider sorts them, so that both shapes read the same. */
    readonly known: readonly RecipientRef[];
    /** Elements not known until deployment; they may duplicate a known recipient. */
    readonly unknown: number;
}

/**
 * What the rules read of a DriveItemShare, from either input shape. A property that is absent is `undefined`; one not
 * known yet is {@link UNKNOWN}. Values the provider's check would reject are read as absent: the deployment fails on
 * them anyway, and a policy cannot judge what will never be granted.
 */
export type Share = ShareAddress & ShareSettings;

/** The provider's address properties, each read as written (trimmed): every one the provider has. */
export type ShareAddress = { readonly [P in AddressProperty]?: Maybe<string> };

interface ShareSettings {
    readonly recipients: Maybe<RecipientList>;
    /** Lower-cased roles; [] when absent. */
    readonly roles: Maybe<readonly string[]>;
    readonly message?: Maybe<string>;
    /** false when absent: the provider's default. */
    readonly sendInvitation: Maybe<boolean>;
    readonly expirationDateTime?: Maybe<string>;
    /** When every recipient's access ends unless they have their own date: the provider enforces it. */
    readonly accessUntil?: Maybe<string>;
}

/**
 * Reads a DriveItemShare's properties (checked inputs, raw arguments or outputs; plain or behind @pulumi/policy's
 * unknown-checking proxy) into a {@link Share}. Each property is read on its own, so that one unknown value leaves
 * the others, and the rules that only need those, intact.
 */
export function readShare(props: unknown): Share {
    const roles = read(props, "roles");
    return {
        ...(Object.fromEntries(ADDRESS_PROPERTIES.map((p) => [p, readString(props, p)])) as ShareAddress),
        recipients: readRecipients(read(props, "recipients")),
        roles: roles === UNKNOWN ? UNKNOWN : readRoles(roles),
        message: readString(props, "message"),
        sendInvitation: readBoolean(props, "sendInvitation", false),
        expirationDateTime: readString(props, "expirationDateTime"),
        accessUntil: readString(props, "accessUntil"),
    };
}

/**
 * One property of a (possibly proxied) object, with unknown values as {@link UNKNOWN}. @pulumi/policy's proxy
 * throws its UnknownValueError on reading an unknown value; it is recognized by shape (it carries the sentinel), which
 * keeps this module free of the SDK.
 */
function read(source: unknown, key: string | number): unknown {
    if (source === null || typeof source !== "object") return undefined;
    try {
        const value = (source as Record<string | number, unknown>)[key];
        return typeof value === "string" && UNKNOWN_SENTINELS.has(value) ? UNKNOWN : value;
    } catch (error) {
        if (isUnknownValueError(error)) return UNKNOWN;
        throw error;
    }
}

function isUnknownValueError(error: unknown): boolean {
    if (!(error instanceof Error) || !("unknownTypeSentinel" in error)) return false;
    const sentinel = (error as { unknownTypeSentinel: unknown }).unknownTypeSentinel;
    return typeof sentinel === "string" && UNKNOWN_SENTINELS.has(sentinel);
}

function readString(source: unknown, key: string): Maybe<string> | undefined {
    const value = read(source, key);
    if (value === UNKNOWN) return UNKNOWN;
    return typeof value === "string" && value.trim() !== "" ? value.trim() : undefined;
}

function readBoolean(source: unknown, key: string, fallback: boolean): Maybe<boolean> {
    const value = read(source, key);
    if (value === UNKNOWN) return UNKNOWN;
    return typeof value === "boolean" ? value : fallback;
}

function readRoles(value: unknown): Maybe<readonly string[]> {
    if (!Array.isArray(value)) return [];
    const roles: string[] = [];
    for (let i = 0; i < value.length; i++) {
        const role = read(value, i);
        if (role === UNKNOWN) return UNKNOWN;
        if (typeof role === "string") roles.push(role.trim().toLowerCase());
    }
    return roles;
}

/** Reads `recipients` in either shape: the raw array, or the checked object keyed by recipient key. */
function readRecipients(value: unknown): Maybe<RecipientList> {
    if (value === UNKNOWN) return UNKNOWN;
    let elements: unknown[];
    if (Array.isArray(value)) {
        elements = Array.from({ length: value.length }, (_, i) => read(value, i));
    } else if (value !== null && typeof value === "object") {
        // Keyed shape: the key says who the recipient is, and the value, `true` or their own end date (or, from
        // 0.1.0, an object that says who they are), until when.
        elements = Object.keys(value).map((key) => {
            const element = read(value, key);
            return element === true || typeof element === "string"
                ? recipientFromStored(key, element, "recipients")
                : element;
        });
    } else {
        return { known: [], unknown: 0 };
    }
    const byKey = new Map<string, RecipientRef>();
    let unknown = 0;
    for (const element of elements) {
        const recipient = readRecipient(element);
        if (recipient === UNKNOWN) unknown++;
        else if (recipient) {
            // A duplicate with a date of its own gives the date, as the provider merges them.
            const first = byKey.get(recipient.key);
            if (!first || (first.accessUntil === undefined && recipient.accessUntil !== undefined)) {
                byKey.set(recipient.key, recipient);
            }
        }
    }
    return { known: [...byKey.keys()].sort().map((key) => byKey.get(key) as RecipientRef), unknown };
}

function readRecipient(element: unknown): Maybe<RecipientRef> | undefined {
    if (element === UNKNOWN) return UNKNOWN;
    if (typeof element === "string") return recipientRef("email", element);
    if (element === null || typeof element !== "object") return undefined;
    const fields = RECIPIENT_FIELDS.map((field) => [field, read(element, field)] as const).filter(
        ([, v]) => v !== undefined && v !== null,
    );
    if (fields.some(([, v]) => v === UNKNOWN)) return UNKNOWN;
    if (fields.length !== 1 || typeof fields[0][1] !== "string") return undefined;
    const ref = recipientRef(fields[0][0], fields[0][1]);
    const accessUntil = readString(element, "accessUntil");
    return ref && accessUntil !== undefined ? { ...ref, accessUntil } : ref;
}

/**
 * One recipient, normalized and keyed by the provider's own functions, so that duplicates merge as they do there.
 * Only an email without "@" and an empty value are dropped: the provider's check rejects more, and fails the
 * deployment on them anyway.
 */
function recipientRef(kind: RecipientRef["kind"], raw: string): RecipientRef | undefined {
    const recipient = normalizeRecipient(kind, raw);
    const value = recipient[kind] ?? "";
    if (value === "" || (kind === "email" && !value.includes("@"))) return undefined;
    return { kind, value, key: recipientKey(recipient) };
}
