/**
 * The guardrail rules of the DriveItemShare policy pack: small pure functions from a share (share.ts) and one policy's
 * settings to violation messages. Nothing here depends on @pulumi/policy; policies.ts adapts these to the analyzer.
 */
import { isBusinessDrive } from "driveitemshare/check";
import { externalReason } from "./allow-list";
import type { AllowList } from "./allow-list";
import { capitalize, describeItem, describeRecipient, listAtMost, truncate } from "./messages";
import { SCOPES, comparablePath, isUnder, itemKey, sameId, sameScope } from "./paths";
import type { Scope } from "./paths";
import { UNKNOWN } from "./share";
import type { RecipientList, RecipientRef, Share } from "./share";

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
            ? [
                  `${describeRecipient(recipient)} gains write on ${describeItem(share)} but ${external.reason} ` +
                      `(${external.setting})`,
              ]
            : [];
    });
    return decided(violations, share.recipients.unknown > 0 ? ["recipients"] : []);
}

/** Settings of the expiration policy besides the allow list. */
export interface ExpirationSettings {
    /** Most days an external recipient's access may last from now; 0 or undefined: no cap. */
    readonly maxAccessDays?: number;
}

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * External recipients' access must end, on a date something enforces: `accessUntil` (the recipient's own, else the
 * share's), which the provider enforces on every drive, or `expirationDateTime` on a personal OneDrive, where invite
 * makes sharing links and Graph ends them on that date. On OneDrive for Business and SharePoint Graph ignores
 * expirationDateTime for the direct grants invite makes (microsoft-graph-docs#8820), so there it does not count.
 * With `maxAccessDays`, that end is at most so many days from `now`.
 */
export function checkExternalExpiration(
    share: Share,
    allow: AllowList,
    settings: ExpirationSettings,
    now: Date,
): RuleResult {
    if (share.recipients === UNKNOWN) return undetermined("recipients");
    const linkExpiration = graphEndsLinks(share) ? share.expirationDateTime : undefined;
    const open: string[] = [];
    const tooLong: string[] = [];
    const waiting = new Set<string>(share.recipients.unknown > 0 ? ["recipients"] : []);
    for (const recipient of share.recipients.known) {
        const external = externalReason(recipient, allow);
        if (!external) continue;
        const end = recipient.accessUntil ?? share.accessUntil ?? linkExpiration;
        const max = settings.maxAccessDays;
        if (end === UNKNOWN) {
            waiting.add(recipient.accessUntil === UNKNOWN ? "recipients" : "accessUntil");
        } else if (end === undefined) {
            open.push(`${describeRecipient(recipient)} (${external.reason}; ${external.setting})`);
        } else if (max && Date.parse(end) - now.getTime() > max * DAY_MS) {
            tooLong.push(
                `${describeRecipient(recipient)} keeps access to ${describeItem(share)} until ${end}, more than ` +
                    `${max} days from now (maxAccessDays: ${max}); give an earlier accessUntil`,
            );
        }
    }
    const violations = [...tooLong];
    if (open.length > 0) {
        const who = open.length === 1 ? "an external recipient" : `${open.length} external recipients`;
        violations.unshift(
            `${capitalize(describeItem(share))} is shared with ${who} whose access does not end: ` +
                `${listAtMost(open, 5)}; external access must end: set accessUntil on the share or the recipient, ` +
                'e.g. "2027-06-30T00:00:00Z" (the provider removes the grant after that date, on every kind of drive)',
        );
    }
    return decided(violations, [...waiting]);
}

/** A personal OneDrive named by drive id: there invite makes sharing links, whose expirationDateTime Graph enforces. */
function graphEndsLinks(share: Share): boolean {
    const business = share.userPrincipalName ?? share.groupId ?? share.siteUrl;
    return typeof share.driveId === "string" && !isBusinessDrive(share.driveId) && business === undefined;
}

/** At most N recipients on one share: distinct recipients, merged as the provider merges them. */
export function checkRecipientLimit(share: Share, settings: { maxRecipients: number }): RuleResult {
    if (share.recipients === UNKNOWN) return undetermined("recipients");
    const { known, unknown } = share.recipients;
    const max = settings.maxRecipients;
    if (known.length > max) {
        return decided(
            [
                `${capitalize(describeItem(share))} is shared with ${known.length} recipients ` +
                    `(${listAtMost(known.map(describeRecipient), 5)}) but at most ${max} are allowed per item ` +
                    `(maxRecipients: ${max}); share with a group (one objectId) instead`,
            ],
            [],
        );
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
    return decided(
        [
            message === ""
                ? `sendInvitation is true on ${item} but there is no message: recipients would get an invitation email ` +
                  `that does not say why; set message (minMessageLength: ${min})`
                : `sendInvitation is true on ${item} but message ${JSON.stringify(truncate(message, 40))} is ` +
                  `${message.length} characters long; at least ${min} are required (minMessageLength: ${min})`,
        ],
        [],
    );
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
 * A protected path prefix, relative to its library as a share's `path` is, matched against a share's `path` argument
 * (path-based addressing). Scope fields, when given, must match the share's own (case-insensitively; siteUrl without
 * trailing "/"); with a `siteUrl`, `drive` names the library, and no `drive` means the site's default library, as it
 * does for a share. A bare path matches that path in any drive.
 */
export type ProtectedPath = { readonly path: string } & { readonly [S in Scope]?: string };

/** The protected-items settings, as configured (strings are shorthand for `{ path }`). */
export interface ProtectedSettings {
    readonly protectedItems: readonly ProtectedItem[];
    readonly protectedPaths: readonly (string | ProtectedPath)[];
}

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
        const where =
            entry.itemId === undefined
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
                sameScope(scope, share[scope], entry[scope], entry.siteUrl !== undefined),
            );
            if (scopeMatches.includes(false)) return;
            if (share.path === UNKNOWN) {
                unresolved.add("path");
                return;
            }
            if (!isUnder(comparablePath(share.path as string), comparablePath(entry.path))) return;
            const unknownScope = SCOPES.find((_, i) => scopeMatches[i] === UNKNOWN);
            if (unknownScope) {
                unresolved.add(unknownScope);
                return;
            }
            const where = `protectedPaths[${index}]${describeScope(entry)}`;
            violations.push(
                `${capitalize(describeItem(share))} is under protected path ` +
                    `${JSON.stringify(entry.path)} (${where}) and must not be shared`,
            );
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
export function checkRecipientLimitPerItem(
    shares: readonly StackShare[],
    settings: { maxRecipients: number },
): StackViolation[] {
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
            message:
                `${capitalize(describeItem(group[0].share))} is shared with ${distinct.size} distinct ` +
                `recipients across ${group.length} DriveItemShare resources (${group.map((g) => g.name).join(", ")}) ` +
                `but at most ${max} are allowed per item (maxRecipients: ${max}); share with a group (one objectId) ` +
                "instead",
        });
    }
    return violations;
}

function describeScope(entry: ProtectedPath): string {
    return SCOPES.filter((scope) => entry[scope] !== undefined)
        .map((scope) => `, ${scope} ${entry[scope]}`)
        .join("");
}

function undetermined(property: string): RuleResult {
    return { violations: [], undetermined: [property] };
}

/** Violations if any; otherwise the unknown properties that kept the rule from passing outright. */
function decided(violations: string[], unresolved: string[]): RuleResult {
    return violations.length > 0 ? { violations, undetermined: [] } : { violations: [], undetermined: unresolved };
}
