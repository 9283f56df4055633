/**
 * The provider's operations as the Pulumi provider host runs them. The serialized provider stored in each resource's
 * state is a thin shim that `require`s these by package name when a method runs (see shim.ts), so the code here is
 * the installed package's, never a copy frozen into state.
 *
 * Failures keep what was done: an operation that fails after changing some grants throws a PartialFailure carrying
 * the resource id and its outputs as they now are, so the state records every grant that exists.
 */
import { randomUUID } from "crypto";
import type { dynamic } from "@pulumi/pulumi";
import { accessAt, accessNotices } from "../check/access";
import type { AccessAt } from "../check/access";
import { checkInputs } from "../check/arguments";
import { resolveItem } from "../graph/address";
import { runBatch } from "../graph/batch";
import { confirmPermissions } from "../graph/confirm";
import { GraphSession, notice } from "../graph/session";
import { resolveSettings } from "../graph/settings";
import type { ConnectionSettings, StackConfig } from "../graph/settings";
import { addressKey, addressOf, describeAddress } from "../model/address";
import type { ItemAddress, ItemLocator } from "../model/address";
import type { GraphPermission } from "../model/graph";
import { recipientKey } from "../model/recipient";
import { redact } from "../model/redact";
import { resourceIdentityOf, resourceNameOf } from "../model/share";
import type { Grant, ShareInputs, ShareOutputs, StoredShareOutputs } from "../model/share";
import { outputsFromState, stateOfOutputs } from "../model/stored-grant";
import { recipientsFromStored, storedRecipients } from "../model/stored-recipient";
import { containsUnknown, sortedKeys } from "../model/values";
import { compareDeclarations } from "../plan/diff";
import { planReconcile } from "../plan/reconcile";
import { refreshedGrants } from "../plan/refresh";
import { removalsByRecord } from "../plan/removals";
import { unlistedRecordedIds } from "../plan/unlisted";
import { apply } from "./apply";
import { currentTime } from "./clock";
import { declare, declaredByOthers, withdraw } from "./coordination";
import { PartialFailure } from "./partial-failure";

/**
 * Validates and normalizes the declaration, and records it for the other resources of this deployment (see
 * coordination.ts): a recipient another resource already declares on the same item is a failure. Says on stderr
 * whose access has ended or ends soon (see check/access.ts), so that a preview's reviewer reads it. No Graph call.
 */
export function check(olds: object, news: object): dynamic.CheckResult<Record<string, unknown>> {
    // The engine sends whatever the program gave (news) and the last checked inputs (olds): objects of any shape.
    const now = currentTime();
    const result = checkInputs(olds as Record<string, unknown>, news as Record<string, unknown>, now);
    const inputs = result.inputs as unknown as ShareInputs;
    const name = resourceNameOf(inputs);
    const identity = resourceIdentityOf(inputs);
    if (result.failures.length > 0 || !name || !identity || containsUnknown([addressOf(inputs), inputs.recipients])) {
        return result;
    }
    for (const line of accessNotices(inputs, `${name} (${describeAddress(inputs)})`, now)) notice(line);
    // Both are named by their URNs too when known: twins under different parents share a name.
    const urn = inputs.__resourceUrn;
    const label = urn === undefined ? `"${name}"` : `"${name}" (${urn})`;
    const conflicts = declare(identity, label, addressKey(inputs), Object.keys(inputs.recipients));
    for (const [key, other] of conflicts) {
        result.failures.push({
            property: "recipients",
            reason:
                `"${key}" is also declared by DriveItemShare ${other} on the same item (${describeAddress(inputs)})` +
                `${urn === undefined ? "" : `, as does this resource, ${urn}`}. ` +
                "Graph keeps one permission per person per item, so two resources would fight over it: declare each " +
                "recipient in one resource per item.",
        });
    }
    return result;
}

/**
 * Compares the previous outputs with the new checked inputs. Another item means another resource; any other change,
 * or drift that `pulumi refresh` recorded in the grants, is an update. Graph is asked only when the address changed
 * without naming ids: a path to the same item (a renamed folder) is an update, not a replacement.
 */
export async function diff(
    state: StoredShareOutputs,
    news: ShareInputs,
    config: StackConfig,
): Promise<dynamic.DiffResult> {
    const olds = outputsFromState(state);
    const { moved, changes } = compareDeclarations(olds, news);
    let replaces: string[] = [];
    if (moved.length > 0) {
        const after = addressOf(news);
        const sameItem =
            !containsUnknown(after) &&
            (after.itemId !== undefined
                ? after.driveId === olds.driveId && after.itemId === olds.itemId
                : await guarded(config, news, async (session) => {
                      const item = await resolveItem(session, news);
                      return item.driveId === olds.driveId && item.itemId === olds.itemId;
                  }));
        if (!sameItem) replaces = moved;
    }
    return { changes, replaces, stables: replaces.length > 0 ? [] : ["driveId", "itemId"], deleteBeforeReplace: false };
}

