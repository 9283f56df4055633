// Every way Graph addresses a drive and an item (https://learn.microsoft.com/graph/api/driveitem-invite and
// driveitem-list-permissions list the HTTP request forms), on v1.0 and beta.
import { type GraphEmulator, startEmulator } from "./index";
import { type Fixture, bizItem, graph, inviteBody, seedFixture } from "./test-helpers";

let em: GraphEmulator;
let f: Fixture;
let groupDrive: { id: string; file: string };
let siteDrive: { id: string; file: string };
beforeAll(async () => {
    em = await startEmulator();
});
afterAll(() => em.close());
beforeEach(async () => {
    f = await seedFixture(em);
    const gd = em.addDrive({ driveType: "business", ownerGroupId: f.finance, name: "Finance Documents" });
    groupDrive = { id: gd.id, file: em.addItem({ driveId: gd.id, name: "budget.xlsx" }).id };
    const sd = em.addDrive({ driveType: "business", siteId: "contoso.sharepoint.com,1a2b,3c4d" });
    siteDrive = { id: sd.id, file: em.addItem({ driveId: sd.id, name: "policy.pdf" }).id };
});

describe("item addresses", () => {
    test("GET the item itself: driveItem JSON with parentReference {driveId, id, path}", async () => {
        const res = await graph(f).get(bizItem(f));
        expect(res.status).toBe(200);
        expect(res.body).toMatchObject({
            id: f.biz.file,
            name: "plan.docx",
            eTag: expect.stringMatching(/^"\{[0-9A-F-]{36}\},\d+"$/),
            file: {},
            parentReference: {
                driveType: "business",
                driveId: f.biz.id,
                id: f.biz.folder,
                path: `/drives/${f.biz.id}/root:/Projects`,
            },
            webUrl: "https://contoso-my.sharepoint.com/personal/alice_contoso_com/Documents/Projects/plan.docx",
        });
        const folder = await graph(f).get(bizItem(f, f.biz.folder));
        expect(folder.body).toMatchObject({
            folder: { childCount: 1 },
            parentReference: { id: f.biz.root, path: `/drives/${f.biz.id}/root:` },
        });
    });

    test("/root is the root item", async () => {
        const res = await graph(f).get(`/v1.0/drives/${f.biz.id}/root`);
        expect(res.body).toMatchObject({ id: f.biz.root, root: {}, parentReference: { driveId: f.biz.id } });
        expect(res.body.parentReference.id).toBeUndefined();
    });

    test.each([
        ["path form with closing colon", (x: Fixture) => `/v1.0/drives/${x.biz.id}/root:/Projects/plan.docx:`],
        ["path form without closing colon", (x: Fixture) => `/v1.0/drives/${x.biz.id}/root:/Projects/plan.docx`],
        ["path form, names in another case", (x: Fixture) => `/v1.0/drives/${x.biz.id}/root:/projects/PLAN.docx:`],
        ["path form, percent-encoded", (x: Fixture) => `/v1.0/drives/${x.biz.id}/root:/Projects/plan%2Edocx:`],
        ["users/{id}/drive", (x: Fixture) => `/v1.0/users/${x.alice}/drive/items/${x.biz.file}`],
        ["users/{upn}/drive", (x: Fixture) => `/v1.0/users/alice@contoso.com/drive/items/${x.biz.file}`],
        ["beta", (x: Fixture) => `/beta/drives/${x.biz.id}/items/${x.biz.file}`],
        ["keywords in another case", (x: Fixture) => `/v1.0/Drives/${x.biz.id}/Items/${x.biz.file}`],
    ])("%s", async (_name, path) => {
        const res = await graph(f).get(path(f));
        expect(res.status).toBe(200);
        expect(res.body.id).toBe(f.biz.file);
    });

    test("groups/{id}/drive and sites/{id}/drive", async () => {
        expect((await graph(f).get(`/v1.0/groups/${f.finance}/drive/items/${groupDrive.file}`)).body.name).toBe(
            "budget.xlsx",
        );
        expect(
            (
                await graph(f).get(
                    `/v1.0/sites/${encodeURIComponent("contoso.sharepoint.com,1a2b,3c4d")}/drive/items/${siteDrive.file}`,
                )
            ).body.name,
        ).toBe("policy.pdf");
    });

    test.each([
        ["items/{id}", (x: Fixture) => `${bizItem(x)}`],
        ["path form with colon", (x: Fixture) => `/v1.0/drives/${x.biz.id}/root:/Projects/plan.docx:`],
        [
            "path form without colon before the action",
            (x: Fixture) => `/v1.0/drives/${x.biz.id}/root:/Projects/plan.docx`,
        ],
        ["users/{upn}/drive", (x: Fixture) => `/v1.0/users/ALICE@contoso.com/drive/items/${x.biz.file}`],
    ])("permissions and invite through %s", async (_name, base) => {
        const invited = await graph(f).post(`${base(f)}/invite`, inviteBody([{ email: "bob@contoso.com" }], ["read"]));
        expect(invited.status).toBe(200);
        const list = await graph(f).get(`${base(f)}/permissions`);
        expect(list.body.value.map((p: { id: string }) => p.id)).toEqual([invited.body.value[0].id]);
        const one = await graph(f).get(`${base(f)}/permissions/${encodeURIComponent(invited.body.value[0].id)}`);
        expect(one.body.id).toBe(invited.body.value[0].id);
    });

    test("a file literally named 'permissions' wins over the action reading of an unclosed path", async () => {
        const odd = em.addItem({ driveId: f.biz.id, parentId: f.biz.folder, name: "permissions" });
        const res = await graph(f).get(`/v1.0/drives/${f.biz.id}/root:/Projects/permissions`);
        expect(res.body.id).toBe(odd.id);
    });

    test("the root's permissions through /root/permissions include the owner", async () => {
        const res = await graph(f).get(`/v1.0/drives/${f.biz.id}/root/permissions`);
        expect(res.body.value).toEqual([
            expect.objectContaining({
                roles: ["owner"],
                grantedToV2: expect.objectContaining({ user: expect.objectContaining({ id: f.alice }) }),
            }),
        ]);
    });
});

