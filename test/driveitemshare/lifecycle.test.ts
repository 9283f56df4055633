// DriveItemShare through Pulumi's own provider host against the Graph emulator: create, diff, update, refresh and
// delete as `pulumi up`, `pulumi refresh` and `pulumi destroy` run them.
import { InitFailedError } from "../harness/engine";
import { startProviderHost } from "../harness/host";
import type { TestStack } from "./stack";
import {
    ALICE,
    BOB,
    CAROL,
    CLIENT_SECRET,
    DAVE,
    FINANCE_GROUP_ID,
    GUEST,
    OWNER,
    PERSONAL_DRIVE,
    ShareResource,
    grantsOf,
    UNVERIFIED_GUEST,
    userProjectHost,
    stackEnvironment,
    startStack,
} from "./stack";

let stack: TestStack;
beforeAll(async () => {
    stack = await startStack();
});
afterAll(() => stack.close());
beforeEach(() => stack.takeGraphRequests());

const v1 = (folder: { driveId: string; itemId: string }) => `/v1.0/drives/${folder.driveId}/items/${folder.itemId}`;

/** Who holds which roles on the item, by email or group id, as Graph reports it now. */
function access(folder: { driveId: string; itemId: string }): Record<string, string[]> {
    const result: Record<string, string[]> = {};
    for (const p of stack.emulator.permissions(folder.driveId, folder.itemId) as any[]) {
        const sets = [...(p.grantedToIdentitiesV2 ?? p.grantedToIdentities ?? []), p.grantedToV2 ?? p.grantedTo].filter(
            Boolean,
        );
        for (const set of sets) {
            const who = set.user?.email ?? set.group?.id ?? set.siteGroup?.displayName ?? "?";
            result[who] = [...(result[who] ?? []), ...p.roles].sort();
        }
        if (sets.length === 0 && p.link) result[`link:${p.link.scope}`] = p.roles;
    }
    return result;
}

