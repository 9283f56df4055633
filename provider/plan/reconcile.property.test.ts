/**
 * The plan's ownership rules as invariants over generated items: whatever the live permissions, the records and the
 * declaration, the plan touches only what it may, and carrying it out leaves nothing to do.
 */
import fc from "fast-check";
import type { Plan } from "../model/changes";
import type { GraphIdentitySet, GraphPermission } from "../model/graph";
import { grantees, isRecipient } from "../model/permission";
import { recipientFromKey } from "../model/recipient";
import type { Recipient, Role } from "../model/recipient";
import type { Grant } from "../model/share";
import { permissionKind } from "./ownership";
import { planReconcile } from "./reconcile";
import type { PlanInput } from "./reconcile";

const EMAILS = ["alice@contoso.com", "bob@contoso.com", "carol@fabrikam.com"];
const GROUPS = ["0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0", "1a2b3c4d-5e6f-4a0b-8c9d-0e1f2a3b4c5d"];
const KEYS = [...EMAILS, ...GROUPS, "alias:finance"];

const role = fc.constantFrom<Role>("read", "write");
const liveRoles = fc.constantFrom<string[]>(["read"], ["write"], ["read", "write"], ["Read"]);
const userSet = (email: string): GraphIdentitySet => ({ user: { id: `oid-${email}`, email, displayName: email } });

/** One permission of any kind an item can hold; ids are given afterwards. */
const permission: fc.Arbitrary<Omit<GraphPermission, "id">> = fc.oneof(
    fc.record({ roles: liveRoles, grantedToV2: fc.constantFrom(...EMAILS).map(userSet) }),
    fc.record({ roles: liveRoles, grantedToV2: fc.constantFrom(...GROUPS).map((id) => ({ group: { id } })) }),
    fc.record({
        roles: liveRoles,
        link: fc.constantFrom({ type: "view", scope: "users" }, { type: "edit", scope: "users" }),
        grantedToIdentitiesV2: fc.subarray(EMAILS).map((emails) => emails.map(userSet)),
    }),
    fc.record({ roles: liveRoles, link: fc.constant({ type: "view", scope: "anonymous" }) }),
    fc.record({ roles: fc.constant<string[]>(["owner"]), grantedToV2: fc.constantFrom(...EMAILS).map(userSet) }),
    fc.record({
        roles: liveRoles,
        grantedToV2: fc.constantFrom(...EMAILS).map(userSet),
        inheritedFrom: fc.constant({ id: "parent" }),
    }),
);

/** An item's permissions, what a resource recorded on it, and its new declaration. */
const scenario = fc
    .array(permission, { maxLength: 8 })
    .map((permissions) => permissions.map((p, index): GraphPermission => ({ ...p, id: `p${index}` })))
    .chain((live) =>
        fc.record({
            live: fc.constant(live),
            recorded: fc.dictionary(
                fc.constantFrom(...KEYS),
                fc.record({
                    permissionId: fc.constantFrom("gone", ...live.map((p) => p.id)),
                    roles: fc.constant<string[]>(["read"]),
                }),
                { maxKeys: KEYS.length },
            ),
            declared: fc.subarray(KEYS).map((keys) => Object.fromEntries(keys.map((k) => [k, recipientFromKey(k)]))),
            roles: role.map((r) => [r]),
            regrant: fc.boolean(),
            declaredElsewhere: fc.subarray(KEYS).map((keys) => new Set(keys)),
        }),
    );

/** Every permission a plan changes or removes. */
function touched(plan: Plan): string[] {
    return [...plan.patch.map((c) => c.permissionId), ...plan.remove.map((r) => r.permissionId)];
}

/**
 * The item after Graph carried out the plan, and what the resource records then: invite grants each recipient a
 * new direct permission; PATCH sets roles; DELETE removes; revokeGrants takes the leaving people off a link.
 */
