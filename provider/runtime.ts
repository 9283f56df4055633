/**
 * The provider's operations as the Pulumi provider host runs them. The serialized provider stored in each resource's
 * state is a thin shim that `require`s this module by package name when a method runs (see resource.ts), so the
 * code here is the installed package's, never a copy frozen into state.
 *
 * Failures keep what was done: an operation that fails after changing some grants throws an error carrying the
 * resource id and its outputs as they now are (the engine's ErrorResourceInitFailed), so the state records every
 * grant that exists and the next `pulumi up` finishes the job.
 */
import { randomUUID } from "crypto";
import { BatchPart, BatchResult, GraphRequestError, GraphSession, InviteRequest, ItemAddress, itemPath } from "./graph";
import { CheckFailure, Recipient, ShareInputs, checkInputs, containsUnknown, recipientKey } from "./inputs";
import { GraphPermission, grantedRoles, grantees, isRecipient } from "./permissions";
import { ADDRESS_PROPERTIES, ItemLocator, addressKey, addressOf, describeAddress, resolveItem } from "./address";
import { declare, declaredByOthers, withdraw } from "./coordination";
import { Grant, Plan, Removal, locateGrants, planReconcile, recipientFromKey, withUnlistedGrants } from "./plan";
import { ConnectionSettings, StackConfig, resolveSettings } from "./settings";

export { readStackConfig } from "./settings";

/**
 * The outputs of a DriveItemShare: its checked inputs, the ids of the item its address resolved to, and, per recipient
 * key, the grant that gives them access.
 */
export interface ShareOutputs extends ShareInputs {
    readonly driveId: string;
    readonly itemId: string;
    readonly grants: Record<string, Grant>;
}

/** What `diff` tells the engine. */
export interface ShareDiff {
    readonly changes: boolean;
    readonly replaces: string[];
    readonly stables: string[];
    readonly deleteBeforeReplace: boolean;
}

const UPDATABLE_PROPERTIES = ["recipients", "roles", "message", "requireSignIn", "sendInvitation", "expirationDateTime",
    "password", "retainInheritedPermissions"] as const;

/**
 * Validates and normalizes the declaration, and records it for the other resources of this deployment (see
 * coordination.ts): a recipient another resource already declares on the same item is a failure. No Graph call.
 */
