/**
 * When access ends (`accessUntil`, on the share and on a recipient): the dates' validation, which declared recipients'
 * access has ended at a given time, and which will end soon. Pure: the time comes in.
 *
 * Graph keeps no end date for a direct grant on OneDrive for Business or SharePoint (invite's expirationDateTime is
 * for sharing links), so the provider enforces the date itself: a recipient whose date has passed moves from
 * `recipients` to `accessEnded`, and reconciliation removes their grant like any recipient no longer declared.
 */
import type { DeclaredRecipient, EndedRecipient, ShareInputs } from "../model/share";
import { recipientFromStored, recipientsFromStored } from "../model/stored-recipient";
import { UNKNOWN, describeValue, sortedKeys } from "../model/values";
import type { Fail } from "./failure";

/** ISO 8601 date-time with a time zone: what Graph takes, and what leaves no doubt about the instant. */
export const ISO_8601 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,7})?)?(Z|[+-]\d{2}:\d{2})$/;

/** How long before its end a grant is announced by every check (preview and up). */
export const ENDING_SOON_MS = 14 * 24 * 60 * 60 * 1000;

/** The value when it is an ISO 8601 date-time or not known yet; undefined, after a failure naming it, otherwise. */
export function checkDateTime(property: string, value: unknown, fail: Fail): string | undefined {
    if (value === UNKNOWN) return value;
    if (typeof value !== "string" || !ISO_8601.test(value) || isNaN(Date.parse(value))) {
        fail(
            property,
            `${property} ${describeValue(value)} is not an ISO 8601 date-time such as "2027-06-30T00:00:00Z"`,
        );
        return undefined;
    }
    return value;
}

/** When a recipient's access ends: their own date, else the share's; undefined when it does not end. */
export function endOf(recipient: DeclaredRecipient, shareUntil: string | undefined): string | undefined {
    return recipient.accessUntil ?? shareUntil;
}

/** The same instant, however written: a date is compared by what it means. */
export function sameInstant(a: string | undefined, b: string | undefined): boolean {
    return a !== undefined && b !== undefined && Date.parse(a) === Date.parse(b);
}

/** What a share's recipients are at `now`: those whose access goes on, and those whose end has passed. */
export interface AccessAt {
    readonly recipients: Record<string, DeclaredRecipient>;
    readonly accessEnded: Record<string, EndedRecipient>;
}

/** Splits declared recipients at `now`; a date not known yet (UNKNOWN) has not passed. */
export function accessAt(
    recipients: Record<string, DeclaredRecipient>,
    shareUntil: string | undefined,
    now: Date,
): AccessAt {
    const active: Record<string, DeclaredRecipient> = {};
    const ended: Record<string, EndedRecipient> = {};
    for (const [key, recipient] of Object.entries(recipients)) {
        const until = endOf(recipient, shareUntil);
        if (until === undefined || until === UNKNOWN || Date.parse(until) > now.getTime()) active[key] = recipient;
        else ended[key] = { ...recipient, accessUntil: until };
    }
    return { recipients: active, accessEnded: sortedKeys(ended) };
}

/**
 * The end date the previous checked inputs held for a recipient, whether their access was still on or had ended.
 * A date that has passed is accepted only when it was already declared: it ends a grant; it cannot start one.
 */
export function previousEnd(olds: Partial<ShareInputs>, key: string): string | undefined {
    const ended = olds.accessEnded?.[key];
    if (ended) return ended.accessUntil;
    const stored = olds.recipients?.[key];
    if (stored === undefined || stored === null) return undefined;
    return endOf(recipientFromStored(key, stored, `olds.recipients[${JSON.stringify(key)}]`), olds.accessUntil);
}

/**
 * Moves the recipients whose end has passed into `accessEnded`, and fails a date that has passed unless the previous
 * inputs held it for that recipient: a past date in a new declaration is a mistake, but the same date in an unchanged
 * program, once passed, must keep previews and ups working.
 *
 * @param positions the index at which the program listed each recipient key, to name it in a failure.
 */
export function endAccess(
    olds: Partial<ShareInputs>,
    recipients: Record<string, DeclaredRecipient>,
    shareUntil: string | undefined,
    positions: ReadonlyMap<string, number>,
    now: Date,
    fail: Fail,
): AccessAt {
    const split = accessAt(recipients, shareUntil, now);
    for (const [key, ended] of Object.entries(split.accessEnded)) {
        if (sameInstant(ended.accessUntil, previousEnd(olds, key))) continue;
        const property = `recipients[${positions.get(key)}]`;
        if (recipients[key].accessUntil !== undefined) {
            fail(`${property}.accessUntil`, `${property}.accessUntil "${ended.accessUntil}" is in the past`);
        } else {
            fail(
                property,
                `${property} "${key}" is declared after the share's accessUntil "${ended.accessUntil}" has passed: ` +
                    "give a later accessUntil, or the recipient an accessUntil of their own",
            );
        }
    }
    return split;
}

/**
 * One line per recipient whose access has ended (this update removes the grant) or ends within
 * {@link ENDING_SOON_MS}, for reviewers of a preview.
 */
export function accessNotices(
    inputs: Pick<ShareInputs, "recipients" | "accessUntil" | "accessEnded">,
    where: string,
    now: Date,
): string[] {
    const ended = Object.entries(inputs.accessEnded ?? {}).map(
        ([key, recipient]) =>
            `the access of ${key} to ${where} ended at ${recipient.accessUntil}: their grant is removed`,
    );
    const soon = Object.entries(recipientsFromStored(inputs.recipients ?? {})).flatMap(([key, recipient]) => {
        const until = endOf(recipient, inputs.accessUntil);
        if (until === undefined || until === UNKNOWN) return [];
        const left = Date.parse(until) - now.getTime();
        if (left > ENDING_SOON_MS) return [];
        const days = Math.ceil(left / (24 * 60 * 60 * 1000));
        return [
            `the access of ${key} to ${where} ends at ${until} (in ${days} day${days === 1 ? "" : "s"}): ` +
                "the first pulumi up after that removes their grant",
        ];
    });
    return [...ended, ...soon];
}