describe("create", () => {
    test("grants every recipient with one list and one invite, emailing nobody, and records each grant", async () => {
        const folder = stack.folder();
        const share = stack.resource("readers");
        await expect(
            share.up({ ...folder, recipients: [ALICE, " Bob@Contoso.com "], roles: ["read"] }),
        ).resolves.toMatchObject({ op: "create" });

        const invite = stack.emulator.requests.find((r) => r.path.endsWith("/invite"))!;
        expect(stack.takeGraphRequests()).toEqual([`GET ${v1(folder)}/permissions`, `POST ${v1(folder)}/invite`]);
        expect(invite.body).toEqual({
            recipients: [{ email: ALICE }, { email: BOB }],
            roles: ["read"],
            requireSignIn: true,
            sendInvitation: false,
        });
        expect(access(folder)).toMatchObject({ [ALICE]: ["read"], [BOB]: ["read"] });
        const outputs = share.state!.outputs;
        expect(outputs.driveId).toBe(folder.driveId);
        expect(outputs.itemId).toBe(folder.itemId);
        expect(Object.keys(outputs.grants)).toEqual([ALICE, BOB]);
        const live = stack.emulator.permissions(folder.driveId, folder.itemId).map((p) => p.id);
        for (const grant of Object.values(grantsOf(share))) {
            expect(live).toContain(grant.permissionId);
            expect(grant.roles).toEqual(["read"]);
        }
        // State keeps each grant as one string (provider/model/stored-grant.ts): "<roles> <permissionId> <since>".
        expect(outputs.grants[ALICE]).toBe(
            `read ${grantsOf(share)[ALICE].permissionId} ${grantsOf(share)[ALICE].since}`,
        );
    });

    test("takes over recipients who already hold the declared role, and invites only the others", async () => {
        const folder = stack.folder();
        const existing = stack.emulator.addPermission(folder.driveId, folder.itemId, {
            kind: "user",
            user: ALICE,
            roles: ["write"],
        });
        await stack.resource("editors").up({ ...folder, recipients: [ALICE, BOB], roles: ["write"] });
        const invite = stack.emulator.requests.find((r) => r.path.endsWith("/invite"))!;
        expect((invite.body as any).recipients).toEqual([{ email: BOB }]);
        expect(stack.takeGraphRequests()).toHaveLength(2);
        expect(access(folder)[ALICE]).toEqual(["write"]);
        expect(
            stack.emulator.permissions(folder.driveId, folder.itemId).filter((p) => p.id === existing.id),
        ).toHaveLength(1);
    });

    test("grants users before groups: the groups' invite is sent once the users' has answered", async () => {
        const folder = stack.folder();
        stack.emulator.clearRequests();
        await stack
            .resource("mixed")
            .up({ ...folder, recipients: [{ objectId: FINANCE_GROUP_ID }, ALICE], roles: ["read"] });
        const invites = stack.emulator.requests.filter((r) => r.path.endsWith("/invite"));
        expect(invites.map((invite) => (invite.body as any).recipients)).toEqual([
            [{ email: ALICE }],
            [{ objectId: FINANCE_GROUP_ID }],
        ]);
        expect(access(folder)).toMatchObject({ [ALICE]: ["read"], [FINANCE_GROUP_ID]: ["read"] });
    });

    test("a group's permission is matched to the declared group on refresh and on take-over", async () => {
        const folder = stack.folder();
        const share = stack.resource("group");
        await share.up({ ...folder, recipients: [{ objectId: FINANCE_GROUP_ID.toUpperCase() }], roles: ["write"] });
        await expect(share.refresh()).resolves.toMatchObject({ op: "same" });
        expect(Object.keys(grantsOf(share))).toEqual([FINANCE_GROUP_ID]);

        const other = stack.folder();
        stack.emulator.addPermission(other.driveId, other.itemId, {
            kind: "group",
            group: FINANCE_GROUP_ID,
            roles: ["write"],
        });
        stack.takeGraphRequests();
        await stack
            .resource("group-adopter")
            .up({ ...other, recipients: [{ objectId: FINANCE_GROUP_ID }], roles: ["write"] });
        expect(stack.takeGraphRequests()).toEqual([`GET ${v1(other)}/permissions`]);
    });

    test("a guest new to the tenant is named, with why app-only sign-in cannot invite them", async () => {
        const error = await stack
            .resource("new-guest")
            .up({ ...stack.folder(), recipients: ["zoe@northwind.example"], roles: ["read"] })
            .catch((e) => e);
        expect(error.message).toMatch(
            /could not find this recipient in the directory: zoe@northwind.example\..*app-only.*cannot invite new guests/s,
        );
    });

    test("names the recipients Graph cannot find, grants the others, and records them", async () => {
        const folder = stack.folder();
        const share = stack.resource("typo");
        const error = await share
            .up({ ...folder, recipients: [ALICE, "alcie@contoso.com", BOB, CAROL], roles: ["read"] })
            .catch((e) => e);
        expect(error).toBeInstanceOf(InitFailedError);
        expect(error.message).toContain("alcie@contoso.com");
        expect(error.message).not.toMatch(/could not find[^\n]*(alice@|bob@|carol@)/);
        expect(access(folder)).toMatchObject({ [ALICE]: ["read"], [BOB]: ["read"], [CAROL]: ["read"] });
        expect(Object.keys(grantsOf(share))).toEqual([ALICE, BOB, CAROL]);

        // Fixing the typo invites only the missing recipient.
        stack.takeGraphRequests();
        await share.up({ ...folder, recipients: [ALICE, "carol@contoso.com", BOB, DAVE], roles: ["read"] });
        const invites = stack.emulator.requests.filter((r) => r.path.endsWith("/invite"));
        expect(invites.map((r) => (r.body as any).recipients)).toEqual([[{ email: DAVE }]]);
    });

    test("reports a failed invitation email by recipient without losing the grant", async () => {
        const folder = stack.folder();
        const share = stack.resource("guests");
        const error = await share
            .up({
                ...folder,
                recipients: [GUEST, UNVERIFIED_GUEST],
                roles: ["read"],
                sendInvitation: true,
                message: "Q3 numbers",
            })
            .catch((e) => e);
        expect(error).toBeInstanceOf(InitFailedError);
        expect(error.message).toContain(UNVERIFIED_GUEST);
        expect(error.message).not.toContain(`${GUEST} (`);
        expect(Object.keys(grantsOf(share))).toEqual([GUEST, UNVERIFIED_GUEST]);
        expect(access(folder)).toMatchObject({ [GUEST]: ["read"], [UNVERIFIED_GUEST]: ["read"] });
        // Nothing is left to do: the next up changes nothing.
        stack.takeGraphRequests();
        await expect(
            share.up({
                ...folder,
                recipients: [GUEST, UNVERIFIED_GUEST],
                roles: ["read"],
                sendInvitation: true,
                message: "Q3 numbers",
            }),
        ).resolves.toMatchObject({ op: "update" });
        expect(stack.takeGraphRequests()).toEqual([`GET ${v1(folder)}/permissions`]);
    });

    test("fails with the ids when the item does not exist, and records nothing", async () => {
        const share = stack.resource("nowhere");
        await expect(
            share.up({ driveId: "b!finance-library", itemId: "01MISSING", recipients: [ALICE], roles: ["read"] }),
        ).rejects.toThrow(/driveId "b!finance-library", itemId "01MISSING" was not found/);
        expect(share.state).toBeUndefined();
    });
});