export function check(olds: Record<string, unknown>, news: Record<string, unknown>):
    { inputs: Record<string, unknown>; failures: CheckFailure[] } {
    const result = checkInputs(olds, news);
    const inputs = result.inputs as unknown as ShareInputs;
    if (result.failures.length > 0 || !inputs.resourceName || containsUnknown([addressOf(inputs), inputs.recipients])) {
        return result;
    }
    const conflicts = declare(inputs.resourceName, addressKey(inputs), Object.keys(inputs.recipients));
    for (const [key, other] of conflicts) {
        result.failures.push({
            property: "recipients",
            reason: `"${key}" is also declared by DriveItemShare "${other}" on the same item (${describeAddress(inputs)}). ` +
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
export async function diff(olds: ShareOutputs, news: ShareInputs, config: StackConfig): Promise<ShareDiff> {
    const before = addressOf(olds);
    const after = addressOf(news);
    const moved = ADDRESS_PROPERTIES.filter((p) => before[p] !== after[p]);
    let replaces: string[] = [];
    if (moved.length > 0) {
        const sameItem = !containsUnknown(after) && (after.itemId !== undefined
            ? after.driveId === olds.driveId && after.itemId === olds.itemId
            : await guarded(config, news, async (session) => {
                const item = await resolveItem(session, news);
                return item.driveId === olds.driveId && item.itemId === olds.itemId;
            }));
        if (!sameItem) replaces = moved;
    }
    const changed = moved.length > 0 || UPDATABLE_PROPERTIES.some((p) => !sameValue(olds[p], news[p]));
    return {
        changes: changed || hasDrift(olds, news),
        replaces,
        stables: replaces.length > 0 ? [] : ["driveId", "itemId"],
        deleteBeforeReplace: false,
    };
}

/** Lists the item's permissions, adopts matching grants, and invites everyone else in one call. */
export async function create(inputs: ShareInputs, config: StackConfig): Promise<{ id: string; outs: ShareOutputs }> {
    return guarded(config, inputs, async (session) => {
        const item = await resolveItem(session, inputs);
        const live = await listOrFail(session, item, inputs);
        const plan = planReconcile({ declared: inputs.recipients, roles: inputs.roles, recorded: {}, live });
        const id = `${item.driveId}/${item.itemId}/${randomUUID()}`;
        return { id, outs: await apply(session, id, item, inputs, {}, plan) };
    });
}

/** Lists the item's permissions and reconciles them with the new declaration, repairing drift on the way. */
export async function update(id: string, olds: ShareOutputs, news: ShareInputs, config: StackConfig):
    Promise<{ outs: ShareOutputs }> {
    return guarded(config, news, async (session) => {
        // diff replaces the resource when the address names another item: this one is still the old one's.
        const item = { driveId: olds.driveId, itemId: olds.itemId };
        const recorded = olds.grants ?? {};
        const live = withUnlistedGrants(await listOrFail(session, item, news), recorded, new Date(),
            session.settings.consistencyWindowSeconds);
        const regrant = olds.expirationDateTime !== news.expirationDateTime || olds.password !== news.password;
        const plan = planReconcile({
            declared: news.recipients, roles: news.roles, recorded, live, regrant,
            declaredElsewhere: declaredByOthers(news.resourceName, addressKey(news)),
        });
        return { outs: await apply(session, id, item, news, recorded, plan) };
    });
}

/** Reports the live grants of the declared recipients; an item that no longer exists means the resource is gone. */
export async function read(id: string, props: ShareOutputs, config: StackConfig):
    Promise<{ id: string; props: Partial<ShareOutputs>; inputs?: ShareInputs }> {
    return guarded(config, props, async (session) => {
        const listed = await session.listPermissions(props);
        if (!listed) return { id: "", props: {} };
        const recorded = props.grants ?? {};
        const live = withUnlistedGrants(listed, recorded, new Date(), session.settings.consistencyWindowSeconds);
        const grants: Record<string, Grant> = {};
        for (const [key, permission] of Object.entries(locateGrants(props.recipients, recorded, live))) {
            grants[key] = permission.unlisted ? recorded[key] : { permissionId: permission.id, roles: grantedRoles(permission) };
        }
        // Grants still recorded for recipients no longer declared (a removal that failed) stay until removed.
        const byId = new Map(live.map((p) => [p.id, p]));
        for (const [key, grant] of Object.entries(recorded)) {
            const permission = byId.get(grant.permissionId);
            if (!(key in props.recipients) && permission) grants[key] = { ...grant, roles: grantedRoles(permission) };
        }
        // The inputs are the outputs less what the provider added: the grants, and ids a path resolved to.
        const { grants: _, driveId: __, itemId: ___, ...declared } = props;
        const address = Object.fromEntries(Object.entries(addressOf(props)).filter(([, v]) => v !== undefined));
        return { id, props: { ...props, grants: sortedKeys(grants) }, inputs: { ...declared, ...address } as ShareInputs };
    });
}

/** Removes the grants this resource recorded, and nothing else. A grant or item already gone is success. */
export async function remove(_id: string, props: ShareOutputs, config: StackConfig): Promise<void> {
    await guarded(config, props, async (session) => {
        const listed = await session.listPermissions(props);
        if (!listed) return;
        const recorded = props.grants ?? {};
        const live = withUnlistedGrants(listed, recorded, new Date(), session.settings.consistencyWindowSeconds);
        const plan = planReconcile({
            declared: {}, roles: props.roles, recorded, live,
            declaredElsewhere: declaredByOthers(props.resourceName, addressKey(props)),
        });
        const failures = (await runBatch(session, props, [], plan.remove)).failures;
        if (failures.length > 0) {
            throw new Error(`Could not remove every grant of this DriveItemShare on ${describeAddress(props)}; ` +
                `the resource stays in the stack so that pulumi destroy can try again:\n- ${failures.join("\n- ")}`);
        }
    });
    withdraw(props.resourceName, addressKey(props));
}

/**
 * Carries out a plan: the invite, and role changes and removals in `$batch` requests. They run side by side, except
 * when a recipient moves to a new grant (a role change on a shared link): then the invite goes first, so that nobody
 * is without access in between. Returns the outputs, or throws an error that carries them.
 */
async function apply(session: GraphSession, id: string, item: ItemAddress, inputs: ShareInputs,
    recorded: Record<string, Grant>, plan: Plan): Promise<ShareOutputs> {
    const grants: Record<string, Grant> = { ...plan.keep };
    const failures: string[] = [];

    const invited = new Map<string, GraphPermission>();
    const notified: string[] = [];
    const notFound: string[] = [];
    // One invite per set of options: newcomers as declared; people who already had access are not emailed again
    // (Graph refuses no email without sign-in, so requireSignIn false keeps its invitation).
    const newcomers = plan.invite.filter((key) => !plan.renew.includes(key));
    const renewed = { ...inputs, sendInvitation: inputs.sendInvitation && !inputs.requireSignIn };
    // Both settle before the outputs are built, so that neither's grants go unrecorded when the other fails.
    const invite = Promise.allSettled([
        inviteRecipients(session, item, inputs, orderForInvite(newcomers), invited, notFound, notified),
        inviteRecipients(session, item, renewed, orderForInvite(plan.renew), invited, notFound, notified),
    ]).then((outcomes) => outcomes.forEach((o) => o.status === "rejected" && failures.push((o.reason as Error).message)));
    const moves = (removal: Removal) => removal.recipients.some((r) => plan.invite.includes(recipientKey(r)));
    let removals = plan.remove;
    if (removals.some(moves)) {
        await invite;
        // A recipient whose new grant failed keeps the old one: the next update moves them.
        removals = removals.filter((removal) => removal.recipients.every((r) =>
            !plan.invite.includes(recipientKey(r)) || invited.has(recipientKey(r))));
    }
    const batch = runBatch(session, item, plan.patch, removals);
    await invite;
    const { patched, failures: batchFailures, leaving } = await batch;

    const grantedAt = new Date().toISOString();
    for (const key of plan.invite) {
        const permission = invited.get(key);
        if (permission) grants[key] = { permissionId: permission.id, roles: [...inputs.roles], grantedAt };
        // Not granted: a grant recorded before (one the recipient was to move from) stays recorded until replaced.
        else if (recorded[key]) grants[key] = recorded[key];
    }
    if (notFound.length > 0) {
        failures.push(`Graph could not find ${notFound.length === 1 ? "this recipient" : "these recipients"} in the ` +
            `directory: ${notFound.join(", ")}. Check the spelling. People outside the organization must already be ` +
            "guests of the tenant: an app signed in with its own identity (app-only) cannot invite new guests, so " +
            "invite them to the tenant first (Entra ID B2B).");
    }

    failures.push(...batchFailures);
    for (const change of plan.patch) {
        grants[change.key] = { permissionId: change.permissionId, roles: patched.has(change.key) ? change.roles : change.current };
    }
    // A grant whose removal failed stays recorded, so the next update removes it.
    for (const [key, grant] of Object.entries(recorded)) {
        if (!(key in inputs.recipients) && leaving.has(grant.permissionId)) grants[key] = grant;
    }
    if (notified.length > 0) {
        failures.push(`Access was granted, but Graph could not send the invitation email to ${notified.join("; ")}. ` +
            "The grants are recorded; tell these recipients by other means.");
    }

    const outs: ShareOutputs = { ...inputs, ...item, grants: sortedKeys(grants) };
    if (failures.length > 0) {
        const message = `DriveItemShare on ${describeAddress(inputs)} did not finish; what succeeded is recorded and the ` +
            `next pulumi up carries on:\n- ${failures.join("\n- ")}`;
        throw Object.assign(new Error(message), { id, properties: outs, reasons: failures });
    }
    return outs;
}

/**
 * Invites the recipients with one call. When Graph answers that a recipient cannot be found (it never says which),
 * halves the list until every unknown recipient is named; everyone else is still granted.
 */
async function inviteRecipients(session: GraphSession, item: ItemAddress, inputs: ShareInputs, keys: string[],
    invited: Map<string, GraphPermission>, notFound: string[], notified: string[]): Promise<void> {
    if (keys.length === 0) return;
    const recipients = keys.map(recipientFromKey);
    let answer: GraphPermission[];
    try {
        answer = await session.invite(item, inviteRequest(inputs, recipients));
    } catch (error) {
        if (!(error instanceof GraphRequestError && error.status === 404 && /recipient/i.test(error.message))) throw error;
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
            notified.push(`${key} (${permission.error.innererror?.code ?? permission.error.code}: ` +
                `${permission.error.message ?? "notification failed"})`);
        }
    });
}

/** The permission of an invite answer that grants a recipient: by identity, else by position or the single link. */
function permissionFor(recipient: Recipient, index: number, answer: GraphPermission[]): GraphPermission | undefined {
    return answer.find((p) => grantees(p).some((g) => isRecipient(g, recipient)))
        ?? (answer.length === 1 ? answer[0] : answer[index]);
}

/** Users before groups: a group granted first in the same call can swallow a member's own grant (rclone#8465). */
function orderForInvite(keys: string[]): string[] {
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
            ? {} : { retainInheritedPermissions: inputs.retainInheritedPermissions }),
    };
}

