import type { GraphPermission } from "../model/graph";
import { recipientFromKey } from "../model/recipient";
import type { Recipient, Role } from "../model/recipient";
import type { Grant } from "../model/share";
import { locateGrants, planReconcile } from "./reconcile";
import type { PlanInput } from "./reconcile";
import { unlistedRecordedIds } from "./unlisted";

const ALICE = "alice@contoso.com";
const BOB = "bob@fabrikam.com";
const CAROL = "carol@contoso.com";
const GROUP = "0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0";

function user(email: string, roles: string[], id = `perm-${email}`): GraphPermission {
    return {
        id,
        roles,
        grantedToV2: {
            user: { id: `oid-${email}`, displayName: email, email },
            siteUser: { loginName: `i:0#.f|membership|${email}` },
        },
    };
}
function group(objectId: string, roles: string[], id = `perm-${objectId}`): GraphPermission {
    return { id, roles, grantedToV2: { group: { id: objectId, displayName: "Finance" } } };
}
function link(id: string, roles: string[], emails: string[]): GraphPermission {
    return {
        id,
        roles,
        link: { type: roles.includes("write") ? "edit" : "view", scope: "users" },
        grantedToIdentities: emails.map((email) => ({ user: { email, displayName: email } })),
    };
}
const OWNER: GraphPermission = { id: "owner", roles: ["owner"], grantedToV2: { user: { email: "admin@contoso.com" } } };
const INHERITED: GraphPermission = { ...user(CAROL, ["write"], "inherited"), inheritedFrom: { id: "parent" } };
const ANYONE_LINK: GraphPermission = { id: "anyone", roles: ["read"], link: { type: "view", scope: "anonymous" } };

function declared(...keys: string[]): Record<string, Recipient> {
    return Object.fromEntries(keys.map((k) => [k, recipientFromKey(k)]));
}
function grant(permissionId: string, roles: Role[] = ["read"]): Grant {
    return { permissionId, roles };
}
function plan(input: Partial<PlanInput>) {
    return planReconcile({ declared: {}, roles: ["read"], recorded: {}, live: [], ...input });
}