describe("diff", () => {
    test("no change is no diff; another item is a replacement; anything else is an update", async () => {
        const folder = stack.folder();
        const share = stack.resource("diffs");
        const args = { ...folder, recipients: [ALICE], roles: ["read"] };
        await share.up(args);
        stack.takeGraphRequests();
        expect((await share.preview(args)).op).toBe("same");
        expect((await share.preview({ ...args, recipients: [ALICE.toUpperCase()] })).op).toBe("same");
        expect((await share.preview({ ...args, itemId: stack.folder().itemId })).op).toBe("replace");
        expect((await share.preview({ ...args, roles: ["write"] })).op).toBe("update");
        expect((await share.preview({ ...args, recipients: [ALICE, BOB] })).op).toBe("update");
        expect((await share.preview({ ...args, message: "hi", sendInvitation: true })).op).toBe("update");
        expect(stack.takeGraphRequests()).toEqual([]);
    });

    test("the checked inputs show one entry per recipient, so a preview shows who is added", async () => {
        const folder = stack.folder();
        const share = stack.resource("shape");
        await share.up({ ...folder, recipients: [BOB, CAROL], roles: ["read"] });
        const preview = await share.preview({ ...folder, recipients: [ALICE, BOB, CAROL], roles: ["read"] });
        expect(preview.checked.recipients).toEqual({
            [ALICE]: true,
            [BOB]: true,
            [CAROL]: true,
        });
        const before = share.state!.inputs.recipients;
        const added = Object.keys(preview.checked.recipients).filter((k) => !(k in before));
        expect(added).toEqual([ALICE]);
    });
});

