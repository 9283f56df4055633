// Server-level behaviour: latency, the request log, the /_emulator control surface, robustness.
import type { GraphEmulator, SeedDocument } from "./index";
import {
    CLIENT_ID,
    CLIENT_SECRET,
    TENANT_ID,
    bizItem,
    call,
    fetchToken,
    type Fixture,
    graph,
    useSeededEmulator,
} from "./test-helpers";

let em: GraphEmulator;
let f: Fixture;
useSeededEmulator(
    (emulator) => (em = emulator),
    (fixture) => (f = fixture),
);

const control = (method: string, path: string, body?: unknown) =>
    call(em, undefined, method, `/_emulator${path}`, body);

test("latencyMs delays Graph answers but not Entra", async () => {
    em.latencyMs = 80;
    let started = Date.now();
    await graph(f).get(bizItem(f));
    expect(Date.now() - started).toBeGreaterThanOrEqual(75);
    started = Date.now();
    await fetchToken(em);
    expect(Date.now() - started).toBeLessThan(75);
});

test("the log keeps arrival order, the url with its query, and kinds; clearRequests empties it", async () => {
    await graph(f).get(`${bizItem(f)}/permissions?$select=id`);
    await fetchToken(em);
    await call(em, undefined, "GET", bizItem(f));
    expect(em.requests.map((r) => [r.seq, r.kind, r.method, r.url, r.status, r.authenticated])).toEqual([
        [expect.any(Number), "graph", "GET", `${bizItem(f)}/permissions?$select=id`, 200, true],
        [expect.any(Number), "entra", "POST", `/${TENANT_ID}/oauth2/v2.0/token`, 200, false],
        [expect.any(Number), "graph", "GET", bizItem(f), 401, false],
    ]);
    const seqs = em.requests.map((r) => r.seq);
    expect([...seqs].sort((a, b) => a - b)).toEqual(seqs);
    expect(em.graphRequests()).toHaveLength(2);
    expect(em.tokenRequests()).toHaveLength(1);
    em.clearRequests();
    expect(em.requests).toHaveLength(0);
});

describe("control surface", () => {
    const doc: SeedDocument = {
        apps: [{ tenantId: TENANT_ID, clientId: CLIENT_ID, clientSecret: CLIENT_SECRET }],
        users: [{ email: "owner@contoso.com" }, { email: "reader@contoso.com" }],
        groups: [{ displayName: "Readers", email: "readers@contoso.com" }],
        drives: [
            {
                driveType: "business",
                ownerUserId: "owner@contoso.com",
                items: [
                    {
                        name: "Finance",
                        children: [
                            {
                                name: "q1.xlsx",
                                permissions: [{ kind: "user", user: "reader@contoso.com", roles: ["read"] }],
                            },
                        ],
                    },
                ],
            },
        ],
    };

    test("seed, inspect permissions, requests, faults, settings, expire-tokens, reset; none of it is logged", async () => {
        const seeded = await control("POST", "/reset");
        expect(seeded.status).toBe(204);
        const result = await control("POST", "/seed", doc);
        expect(result.status).toBe(200);
        const drive = result.body.drives[0];
        expect(Object.keys(drive.items)).toEqual(["", "/Finance", "/Finance/q1.xlsx"]);
        expect(result.body.users["reader@contoso.com"]).toMatch(/^[0-9a-f-]{36}$/);

        const token = await fetchToken(em);
        const listPath = `/v1.0/drives/${drive.id}/items/${drive.items["/Finance/q1.xlsx"]}/permissions`;
        expect((await call(em, token, "GET", listPath)).body.value).toHaveLength(1);
        const live = await control(
            "GET",
            `/drives/${encodeURIComponent(drive.id)}/items/${drive.items["/Finance/q1.xlsx"]}/permissions`,
        );
        expect(live.body.value[0].roles).toEqual(["read"]);

        expect(
            (
                await control("POST", "/faults", {
                    pathRegex: "/permissions$",
                    response: { status: 429, retryAfterSeconds: 2 },
                })
            ).status,
        ).toBe(204);
        expect((await call(em, token, "GET", listPath)).status).toBe(429);
        await control("POST", "/faults", { response: { status: 500 }, times: 5 });
        await control("DELETE", "/faults");
        expect((await call(em, token, "GET", listPath)).status).toBe(200);

        expect((await control("PATCH", "/settings", { latencyMs: 1, listPageSize: 10 })).body).toMatchObject({
            latencyMs: 1,
            listPageSize: 10,
        });
        expect(em.latencyMs).toBe(1);
        expect((await control("PATCH", "/settings", { nope: 1 })).status).toBe(400);

        await control("POST", "/expire-tokens");
        expect((await call(em, token, "GET", listPath)).status).toBe(401);

        const requests = await control("GET", "/requests");
        expect(requests.body.value.every((r: { path: string }) => !r.path.startsWith("/_emulator"))).toBe(true);
        expect(requests.body.value.map((r: { kind: string }) => r.kind)).toEqual([
            "entra",
            "graph",
            "graph",
            "graph",
            "graph",
        ]);
        expect((await control("DELETE", "/requests")).status).toBe(204);
        expect(em.requests).toHaveLength(0);

        const info = await control("GET", "");
        expect(info.body).toMatchObject({ url: em.url, settings: expect.objectContaining({ listPageSize: 10 }) });
        await control("POST", "/reset");
        expect(em.settings.listPageSize).toBe(200);
        expect((await call(em, token, "GET", listPath)).status).toBe(401);
    });

    test("bad input answers 400/404 with a message", async () => {
        expect((await control("POST", "/seed", "{nope")).status).toBe(400);
        expect(
            (await control("POST", "/seed", { drives: [{ driveType: "business", ownerUserId: "ghost@contoso.com" }] }))
                .body.error,
        ).toMatch(/no user ghost/);
        expect((await control("POST", "/faults", { path: "/x" })).status).toBe(400);
        expect((await control("GET", "/nothing")).status).toBe(404);
    });
});

