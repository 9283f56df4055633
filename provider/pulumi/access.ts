/**
 * DriveItemAccess: one item's readers and editors in one declaration, as a component of two DriveItemShares (one per
 * role, `<name>-read` and `<name>-write`). "One person, one role per item" holds by construction: a person listed
 * under both roles is an error when the program runs, at preview, naming them. Moving someone from `read` to `write`
 * is one update of both children in which they keep access: Graph keeps one permission per person per item, and
 * resources on one item hand a recipient over instead of removing them (coordination.ts), so the write child changes
 * the role of the permission they hold (a PATCH) and the read child leaves it alone.
 */
import * as pulumi from "@pulumi/pulumi";
import { checkRecipients } from "../check/recipients";
import type { Role } from "../model/recipient";
import { DriveItemShare } from "./resource";
import type { DriveItemShareArgs, RecipientArg } from "./resource";

/** The type token of the component, part of its children's URNs. */
const TYPE_TOKEN = "driveShare:index:DriveItemAccess";

/** The arguments of a {@link DriveItemAccess}: a DriveItemShare's, with a list of recipients per role. */
export interface DriveItemAccessArgs extends Omit<DriveItemShareArgs, "recipients" | "roles"> {
    /** Who may read the item. An empty list (or none) declares no readers; a list given as an Output must not be empty. */
    readonly read?: pulumi.Input<pulumi.Input<RecipientArg>[]>;
    /** Who may edit the item; the same rules as `read`. */
    readonly write?: pulumi.Input<pulumi.Input<RecipientArg>[]>;
}

/** One item's readers and editors: a `<name>-read` and a `<name>-write` DriveItemShare. */
export class DriveItemAccess extends pulumi.ComponentResource {
    /** The DriveItemShare of each role that has recipients. */
    public readonly shares: Readonly<Partial<Record<Role, DriveItemShare>>>;

    constructor(name: string, args: DriveItemAccessArgs, opts?: pulumi.ComponentResourceOptions) {
        super(TYPE_TOKEN, name, {}, opts);
        const { read, write, ...common } = args;
        const lists: Record<Role, DriveItemAccessArgs["read"]> = { read, write };
        const overlap = (readers: unknown, writers: unknown) => {
            const both = recipientKeys(readers).filter((key) => recipientKeys(writers).includes(key));
            if (both.length > 0) {
                throw new Error(
                    `DriveItemAccess "${name}": ${both.join(", ")} ${both.length === 1 ? "is" : "are"} listed under ` +
                        "both read and write. One person holds one role per item: list each under one.",
                );
            }
        };
        if (isPlain(read) && isPlain(write)) overlap(read, write);
        else pulumi.all([read ?? [], write ?? []]).apply(([readers, writers]) => overlap(readers, writers));
        const shares: Partial<Record<Role, DriveItemShare>> = {};
        for (const role of ["read", "write"] as const) {
            const recipients = lists[role];
            if (recipients === undefined || (Array.isArray(recipients) && recipients.length === 0)) continue;
            shares[role] = new DriveItemShare(
                `${name}-${role}`,
                { ...common, recipients, roles: [role] },
                { parent: this },
            );
        }
        this.shares = shares;
        this.registerOutputs({});
    }
}

/** True for a list whose every element is known now (no Output, no Promise). */
function isPlain(list: unknown): boolean {
    if (list === undefined) return true;
    return (
        Array.isArray(list) &&
        list.every((element) => !pulumi.Output.isInstance(element) && !(element instanceof Promise))
    );
}

/** The recipient keys of a list, normalized as the provider keys them; none for a list the provider will refuse. */
function recipientKeys(list: unknown): string[] {
    if (list === undefined || (Array.isArray(list) && list.length === 0)) return [];
    const keyed = checkRecipients(list, () => {});
    return keyed && typeof keyed === "object" && !Array.isArray(keyed) ? Object.keys(keyed) : [];
}
