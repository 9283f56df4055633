/**
 * The guardrail rules of the DriveItemShare policy pack: small pure functions from a share's inputs and one policy's
 * settings to violation messages. Nothing here depends on @pulumi/policy; policies.ts adapts these to the analyzer.
 *
 * A policy sees a DriveItemShare in one of two shapes, and every reader here accepts both:
 * - checked inputs, as the provider's `checkInputs` (driveitemshare/check) returns them: `recipients` is an object keyed by recipient
 *   key whose values are `{email}|{objectId}|{alias}`, `requireSignIn`/`sendInvitation` filled with defaults;
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

import { UNKNOWN as ENGINE_UNKNOWN, RECIPIENT_FIELDS, normalizeRecipient, recipientKey } from "driveitemshare/check";

/** The type token of a DriveItemShare (`pulumi.dynamic.Resource` with module "driveShare", type "DriveItemShare"). */
export const DRIVE_ITEM_SHARE_TYPE = "pulumi-nodejs:dynamic/driveShare:DriveItemShare";

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
export interface Share {
    readonly driveId?: Maybe<string>;
    readonly itemId?: Maybe<string>;
    /** Item path, for the coming path-based addressing (`path`, `siteUrl`+`path`, `userPrincipalName`+`path`, ...). */
    readonly path?: Maybe<string>;
    readonly siteUrl?: Maybe<string>;
    readonly userPrincipalName?: Maybe<string>;
    readonly groupId?: Maybe<string>;
    readonly recipients: Maybe<RecipientList>;
    /** Lower-cased roles; [] when absent. */
    readonly roles: Maybe<readonly string[]>;
    readonly message?: Maybe<string>;
    /** false when absent: the provider's default. */
    readonly sendInvitation: Maybe<boolean>;
    readonly expirationDateTime?: Maybe<string>;
}

/** What a rule concluded about one share. */
export interface RuleResult {
    /** One message per violation, naming the recipient or property and the value. */
    readonly violations: readonly string[];
    /**
     * Properties (paths such as "recipients") whose unknown values kept the rule from deciding. Empty when the rule
     * decided, which it does whenever the known values already violate it or already satisfy it.
     */
    readonly undetermined: readonly string[];
}

const PASS: RuleResult = { violations: [], undetermined: [] };

// ------------------------------------------------------------------------------------------------------------------
// Reading a share
// ------------------------------------------------------------------------------------------------------------------

/**
 * Reads a DriveItemShare's properties (checked inputs, raw arguments or outputs; plain or behind @pulumi/policy's
 * unknown-checking proxy) into a {@link Share}. Each property is read on its own, so that one unknown value leaves
 * the others, and the rules that only need those, intact.
 */
export function readShare(props: unknown): Share {
    const roles = read(props, "roles");
    return {
        driveId: readString(props, "driveId"),
        itemId: readString(props, "itemId"),
        path: readString(props, "path"),
        siteUrl: readString(props, "siteUrl"),
        userPrincipalName: readString(props, "userPrincipalName"),
        groupId: readString(props, "groupId"),
        recipients: readRecipients(read(props, "recipients")),
        roles: roles === UNKNOWN ? UNKNOWN : readRoles(roles),
        message: readString(props, "message"),
        sendInvitation: readBoolean(props, "sendInvitation", false),
        expirationDateTime: readString(props, "expirationDateTime"),
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
        // Keyed shape: the values say who the recipient is; the key is derived from them.
        elements = Object.keys(value).map((key) => read(value, key));
    } else {
        return { known: [], unknown: 0 };
    }
    const byKey = new Map<string, RecipientRef>();
    let unknown = 0;
    for (const element of elements) {
        const recipient = readRecipient(element);
        if (recipient === UNKNOWN) unknown++;
        else if (recipient && !byKey.has(recipient.key)) byKey.set(recipient.key, recipient);
    }
    return { known: [...byKey.keys()].sort().map((key) => byKey.get(key) as RecipientRef), unknown };
}