/**
 * Sends role changes and removals in `$batch` requests. Reports which role changes took, which removals are still
 * pending (by permission id), and a line per failure.
 */
async function runBatch(session: GraphSession, item: ItemAddress, changes: Plan["patch"], removals: Removal[]):
    Promise<{ patched: Set<string>; leaving: Set<string>; failures: string[] }> {
    const base = `${itemPath(item)}/permissions`;
    const parts: { part: BatchPart; key?: string; removal?: Removal }[] = [
        ...changes.map((c) => ({
            key: c.key,
            part: { method: "PATCH" as const, url: `${base}/${encodeURIComponent(c.permissionId)}`, body: { roles: c.roles } },
        })),
        ...removals.map((removal) => ({
            removal,
            part: removal.method === "delete"
                ? { method: "DELETE" as const, url: `${base}/${encodeURIComponent(removal.permissionId)}` }
                : {
                    method: "POST" as const,
                    url: `${base}/${encodeURIComponent(removal.permissionId)}/revokeGrants`,
                    body: { grantees: removal.recipients.map((r) => ({ ...r })) },
                },
        })),
    ];
    const patched = new Set<string>();
    const leaving = new Set(removals.map((r) => r.permissionId));
    const failures: string[] = [];
    if (parts.length === 0) return { patched, leaving, failures };

    let results: BatchResult[];
    try {
        results = await session.batch(parts.map((p) => p.part));
    } catch (error) {
        return { patched, leaving, failures: [(error as Error).message] };
    }
    for (const result of results) {
        const entry = parts.find((p) => p.part === result.part)!;
        const ok = result.status >= 200 && result.status < 300;
        if (entry.removal) {
            // Already gone is what we wanted. notAllowed means the grant is inherited from a parent (business drives
            // do not say so in the list): it was never this item's to remove.
            const inherited = result.status === 403 && result.body?.error?.code === "notAllowed";
            if (ok || result.status === 404 || inherited) leaving.delete(entry.removal.permissionId);
            else failures.push(batchFailure(result, `remove ${entry.removal.recipients.map(recipientKey).join(", ")}`));
        } else if (ok) {
            patched.add(entry.key!);
        } else {
            failures.push(batchFailure(result, `change the roles of ${entry.key}`));
        }
    }
    return { patched, leaving, failures };
}

