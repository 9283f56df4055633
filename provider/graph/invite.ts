/**
 * Granting with Graph `invite`: calls of a bounded size per set of options, users before groups, the halving that
 * names the recipients Graph cannot find (it says only that one is missing), and the list that tells, after a
 * timed-out invite, whom it granted.
 */
import type { ItemAddress } from "../model/address";
import type { GraphPermission, InviteRequest } from "../model/graph";
import { grantees, hasRoles, isRecipient } from "../model/permission";
import { recipientFromKey } from "../model/recipient";
import type { Recipient } from "../model/recipient";
import type { ShareInputs } from "../model/share";
import { GraphRequestError } from "./errors";
import { notice } from "./session";
import type { GraphSession } from "./session";

/**
 * What the invites of one operation did, filled in as each call answers: grants made before a later call failed are
 * still there to be recorded.
 */
export interface InviteResults {
    /** The permission that now grants each invited recipient, by recipient key. */
    readonly invited: Map<string, GraphPermission>;
    /** Recipients Graph could not find in the directory. */
    readonly notFound: string[];
    /** Recipients granted whose invitation email Graph could not send, each with Graph's reason. */
    readonly notNotified: string[];
    /**
     * The ids of the item's permissions before this operation invited anyone: a permission a timed-out invite
     * created is one not among them.
     */
    readonly existing: ReadonlySet<string>;
}

/**
 * Invites the recipients in calls of at most `DRIVESHARE_RECIPIENTS_PER_INVITE`, side by side under the process-wide
 * limit; users first, then aliases, then groups, each kind after the one before has answered (a group granted before
 * its member can swallow the member's own grant, rclone#8465). One failed call does not stop the others: every grant
 * made is recorded before the first failure is thrown.
 */
export async function inviteRecipients(
    session: GraphSession,
    item: ItemAddress,
    inputs: ShareInputs,
    keys: string[],
    results: InviteResults,
): Promise<void> {
    const size = session.settings.recipientsPerInvite;
    const calls = Math.ceil(keys.length / size);
    if (calls > 1) notice(`inviting ${keys.length} recipients in ${calls} invites of at most ${size}`);
    let failure: unknown;
    for (const rank of [0, 1, 2]) {
        const kind = keys.filter((key) => inviteRank(key) === rank);
        const chunks: string[][] = [];
        for (let i = 0; i < kind.length; i += size) chunks.push(kind.slice(i, i + size));
        const outcomes = await Promise.allSettled(
            chunks.map((chunk) => inviteCall(session, item, inputs, chunk, results)),
        );
        failure ??= outcomes.find((o): o is PromiseRejectedResult => o.status === "rejected")?.reason;
    }
    const withoutExpiration = keys.filter((key) => {
        const permission = results.invited.get(key);
        return inputs.expirationDateTime !== undefined && permission !== undefined && !expires(permission);
    });
    if (withoutExpiration.length > 0) {
        // Graph documents the date as applying to sharing links only on OneDrive for Business and SharePoint.
        notice(
            `Graph granted ${withoutExpiration.length} recipient${withoutExpiration.length === 1 ? "" : "s"} ` +
                `without expirationDateTime ${inputs.expirationDateTime}: on OneDrive for Business and SharePoint ` +
                "it applies to sharing links only, so this access does not end by itself",
        );
    }
    if (failure !== undefined) throw failure;
}

/**
 * One invite call. When Graph answers that a recipient cannot be found (it never says which), halves the list until
 * every unknown recipient is named; everyone else is still granted. When the gateway times out (504) or the
 * connection is lost, the invite may have been carried out: the list says who was granted, and only the others are
 * invited again, in halves.
 */