function readRecipient(element: unknown): Maybe<RecipientRef> | undefined {
    if (element === UNKNOWN) return UNKNOWN;
    if (typeof element === "string") return recipientRef("email", element);
    if (element === null || typeof element !== "object") return undefined;
    const fields = RECIPIENT_FIELDS
        .map((field) => [field, read(element, field)] as const)
        .filter(([, v]) => v !== undefined && v !== null);
    if (fields.some(([, v]) => v === UNKNOWN)) return UNKNOWN;
    if (fields.length !== 1 || typeof fields[0][1] !== "string") return undefined;
    return recipientRef(fields[0][0], fields[0][1]);
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

// ------------------------------------------------------------------------------------------------------------------
// Internal and external recipients
// ------------------------------------------------------------------------------------------------------------------

/**
 * Who counts as internal, as two policies configure it. An email is internal when its domain is allowed. An objectId
 * or alias recipient has no domain to judge (it may be a guest user, or a group with guests in it) and the policies
 * do not call Graph, so it counts as external unless it is listed: fail closed, with an explicit allow-list.
 */
export interface AllowList {
    /** Lower-case domains without "@" or trailing dot. Empty: no email is internal. */
    readonly allowedDomains: readonly string[];
    /** Whether "eu.contoso.com" is allowed by "contoso.com". Off by default: a listed "onmicrosoft.com" would
     * otherwise admit every tenant's "*.onmicrosoft.com" accounts. */
    readonly allowSubdomains: boolean;
    /** Lower-case Entra ID object ids known to be internal users or groups. */
    readonly allowedObjectIds: readonly string[];
    /** Lower-case aliases known to be internal. */
    readonly allowedAliases: readonly string[];
}

/** Builds an {@link AllowList} from policy settings, normalizing "@Contoso.com." to "contoso.com". */
export function allowListFrom(settings: {
    allowedDomains: readonly string[]; allowSubdomains: boolean;
    allowedObjectIds: readonly string[]; allowedAliases: readonly string[];
}): AllowList {
    return {
        allowedDomains: settings.allowedDomains.map(normalizeDomain).filter((d) => d !== ""),
        allowSubdomains: settings.allowSubdomains,
        allowedObjectIds: settings.allowedObjectIds.map((id) => id.trim().toLowerCase()),
        allowedAliases: settings.allowedAliases.map((alias) => alias.trim().toLowerCase()),
    };
}

/** "@Contoso.COM." -> "contoso.com". */
export function normalizeDomain(domain: string): string {
    return domain.trim().toLowerCase().replace(/^@+/, "").replace(/\.+$/, "");
}

/** The domain of a normalized email: what follows the last "@". */
export function emailDomain(email: string): string {
    return normalizeDomain(email.slice(email.lastIndexOf("@") + 1));
}

/** Why a recipient is external, or undefined when it is internal. */
export interface ExternalReason {
    /** E.g. "fabrikam.com is not an allowed domain". */
    readonly reason: string;
    /** The setting consulted, e.g. "allowedDomains: contoso.com". */
    readonly setting: string;
}

/** Judges one recipient against the allow-list: undefined when internal, otherwise why it is external. */
export function externalReason(recipient: RecipientRef, allow: AllowList): ExternalReason | undefined {
    if (recipient.kind === "email") {
        const domain = emailDomain(recipient.value);
        const allowed = (d: string) => domain === d || (allow.allowSubdomains && domain.endsWith(`.${d}`));
        if (allow.allowedDomains.some(allowed)) return undefined;
        return {
            reason: `${domain} is not an allowed domain${allow.allowSubdomains ? " (nor a subdomain of one)" : ""}`,
            setting: `allowedDomains: ${listOrNone(allow.allowedDomains)}`,
        };
    }
    if (recipient.kind === "objectId") {
        if (allow.allowedObjectIds.includes(recipient.value)) return undefined;
        return {
            reason: "an objectId has no domain to check and this one is not in allowedObjectIds",
            setting: `allowedObjectIds: ${listOrNone(allow.allowedObjectIds)}`,
        };
    }
    if (allow.allowedAliases.includes(recipient.value.toLowerCase())) return undefined;
    return {
        reason: "an alias has no domain to check and this one is not in allowedAliases",
        setting: `allowedAliases: ${listOrNone(allow.allowedAliases)}`,
    };
}

// ------------------------------------------------------------------------------------------------------------------
// Rules
// ------------------------------------------------------------------------------------------------------------------

/**
 * No write access for recipients outside the allowed domains: when the share grants write, every recipient must be
 * internal by {@link externalReason}. One violation per offending recipient.
 */
export function checkWriteWithinAllowedDomains(share: Share, allow: AllowList): RuleResult {
    if (share.roles === UNKNOWN) return undetermined("roles");
    if (!share.roles.includes("write")) return PASS;
    if (share.recipients === UNKNOWN) return undetermined("recipients");
    const violations = share.recipients.known.flatMap((recipient) => {
        const external = externalReason(recipient, allow);
        return external
            ? [`${describeRecipient(recipient)} gains write on ${describeItem(share)} but ${external.reason} ` +
                `(${external.setting})`]
            : [];
    });
    return decided(violations, share.recipients.unknown > 0 ? ["recipients"] : []);
}

/** External recipients need an expiration date: a share with any external recipient must set expirationDateTime. */
export function checkExternalExpiration(share: Share, allow: AllowList): RuleResult {
    if (typeof share.expirationDateTime === "string") return PASS;
    if (share.recipients === UNKNOWN) return undetermined("recipients");
    const externals = share.recipients.known.flatMap((recipient) => {
        const external = externalReason(recipient, allow);
        return external ? [`${describeRecipient(recipient)} (${external.reason}; ${external.setting})`] : [];
    });
    if (externals.length === 0) return share.recipients.unknown > 0 ? undetermined("recipients") : PASS;
    if (share.expirationDateTime === UNKNOWN) return undetermined("expirationDateTime");
    const who = externals.length === 1 ? "an external recipient" : `${externals.length} external recipients`;
    return decided([`${capitalize(describeItem(share))} is shared with ${who} but has no expirationDateTime: ` +
        `${listAtMost(externals, 5)}; external access must expire: set expirationDateTime, e.g. ` +
        "\"2027-06-30T00:00:00Z\""], []);
}

/** At most N recipients on one share: distinct recipients, merged as the provider merges them. */
export function checkRecipientLimit(share: Share, settings: { maxRecipients: number }): RuleResult {
    if (share.recipients === UNKNOWN) return undetermined("recipients");
    const { known, unknown } = share.recipients;
    const max = settings.maxRecipients;
    if (known.length > max) {
        return decided([`${capitalize(describeItem(share))} is shared with ${known.length} recipients ` +
            `(${listAtMost(known.map(describeRecipient), 5)}) but at most ${max} are allowed per item ` +
            `(maxRecipients: ${max}); share with a group (one objectId) instead`], []);
    }
    // Unknown elements may be duplicates of known ones: only the upper bound is in doubt.
    return known.length + unknown > max ? undetermined("recipients") : PASS;
}

/** `sendInvitation: true` needs a message of at least `minMessageLength` characters (after trimming). */
export function checkInvitationMessage(share: Share, settings: { minMessageLength: number }): RuleResult {
    if (share.sendInvitation === UNKNOWN) return undetermined("sendInvitation");
    if (share.sendInvitation !== true) return PASS;
    if (share.message === UNKNOWN) return undetermined("message");
    const message = share.message ?? "";
    const min = settings.minMessageLength;
    if (message.length >= min) return PASS;
    const item = describeItem(share);
    return decided([message === ""
        ? `sendInvitation is true on ${item} but there is no message: recipients would get an invitation email ` +
          `that does not say why; set message (minMessageLength: ${min})`
        : `sendInvitation is true on ${item} but message ${JSON.stringify(truncate(message, 40))} is ` +
          `${message.length} characters long; at least ${min} are required (minMessageLength: ${min})`], []);
}

/**
 * A protected item addressed by id: `{ driveId }` protects every item on the drive, `{ driveId, itemId }` that item.
 * Only the item itself: a folder's descendants have their own ids, and the policy cannot ask Graph for ancestors.
 */
export interface ProtectedItem {
    readonly driveId: string;
    readonly itemId?: string;
}

/**
 * A protected path prefix, matched against a share's `path` argument (path-based addressing). Scope fields, when
 * given, must match the share's own (case-insensitively; siteUrl without trailing "/"); a bare path matches that path
 * in any drive.
 */
export interface ProtectedPath {
    readonly path: string;
    readonly driveId?: string;
    readonly siteUrl?: string;
    readonly userPrincipalName?: string;
    readonly groupId?: string;
}

/** The protected-items settings, as configured (strings are shorthand for `{ path }`). */
export interface ProtectedSettings {
    readonly protectedItems: readonly ProtectedItem[];
    readonly protectedPaths: readonly (string | ProtectedPath)[];
}

const SCOPES = ["driveId", "siteUrl", "userPrincipalName", "groupId"] as const;

/**
 * No sharing of protected items: a share whose driveId/itemId matches a protected item, or whose path lies under a
 * protected path, violates. Ids compare case-insensitively (Graph ids that differ only in case are the same item in
 * practice, and erring that way over-protects rather than under-protects); paths compare by whole segments
 * ("/Finance" covers "/Finance/Q1.xlsx", not "/Finance2"), case-insensitively as OneDrive and SharePoint do, after
 * resolving ".", ".." and percent-escapes so that no spelling slips past a prefix.
 */
export function checkProtectedItems(share: Share, settings: ProtectedSettings): RuleResult {
    const violations: string[] = [];
    const unresolved = new Set<string>();
    settings.protectedItems.forEach((entry, index) => {
        const driveMatch = sameId(share.driveId, entry.driveId);
        const itemMatch = entry.itemId === undefined ? true : sameId(share.itemId, entry.itemId);
        if (driveMatch === false || itemMatch === false) return;
        if (driveMatch === UNKNOWN || itemMatch === UNKNOWN) {
            unresolved.add(driveMatch === UNKNOWN ? "driveId" : "itemId");
            return;
        }
        const where = entry.itemId === undefined
            ? `${describeItem(share)} is on drive ${entry.driveId}, which is protected as a whole ` +
              `(protectedItems[${index}]: driveId ${JSON.stringify(entry.driveId)})`
            : `${describeItem(share)} on drive ${entry.driveId} is protected (protectedItems[${index}]: driveId ` +
              `${JSON.stringify(entry.driveId)}, itemId ${JSON.stringify(entry.itemId)})`;
        violations.push(`${capitalize(where)} and must not be shared`);
    });
    if (share.path !== undefined) {
        settings.protectedPaths.forEach((raw, index) => {
            const entry = typeof raw === "string" ? { path: raw } : raw;
            const scopeMatches = SCOPES.map((scope) =>
                entry[scope] === undefined ? true : sameScope(scope, share[scope], entry[scope] as string));
            if (scopeMatches.includes(false)) return;
            if (share.path === UNKNOWN) {
                unresolved.add("path");
                return;
            }
            if (!isUnder(normalizePath(share.path as string), normalizePath(entry.path))) return;
            const unknownScope = SCOPES.find((_, i) => scopeMatches[i] === UNKNOWN);
            if (unknownScope) {
                unresolved.add(unknownScope);
                return;
            }
            const where = `protectedPaths[${index}]${describeScope(entry)}`;
            violations.push(`${capitalize(describeItem(share))} is under protected path ` +
                `${JSON.stringify(entry.path)} (${where}) and must not be shared`);
        });
    }
    return decided(violations, [...unresolved]);
}

/** One DriveItemShare in the stack, for {@link checkRecipientLimitPerItem}. */
export interface StackShare {
    readonly urn: string;
    readonly name: string;
    readonly share: Share;
}

/** A stack-level violation: the message, and the URN of the resource it is reported against. */
export interface StackViolation {
    readonly urn: string;
    readonly message: string;
}

/**
 * At most N recipients per item across all DriveItemShare resources that address the same item (driveId+itemId, or
 * the same scope+path). Only items shared by two or more resources are judged here; one resource over the limit is
 * {@link checkRecipientLimit}'s to report. Shares whose item or recipients are not known yet are left out: the stack
 * policy runs again, on real outputs, after `pulumi up`. A share addressed by id and one addressed by path cannot be
 * recognized as the same item without Graph.
 */
export function checkRecipientLimitPerItem(shares: readonly StackShare[], settings: { maxRecipients: number }):
    StackViolation[] {
    const byItem = new Map<string, StackShare[]>();
    for (const entry of shares) {
        const key = itemKey(entry.share);
        if (key === undefined || entry.share.recipients === UNKNOWN) continue;
        byItem.set(key, [...(byItem.get(key) ?? []), entry]);
    }
    const violations: StackViolation[] = [];
    const max = settings.maxRecipients;
    for (const group of byItem.values()) {
        if (group.length < 2) continue;
        const distinct = new Map<string, RecipientRef>();
        for (const { share } of group) {
            for (const r of (share.recipients as RecipientList).known) if (!distinct.has(r.key)) distinct.set(r.key, r);
        }
        if (distinct.size <= max) continue;
        violations.push({
            urn: group[0].urn,
            message: `${capitalize(describeItem(group[0].share))} is shared with ${distinct.size} distinct ` +
                `recipients across ${group.length} DriveItemShare resources (${group.map((g) => g.name).join(", ")}) ` +
                `but at most ${max} are allowed per item (maxRecipients: ${max}); share with a group (one objectId) ` +
                "instead",
        });
    }
    return violations;
}

// ------------------------------------------------------------------------------------------------------------------
// Paths and ids
// ------------------------------------------------------------------------------------------------------------------

/**
 * A drive path in comparable form: "/" plus lower-cased segments, with "\" as "/", empty and "." segments dropped,
 * ".." resolved and percent-escapes decoded ("Finance%20Team/./Q1" -> "/finance team/q1").
 */
export function normalizePath(path: string): string {
    const segments: string[] = [];
    for (const raw of path.replace(/\\/g, "/").split("/")) {
        let segment = raw.trim();
        try {
            segment = decodeURIComponent(segment);
        } catch {
            // A lone "%" is a literal character in a file name.
        }
        if (segment === "" || segment === ".") continue;
        if (segment === "..") segments.pop();
        else segments.push(segment.toLowerCase());
    }
    return `/${segments.join("/")}`;
}

/** Whether a normalized path equals a normalized prefix or lies under it, by whole segments. */
export function isUnder(path: string, prefix: string): boolean {
    return prefix === "/" || path === prefix || path.startsWith(`${prefix}/`);
}

function sameId(value: Maybe<string> | undefined, expected: string): boolean | typeof UNKNOWN {
    if (value === UNKNOWN) return UNKNOWN;
    return value !== undefined && value.toLowerCase() === expected.trim().toLowerCase();
}

function sameScope(scope: typeof SCOPES[number], value: Maybe<string> | undefined, expected: string):
    boolean | typeof UNKNOWN {
    if (value === UNKNOWN) return UNKNOWN;
    if (value === undefined) return false;
    return normalizeScope(scope, value) === normalizeScope(scope, expected);
}

/** A scope value in comparable form: lower-cased; a siteUrl also without trailing "/". */
function normalizeScope(scope: typeof SCOPES[number], value: string): string {
    const lower = value.trim().toLowerCase();
    return scope === "siteUrl" ? lower.replace(/\/+$/, "") : lower;
}

/** The identity of the item a share addresses, for grouping shares; undefined when not known yet. */
function itemKey(share: Share): string | undefined {
    if (typeof share.driveId === "string" && typeof share.itemId === "string") {
        return `id:${share.driveId.toLowerCase()}/${share.itemId.toLowerCase()}`;
    }
    if (typeof share.path !== "string" || SCOPES.some((scope) => share[scope] === UNKNOWN)) return undefined;
    const scope = SCOPES.map((s) => `${s}=${normalizeScope(s, (share[s] as string | undefined) ?? "")}`);
    return `path:${scope.join(";")}:${normalizePath(share.path)}`;
}

// ------------------------------------------------------------------------------------------------------------------
// Messages
// ------------------------------------------------------------------------------------------------------------------

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
        const scope = typeof share.siteUrl === "string" ? ` on site ${share.siteUrl}`
            : typeof share.userPrincipalName === "string" ? ` in the OneDrive of ${share.userPrincipalName}`
            : typeof share.groupId === "string" ? ` in the files of group ${share.groupId}`
            : typeof share.driveId === "string" ? ` on drive ${share.driveId}`
            : "";
        return `item ${JSON.stringify(share.path)}${scope}`;
    }
    if (share.itemId === UNKNOWN || share.path === UNKNOWN) return "the item (not known until deployment)";
    return "the item";
}

function describeScope(entry: ProtectedPath): string {
    return SCOPES.filter((scope) => entry[scope] !== undefined).map((scope) => `, ${scope} ${entry[scope]}`).join("");
}

function listOrNone(values: readonly string[]): string {
    return values.length === 0 ? "none" : values.join(", ");
}

function listAtMost(values: readonly string[], max: number): string {
    if (values.length <= max) return values.join(", ");
    return `${values.slice(0, max).join(", ")} and ${values.length - max} more`;
}

function truncate(text: string, max: number): string {
    return text.length <= max ? text : `${text.slice(0, max - 3)}...`;
}

function capitalize(text: string): string {
    return text.charAt(0).toUpperCase() + text.slice(1);
}

function undetermined(property: string): RuleResult {
    return { violations: [], undetermined: [property] };
}

/** Violations if any; otherwise the unknown properties that kept the rule from passing outright. */
function decided(violations: string[], unresolved: string[]): RuleResult {
    return violations.length > 0 ? { violations, undetermined: [] } : { violations: [], undetermined: unresolved };
}