function batchFailure(result: BatchResult, what: string): string {
    const error = result.body?.error;
    return `could not ${what}: Graph ${result.part.method} ${result.part.url} answered ${result.status}` +
        `${error?.code ? ` ${error.code}` : ""}${error?.message ? `: ${error.message}` : ""}`;
}

async function listOrFail(session: GraphSession, item: ItemAddress, locator: ItemLocator): Promise<GraphPermission[]> {
    const live = await session.listPermissions(item);
    if (!live) {
        throw new Error(`The drive item ${describeAddress(locator.path === undefined ? item : locator)} was not found: ` +
            "check the address, and that the app can see the drive");
    }
    return live;
}

/**
 * Runs an operation with settings read now, and keeps secrets out of any error it throws: the client secret and the
 * sharing password are cut out of its message and reasons whatever produced them.
 */
async function guarded<T>(config: StackConfig, inputs: Partial<ShareInputs>,
    operation: (session: GraphSession) => Promise<T>): Promise<T> {
    let settings: ConnectionSettings | undefined;
    try {
        settings = resolveSettings(config ?? {});
        return await operation(new GraphSession(settings));
    } catch (error) {
        const secrets = [settings?.clientSecret ?? config?.clientSecret, inputs.password]
            .filter((s): s is string => typeof s === "string" && s.length > 0);
        const redact = (text: string) => secrets.reduce((t, secret) => t.split(secret).join("<redacted>"), text);
        if (error instanceof Error) {
            error.message = redact(error.message);
            // The engine shows a partial failure's reasons, not its message.
            const partial = error as Error & { reasons?: string[] };
            if (partial.reasons) partial.reasons = partial.reasons.map(redact);
        }
        throw error;
    }
}

function hasDrift(olds: ShareOutputs, news: ShareInputs): boolean {
    if (containsUnknown(news.recipients) || containsUnknown(news.roles)) return true;
    const grants = olds.grants ?? {};
    const declared = Object.keys(news.recipients);
    const granted = (key: string) => grants[key] !== undefined && sameValue([...grants[key].roles].sort(), [...news.roles].sort());
    return !declared.every(granted) || Object.keys(grants).some((key) => !(key in news.recipients));
}

function sameValue(a: unknown, b: unknown): boolean {
    return JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
}

function sortedKeys<T>(record: Record<string, T>): Record<string, T> {
    return Object.fromEntries(Object.keys(record).sort().map((k) => [k, record[k]]));
}