describe("update", () => {
    test("invites additions, patches role changes in place, removes dropped recipients: 1 list, 1 invite, 1 batch", async () => {
        const folder = stack.folder();
        const readers = stack.resource("team");
        await readers.up({ ...folder, recipients: [ALICE, BOB, CAROL], roles: ["read"] });
        const before = grantsOf(readers);
        stack.takeGraphRequests();

        await readers.up({ ...folder, recipients: [ALICE, BOB, DAVE], roles: ["write"] });
        const parts = stack.emulator.requests
            .filter((r) => r.kind === "batch-part")
            .map((r) => `${r.method} ${r.path}`)
            .sort();
        const [list, ...changes] = stack.takeGraphRequests();
        expect(list).toBe(`GET ${v1(folder)}/permissions`);
        expect(changes.sort()).toEqual([`POST ${v1(folder)}/invite`, "POST /v1.0/$batch"].sort());
        expect(parts).toEqual(
            [
                `DELETE /drives/${folder.driveId}/items/${folder.itemId}/permissions/${before[CAROL].permissionId}`,
                `PATCH /drives/${folder.driveId}/items/${folder.itemId}/permissions/${before[ALICE].permissionId}`,
                `PATCH /drives/${folder.driveId}/items/${folder.itemId}/permissions/${before[BOB].permissionId}`,
            ].sort(),
        );
        expect(access(folder)).toMatchObject({ [ALICE]: ["write"], [BOB]: ["write"], [DAVE]: ["write"] });
        expect(access(folder)[CAROL]).toBeUndefined();
        const after = grantsOf(readers);
        expect(after[ALICE].permissionId).toBe(before[ALICE].permissionId);
        expect(after[ALICE].roles).toEqual(["write"]);
        expect(Object.keys(after)).toEqual([ALICE, BOB, DAVE]);
    });

    test("a new expiration date grants everyone again, in place, emailing only newcomers", async () => {
        const folder = stack.folder();
        const share = stack.resource("expiring");
        const args = { ...folder, roles: ["read"], sendInvitation: true, message: "Q3" };
        await share.up({ ...args, recipients: [ALICE, BOB], expirationDateTime: "2030-01-01T00:00:00Z" });
        const before = grantsOf(share);
        stack.emulator.clearRequests();
        await share.up({ ...args, recipients: [ALICE, BOB, CAROL], expirationDateTime: "2031-01-01T00:00:00Z" });
        const invites = stack.emulator.requests.filter((r) => r.path.endsWith("/invite")).map((r) => r.body as any);
        expect(invites).toEqual(
            expect.arrayContaining([
                expect.objectContaining({
                    recipients: [{ email: CAROL }],
                    expirationDateTime: "2031-01-01T00:00:00Z",
                    sendInvitation: true,
                }),
                expect.objectContaining({
                    recipients: [{ email: ALICE }, { email: BOB }],
                    expirationDateTime: "2031-01-01T00:00:00Z",
                    sendInvitation: false,
                }),
            ]),
        );
        expect(invites).toHaveLength(2);
        const after = grantsOf(share);
        expect([after[ALICE].permissionId, after[BOB].permissionId]).toEqual([
            before[ALICE].permissionId,
            before[BOB].permissionId,
        ]);
        // A business drive: Graph applies the date to sharing links only, and the provider says so.
        expect(
            stack.emulator.permissions(folder.driveId, folder.itemId).map((p) => p.expirationDateTime),
        ).not.toContain(expect.stringMatching(/^2031/));
        expect(stack.host.output).toContain(
            "without expirationDateTime 2031-01-01T00:00:00Z: on OneDrive for Business and SharePoint it applies to " +
                "sharing links only, so this access does not end by itself",
        );
    });

    test("on a personal OneDrive the expiration is Graph's to enforce: the link carries it, and nothing is printed", async () => {
        const folder = stack.folder(PERSONAL_DRIVE);
        const before = stack.host.output.length;
        await stack
            .resource("expiring-link")
            .up({ ...folder, roles: ["read"], recipients: [ALICE], expirationDateTime: "2030-01-01T00:00:00Z" });
        expect(stack.emulator.permissions(folder.driveId, folder.itemId).map((p) => p.expirationDateTime)).toContain(
            "2030-01-01T00:00:00Z",
        );
        expect(stack.host.output.slice(before)).not.toContain("without expirationDateTime");
    });

    test("repairs drift: a vanished grant is granted again and a changed role is set back", async () => {
        const folder = stack.folder();
        const share = stack.resource("drift");
        await share.up({ ...folder, recipients: [ALICE, BOB], roles: ["read"] });
        const grants = grantsOf(share);
        stack.emulator.removePermission(folder.driveId, folder.itemId, grants[ALICE].permissionId);
        stack.emulator.setPermissionRoles(folder.driveId, folder.itemId, grants[BOB].permissionId, ["write"]);

        await expect(share.refresh()).resolves.toMatchObject({ op: "update" });
        expect(grantsOf(share)[ALICE]).toBeUndefined();
        expect(grantsOf(share)[BOB].roles).toEqual(["write"]);
        stack.takeGraphRequests();

        await expect(share.up({ ...folder, recipients: [ALICE, BOB], roles: ["read"] })).resolves.toMatchObject({
            op: "update",
        });
        expect(access(folder)).toMatchObject({ [ALICE]: ["read"], [BOB]: ["read"] });
        // The invite and the batch go out side by side, after the list.
        const [list, ...changes] = stack.takeGraphRequests();
        expect(list).toBe(`GET ${v1(folder)}/permissions`);
        expect(changes.sort()).toEqual([`POST ${v1(folder)}/invite`, "POST /v1.0/$batch"].sort());
    });

    test("with sendInvitation, a grant removed by hand is restored without emailing its recipient again", async () => {
        const folder = stack.folder();
        const share = stack.resource("invited drift");
        const args = { ...folder, recipients: [ALICE], roles: ["read"], sendInvitation: true, message: "Q3" };
        const invitations = () =>
            stack.emulator.requests
                .filter((r) => r.path.endsWith("/invite"))
                .map((r) => (r.body as any).sendInvitation);
        stack.emulator.clearRequests();
        await share.up(args);
        expect(invitations()).toEqual([true]);
        stack.emulator.removePermission(folder.driveId, folder.itemId, grantsOf(share)[ALICE].permissionId);

        await expect(share.refresh()).resolves.toMatchObject({ op: "update" });
        expect(grantsOf(share)[ALICE]).toBeUndefined();
        stack.emulator.clearRequests();
        await expect(share.up({ ...args, recipients: [ALICE, BOB] })).resolves.toMatchObject({ op: "update" });
        expect(access(folder)).toMatchObject({ [ALICE]: ["read"], [BOB]: ["read"] });
        // Bob's first grant emails him; Alice's repair does not.
        const invites = stack.emulator.requests.filter((r) => r.path.endsWith("/invite")).map((r) => r.body as any);
        expect(invites).toHaveLength(2);
        expect(invites).toEqual(
            expect.arrayContaining([
                expect.objectContaining({ recipients: [{ email: BOB }], sendInvitation: true }),
                expect.objectContaining({ recipients: [{ email: ALICE }], sendInvitation: false }),
            ]),
        );
    });

    test("write declared for someone who inherits read: granted directly once, then the ups converge", async () => {
        const folder = stack.folder();
        stack.emulator.addPermission(folder.driveId, folder.itemId, {
            kind: "user",
            user: ALICE,
            roles: ["read"],
            inherited: true,
        });
        const share = stack.resource("inherited editors");
        const args = { ...folder, recipients: [ALICE], roles: ["write"] };
        stack.takeGraphRequests();
        await expect(share.up(args)).resolves.toMatchObject({ op: "create" });
        // Business drives do not say the permission is inherited: its PATCH is refused, and invite grants her directly.
        expect(stack.takeGraphRequests()).toEqual([
            `GET ${v1(folder)}/permissions`,
            "POST /v1.0/$batch",
            `POST ${v1(folder)}/invite`,
        ]);
        expect(access(folder)).toEqual({ [ALICE]: ["write"] });
        expect(grantsOf(share)[ALICE].roles).toEqual(["write"]);

        // Converged: the next up and a refresh find nothing to do.
        await expect(share.up(args)).resolves.toMatchObject({ op: "same" });
        await expect(share.refresh()).resolves.toMatchObject({ op: "same" });
        expect(stack.takeGraphRequests()).toEqual([`GET ${v1(folder)}/permissions`]);
        await share.destroy();
        expect(access(folder)).toEqual({});
    });

    test("never touches people it does not declare, owners, inherited access or links it did not create", async () => {
        const folder = stack.folder();
        const foreign = [
            stack.emulator.addPermission(folder.driveId, folder.itemId, {
                kind: "user",
                user: CAROL,
                roles: ["write"],
            }),
            stack.emulator.addPermission(folder.driveId, folder.itemId, { kind: "owner", user: OWNER }),
            stack.emulator.addPermission(folder.driveId, folder.itemId, {
                kind: "user",
                user: DAVE,
                roles: ["read"],
                inherited: true,
            }),
            stack.emulator.addPermission(folder.driveId, folder.itemId, {
                kind: "link",
                linkType: "view",
                scope: "anonymous",
            }),
            stack.emulator.addPermission(folder.driveId, folder.itemId, {
                kind: "link",
                linkType: "edit",
                scope: "users",
                grantees: [ALICE, BOB],
            }),
        ];
        const snapshot = () =>
            JSON.stringify(
                stack.emulator
                    .permissions(folder.driveId, folder.itemId)
                    .filter((p) => foreign.some((f) => f.id === p.id)),
            );
        const before = snapshot();
        const share = stack.resource("careful");
        await share.up({ ...folder, recipients: [ALICE, BOB], roles: ["read"] });
        await share.up({ ...folder, recipients: [ALICE], roles: ["write"] });
        await share.refresh();
        await share.destroy();
        expect(snapshot()).toBe(before);
        const mutations = stack.emulator.requests.filter((r) => r.method !== "GET" && r.kind !== "entra");
        for (const f of foreign) expect(mutations.some((r) => r.path.includes(`/permissions/${f.id}`))).toBe(false);
    });
});