/** Lists the item's permissions, adopts matching grants, and invites everyone else in one call. */
export async function create(
    inputs: ShareInputs,
    config: StackConfig,
): Promise<dynamic.CreateResult<StoredShareOutputs>> {
    return guarded(config, inputs, async (session) => {
        const item = await resolveItem(session, inputs);
        const live = await liveOrFail(session, item, inputs);
        const plan = planReconcile({
            declared: recipientsFromStored(inputs.recipients),
            roles: inputs.roles,
            recorded: {},
            live,
        });
        const id = `${item.driveId}/${item.itemId}/${randomUUID()}`;
        return { id, outs: stateOfOutputs(await apply(session, id, item, inputs, {}, plan, permissionIds(live))) };
    });
}

/** Lists the item's permissions and reconciles them with the new declaration, repairing drift on the way. */
export async function update(
    id: string,
    state: StoredShareOutputs,
    news: ShareInputs,
    config: StackConfig,
): Promise<dynamic.UpdateResult<StoredShareOutputs>> {
    const olds = outputsFromState(state);
    return guarded(config, news, async (session) => {
        // diff replaces the resource when the address names another item: this one is still the old one's.
        const item = { driveId: olds.driveId, itemId: olds.itemId };
        const recorded = olds.grants ?? {};
        const live = await livePermissions(session, item, recorded);
        if (!live) throw itemGone(item, news);
        const regrant = olds.expirationDateTime !== news.expirationDateTime || olds.password !== news.password;
        const grantedBefore = new Set(olds.__granted);
        const plan = planReconcile({
            declared: recipientsFromStored(news.recipients),
            roles: news.roles,
            recorded,
            live,
            regrant,
            declaredElsewhere: declaredByOthers(resourceIdentityOf(news), addressKey(news)),
            grantedBefore,
        });
        const outs = await apply(session, id, item, news, recorded, plan, permissionIds(live), grantedBefore);
        return { outs: stateOfOutputs(outs) };
    });
}

/** Reports the live grants of the declared recipients; an item that no longer exists means the resource is gone. */
export async function read(
    id: string,
    state: StoredShareOutputs,
    config: StackConfig,
): Promise<dynamic.ReadResult<Partial<StoredShareOutputs>>> {
    const props = outputsFromState(state);
    return guarded(config, props, async (session) => {
        const recorded = props.grants ?? {};
        let live = await livePermissions(session, props, recorded);
        if (!live) return { id: "", props: {} };
        // A recipient whose end has passed since the last check is reported as ended, and the next update removes
        // the grant; here only when asked for, since `pulumi preview --refresh` runs this too.
        const split = accessAt(recipientsFromStored(props.recipients ?? {}), props.accessUntil, currentTime());
        if (session.settings.endAccessOnRefresh && (await endAccess(session, props, split, live))) {
            // Listed again for what the removals left; the removed grants need no confirming by id.
            const left = Object.fromEntries(Object.entries(recorded).filter(([key]) => !(key in split.accessEnded)));
            live = (await livePermissions(session, props, left)) ?? [];
        }
        const ended = sortedKeys({ ...props.accessEnded, ...split.accessEnded });
        const current = {
            ...props,
            recipients: storedRecipients(split.recipients, props.recipients),
            ...(Object.keys(ended).length > 0 ? { accessEnded: ended } : {}),
        };
        // The inputs are the outputs less what the provider added: the grants (and who was granted), and ids a path
        // resolved to.
        const { grants: _, driveId: __, itemId: ___, __granted: ____, ...declared } = current;
        const address = Object.fromEntries(Object.entries(addressOf(props)).filter(([, v]) => v !== undefined));
        return {
            id,
            props: stateOfOutputs(
                { ...current, grants: refreshedGrants(split.recipients, recorded, live) },
                state.grants,
            ),
            inputs: { ...declared, ...address } as ShareInputs,
        };
    });
}

/**
 * Removes the grants this resource recorded, and nothing else. A grant or item already gone is success. On a business
 * drive the recorded ids are enough and the item is not listed (plan/removals.ts).
 */
