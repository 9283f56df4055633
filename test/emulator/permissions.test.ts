// List (paging, $select), get, PATCH, DELETE and revokeGrants of permissions, eventual consistency, and
// out-of-band changes. Docs: driveitem-list-permissions, permission-update, permission-delete,
// permission-revokegrants (https://learn.microsoft.com/graph/api/permission-revokegrants: the response
// example lists the remaining people in grantedToIdentitiesV2 of a "users" link).
import type { GraphEmulator } from "./index";
import { bizItem, type Fixture, graph, inviteBody, useSeededEmulator } from "./test-helpers";

let em: GraphEmulator;
let f: Fixture;
useSeededEmulator(
    (emulator) => (em = emulator),
    (fixture) => (f = fixture),
);

const permissionsPath = () => `${bizItem(f)}/permissions`;
const enc = encodeURIComponent;

async function grantBob(roles = ["read"]): Promise<string> {
    const res = await graph(f).post(`${bizItem(f)}/invite`, inviteBody([{ email: "bob@contoso.com" }], roles));
    return res.body.value[0].id as string;
}

describe("list", () => {
    test("returns the live permissions with @odata.context; business drives never show inheritedFrom", async () => {
        em.addPermission(f.biz.id, f.biz.file, { kind: "owner", user: f.alice, inherited: true });
        const id = await grantBob();
        const res = await graph(f).get(permissionsPath());
        expect(res.status).toBe(200);
        expect(res.body["@odata.context"]).toBe(
            `${em.url}/v1.0/$metadata#drives('${f.biz.id}')/items('${f.biz.file}')/permissions`,
        );
        expect(res.body.value.map((p: { id: string }) => p.id)).toEqual([expect.any(String), id]);
        expect(res.body.value[0]).toMatchObject({ roles: ["owner"] });
        expect(res.body.value.every((p: object) => !("inheritedFrom" in p))).toBe(true);
        expect(res.body["@odata.nextLink"]).toBeUndefined();
    });

    test("personal drives show inheritedFrom, like the documented list example", async () => {
        em.addPermission(f.personal.id, f.personal.file, {
            kind: "user",
            user: f.bob,
            roles: ["write"],
            inherited: true,
        });
        const res = await graph(f).get(`/v1.0/drives/${f.personal.id}/items/${f.personal.file}/permissions`);
        expect(res.body.value[0]).toEqual({
            id: expect.any(String),
            roles: ["write"],
            grantedTo: { user: { id: f.bob, displayName: "Bob Kelly", email: "bob@contoso.com" } },
            inheritedFrom: { driveId: f.personal.id, id: f.personal.root, path: `/drives/${f.personal.id}/root:` },
        });
    });

    test("pages by listPageSize with an absolute @odata.nextLink carrying $skiptoken and $select", async () => {
        em.settings.listPageSize = 2;
        const users = ["u1", "u2", "u3", "u4", "u5"].map((n) => em.addUser({ email: `${n}@contoso.com` }));
        for (const u of users) em.addPermission(f.biz.id, f.biz.file, { kind: "user", user: u.id });
        const seen: string[] = [];
        let next: string | undefined = `${permissionsPath()}?$select=id,roles`;
        let pages = 0;
        while (next) {
            const res = await graph(f).get(next.replace(em.url, ""));
            expect(res.status).toBe(200);
            for (const p of res.body.value) {
                expect(Object.keys(p).sort()).toEqual(["id", "roles"]);
                seen.push(p.id);
            }
            next = res.body["@odata.nextLink"];
            if (next)
                expect(next).toMatch(
                    new RegExp(`^${em.url}/v1\\.0/drives/.+/permissions\\?\\$select=id,roles&\\$skiptoken=`),
                );
            pages++;
        }
        expect(pages).toBe(3);
        expect(new Set(seen).size).toBe(5);
    });

    test("a bad $skiptoken is 400; if-none-match with the item's eTag is 304", async () => {
        expect((await graph(f).get(`${permissionsPath()}?$skiptoken=bogus`)).status).toBe(400);
        const item = await graph(f).get(bizItem(f));
        expect((await graph(f).get(permissionsPath(), { "if-none-match": item.body.eTag })).status).toBe(304);
    });

    test("$select keeps the deprecation annotation only with grantedTo", async () => {
        await grantBob();
        const res = await graph(f).get(`${permissionsPath()}?$select=grantedTo`);
        expect(Object.keys(res.body.value[0]).sort()).toEqual(["@deprecated.GrantedTo", "grantedTo"]);
    });
});

