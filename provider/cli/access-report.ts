/**
 * Who has access, per DriveItemShare and recipient, from what the stack's state records: the rows of
 * `driveitemshare report`, before they are written as Markdown or CSV. Pure, so the wording of every status is
 * tested here and stays the same for scripts and auditors that read it.
 */
import { addressOf, describeAddress } from "../model/address";
import type { ManagedShare, RecordedGrant } from "./stack-state";
import { SECRET } from "./stack-state";

/**
 * How a recipient's access stands, as the last `pulumi up` or `pulumi refresh` recorded it. The wording is part of
 * the report's contract (README, "Who has access").
 */
export const STATUS = {
    /** A grant is recorded with the declared role. */
    asDeclared: "as declared",
    /** Declared, but no grant is recorded: the last refresh found it removed. The next up restores it. */
    missing: "missing",
    /** Its end date has passed and no grant is left. */
    ended: "ended",
    /** Its end date has passed but a grant is still recorded: the next up removes it. */
    endedRemovalPending: "ended, removal pending",
    /** A grant of someone this resource no longer declares: the next up removes it. */
    notDeclared: "not declared, removal pending",
    /** The resource keeps who has access as a secret, so the report does not list it. */
    secret: "secret, not shown",
} as const;

/** `role differs (found write)`: a grant is recorded with another role than the declared one. */
export function roleDiffers(found: readonly string[]): string {
    return `role differs (found ${found.length > 0 ? roleText(found) : "none"})`;
}

/** One recipient of one DriveItemShare. */
export interface AccessRow {
    /** The item as declared, readable: `siteUrl "...", path "Q3"`, with the ids it resolved to when they differ. */
    readonly item: string;
    readonly driveId: string;
    readonly itemId: string;
    /** The resource's name. */
    readonly resource: string;
    /** The recipient key: an email, an object id, or `alias:<alias>`. */
    readonly recipient: string;
    /** The declared role; for a grant no longer declared, the role it grants. */
    readonly role: string;
    /** When this resource granted the access (ISO 8601), if the state records it. */
    readonly since?: string;
    /** When the access ends (ISO 8601): the recipient's own date, else the resource's. */
    readonly until?: string;
    /** One of {@link STATUS}, or {@link roleDiffers}. */
    readonly status: string;
}

/** The report: its rows, sorted by item, resource and recipient, and the counts of its summary line. */
export interface AccessReport {
    readonly rows: readonly AccessRow[];
    /** Distinct items (by drive and item id). */
    readonly items: number;
    /** DriveItemShare resources. */
    readonly shares: number;
    /** Grants recorded. */
    readonly grants: number;
    /** Rows whose status is neither "as declared" nor "ended": what the next up changes, or a secret. */
    readonly notAsDeclared: number;
}

/** Every row of every share, sorted, with the summary counts. */
export function accessReport(shares: readonly ManagedShare[]): AccessReport {
    const rows = shares.flatMap(rowsOf).sort(compareRows);
    return {
        rows,
        items: new Set(shares.map((share) => `${share.driveId}\n${share.itemId}\n${itemOf(share)}`)).size,
        shares: shares.length,
        grants: shares.reduce((n, share) => n + Object.keys(share.grants).length, 0),
        notAsDeclared: rows.filter((row) => row.status !== STATUS.asDeclared && row.status !== STATUS.ended).length,
    };
}

/** The rows of one share: its declared recipients, those whose access ended, and grants of anyone else. */
export function rowsOf(share: ManagedShare): AccessRow[] {
    const base = { item: itemOf(share), driveId: share.driveId, itemId: share.itemId, resource: share.name };
    const declaredRole = roleText(share.roles);
    if (share.secretProperties.length > 0) {
        return [{ ...base, recipient: SECRET, role: declaredRole, status: STATUS.secret }];
    }
    const keys = new Set([
        ...Object.keys(share.recipients),
        ...Object.keys(share.accessEnded),
        ...Object.keys(share.grants),
    ]);
    return [...keys].map((recipient) => {
        const declared = share.recipients[recipient];
        const ended = share.accessEnded[recipient];
        const grant: RecordedGrant | undefined = share.grants[recipient];
        const until = ended?.accessUntil ?? declared?.accessUntil ?? share.accessUntil;
        const row = { ...base, recipient, since: grant?.since, until };
        if (ended) return { ...row, role: declaredRole, status: grant ? STATUS.endedRemovalPending : STATUS.ended };
        if (!declared) return { ...row, role: roleText(grant!.roles), until: undefined, status: STATUS.notDeclared };
        if (!grant) return { ...row, role: declaredRole, status: STATUS.missing };
        const same = sameRoles(grant.roles, share.roles);
        return { ...row, role: declaredRole, status: same ? STATUS.asDeclared : roleDiffers(grant.roles) };
    });
}

/** The item as declared, with the ids it resolved to unless the declaration is those ids. */
export function itemOf(share: ManagedShare): string {
    const ids = describeAddress({ driveId: share.driveId, itemId: share.itemId });
    const form = addressOf(share.address);
    if (Object.values(form).every((value) => value === undefined)) return ids;
    const declared = describeAddress(share.address);
    if (form.driveId === share.driveId && form.itemId === share.itemId) return declared;
    // The drive id of a `driveId` + `path` declaration is not repeated.
    return `${declared} (${form.driveId === share.driveId ? describeAddress({ itemId: share.itemId }) : ids})`;
}

function roleText(roles: readonly string[]): string {
    return [...roles].sort().join("+");
}

function sameRoles(a: readonly string[], b: readonly string[]): boolean {
    return roleText(a) === roleText(b);
}

/** By item, resource, then recipient; by code unit, so that the order is the same in every locale. */
function compareRows(a: AccessRow, b: AccessRow): number {
    for (const key of ["item", "resource", "recipient"] as const) {
        if (a[key] !== b[key]) return a[key] < b[key] ? -1 : 1;
    }
    return 0;
}
