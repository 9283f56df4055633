import type { Plan } from "../model/changes";
import { recipientFromKey } from "../model/recipient";
import type { Recipient, Role } from "../model/recipient";
import type { Grant } from "../model/share";
import { grantsAfterApply } from "./grants-after-apply";
import type { ApplyOutcome } from "./grants-after-apply";

const ALICE = "alice@contoso.com";
const BOB = "bob@contoso.com";
const CAROL = "carol@contoso.com";

function declared(...keys: string[]): Record<string, Recipient> {
    return Object.fromEntries(keys.map((k) => [k, recipientFromKey(k)]));
}
function grant(permissionId: string, roles: string[] = ["read"]): Grant {
    return { permissionId, roles };
}
function plan(changes: Partial<Plan>): Plan {
    return { keep: {}, invite: [], renew: [], patch: [], remove: [], ...changes };
}
function outcome(answer: { invited?: Record<string, string>; patched?: string[]; leaving?: string[] }): ApplyOutcome {
    return {
        invited: new Map(Object.entries(answer.invited ?? {}).map(([key, id]) => [key, { id }])),
        patched: new Set(answer.patched ?? []),
        leaving: new Set(answer.leaving ?? []),
    };
}

interface Case {
    readonly recipients: Record<string, Recipient>;
    readonly roles?: Role[];
    readonly recorded?: Record<string, Grant>;
    readonly plan: Plan;
    readonly outcome: ApplyOutcome;
    readonly grantedBefore?: string[];
}
function record(c: Case) {
    const inputs = { recipients: c.recipients, roles: c.roles ?? ["read"] };
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
            { [ALICE]: grant("p-new", ["write"]) },
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
            { [ALICE]: grant("p-new", ["write"]) },
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
            { [ALICE]: grant("p-direct", ["write"]) },
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
            [ALICE]: grant("p-new", ["write"]),
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
});