async function inviteCall(
    session: GraphSession,
    item: ItemAddress,
    inputs: ShareInputs,
    keys: string[],
    results: InviteResults,
    resent = false,
): Promise<void> {
    if (keys.length === 0) return;
    const recipients = keys.map(recipientFromKey);
    let answer: GraphPermission[];
    try {
        answer = await session.invite(item, inviteRequest(inputs, recipients));
    } catch (error) {
        if (!(error instanceof GraphRequestError)) throw error;
        const unknownRecipient = error.status === 404 && /recipient/i.test(error.message);
        const undetermined = error.status === 504 || error.status === -1;
        if (!unknownRecipient && !undetermined) throw error;
        let rest = keys;
        if (undetermined) {
            rest = await grantedMeanwhile(session, item, inputs, keys, results);
            const answered =
                `Graph answered an invite of ${keys.length} recipient${keys.length === 1 ? "" : "s"} with ` +
                `${error.status === -1 ? "no answer" : 504}`;
            if (rest.length === 0) {
                notice(`${answered}; the list shows all ${keys.length} granted`);
                return;
            }
            if (keys.length === 1) {
                // One recipient is sent once more; a second time out fails the step (nothing is lost: the next up).
                if (resent) throw error;
                notice(`${answered}; the list shows no grant, inviting again`);
                return inviteCall(session, item, inputs, keys, results, true);
            }
            notice(
                `${answered}; ${keys.length - rest.length} were granted, inviting the other ${rest.length} again ` +
                    "in smaller invites",
            );
        } else if (keys.length === 1) {
            results.notFound.push(keys[0]);
            return;
        }
        const half = Math.ceil(rest.length / 2);
        // Halves one after the other: the second is not sent while the first may still be timing out.
        await inviteCall(session, item, inputs, rest.slice(0, half), results);
        await inviteCall(session, item, inputs, rest.slice(half), results);
        return;
    }
    keys.forEach((key, index) => {
        const permission = permissionFor(recipients[index], index, answer);
        if (!permission) return;
        results.invited.set(key, permission);
        if (permission.error) {
            results.notNotified.push(
                `${key} (${permission.error.innererror?.code ?? permission.error.code}: ` +
                    `${permission.error.message ?? "notification failed"})`,
            );
        }
    });
}

/**
 * After an invite whose outcome is unknown: records the recipients a new permission with the declared roles now
 * grants, and returns the others. Aliases cannot be told (Graph never names them), so they are invited again.
 */
async function grantedMeanwhile(
    session: GraphSession,
    item: ItemAddress,
    inputs: ShareInputs,
    keys: string[],
    results: InviteResults,
): Promise<string[]> {
    const live = (await session.listPermissions(item)) ?? [];
    const created = live.filter((p) => !results.existing.has(p.id) && hasRoles(p, inputs.roles));
    return keys.filter((key) => {
        const recipient = recipientFromKey(key);
        const permission = created.find((p) => grantees(p).some((g) => isRecipient(g, recipient)));
        if (permission) results.invited.set(key, permission);
        return !permission;
    });
}

/** Graph writes "no expiration" as the minimum date, or leaves the property out. */
function expires(permission: GraphPermission): boolean {
    return !!permission.expirationDateTime && !permission.expirationDateTime.startsWith("0001-01-01");
}

/** The permission of an invite answer that grants a recipient: by identity, else by position or the single link. */
function permissionFor(recipient: Recipient, index: number, answer: GraphPermission[]): GraphPermission | undefined {
    return (
        answer.find((p) => grantees(p).some((g) => isRecipient(g, recipient))) ??
        (answer.length === 1 ? answer[0] : answer[index])
    );
}

/** Users, then aliases, then groups. */
function inviteRank(key: string): number {
    return key.includes("@") ? 0 : key.startsWith("alias:") ? 1 : 2;
}

function inviteRequest(inputs: ShareInputs, recipients: Recipient[]): InviteRequest {
    return {
        recipients: recipients.map((r) => ({ ...r })),
        roles: [...inputs.roles],
        requireSignIn: inputs.requireSignIn,
        sendInvitation: inputs.sendInvitation,
        ...(inputs.message === undefined ? {} : { message: inputs.message }),
        ...(inputs.expirationDateTime === undefined ? {} : { expirationDateTime: inputs.expirationDateTime }),
        ...(inputs.password === undefined ? {} : { password: inputs.password }),
        ...(inputs.retainInheritedPermissions === undefined
            ? {}
            : { retainInheritedPermissions: inputs.retainInheritedPermissions }),
    };
}