describe("robustness", () => {
    test("a body over 4 MB is refused with 413 and the server goes on", async () => {
        const res = await graph(f).post(`${bizItem(f)}/invite`, "x".repeat(4 * 1024 * 1024 + 1));
        expect(res.status).toBe(413);
        expect((await graph(f).get(bizItem(f))).status).toBe(200);
    });

    test("an unknown Entra path is a 404 with an Entra-shaped body", async () => {
        const res = await call(em, undefined, "GET", "/common/discovery/instance");
        expect(res.status).toBe(404);
        expect(res.body.error).toBe("invalid_request");
    });

    test("seeding mistakes throw at the call site", () => {
        expect(() => em.addUser({ email: "alice@contoso.com" })).toThrow(/already exists/);
        expect(() => em.addItem({ driveId: f.biz.id, name: "x", parentId: f.biz.file })).toThrow(/not a folder/);
        expect(() => em.addPermission(f.biz.id, f.biz.file, { kind: "user", user: "ghost@contoso.com" })).toThrow(
            /no user or group/,
        );
        em.addPermission(f.biz.id, f.biz.file, { kind: "user", user: f.bob });
        expect(() => em.addPermission(f.biz.id, f.biz.file, { kind: "user", user: f.bob })).toThrow(
            /already has a permission/,
        );
        expect(() => em.deleteItem(f.biz.id, f.biz.root)).toThrow(/root/);
    });

    test("seeded permissions of every kind render on a business drive", () => {
        const link = em.addPermission(f.biz.id, f.biz.file, {
            kind: "link",
            linkType: "view",
            scope: "users",
            grantees: [f.alice, "finance@contoso.com", "guest@example.org"],
            expirationDateTime: "2999-01-01T00:00:00Z",
        });
        expect(link).toMatchObject({
            roles: ["read"],
            link: { type: "view", scope: "users", preventsDownload: false },
            shareId: expect.stringMatching(/^u!/),
            expirationDateTime: "2999-01-01T00:00:00Z",
            grantedToIdentities: [{ user: { id: f.alice } }, { user: { email: "guest@example.org" } }],
            grantedToIdentitiesV2: [
                {
                    user: expect.objectContaining({ id: f.alice }),
                    siteUser: expect.objectContaining({ loginName: "i:0#.f|membership|alice@contoso.com" }),
                },
                { group: expect.objectContaining({ id: f.finance }), siteGroup: expect.any(Object) },
                {
                    user: { displayName: "guest@example.org", email: "guest@example.org" },
                    siteUser: expect.objectContaining({
                        loginName: "i:0#.f|membership|urn:spo:guest#guest@example.org",
                    }),
                },
            ],
        });
        const siteGroup = em.addPermission(f.biz.id, f.biz.file, {
            kind: "siteGroup",
            displayName: "Contoso Members",
            roles: ["sp.member"],
        });
        expect(siteGroup).toMatchObject({
            roles: ["sp.member"],
            grantedToV2: {
                siteGroup: {
                    displayName: "Contoso Members",
                    loginName: "Contoso Members",
                    id: expect.stringMatching(/^\d+$/),
                },
            },
        });
        const guest = em.addPermission(f.biz.id, f.biz.file, { kind: "user", user: f.carol });
        expect(guest.invitation).toEqual({ email: "carol@fabrikam.com", signInRequired: true });
    });
});