describe("refresh", () => {
    test("reports the live grants with one list, and nothing changes when nothing drifted", async () => {
        const folder = stack.folder();
        const share = stack.resource("steady");
        await share.up({ ...folder, recipients: [ALICE], roles: ["read"] });
        stack.takeGraphRequests();
        await expect(share.refresh()).resolves.toMatchObject({ op: "same" });
        expect(stack.takeGraphRequests()).toEqual([`GET ${v1(folder)}/permissions`]);
    });

    test("reads grants that state written by 0.1.0 keeps as objects; refresh rewrites only those that changed", async () => {
        const folder = stack.folder();
        const share = stack.resource("from-0.1.0");
        const args = { ...folder, recipients: [ALICE, BOB], roles: ["read"] };
        await share.up(args);
        const grants = grantsOf(share);
        // As 0.1.0 wrote them: an object per grant, without `since`.
        const objects = Object.fromEntries(
            Object.entries(grants).map(([key, g]) => [key, { permissionId: g.permissionId, roles: g.roles }]),
        );
        share.state!.outputs.grants = objects;
        await expect(share.up(args)).resolves.toMatchObject({ op: "same" });
        expect(share.state!.outputs.grants).toEqual(objects);

        // A refresh shows the grant that drifted, not every grant rewritten in the new form.
        stack.emulator.setPermissionRoles(folder.driveId, folder.itemId, grants[BOB].permissionId, ["write"]);
        await expect(share.refresh()).resolves.toMatchObject({ op: "update" });
        expect(share.state!.outputs.grants).toEqual({
            [ALICE]: objects[ALICE],
            [BOB]: `write ${grants[BOB].permissionId}`,
        });
        await expect(share.up(args)).resolves.toMatchObject({ op: "update" });
        expect(share.state!.outputs.grants).toEqual({
            [ALICE]: `read ${grants[ALICE].permissionId}`,
            [BOB]: `read ${grants[BOB].permissionId}`,
        });

        share.state!.outputs.grants = objects;
        stack.takeGraphRequests();
        await share.destroy();
        expect(stack.takeGraphRequests()).toEqual(["POST /v1.0/$batch"]);
        expect(access(folder)).toEqual({});
    });

    test("an item deleted outside Pulumi means the resource is gone", async () => {
        const folder = stack.folder();
        const share = stack.resource("gone");
        await share.up({ ...folder, recipients: [ALICE], roles: ["read"] });
        stack.emulator.deleteItem(folder.driveId, folder.itemId);
        await expect(share.refresh()).resolves.toMatchObject({ op: "delete" });
        expect(share.state).toBeUndefined();
    });
});

