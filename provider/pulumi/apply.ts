/**
 * Carrying out a plan: invites, role changes and removals, and the outputs that record what happened, whatever
 * failed on the way.
 */
import { runBatch } from "../graph/batch";
import { inviteRecipients } from "../graph/invite";
import type { InviteResults } from "../graph/invite";
import type { GraphSession } from "../graph/session";
import { describeAddress } from "../model/address";
import type { ItemAddress } from "../model/address";
import type { Plan, Removal } from "../model/changes";
import { recipientKey } from "../model/recipient";
import type { Grant, ShareInputs, ShareOutputs } from "../model/share";
import { stateOfOutputs } from "../model/stored-grant";
import { currentTime } from "./clock";
import { grantsAfterApply } from "./grants-after-apply";
import { PartialFailure } from "./partial-failure";

/**
 * Carries out a plan: the invite, and role changes and removals in `$batch` requests. They run side by side, except
 * when a recipient moves to a new grant (a role change on a shared link): then the invite goes first, so that nobody
 * is without access in between. Returns the outputs, or throws a {@link PartialFailure} that carries them.
 */
export async function apply(
    session: GraphSession,
    id: string,
    item: ItemAddress,
    inputs: ShareInputs,
    recorded: Record<string, Grant>,
    plan: Plan,
    existing: ReadonlySet<string>,
    grantedBefore: ReadonlySet<string> = new Set(),
): Promise<ShareOutputs> {
    const failures: string[] = [];
    const grantedAt = currentTime().toISOString();

    const results: InviteResults = { invited: new Map(), notFound: [], notNotified: [], existing };
    const { invited, notFound, notNotified } = results;
    // One invite per set of options: newcomers as declared; people who already had access are not emailed again
    // (Graph refuses no email without sign-in, so requireSignIn false keeps its invitation).
    const newcomers = plan.invite.filter((key) => !plan.renew.includes(key));
    const renewed = { ...inputs, sendInvitation: inputs.sendInvitation && !inputs.requireSignIn };
    // Both settle before the outputs are built, so that neither's grants go unrecorded when the other fails.
    const invite = Promise.allSettled([
        inviteRecipients(session, item, inputs, newcomers, results),
        inviteRecipients(session, item, renewed, plan.renew, results),
    ]).then((outcomes) =>
        outcomes.forEach((o) => o.status === "rejected" && failures.push((o.reason as Error).message)),
    );
    const moves = (removal: Removal) => removal.recipients.some((r) => plan.invite.includes(recipientKey(r)));
    let removals = plan.remove;
    if (removals.some(moves)) {
        await invite;
        // A recipient whose new grant failed keeps the old one: the next update moves them.
        removals = removals.filter((removal) =>
            removal.recipients.every((r) => !plan.invite.includes(recipientKey(r)) || invited.has(recipientKey(r))),
        );
    }
    const batch = runBatch(session, item, plan.patch, removals);
    await invite;
    const { patched, inherited, failures: batchFailures, leaving } = await batch;
    // A role change refused because the permission is inherited (it can change only where it is defined): grant the
    // recipient directly instead, and leave the inherited permission alone. Emailed only if this is their first grant.
    const direct = plan.patch.map((c) => c.key).filter((key) => inherited.has(key));
    const repaired = (key: string) => recorded[key] !== undefined || grantedBefore.has(key);
    const directly = await Promise.allSettled([
        inviteRecipients(
            session,
            item,
            inputs,
            direct.filter((key) => !repaired(key)),
            results,
        ),
        inviteRecipients(session, item, renewed, direct.filter(repaired), results),
    ]);
    directly.forEach((o) => o.status === "rejected" && failures.push((o.reason as Error).message));

    if (notFound.length > 0) {
        failures.push(
            `Graph could not find ${notFound.length === 1 ? "this recipient" : "these recipients"} in the ` +
                `directory: ${notFound.join(", ")}. Check the spelling. People outside the organization must already be ` +
                "guests of the tenant: an app signed in with its own identity (app-only) cannot invite new guests, so " +
                "invite them to the tenant first (Entra ID B2B).",
        );
    }

    failures.push(...batchFailures);
    if (notNotified.length > 0) {
        failures.push(
            `Access was granted, but Graph could not send the invitation email to ${notNotified.join("; ")}. ` +
                "The grants are recorded; tell these recipients by other means.",
        );
    }

    const outcome = { invited, patched, leaving, grantedAt };
    const recording = grantsAfterApply(inputs, recorded, plan, outcome, grantedBefore);
    const outs: ShareOutputs = { ...inputs, ...item, ...recording };
    if (failures.length > 0) {
        const message =
            `DriveItemShare on ${describeAddress(inputs)} did not finish; what succeeded is recorded and the ` +
            `next pulumi up carries on:\n- ${failures.join("\n- ")}`;
        throw new PartialFailure(message, id, stateOfOutputs(outs), failures);
    }
    return outs;
}
