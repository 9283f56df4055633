/**
 * Granting with Graph `invite`: one call per set of options, users before groups, and the halving that names the
 * recipients Graph cannot find (it says only that one is missing).
 */
import type { ItemAddress } from "../model/address";
import type { GraphPermission, InviteRequest } from "../model/graph";
import { grantees, isRecipient } from "../model/permission";
import { recipientFromKey } from "../model/recipient";
import type { Recipient } from "../model/recipient";
import type { ShareInputs } from "../model/share";
import { GraphRequestError } from "./errors";
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
}

/**
 * Invites the recipients with one call. When Graph answers that a recipient cannot be found (it never says which),
 * halves the list until every unknown recipient is named; everyone else is still granted.
 */
export async function inviteRecipients(
    session: GraphSession,
    item: ItemAddress,
    inputs: ShareInputs,
    keys: string[],
    results: InviteResults,
): Promise<void> {
    if (keys.length === 0) return;
    const recipients = keys.map(recipientFromKey);
    let answer: GraphPermission[];
    try {
        answer = await session.invite(item, inviteRequest(inputs, recipients));
    } catch (error) {
        if (!(error instanceof GraphRequestError && error.status === 404 && /recipient/i.test(error.message)))
            throw error;
        if (keys.length === 1) {
            results.notFound.push(keys[0]);
            return;
        }
        const half = Math.ceil(keys.length / 2);
        await inviteRecipients(session, item, inputs, keys.slice(0, half), results);
        await inviteRecipients(session, item, inputs, keys.slice(half), results);
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

/** The permission of an invite answer that grants a recipient: by identity, else by position or the single link. */
function permissionFor(recipient: Recipient, index: number, answer: GraphPermission[]): GraphPermission | undefined {
    return (
        answer.find((p) => grantees(p).some((g) => isRecipient(g, recipient))) ??
        (answer.length === 1 ? answer[0] : answer[index])
    );
}

/** Users before groups: a group granted first in the same call can swallow a member's own grant (rclone#8465). */
export function orderForInvite(keys: string[]): string[] {
    const rank = (key: string) => (key.includes("@") ? 0 : key.startsWith("alias:") ? 1 : 2);
    return [...keys].sort((a, b) => rank(a) - rank(b));
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