describe("delete", () => {
    test("removes this resource's grants in one batch; on a business drive the recorded ids need no list", async () => {
        const folder = stack.folder();
        const share = stack.resource("temporary");
        await share.up({ ...folder, recipients: [ALICE, BOB, { objectId: FINANCE_GROUP_ID }], roles: ["read"] });
        stack.takeGraphRequests();
        await share.destroy();
        expect(stack.takeGraphRequests()).toEqual(["POST /v1.0/$batch"]);
        expect(access(folder)).toEqual({});
    });

    test("a grant or an item already gone is success", async () => {
        const folder = stack.folder();
        const share = stack.resource("half-gone");
        await share.up({ ...folder, recipients: [ALICE, BOB], roles: ["read"] });
        stack.emulator.removePermission(folder.driveId, folder.itemId, grantsOf(share)[ALICE].permissionId);
        await expect(share.destroy()).resolves.toBeUndefined();

        const other = stack.folder();
        const orphan = stack.resource("orphan");
        await orphan.up({ ...other, recipients: [ALICE], roles: ["read"] });
        stack.emulator.deleteItem(other.driveId, other.itemId);
        await expect(orphan.destroy()).resolves.toBeUndefined();
    });

    test("on a link shared with several people, removes only this resource's recipients", async () => {
        const folder = stack.folder(PERSONAL_DRIVE);
        const share = stack.resource("personal");
        await share.up({ ...folder, recipients: [ALICE, BOB], roles: ["read"] });
        const linkId = grantsOf(share)[ALICE].permissionId;
        expect(grantsOf(share)[BOB].permissionId).toBe(linkId);

        await share.up({ ...folder, recipients: [ALICE], roles: ["read"] });
        const revoke = stack.emulator.requests.filter(
            (r) => r.kind === "batch-part" && r.path.endsWith("/revokeGrants"),
        );
        expect(revoke.map((r) => r.body)).toEqual([{ grantees: [{ email: BOB }] }]);
        expect(access(folder)).toMatchObject({ [ALICE]: ["read"] });
        expect(access(folder)[BOB]).toBeUndefined();

        await share.destroy();
        expect(stack.emulator.permissions(folder.driveId, folder.itemId).some((p) => p.id === linkId)).toBe(false);
    });
});

