import type { Plan } from "../model/changes";
import { recipientFromKey } from "../model/recipient";
import type { Recipient, Role } from "../model/recipient";
import type { Grant } from "../model/share";
import { grantsAfterApply } from "./grants-after-apply";
import type { ApplyOutcome } from "./grants-after-apply";

const ALICE = "alice@contoso.com";
const BOB = "bob@contoso.com";
const CAROL = "carol@contoso.com";
const AT = "2026-12-03T10:00:00.000Z";
const EARLIER = "2026-11-01T09:00:00.000Z";

function declared(...keys: string[]): Record<string, Recipient> {
    return Object.fromEntries(keys.map((k) => [k, recipientFromKey(k)]));
}
function grant(permissionId: string, roles: string[] = ["read"]): Grant {
    return { permissionId, roles };
}
/** A grant this apply made. */
function granted(permissionId: string, roles: string[] = ["read"]): Grant {
    return { permissionId, roles, since: AT };
}
function plan(changes: Partial<Plan>): Plan {
    return { keep: {}, invite: [], renew: [], patch: [], remove: [], ...changes };
}
function outcome(answer: { invited?: Record<string, string>; patched?: string[]; leaving?: string[] }): ApplyOutcome {
    return {
        invited: new Map(Object.entries(answer.invited ?? {}).map(([key, id]) => [key, { id }])),
        patched: new Set(answer.patched ?? []),
        leaving: new Set(answer.leaving ?? []),
        grantedAt: AT,
    };
}

interface Case {
    readonly recipients: Record<string, Recipient>;
    readonly roles?: Role[];
    readonly recorded?: Record<string, Grant>;
    readonly plan: Plan;
    readonly outcome: ApplyOutcome;
    readonly grantedBefore?: string[];
    readonly accessEnded?: string[];
}
function record(c: Case) {
    const accessEnded = Object.fromEntries(
        (c.accessEnded ?? []).map((k) => [k, { ...recipientFromKey(k), accessUntil: EARLIER }]),
    );
    const inputs = { recipients: c.recipients, roles: c.roles ?? ["read"], accessEnded };
    return grantsAfterApply(inputs, c.recorded ?? {}, c.plan, c.outcome, new Set(c.grantedBefore ?? []));
}

