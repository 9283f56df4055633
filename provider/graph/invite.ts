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
import { GraphRequestError } from "./session";
import type { GraphSession } from "./session";

/**
 * Invites the recipients with one call. When Graph answers that a recipient cannot be found (it never says which),
 * halves the list until every unknown recipient is named; everyone else is still granted.
 */
export async function inviteRecipients(
    session: GraphSession,
    item: ItemAddress,
    inputs: ShareInputs,
    keys: string[],
    invited: Map<string, GraphPermission>,
    notFound: string[],
    notified: string[],
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
            notFound.push(keys[0]);
            return;
        }
        const half = Math.ceil(keys.length / 2);
        await inviteRecipients(session, item, inputs, keys.slice(0, half), invited, notFound, notified);
        await inviteRecipients(session, item, inputs, keys.slice(half), invited, notFound, notified);
        return;
    }
    keys.forEach((key, index) => {
        const permission = permissionFor(recipients[index], index, answer);
        if (!permission) return;
        invited.set(key, permission);
        if (permission.error) {
            notified.push(
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