describe("planReconcile", () => {
    describe("on create (nothing recorded)", () => {
        test.each([
            ["invites everyone when the item has no grants", declared(ALICE, BOB), [], [ALICE, BOB], {}],
            [
                "adopts a direct grant that already has the declared role",
                declared(ALICE, BOB),
                [user(ALICE, ["read"])],
                [BOB],
                { [ALICE]: grant(`perm-${ALICE}`) },
            ],
            [
                "adopts a group grant by object id",
                declared(GROUP),
                [group(GROUP, ["read"])],
                [],
                { [GROUP]: grant(`perm-${GROUP}`) },
            ],
            [
                "matches a SharePoint login name when Graph omits the email",
                declared(ALICE),
                [{ id: "p", roles: ["read"], grantedToV2: { siteUser: { loginName: `i:0#.f|membership|${ALICE}` } } }],
                [],
                { [ALICE]: grant("p") },
            ],
            [
                "matches an invitation not yet redeemed",
                declared(BOB),
                [{ id: "inv", roles: ["read"], invitation: { email: BOB } }],
                [],
                { [BOB]: grant("inv") },
            ],
            ["never adopts an inherited grant", declared(CAROL), [INHERITED], [CAROL], {}],
            [
                "never adopts a sharing link it did not record",
                declared(ALICE),
                [link("l", ["read"], [ALICE])],
                [ALICE],
                {},
            ],
            [
                "cannot match an alias from Graph's answer, so invites it",
                declared("alias:finance"),
                [],
                ["alias:finance"],
                {},
            ],
        ])("%s", (_name, recipients, live, invite, keep) => {
            const result = plan({ declared: recipients, live });
            expect(result.invite).toEqual(invite);
            expect(result.keep).toEqual(keep);
            expect(result.remove).toEqual([]);
            expect(result.patch).toEqual([]);
        });

        test("changes the role of an adopted grant in place", () => {
            const result = plan({ declared: declared(ALICE), roles: ["write"], live: [user(ALICE, ["read"])] });
            expect(result.patch).toEqual([
                { key: ALICE, permissionId: `perm-${ALICE}`, roles: ["write"], current: ["read"] },
            ]);
            expect(result.invite).toEqual([]);
        });
    });

    describe("on update", () => {
        const recorded = { [ALICE]: grant(`perm-${ALICE}`), [BOB]: grant(`perm-${BOB}`) };
        const live = [
            OWNER,
            INHERITED,
            ANYONE_LINK,
            user(ALICE, ["read"]),
            user(BOB, ["read"]),
            user(CAROL, ["read"], "carol-manual"),
        ];

        test("does nothing when the item matches the declaration", () => {
            expect(plan({ declared: declared(ALICE, BOB), recorded, live })).toEqual({
                keep: recorded,
                invite: [],
                renew: [],
                patch: [],
                remove: [],
            });
        });

        test("removes a dropped recipient's recorded grant and nothing else", () => {
            const result = plan({ declared: declared(ALICE), recorded, live });
            expect(result.remove).toEqual([
                { permissionId: `perm-${BOB}`, method: "delete", recipients: [{ email: BOB }] },
            ]);
            expect(result.invite).toEqual([]);
        });

        test("changes roles with PATCH, keeping the permission id", () => {
            const result = plan({ declared: declared(ALICE, BOB), roles: ["write"], recorded, live });
            expect(result.patch.map((c) => c.permissionId)).toEqual([`perm-${ALICE}`, `perm-${BOB}`]);
            expect(result.remove).toEqual([]);
            expect(result.invite).toEqual([]);
        });

        test("grants again a recorded grant that vanished", () => {
            const result = plan({ declared: declared(ALICE, BOB), recorded, live: [user(ALICE, ["read"])] });
            expect(result.invite).toEqual([BOB]);
            // A repair, not a first grant: nobody is emailed again.
            expect(result.renew).toEqual([BOB]);
        });

        test("a grant a refresh dropped from the record is repaired without an email too", () => {
            const result = plan({
                declared: declared(ALICE, BOB),
                recorded: { [ALICE]: recorded[ALICE] },
                live: [user(ALICE, ["read"])],
                grantedBefore: new Set([BOB]),
            });
            expect(result.invite).toEqual([BOB]);
            expect(result.renew).toEqual([BOB]);
        });

        test("a newcomer's first grant is no repair: only recipients with a recorded grant are renewed", () => {
            const result = plan({ declared: declared(ALICE, CAROL), recorded, live: [user(ALICE, ["read"])] });
            expect(result.invite).toEqual([CAROL]);
            expect(result.renew).toEqual([]);
        });

        test("sets back a role changed out of band", () => {
            const result = plan({
                declared: declared(ALICE, BOB),
                recorded,
                live: [user(ALICE, ["write"]), user(BOB, ["read"])],
            });
            expect(result.patch).toEqual([
                { key: ALICE, permissionId: `perm-${ALICE}`, roles: ["read"], current: ["write"] },
            ]);
        });

        test("leaves alone a grant removed out of band when its recipient was dropped too", () => {
            expect(plan({ declared: declared(ALICE), recorded, live: [user(ALICE, ["read"])] }).remove).toEqual([]);
        });

        test("never removes owner or inherited permissions, even if recorded", () => {
            const result = plan({
                declared: {},
                recorded: { "admin@contoso.com": grant("owner"), [CAROL]: grant("inherited") },
                live,
            });
            expect(result.remove).toEqual([]);
        });

        test("never removes a permission recorded for someone it no longer grants", () => {
            const result = plan({ declared: {}, recorded: { [BOB]: grant("carol-manual") }, live });
            expect(result.remove).toEqual([]);
        });

        // Alice declared by email before and by object id now: one permission recorded under both keys.
        const aliceId = "11111111-2222-3333-4444-555555555555";
        const alice: GraphPermission = {
            id: "pa",
            roles: ["read"],
            grantedToV2: { user: { id: aliceId, email: ALICE } },
        };
        const both = { [ALICE]: grant("pa"), [aliceId]: grant("pa") };

        test("keeps a permission that another declared key of the same person still uses", () => {
            const result = plan({ declared: declared(aliceId), recorded: both, live: [alice] });
            expect(result.keep).toEqual({ [aliceId]: grant("pa") });
            expect(result.remove).toEqual([]);
        });

        test("keeps a permission that another declared key of the same person is changing the roles of", () => {
            const result = plan({ declared: declared(aliceId), roles: ["write"], recorded: both, live: [alice] });
            expect(result.patch).toEqual([{ key: aliceId, permissionId: "pa", roles: ["write"], current: ["read"] }]);
            expect(result.remove).toEqual([]);
        });

        test("removes a recorded link Graph lists without its grantees, trusting the recorded id", () => {
            const unnamed: GraphPermission = { id: "link", roles: ["read"], link: { type: "view", scope: "users" } };
            const result = plan({ declared: {}, recorded: { [BOB]: grant("link") }, live: [unnamed] });
            expect(result.remove).toEqual([{ permissionId: "link", method: "delete", recipients: [{ email: BOB }] }]);
        });

        test("deletes a direct grant recorded under an alias, which Graph's answer never names", () => {
            const result = plan({
                declared: {},
                recorded: { "alias:finance": grant("finance-perm") },
                live: [group(GROUP, ["read"], "finance-perm")],
            });
            expect(result.remove).toEqual([
                { permissionId: "finance-perm", method: "delete", recipients: [{ alias: "finance" }] },
            ]);
        });

        test("re-grants every recipient when an invite-only option changed", () => {
            const result = plan({ declared: declared(ALICE, BOB), recorded, live, regrant: true });
            expect(result.invite).toEqual([ALICE, BOB]);
            expect(result.renew).toEqual([ALICE, BOB]);
            expect(result.patch).toEqual([]);
        });
    });

    describe("links shared with several people (personal OneDrive)", () => {
        const shared = link("shared", ["read"], [ALICE, BOB, CAROL]);

        test("revokes only the leaving recipient from a link others still use", () => {
            const result = plan({
                declared: declared(ALICE),
                recorded: { [ALICE]: grant("shared"), [BOB]: grant("shared") },
                live: [shared],
            });
            expect(result.remove).toEqual([{ permissionId: "shared", method: "revoke", recipients: [{ email: BOB }] }]);
            expect(result.keep).toEqual({ [ALICE]: grant("shared") });
        });

        test("deletes the link when every grantee leaves", () => {
            const mine = link("mine", ["read"], [ALICE, BOB]);
            const result = plan({
                declared: {},
                recorded: { [ALICE]: grant("mine"), [BOB]: grant("mine") },
                live: [mine],
            });
            expect(result.remove).toEqual([
                { permissionId: "mine", method: "delete", recipients: [{ email: ALICE }, { email: BOB }] },
            ]);
        });

        test("moves a recipient whose role changed to a new grant, since a link's roles cannot be patched", () => {
            const result = plan({
                declared: declared(ALICE),
                roles: ["write"],
                recorded: { [ALICE]: grant("shared") },
                live: [shared],
            });
            expect(result.invite).toEqual([ALICE]);
            expect(result.renew).toEqual([ALICE]);
            expect(result.remove).toEqual([
                { permissionId: "shared", method: "revoke", recipients: [{ email: ALICE }] },
            ]);
        });
    });
});