function carryOut(input: PlanInput, plan: Plan): { live: GraphPermission[]; recorded: Record<string, Grant> } {
    const leaves = (set: GraphIdentitySet, recipients: Recipient[]) =>
        grantees({ id: "", grantedToV2: set }).some((g) => recipients.some((r) => isRecipient(g, r)));
    let live = input.live.map((p) => {
        const change = plan.patch.find((c) => c.permissionId === p.id);
        return change ? { ...p, roles: [...change.roles] } : p;
    });
    for (const removal of plan.remove) {
        live =
            removal.method === "delete"
                ? live.filter((p) => p.id !== removal.permissionId)
                : live.map((p) =>
                      p.id !== removal.permissionId
                          ? p
                          : {
                                ...p,
                                grantedToIdentitiesV2: p.grantedToIdentitiesV2?.filter(
                                    (s) => !leaves(s, removal.recipients),
                                ),
                                grantedToIdentities: p.grantedToIdentities?.filter(
                                    (s) => !leaves(s, removal.recipients),
                                ),
                            },
                  );
    }
    const recorded: Record<string, Grant> = { ...plan.keep };
    for (const key of plan.invite) {
        const recipient = recipientFromKey(key);
        const id = `invited-${key}`;
        const set = recipient.email
            ? userSet(recipient.email)
            : recipient.objectId
              ? { group: { id: recipient.objectId } }
              : { group: { displayName: key } };
        live = [...live.filter((p) => p.id !== id), { id, roles: [...input.roles], grantedToV2: set }];
        recorded[key] = { permissionId: id, roles: [...input.roles] };
    }
    for (const change of plan.patch) recorded[change.key] = { permissionId: change.permissionId, roles: change.roles };
    return { live, recorded };
}

describe("planReconcile, for any item, records and declaration", () => {
    test("never touches an owner's or an inherited permission", () => {
        fc.assert(
            fc.property(scenario, (input) => {
                const kinds = new Map(input.live.map((p) => [p.id, permissionKind(p)]));
                const plan = planReconcile(input);
                expect(
                    touched(plan).filter((id) => kinds.get(id) === "owner" || kinds.get(id) === "inherited"),
                ).toEqual([]);
            }),
        );
    });

    test("touches only permissions it recorded, or direct grants to a declared recipient", () => {
        fc.assert(
            fc.property(scenario, (input) => {
                const recordedIds = new Set(Object.values(input.recorded).map((g) => g.permissionId));
                const declared = Object.values(input.declared);
                const mayTouch = (p: GraphPermission) =>
                    recordedIds.has(p.id) ||
                    (permissionKind(p) === "direct" &&
                        grantees(p).some((g) => declared.some((r) => isRecipient(g, r))));
                const byId = new Map(input.live.map((p) => [p.id, p]));
                expect(touched(planReconcile(input)).filter((id) => !mayTouch(byId.get(id)!))).toEqual([]);
            }),
        );
    });

    test("never touches a sharing link it did not record", () => {
        fc.assert(
            fc.property(scenario, (input) => {
                const recordedIds = new Set(Object.values(input.recorded).map((g) => g.permissionId));
                const links = input.live.filter((p) => permissionKind(p) === "link").map((p) => p.id);
                expect(
                    touched(planReconcile(input)).filter((id) => links.includes(id) && !recordedIds.has(id)),
                ).toEqual([]);
            }),
        );
    });

    test("removes only permissions whose ids it recorded", () => {
        fc.assert(
            fc.property(scenario, (input) => {
                const recordedIds = new Set(Object.values(input.recorded).map((g) => g.permissionId));
                expect(planReconcile(input).remove.filter((r) => !recordedIds.has(r.permissionId))).toEqual([]);
            }),
        );
    });

    test("once carried out, planning again finds nothing to do", () => {
        fc.assert(
            fc.property(scenario, (input) => {
                const after = carryOut(input, planReconcile(input));
                const again = planReconcile({ ...input, ...after, regrant: false });
                expect({ invite: again.invite, patch: again.patch, remove: again.remove }).toEqual({
                    invite: [],
                    patch: [],
                    remove: [],
                });
                expect(again.keep).toEqual(
                    Object.fromEntries(Object.keys(input.declared).map((k) => [k, after.recorded[k]])),
                );
            }),
        );
    });
});