describe("grantsAfterApply", () => {
    test.each<[string, Case, Record<string, Grant>]>([
        [
            "records kept grants as the plan kept them",
            {
                recipients: declared(ALICE),
                plan: plan({ keep: { [ALICE]: grant("p-a", ["write"]) } }),
                outcome: outcome({}),
            },
            { [ALICE]: grant("p-a", ["write"]) },
        ],
        [
            "records an invited recipient's new permission with the declared roles",
            {
                recipients: declared(ALICE),
                roles: ["write"],
                plan: plan({ invite: [ALICE] }),
                outcome: outcome({ invited: { [ALICE]: "p-new" } }),
            },
            { [ALICE]: granted("p-new", ["write"]) },
        ],
        [
            "records no grant for a first invite that failed",
            { recipients: declared(ALICE), plan: plan({ invite: [ALICE] }), outcome: outcome({}) },
            {},
        ],
        [
            "keeps the recorded grant of a recipient whose move to a new grant failed",
            {
                recipients: declared(ALICE),
                roles: ["write"],
                recorded: { [ALICE]: grant("link") },
                plan: plan({ invite: [ALICE], renew: [ALICE] }),
                outcome: outcome({ leaving: ["link"] }),
            },
            { [ALICE]: grant("link") },
        ],
        [
            "replaces the recorded grant of a recipient whose move to a new grant took",
            {
                recipients: declared(ALICE),
                roles: ["write"],
                recorded: { [ALICE]: grant("link") },
                plan: plan({ invite: [ALICE], renew: [ALICE] }),
                outcome: outcome({ invited: { [ALICE]: "p-new" }, leaving: ["link"] }),
            },
            { [ALICE]: granted("p-new", ["write"]) },
        ],
        [
            "records the new roles of a role change that took and the old ones of one that failed",
            {
                recipients: declared(ALICE, BOB),
                roles: ["write"],
                plan: plan({
                    patch: [
                        { key: ALICE, permissionId: "p-a", roles: ["write"], current: ["read"] },
                        { key: BOB, permissionId: "p-b", roles: ["write"], current: ["read"] },
                    ],
                }),
                outcome: outcome({ patched: [ALICE] }),
            },
            { [ALICE]: grant("p-a", ["write"]), [BOB]: grant("p-b", ["read"]) },
        ],
        [
            "records the direct grant of a recipient whose role change was refused as inherited",
            {
                recipients: declared(ALICE),
                roles: ["write"],
                plan: plan({ patch: [{ key: ALICE, permissionId: "inherited", roles: ["write"], current: ["read"] }] }),
                outcome: outcome({ invited: { [ALICE]: "p-direct" } }),
            },
            { [ALICE]: granted("p-direct", ["write"]) },
        ],
        [
            "keeps the recorded grant of a recipient no longer declared whose removal failed, so the next update removes it",
            {
                recipients: declared(ALICE),
                recorded: { [ALICE]: grant("p-a"), [BOB]: grant("p-b"), [CAROL]: grant("p-c") },
                plan: plan({ keep: { [ALICE]: grant("p-a") } }),
                outcome: outcome({ leaving: ["p-b"] }),
            },
            { [ALICE]: grant("p-a"), [BOB]: grant("p-b") },
        ],
        [
            "keeps the date of a grant invited again onto the same permission (a regrant updates it in place)",
            {
                recipients: declared(ALICE),
                recorded: { [ALICE]: { ...grant("p-a"), since: EARLIER } },
                plan: plan({ invite: [ALICE], renew: [ALICE] }),
                outcome: outcome({ invited: { [ALICE]: "p-a" } }),
            },
            { [ALICE]: { ...grant("p-a"), since: EARLIER } },
        ],
        [
            "keeps the date of a grant whose role changed",
            {
                recipients: declared(ALICE),
                roles: ["write"],
                recorded: { [ALICE]: { ...grant("p-a"), since: EARLIER } },
                plan: plan({ patch: [{ key: ALICE, permissionId: "p-a", roles: ["write"], current: ["read"] }] }),
                outcome: outcome({ patched: [ALICE] }),
            },
            { [ALICE]: { ...grant("p-a", ["write"]), since: EARLIER } },
        ],
    ])("%s", (_, c, grants) => {
        expect(record(c).grants).toStrictEqual(grants);
    });

    test("the failed removal of a permission a declared recipient moved from does not bring back its grant", () => {
        const recorded = { [ALICE]: grant("link"), [BOB]: grant("link") };
        const moved = record({
            recipients: declared(ALICE),
            roles: ["write"],
            recorded,
            plan: plan({ invite: [ALICE], renew: [ALICE] }),
            outcome: outcome({ invited: { [ALICE]: "p-new" }, leaving: ["link"] }),
        });
        expect(moved.grants).toEqual({
            [ALICE]: granted("p-new", ["write"]),
            [BOB]: grant("link"),
        });
    });

    test("lists the grants by recipient key, whatever order they were recorded in", () => {
        const recorded = record({
            recipients: declared(CAROL, ALICE, BOB),
            plan: plan({ keep: { [CAROL]: grant("p-c") }, invite: [BOB, ALICE] }),
            outcome: outcome({ invited: { [BOB]: "p-b", [ALICE]: "p-a" } }),
        });
        expect(Object.keys(recorded.grants)).toEqual([ALICE, BOB, CAROL]);
    });

    test("__granted: the recorded recipients and those granted before who are still declared, sorted", () => {
        const recorded = record({
            recipients: declared(CAROL, ALICE),
            plan: plan({ keep: { [CAROL]: grant("p-c") }, invite: [ALICE] }),
            outcome: outcome({}),
            grantedBefore: [ALICE, BOB],
        });
        expect(recorded.__granted).toEqual([ALICE, CAROL]);
    });

    test("__granted keeps a recipient whose access ended, so that extending it after the end emails nobody", () => {
        const recorded = record({
            recipients: declared(ALICE),
            recorded: { [ALICE]: grant("p-a"), [BOB]: grant("p-b") },
            plan: plan({ keep: { [ALICE]: grant("p-a") } }),
            outcome: outcome({}),
            grantedBefore: [ALICE, BOB],
            accessEnded: [BOB],
        });
        expect(recorded.grants).toEqual({ [ALICE]: grant("p-a") });
        expect(recorded.__granted).toEqual([ALICE, BOB]);
    });
});