describe("inherited access on business drives (which Graph does not mark as inherited)", () => {
    test("is taken over like a direct grant, and left in place by delete, which Graph refuses with notAllowed", async () => {
        const folder = stack.folder();
        const inherited = stack.emulator.addPermission(folder.driveId, folder.itemId, {
            kind: "user",
            user: DAVE,
            roles: ["read"],
            inherited: true,
        });
        const share = stack.resource("inherits");
        await share.up({ ...folder, recipients: [DAVE], roles: ["read"] });
        expect(grantsOf(share)[DAVE].permissionId).toBe(inherited.id);
        stack.emulator.clearRequests();
        await expect(share.destroy()).resolves.toBeUndefined();
        const parts = stack.emulator.requests.filter((r) => r.kind === "batch-part");
        expect(parts.map((r) => `${r.method} ${r.status}`)).toEqual(["DELETE 403"]);
        expect(stack.emulator.permissions(folder.driveId, folder.itemId).map((p) => p.id)).toContain(inherited.id);
    });
});

describe("a role change on personal OneDrive", () => {
    test("moves the recipient to a new grant, inviting before revoking so that access never lapses", async () => {
        const folder = stack.folder(PERSONAL_DRIVE);
        const share = stack.resource("personal-promotion");
        await share.up({ ...folder, recipients: [ALICE, BOB], roles: ["read"] });
        const oldLink = grantsOf(share)[ALICE].permissionId;
        stack.emulator.clearRequests();

        await share.up({ ...folder, recipients: [ALICE, BOB], roles: ["write"] });
        const invite = stack.emulator.requests.find((r) => r.path.endsWith("/invite"))!;
        const batch = stack.emulator.requests.find((r) => r.path.endsWith("/$batch"))!;
        expect(invite.seq).toBeLessThan(batch.seq);
        expect(access(folder)).toMatchObject({ [ALICE]: ["write"], [BOB]: ["write"] });
        expect(stack.emulator.permissions(folder.driveId, folder.itemId).some((p) => p.id === oldLink)).toBe(false);
        expect(grantsOf(share)[ALICE].permissionId).not.toBe(oldLink);
    });

    test("keeps the old grant when the new one fails, and moves the recipient on the next up", async () => {
        const folder = stack.folder(PERSONAL_DRIVE);
        const share = stack.resource("personal-promotion-fault");
        await share.up({ ...folder, recipients: [ALICE], roles: ["read"] });
        stack.emulator.injectFault({ method: "POST", path: /\/invite$/, response: { status: 500 } });
        await expect(share.up({ ...folder, recipients: [ALICE], roles: ["write"] })).rejects.toThrow(
            /invite failed with 500/,
        );
        expect(access(folder)).toMatchObject({ [ALICE]: ["read"] });
        expect(stack.emulator.requests.filter((r) => r.kind === "batch-part")).toEqual([]);

        await share.up({ ...folder, recipients: [ALICE], roles: ["write"] });
        expect(access(folder)).toMatchObject({ [ALICE]: ["write"] });
    });
});