describe("recipients another resource declares on the item", () => {
    test("are handed over, not removed, when this resource drops them", () => {
        const recorded = { [ALICE]: grant(`perm-${ALICE}`), [BOB]: grant(`perm-${BOB}`) };
        const result = plan({
            declared: {},
            recorded,
            live: [user(ALICE, ["read"]), user(BOB, ["read"])],
            declaredElsewhere: new Set([ALICE]),
        });
        expect(result.remove).toEqual([
            { permissionId: `perm-${BOB}`, method: "delete", recipients: [{ email: BOB }] },
        ]);
    });
});

describe("unlistedRecordedIds", () => {
    test.each([
        ["a recorded grant the list does not show", { [ALICE]: grant("a") }, [], ["a"]],
        ["not one the list shows", { [ALICE]: grant("a") }, [user(ALICE, ["read"], "a")], []],
        ["a permission two recipients share, once", { [ALICE]: grant("link"), [BOB]: grant("link") }, [], ["link"]],
    ])("%s", (_name, recorded, live, ids) => {
        expect(unlistedRecordedIds(live, recorded)).toEqual(ids);
    });
});

describe("locateGrants", () => {
    test("prefers the recorded permission over another direct grant to the same person", () => {
        const live = [user(ALICE, ["read"], "other"), user(ALICE, ["read"], "recorded")];
        expect(locateGrants(declared(ALICE), { [ALICE]: grant("recorded") }, live)[ALICE].id).toBe("recorded");
    });

    test("adopts no direct permission that names no person or group, such as an app's", () => {
        const app: GraphPermission = { id: "app", roles: ["write"], grantedToV2: { application: { id: "a1" } } };
        expect(locateGrants(declared(ALICE), {}, [app])).toEqual({});
    });

    test("trusts a recorded id for an alias, which Graph's answer never names", () => {
        const live = [group(GROUP, ["read"], "finance-perm")];
        expect(
            locateGrants(declared("alias:finance"), { "alias:finance": grant("finance-perm") }, live)["alias:finance"]
                .id,
        ).toBe("finance-perm");
    });
});

describe("recipientFromKey", () => {
    test.each([
        [ALICE, { email: ALICE }],
        [GROUP, { objectId: GROUP }],
        ["alias:finance", { alias: "finance" }],
    ])("%s", (key, recipient) => expect(recipientFromKey(key)).toEqual(recipient));
});