describe("drive addresses", () => {
    test("GET /drives/{id}, /users/{upn}/drive, /groups/{id}/drive, /sites/{id}/drive", async () => {
        expect((await graph(f).get(`/v1.0/drives/${f.biz.id}`)).body).toMatchObject({
            id: f.biz.id,
            driveType: "business",
            owner: { user: { id: f.alice } },
        });
        expect((await graph(f).get(`/v1.0/users/alice@contoso.com/drive`)).body.id).toBe(f.biz.id);
        expect((await graph(f).get(`/v1.0/users/eve@outlook.com/drive`)).body).toMatchObject({
            id: f.personal.id,
            driveType: "personal",
        });
        expect((await graph(f).get(`/v1.0/groups/${f.finance}/drive`)).body).toMatchObject({
            id: groupDrive.id,
            owner: { group: { id: f.finance } },
        });
        expect(
            (await graph(f).get(`/v1.0/sites/${encodeURIComponent("contoso.sharepoint.com,1a2b,3c4d")}/drive`)).body.id,
        ).toBe(siteDrive.id);
    });

    test("ids look like Graph's: business drive 'b!...', item '01...', personal drive 16 hex, item '<drive>!n'", () => {
        expect(f.biz.id).toMatch(/^b![\w-]{64}$/);
        expect(f.biz.file).toMatch(/^01[A-Z2-7]{32}$/);
        expect(f.personal.id).toMatch(/^[0-9A-F]{16}$/);
        expect(f.personal.file).toMatch(new RegExp(`^${f.personal.id}!\\d+$`));
    });
});

describe("errors of addressing", () => {
    test("/me with an app-only token is 400 BadRequest", async () => {
        for (const path of ["/v1.0/me/drive", `/v1.0/me/drive/items/${f.biz.file}/permissions`]) {
            const res = await graph(f).get(path);
            expect(res.status).toBe(400);
            expect(res.body.error).toMatchObject({
                code: "BadRequest",
                message: "/me request is only valid with delegated authentication flow.",
            });
        }
    });

    test.each([
        ["unknown drive", "/v1.0/drives/b!nope/items/x", 404, "itemNotFound"],
        ["unknown item", (x: Fixture) => `/v1.0/drives/${x.biz.id}/items/01NOPE`, 404, "itemNotFound"],
        [
            "unknown path",
            (x: Fixture) => `/v1.0/drives/${x.biz.id}/root:/Nope/none.txt:/permissions`,
            404,
            "itemNotFound",
        ],
        // msgraph-sdk-dotnet#579, onedrive-api-docs#530: 404 ResourceNotFound "User's mysite not found."
        ["user without a drive", "/v1.0/users/bob@contoso.com/drive", 404, "ResourceNotFound"],
        ["unknown user", "/v1.0/users/ghost@contoso.com/drive/items/x", 404, "ResourceNotFound"],
        ["unknown top-level segment", "/v1.0/planner/tasks", 400, "BadRequest"],
        ["unknown action", (x: Fixture) => `${bizItem(x)}/thumbnails`, 400, "BadRequest"],
        ["malformed percent-encoding", "/v1.0/drives/%E0%A4%A/items/x", 400, "BadRequest"],
    ])("%s", async (_name, path, status, code) => {
        const res = await graph(f).get(typeof path === "string" ? path : path(f));
        expect(res.status).toBe(status);
        expect(res.body.error.code).toBe(code);
    });

    test("an unsupported method is 405", async () => {
        expect((await graph(f).del(bizItem(f))).status).toBe(405);
        expect((await graph(f).post(`${bizItem(f)}/permissions`, {})).status).toBe(405);
        expect((await graph(f).get(`${bizItem(f)}/invite`)).status).toBe(405);
    });
});