describe("get", () => {
    test("GET permissions/{id} returns one permission; unknown id is 404 itemNotFound", async () => {
        const id = await grantBob();
        const res = await graph(f).get(`${permissionsPath()}/${enc(id)}`);
        expect(res.body).toMatchObject({ id, roles: ["read"] });
        const missing = await graph(f).get(`${permissionsPath()}/nope`);
        expect(missing.status).toBe(404);
        expect(missing.body.error.code).toBe("itemNotFound");
    });
});

describe("patch", () => {
    test("changes roles of a direct grant and returns the updated permission (doc example body)", async () => {
        const id = await grantBob(["write"]);
        const res = await graph(f).patch(`${permissionsPath()}/${enc(id)}`, { roles: ["read"] });
        expect(res.status).toBe(200);
        expect(res.body).toMatchObject({ id, roles: ["read"], grantedTo: { user: { id: f.bob } } });
    });

    test.each<[string, () => Promise<string>, unknown, number, string]>([
        [
            "a link's roles -> 400 badArgument",
            async () =>
                em.addPermission(f.biz.id, f.biz.file, { kind: "link", linkType: "view", scope: "organization" }).id,
            { roles: ["write"] },
            400,
            "badArgument",
        ],
        [
            "an owner -> 403 notAllowed",
            async () => em.addPermission(f.biz.id, f.biz.file, { kind: "owner", user: f.alice }).id,
            { roles: ["read"] },
            403,
            "notAllowed",
        ],
        [
            "an inherited grant -> 403 notAllowed",
            async () => em.addPermission(f.biz.id, f.biz.file, { kind: "user", user: f.bob, inherited: true }).id,
            { roles: ["write"] },
            403,
            "notAllowed",
        ],
        ["an unknown id -> 404 itemNotFound", async () => "does-not-exist", { roles: ["read"] }, 404, "itemNotFound"],
        [
            "expirationDateTime of a user grant -> 400 badArgument",
            () => grantBob(),
            { expirationDateTime: "2999-01-01T00:00:00Z" },
            400,
            "badArgument",
        ],
        [
            "an organization link's expiration -> 400 badArgument",
            async () =>
                em.addPermission(f.biz.id, f.biz.file, { kind: "link", linkType: "view", scope: "organization" }).id,
            { expirationDateTime: "2999-01-01T00:00:00Z" },
            400,
            "badArgument",
        ],
        ["invalid roles -> 400 invalidRequest", () => grantBob(), { roles: ["owner"] }, 400, "invalidRequest"],
        ["an unknown property -> 400 invalidRequest", () => grantBob(), { grantedToV2: {} }, 400, "invalidRequest"],
        ["an empty body -> 400 invalidRequest", () => grantBob(), {}, 400, "invalidRequest"],
    ])("%s", async (_name, target, body, status, code) => {
        const res = await graph(f).patch(`${permissionsPath()}/${enc(await target())}`, body);
        expect(res.status).toBe(status);
        expect(res.body.error.code).toBe(code);
    });

    test("expirationDateTime of an anonymous link can change", async () => {
        const id = em.addPermission(f.biz.id, f.biz.file, { kind: "link", linkType: "view", scope: "anonymous" }).id;
        const res = await graph(f).patch(`${permissionsPath()}/${enc(id)}`, {
            expirationDateTime: "2999-01-01T00:00:00.000Z",
        });
        expect(res.status).toBe(200);
        expect(res.body.expirationDateTime).toBe("2999-01-01T00:00:00Z");
    });

    test("if-match against the item's eTag: match -> 200, mismatch -> 412", async () => {
        const id = await grantBob();
        const { eTag } = (await graph(f).get(bizItem(f))).body;
        expect(
            (await graph(f).patch(`${permissionsPath()}/${enc(id)}`, { roles: ["write"] }, { "if-match": eTag }))
                .status,
        ).toBe(200);
        const stale = await graph(f).patch(
            `${permissionsPath()}/${enc(id)}`,
            { roles: ["read"] },
            { "if-match": eTag },
        );
        expect(stale.status).toBe(412);
        expect(stale.body.error.code).toBe("resourceModified");
    });
});