describe("secrets", () => {
    test("the client secret and tokens never reach state, outputs or the host's logs", async () => {
        const folder = stack.folder();
        const share = stack.resource("secretive");
        await share.up({ ...folder, recipients: [ALICE], roles: ["read"] });
        await share.refresh();
        await share.destroy();
        const everything = JSON.stringify([share.state, stack.host.output, stack.host.providerText]);
        expect(everything).not.toContain(CLIENT_SECRET);
        expect(everything).not.toMatch(/eyJ[\w-]+\.[\w-]+\./);
    });

    test("one token request serves every resource and operation of the process", async () => {
        // A new process, so that its one sign-in happens here.
        const host = await startProviderHost({ ...userProjectHost(), env: stackEnvironment(stack.emulator) });
        try {
            stack.emulator.clearRequests();
            const shares = ["one", "two", "three"].map((name) => new ShareResource(host, name));
            await Promise.all(shares.map((s) => s.up({ ...stack.folder(), recipients: [ALICE], roles: ["read"] })));
            await Promise.all(shares.map((s) => s.refresh()));
            await Promise.all(shares.map((s) => s.destroy()));
            expect(stack.emulator.tokenRequests().length).toBe(1);
        } finally {
            await host.stop();
        }
    });
});

describe("sharing passwords", () => {
    test("a password reaches Graph but no error, log or state other than the secret password output", async () => {
        const password = "Pa55-word~only-for-this-test";
        const folder = stack.folder(PERSONAL_DRIVE);
        const share = stack.resource("with-password");
        const args = { ...folder, recipients: [ALICE], roles: ["read"], password };
        stack.emulator.injectFault({ method: "POST", path: /\/invite$/, response: { status: 500, message: "boom" } });
        const error: Error = await share.up(args).catch((e) => e);
        expect(error.message).toMatch(/invite failed with 500/);
        await share.up(args);
        await share.up({ ...args, recipients: [ALICE, BOB] });
        await share.refresh();
        const invite = stack.emulator.requests.find((r) => r.path.endsWith("/invite"))!;
        expect((invite.body as any).password).toBe("<redacted>");
        expect(share.state!.outputs.password).toBe(password);
        const { password: _, ...rest } = share.state!.outputs;
        expect(JSON.stringify([rest, error.message, stack.host.output])).not.toContain(password);
        await share.destroy();
    });
});