export async function remove(_id: string, state: StoredShareOutputs, config: StackConfig): Promise<void> {
    const props = outputsFromState(state);
    await guarded(config, props, async (session) => {
        const recorded = props.grants ?? {};
        const declaredElsewhere = declaredByOthers(resourceIdentityOf(props), addressKey(props));
        let removals = removalsByRecord(props.driveId, recorded, declaredElsewhere);
        if (!removals) {
            const live = await livePermissions(session, props, recorded);
            if (!live) return;
            removals = planReconcile({ declared: {}, roles: props.roles, recorded, live, declaredElsewhere }).remove;
        }
        const failures = (await runBatch(session, props, [], removals)).failures;
        if (failures.length > 0) {
            throw new Error(
                `Could not remove every grant of this DriveItemShare on ${describeAddress(props)}; ` +
                    `the resource stays in the stack so that pulumi destroy can try again:\n- ${failures.join("\n- ")}`,
            );
        }
    });
    withdraw(resourceIdentityOf(props), addressKey(props));
}

/**
 * Removes the recorded grants of recipients whose access has ended, as an update would (only this resource's, a
 * shared link only revoked); true when it removed any.
 */
async function endAccess(
    session: GraphSession,
    props: ShareOutputs,
    split: AccessAt,
    live: readonly GraphPermission[],
): Promise<boolean> {
    const recorded = Object.fromEntries(Object.entries(props.grants ?? {}).filter(([key]) => key in split.accessEnded));
    const plan = planReconcile({
        declared: split.recipients,
        roles: props.roles,
        recorded,
        live,
        declaredElsewhere: declaredByOthers(resourceIdentityOf(props), addressKey(props)),
    });
    if (plan.remove.length === 0) return false;
    const failures = (await runBatch(session, props, [], plan.remove)).failures;
    if (failures.length > 0) {
        throw new Error(
            `Could not remove every grant whose accessUntil has passed on ${describeAddress(props)}; ` +
                `the next pulumi up or refresh tries again:\n- ${failures.join("\n- ")}`,
        );
    }
    const who = plan.remove.flatMap((removal) => removal.recipients.map(recipientKey));
    notice(`removed the grants of ${who.join(", ")} on ${describeAddress(props)}: their access has ended`);
    return true;
}

/**
 * The item's permissions as Graph lists them, and the recorded ones it does not list that a GET by id still finds
 * (the list was late; see plan/unlisted.ts); undefined when the item does not exist.
 */
async function livePermissions(
    session: GraphSession,
    item: ItemAddress,
    recorded: Record<string, Grant>,
): Promise<GraphPermission[] | undefined> {
    const listed = await session.listPermissions(item);
    if (!listed) return undefined;
    return [...listed, ...(await confirmPermissions(session, item, unlistedRecordedIds(listed, recorded)))];
}

const permissionIds = (live: readonly GraphPermission[]) => new Set(live.map((p) => p.id));

/** The permissions of the item a create grants on, which must exist: the failure names the address. */
async function liveOrFail(session: GraphSession, item: ItemAddress, locator: ItemLocator): Promise<GraphPermission[]> {
    const live = await session.listPermissions(item);
    if (!live) {
        throw new Error(
            `The drive item ${describeAddress(locator.path === undefined ? item : locator)} was not found: ` +
                "check the address, and that the app can see the drive",
        );
    }
    return live;
}

/**
 * The item an update works on is the one the share was created on (by the ids it recorded): when that one is gone,
 * the address may now name another item, one deleted and created again at the same path. The share is not moved
 * silently; a refresh drops it from the stack, and the same up then creates it on the item the address names now.
 */
function itemGone(item: ItemAddress, locator: ItemLocator): Error {
    const address = describeAddress(locator);
    const byPath = locator.path !== undefined;
    return new Error(
        `The drive item this share was created on (driveId "${item.driveId}", itemId "${item.itemId}") no longer ` +
            `exists${byPath ? `; its address (${address}) may now name another item, as when a folder is deleted and created again` : ""}. ` +
            "Run pulumi refresh, or pulumi up --refresh: the refresh drops this share from the stack, and the up " +
            "grants the declared access again on the item the address names now.",
    );
}

/**
 * Runs an operation with settings read now, and keeps secrets out of any error it throws: the client secret and the
 * sharing password are cut out of its message (and a partial failure's reasons) whatever produced them.
 */
async function guarded<T>(
    config: StackConfig,
    inputs: Partial<ShareInputs>,
    operation: (session: GraphSession) => Promise<T>,
): Promise<T> {
    let settings: ConnectionSettings | undefined;
    try {
        settings = resolveSettings(config ?? {});
        return await operation(new GraphSession(settings));
    } catch (error) {
        const secrets = [settings?.clientSecret ?? config?.clientSecret, inputs.password];
        if (error instanceof PartialFailure) throw error.redacted(secrets);
        if (error instanceof Error) error.message = redact(error.message, secrets);
        throw error;
    }
}