describe("delete", () => {
    test("204 and gone", async () => {
        const id = await grantBob();
        const res = await graph(f).del(`${permissionsPath()}/${enc(id)}`);
        expect(res.status).toBe(204);
        expect(res.body).toBeUndefined();
        expect(em.permissions(f.biz.id, f.biz.file).map((p) => p.id)).not.toContain(id);
    });

    test("inherited -> 403 notAllowed; owner -> 204 but nothing happens; unknown -> 404", async () => {
        const inherited = em.addPermission(f.biz.id, f.biz.file, { kind: "user", user: f.bob, inherited: true }).id;
        const owner = em.addPermission(f.biz.id, f.biz.file, { kind: "owner", user: f.alice }).id;
        expect((await graph(f).del(`${permissionsPath()}/${enc(inherited)}`)).body.error.code).toBe("notAllowed");
        expect((await graph(f).del(`${permissionsPath()}/${enc(owner)}`)).status).toBe(204);
        expect(em.permissions(f.biz.id, f.biz.file).map((p) => p.id)).toEqual([inherited, owner]);
        expect((await graph(f).del(`${permissionsPath()}/unknown`)).status).toBe(404);
    });

    test("if-match mismatch -> 412", async () => {
        const id = await grantBob();
        expect((await graph(f).del(`${permissionsPath()}/${enc(id)}`, { "if-match": '"{WRONG},1"' })).status).toBe(412);
    });

    test("an id containing '/' and '+' works when percent-encoded", async () => {
        const odd = em.addUser({ email: "zz>?@contoso.com" });
        const id = em.addPermission(f.biz.id, f.biz.file, { kind: "user", user: odd.id }).id;
        expect(id).toMatch(/[+/]/);
        expect((await graph(f).get(`${permissionsPath()}/${enc(id)}`)).body.id).toBe(id);
        expect((await graph(f).del(`${permissionsPath()}/${enc(id)}`)).status).toBe(204);
    });
});

describe("revokeGrants", () => {
    function seedLink(grantees: string[]): string {
        return em.addPermission(f.biz.id, f.biz.file, { kind: "link", linkType: "edit", scope: "users", grantees }).id;
    }

    test("removes people from a users link and returns the updated link (documented response shape)", async () => {
        const id = seedLink([f.alice, "bob@contoso.com", "outsider@example.org"]);
        const res = await graph(f).post(`${permissionsPath()}/${enc(id)}/revokeGrants`, {
            grantees: [{ email: "bob@contoso.com" }, { email: "OUTSIDER@example.org" }],
        });
        expect(res.status).toBe(200);
        expect(res.body).toMatchObject({
            id,
            roles: ["write"],
            link: {
                type: "edit",
                scope: "users",
                webUrl: expect.stringMatching(/^https:\/\/contoso\.sharepoint\.com\//),
            },
            grantedToIdentitiesV2: [
                {
                    user: { id: f.alice, displayName: "Alice Wong" },
                    siteUser: { displayName: "Alice Wong", loginName: "i:0#.f|membership|alice@contoso.com" },
                },
            ],
        });
        expect(res.body.grantedToIdentitiesV2).toHaveLength(1);
    });

    test("microsoft.graph.revokeGrants, objectId grantees; removing the last person deletes the permission (200 with no one left)", async () => {
        const id = seedLink([f.bob]);
        const res = await graph(f).post(`${permissionsPath()}/${enc(id)}/microsoft.graph.revokeGrants`, {
            grantees: [{ objectId: f.bob }],
        });
        expect(res.status).toBe(200);
        expect(res.body.grantedToIdentitiesV2).toEqual([]);
        expect((await graph(f).get(`${permissionsPath()}/${enc(id)}`)).status).toBe(404);
    });

    test("a grantee who is not on the link is ignored", async () => {
        const id = seedLink([f.alice]);
        const res = await graph(f).post(`${permissionsPath()}/${enc(id)}/revokeGrants`, {
            grantees: [{ email: "bob@contoso.com" }],
        });
        expect(res.body.grantedToIdentitiesV2).toHaveLength(1);
    });

    test.each<[string, () => Promise<string> | string, unknown, number]>([
        ["a direct grant -> 400", () => grantBob(), { grantees: [{ email: "bob@contoso.com" }] }, 400],
        [
            "an organization link -> 400",
            () => em.addPermission(f.biz.id, f.biz.file, { kind: "link", linkType: "view", scope: "organization" }).id,
            { grantees: [{ email: "bob@contoso.com" }] },
            400,
        ],
        [
            "an anonymous link -> 400",
            () => em.addPermission(f.biz.id, f.biz.file, { kind: "link", linkType: "view", scope: "anonymous" }).id,
            { grantees: [{ email: "bob@contoso.com" }] },
            400,
        ],
        [
            "no grantees -> 400",
            () =>
                em.addPermission(f.biz.id, f.biz.file, {
                    kind: "link",
                    linkType: "view",
                    scope: "users",
                    grantees: [f.bob],
                }).id,
            {},
            400,
        ],
        ["an unknown permission -> 404", () => "nope", { grantees: [{ email: "bob@contoso.com" }] }, 404],
    ])("%s", async (_name, target, body, status) => {
        const res = await graph(f).post(`${permissionsPath()}/${enc(await target())}/revokeGrants`, body);
        expect(res.status).toBe(status);
        expect(res.body.error.code).toBe(status === 404 ? "itemNotFound" : "invalidRequest");
    });

    test("personal drives: revokeGrants on an invite-created link keeps v1 shape", async () => {
        const base = `/v1.0/drives/${f.personal.id}/items/${f.personal.file}`;
        const created = await graph(f).post(
            `${base}/invite`,
            inviteBody([{ email: "bob@contoso.com" }, { email: "alice@contoso.com" }], ["read"]),
        );
        const id = created.body.value[0].id;
        const res = await graph(f).post(`${base}/permissions/${id}/revokeGrants`, {
            grantees: [{ email: "bob@contoso.com" }],
        });
        expect(res.body.grantedToIdentities).toEqual([
            { user: { id: f.alice, displayName: "Alice Wong", email: "alice@contoso.com" } },
        ]);
        expect(res.body.grantedToIdentitiesV2).toBeUndefined();
    });
});

describe("eventual consistency (grantVisibilityDelayMs)", () => {
    test("an invited permission is missing from the list for the delay, but GET, re-invite, PATCH and DELETE by id work", async () => {
        em.grantVisibilityDelayMs = 150;
        const id = await grantBob();
        expect((await graph(f).get(permissionsPath())).body.value).toEqual([]);
        expect((await graph(f).get(`${permissionsPath()}/${enc(id)}`)).body.id).toBe(id);
        expect((await graph(f).patch(`${permissionsPath()}/${enc(id)}`, { roles: ["write"] })).status).toBe(200);
        expect(
            (await graph(f).post(`${bizItem(f)}/invite`, inviteBody([{ email: "bob@contoso.com" }], ["write"]))).body
                .value[0].id,
        ).toBe(id);
        expect(em.permissions(f.biz.id, f.biz.file).map((p) => p.id)).toEqual([id]);
        await new Promise((r) => setTimeout(r, 170));
        expect((await graph(f).get(permissionsPath())).body.value.map((p: { id: string }) => p.id)).toEqual([id]);
        expect((await graph(f).del(`${permissionsPath()}/${enc(id)}`)).status).toBe(204);
    });
});

describe("out-of-band changes", () => {
    test("removePermission and setPermissionRoles show up in the next list", async () => {
        const id = await grantBob(["read"]);
        em.setPermissionRoles(f.biz.id, f.biz.file, id, ["write"]);
        expect((await graph(f).get(`${permissionsPath()}/${enc(id)}`)).body.roles).toEqual(["write"]);
        em.removePermission(f.biz.id, f.biz.file, id);
        expect((await graph(f).get(permissionsPath())).body.value).toEqual([]);
        expect(() => em.removePermission(f.biz.id, f.biz.file, id)).toThrow(/no permission/);
    });

    test("deleteItem makes every address of the item (and its children) answer 404 itemNotFound", async () => {
        em.deleteItem(f.biz.id, f.biz.folder);
        const paths = [
            bizItem(f, f.biz.folder),
            `${bizItem(f)}/permissions`,
            `/v1.0/drives/${f.biz.id}/root:/Projects/plan.docx:/permissions`,
            `/v1.0/users/alice@contoso.com/drive/items/${f.biz.file}`,
        ];
        for (const path of paths) {
            const res = await graph(f).get(path);
            expect(res.status).toBe(404);
            expect(res.body.error.code).toBe("itemNotFound");
        }
        expect((await graph(f).post(`${bizItem(f)}/invite`, inviteBody([{ email: "bob@contoso.com" }]))).status).toBe(
            404,
        );
    });
});
