// SharePoint sites and the drive lookups a client makes before it can address an item: site by path
// (site-getbypath: GET /sites/{hostname}:/{server-relative-path}), site by id and /sites/root (site-get), a site's
// document libraries (drive-list: GET /sites/{site-id}/drives), its default library (drive-get:
// GET /sites/{site-id}/drive), and items by path below any drive (driveitem-get: .../root:/{item-path}).
import { ClientSecretCredential } from "@azure/identity";
import { Client, GraphError } from "@microsoft/microsoft-graph-client";
import { TokenCredentialAuthenticationProvider } from "@microsoft/microsoft-graph-client/authProviders/azureTokenCredentials";
import { type EmulatedDrive, type EmulatedSite, type GraphEmulator, startEmulator } from "./index";
import {
    CLIENT_ID,
    CLIENT_SECRET,
    type Fixture,
    type Reply,
    TENANT_ID,
    call,
    fetchToken,
    seedFixture,
} from "./test-helpers";

const HOST = "contoso.sharepoint.com";
const GUID = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";

let em: GraphEmulator;
let f: Fixture;
/** Token of the same app with Sites.Read.All added (site-get needs it). */
let token: string;
let finance: EmulatedSite;
let root: EmulatedSite;
let docs: EmulatedDrive;
let legal: EmulatedDrive;
let folder: string;
let budget: string;
let contract: string;

beforeAll(async () => {
    em = await startEmulator();
});
afterAll(() => em.close());
beforeEach(async () => {
    f = await seedFixture(em);
    em.addApp({
        tenantId: TENANT_ID,
        clientId: CLIENT_ID,
        clientSecret: CLIENT_SECRET,
        permissions: ["Files.ReadWrite.All", "Sites.Read.All"],
    });
    token = await fetchToken(em);
    finance = em.addSite({ hostname: HOST, path: "/sites/finance", displayName: "Finance" });
    root = em.addSite({ hostname: HOST, path: "/" });
    docs = em.addDrive({ siteId: finance.id });
    legal = em.addDrive({ siteId: finance.id, name: "Legal Files" });
    folder = em.addItem({ driveId: docs.id, name: "Q3 Reports", folder: true }).id;
    budget = em.addItem({ driveId: docs.id, parentId: folder, name: "budget plan.xlsx" }).id;
    contract = em.addItem({ driveId: legal.id, name: "contract.docx" }).id;
    em.clearRequests();
});

const get = (path: string, bearer = token): Promise<Reply> => call(em, bearer, "GET", path);
const enc = encodeURIComponent;

describe("addSite and the drives of a site", () => {
    test("ids in Graph's form, deterministic; name, webUrl; the first drive is the default library", () => {
        expect(finance).toEqual({
            id: expect.stringMatching(new RegExp(`^contoso\\.sharepoint\\.com,${GUID},${GUID}$`)),
            hostname: HOST,
            path: "/sites/finance",
            name: "finance",
            displayName: "Finance",
            webUrl: "https://contoso.sharepoint.com/sites/finance",
            siteCollectionId: finance.id.split(",")[1],
            webId: finance.id.split(",")[2],
        });
        expect(root).toMatchObject({
            path: "/",
            name: "",
            displayName: HOST,
            webUrl: "https://contoso.sharepoint.com",
        });
        expect(docs).toMatchObject({
            driveType: "business",
            name: "Documents",
            siteId: finance.id,
            defaultLibrary: true,
        });
        expect(legal).toMatchObject({ name: "Legal Files", defaultLibrary: false });
        // "b!" + base64url(site collection GUID, web GUID, list GUID in .NET byte order), 66 characters.
        expect(docs.id).toMatch(/^b![\w-]{64}$/);
        const bytes = Buffer.from(docs.id.slice(2), "base64url");
        const le = (b: Buffer): string => {
            const h = Buffer.concat([
                Buffer.from(b.subarray(0, 4)).reverse(),
                Buffer.from(b.subarray(4, 6)).reverse(),
                Buffer.from(b.subarray(6, 8)).reverse(),
                b.subarray(8),
            ]).toString("hex");
            return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
        };
        expect([le(bytes.subarray(0, 16)), le(bytes.subarray(16, 32))]).toEqual([
            finance.siteCollectionId,
            finance.webId,
        ]);

        const again = em.addSite({ hostname: "CONTOSO.sharepoint.com", path: "/teams/x/" });
        expect(again).toMatchObject({ hostname: HOST, path: "/teams/x" });
        em.reset();
        expect(em.addSite({ hostname: HOST, path: "/sites/finance" }).id).toBe(finance.id);
    });

    test("defaultLibrary: true takes the default from the first drive; a webUrl names the site too", () => {
        const other = em.addDrive({
            siteId: "https://contoso.sharepoint.com/sites/finance/",
            name: "Archive",
            defaultLibrary: true,
        });
        expect(other.siteId).toBe(finance.id);
        expect(em.addDrive({ siteId: finance.id.toUpperCase(), name: "Later" }).defaultLibrary).toBe(false);
    });

    test("programming errors throw", () => {
        expect(() => em.addSite({ hostname: HOST, path: "/Sites/Finance" })).toThrow(/already exists/);
        expect(() => em.addSite({ hostname: HOST, path: "sites/x" })).toThrow(/server-relative/);
        expect(() => em.addSite({ hostname: "https://contoso.sharepoint.com", path: "/sites/x" })).toThrow(
            /not a hostname/,
        );
        expect(() => em.addSite({ hostname: HOST, path: "/sites/x", id: "fabrikam.sharepoint.com,1,2" })).toThrow(
            /site id is/,
        );
        expect(() => em.addDrive({ siteId: "https://contoso.sharepoint.com/sites/nope" })).toThrow(/no site/);
        expect(() => em.addDrive({ siteId: finance.id, name: "documents" })).toThrow(/already exists/);
        expect(() => em.addDrive({ driveType: "personal", siteId: finance.id })).toThrow(/no site/);
    });
});

describe("GET a site", () => {
    const financeJson = (): unknown => ({
        id: finance.id,
        name: "finance",
        displayName: "Finance",
        webUrl: "https://contoso.sharepoint.com/sites/finance",
        root: {},
        siteCollection: { hostname: HOST },
    });

    test.each([
        ["by path", () => `/v1.0/sites/${HOST}:/sites/finance`],
        ["by path with the closing colon", () => `/v1.0/sites/${HOST}:/sites/finance:`],
        ["by path, another case, trailing slash", () => `/v1.0/sites/CONTOSO.SharePoint.com:/Sites/FINANCE/`],
        ["by path, percent-encoded", () => `/v1.0/sites/${HOST}%3A/sites/%66inance`],
        ["by id", () => `/v1.0/sites/${finance.id}`],
        ["by id, percent-encoded commas, upper case", () => `/v1.0/sites/${enc(finance.id.toUpperCase())}`],
        ["by hostname,siteCollectionId", () => `/v1.0/sites/${HOST},${finance.siteCollectionId}`],
        ["beta", () => `/beta/sites/${HOST}:/sites/finance`],
    ])("%s", async (_name, path) => {
        const res = await get(path());
        expect(res.status).toBe(200);
        expect(res.body).toEqual(financeJson());
    });

    test.each([
        ["/sites/root", "/v1.0/sites/root"],
        ["/sites/{hostname}", `/v1.0/sites/${HOST}`],
        ["/sites/{hostname}:/", `/v1.0/sites/${HOST}:/`],
    ])("%s is the root site", async (_name, path) => {
        const res = await get(path);
        expect(res.body).toEqual({
            id: root.id,
            name: "",
            displayName: HOST,
            webUrl: "https://contoso.sharepoint.com",
            root: {},
            siteCollection: { hostname: HOST },
        });
    });

    test.each([
        [
            "an unknown path",
            `/v1.0/sites/${HOST}:/sites/nope`,
            404,
            "itemNotFound",
            "Requested site could not be found",
        ],
        [
            "a subsite path (no longest-prefix match)",
            `/v1.0/sites/${HOST}:/sites/finance/Shared Documents`,
            404,
            "itemNotFound",
            "Requested site could not be found",
        ],
        [
            "an unknown id of the tenant's host",
            `/v1.0/sites/${HOST},0a0a0a0a-0000-4000-a000-000000000000,0b0b0b0b-0000-4000-a000-000000000000`,
            404,
            "itemNotFound",
            "Requested site could not be found",
        ],
        [
            "a host outside the tenant",
            "/v1.0/sites/fabrikam.sharepoint.com:/sites/finance",
            400,
            "invalidRequest",
            "Invalid hostname for this tenancy",
        ],
        [
            "an id that is no hostname",
            "/v1.0/sites/noAccess",
            400,
            "invalidRequest",
            "Invalid hostname for this tenancy",
        ],
        [
            "an unknown segment below a site",
            `/v1.0/sites/${HOST}:/sites/finance:/pages`,
            400,
            "BadRequest",
            "Resource not found for the segment 'pages'.",
        ],
    ])("%s", async (_name, path, status, code, message) => {
        const res = await get(path);
        expect(res.status).toBe(status);
        expect(res.body.error).toMatchObject({ code, message, innerError: { "request-id": expect.any(String) } });
    });

    test("/sites/root without a root site is 404; the OneDrive host counts as the tenant's", async () => {
        em.reset();
        f = await seedFixture(em);
        em.addApp({
            tenantId: TENANT_ID,
            clientId: CLIENT_ID,
            clientSecret: CLIENT_SECRET,
            permissions: ["Sites.Read.All"],
        });
        token = await fetchToken(em);
        expect((await get("/v1.0/sites/root")).status).toBe(404);
        expect((await get("/v1.0/sites/contoso-my.sharepoint.com:/personal/x")).body.error.code).toBe("itemNotFound");
    });

    test("Files.ReadWrite.All alone can't read a site (403 accessDenied) but can reach its drives", async () => {
        const denied = await get(`/v1.0/sites/${finance.id}`, f.token);
        expect(denied.status).toBe(403);
        expect(denied.body.error).toMatchObject({ code: "accessDenied", message: "Access denied" });
        expect((await get(`/v1.0/sites/${finance.id}/drive`, f.token)).body.id).toBe(docs.id);
        expect((await get(`/v1.0/sites/${finance.id}/drives`, f.token)).status).toBe(200);
    });

    test("only GET", async () => {
        expect((await call(em, token, "PATCH", `/v1.0/sites/${finance.id}`, {})).status).toBe(405);
    });
});

describe("a site's drives", () => {
    test("GET /sites/{id}/drives lists the libraries with their display names, as documentLibrary", async () => {
        const res = await get(`/v1.0/sites/${enc(finance.id)}/drives`);
        expect(res.status).toBe(200);
        expect(res.body.value).toEqual([
            {
                id: docs.id,
                driveType: "documentLibrary",
                name: "Documents",
                webUrl: "https://contoso.sharepoint.com/sites/finance/Shared%20Documents",
            },
            {
                id: legal.id,
                driveType: "documentLibrary",
                name: "Legal Files",
                webUrl: "https://contoso.sharepoint.com/sites/finance/Legal%20Files",
            },
        ]);
        expect((await get(`/v1.0/sites/${HOST}:/sites/finance:/drives`)).body.value).toHaveLength(2);
        expect((await get(`/v1.0/sites/${root.id}/drives`)).body).toEqual({ value: [] });
    });

    test("GET /sites/{id}/drive is the default library, by id or by path", async () => {
        for (const path of [`/v1.0/sites/${finance.id}/drive`, `/v1.0/sites/${HOST}:/sites/finance:/drive`]) {
            expect((await get(path)).body).toMatchObject({
                id: docs.id,
                name: "Documents",
                driveType: "documentLibrary",
            });
        }
        const archive = em.addDrive({ siteId: finance.id, name: "Archive", defaultLibrary: true });
        expect((await get(`/v1.0/sites/${finance.id}/drive`)).body.id).toBe(archive.id);
    });

    test("/sites/{id}/drives/{drive-id} reaches a library of that site only", async () => {
        expect((await get(`/v1.0/sites/${finance.id}/drives/${legal.id}`)).body.name).toBe("Legal Files");
        expect((await get(`/v1.0/sites/${finance.id}/drives/${legal.id}/root:/contract.docx:`)).body.id).toBe(contract);
        const elsewhere = await get(`/v1.0/sites/${finance.id}/drives/${f.biz.id}`);
        expect(elsewhere.status).toBe(404);
        expect(elsewhere.body.error).toMatchObject({
            code: "itemNotFound",
            message: "The resource could not be found.",
        });
    });

    test("a site without drives: /drive is 404 itemNotFound; an unknown site's drive is the site's 404", async () => {
        expect((await get(`/v1.0/sites/${root.id}/drive`)).body.error).toMatchObject({
            code: "itemNotFound",
            message: "The resource could not be found.",
        });
        expect((await get(`/v1.0/sites/${HOST}:/sites/nope:/drive/root:/a.txt`)).body.error).toMatchObject({
            code: "itemNotFound",
            message: "Requested site could not be found",
        });
        expect((await get(`/v1.0/sites/fabrikam.sharepoint.com:/sites/x:/drives`)).status).toBe(400);
    });
});

describe("items by path: the drive id comes back in parentReference", () => {
    const expectBudget = (res: Reply): void => {
        expect(res.status).toBe(200);
        expect(res.body).toMatchObject({
            id: budget,
            name: "budget plan.xlsx",
            webUrl: "https://contoso.sharepoint.com/sites/finance/Shared%20Documents/Q3%20Reports/budget%20plan.xlsx",
            parentReference: {
                driveId: docs.id,
                driveType: "documentLibrary",
                id: folder,
                path: `/drives/${docs.id}/root:/Q3%20Reports`,
                siteId: finance.id,
            },
        });
    };

    test.each([
        [
            "/sites/{id}/drive/root:/{path}:",
            () => `/v1.0/sites/${finance.id}/drive/root:/Q3%20Reports/budget%20plan.xlsx:`,
        ],
        [
            "/sites/{hostname}:/{path}:/drive/root:/{path}",
            () => `/v1.0/sites/${HOST}:/sites/finance:/drive/root:/Q3%20Reports/budget%20plan.xlsx`,
        ],
        [
            "/drives/{id}/root:/{path}: in another case",
            () => `/v1.0/drives/${docs.id}/root:/q3%20reports/BUDGET%20PLAN.XLSX:`,
        ],
        [
            "/sites/{id}/drives/{drive-id}/root:/{path}:",
            () => `/v1.0/sites/${enc(finance.id)}/drives/${docs.id}/root:/Q3%20Reports/budget%20plan.xlsx:`,
        ],
        ["beta", () => `/beta/sites/${finance.id}/drive/root:/Q3%20Reports/budget%20plan.xlsx:`],
    ])("%s", async (_name, path) => expectBudget(await get(path())));

    test("a root child has parentReference.path .../root: and the root itself only driveId + driveType", async () => {
        const res = await get(`/v1.0/drives/${legal.id}/root:/contract.docx`);
        expect(res.body.parentReference).toEqual({
            driveType: "documentLibrary",
            driveId: legal.id,
            id: legal.rootItemId,
            path: `/drives/${legal.id}/root:`,
            siteId: finance.id,
        });
        const rootItem = await get(`/v1.0/sites/${finance.id}/drive/root`);
        expect(rootItem.body).toMatchObject({
            id: docs.rootItemId,
            root: {},
            webUrl: "https://contoso.sharepoint.com/sites/finance/Shared%20Documents",
        });
        expect(rootItem.body.parentReference).toEqual({
            driveType: "documentLibrary",
            driveId: docs.id,
            siteId: finance.id,
        });
    });

    test("permissions through a site path work like through /drives/{id}", async () => {
        em.addPermission(docs.id, budget, { kind: "user", user: f.bob, roles: ["read"] });
        const res = await get(
            `/v1.0/sites/${HOST}:/sites/finance:/drive/root:/Q3 Reports/budget plan.xlsx:/permissions`.replace(
                / /g,
                "%20",
            ),
        );
        expect(res.body.value).toEqual([
            expect.objectContaining({
                roles: ["read"],
                grantedToV2: expect.objectContaining({ user: expect.objectContaining({ id: f.bob }) }),
            }),
        ]);
    });

    test("a missing path is 404 itemNotFound 'The resource could not be found.'", async () => {
        for (const path of [
            `/v1.0/sites/${finance.id}/drive/root:/Q3%20Reports/none.xlsx:`,
            `/v1.0/drives/${legal.id}/root:/budget%20plan.xlsx`,
        ]) {
            const res = await get(path);
            expect(res.status).toBe(404);
            expect(res.body.error).toMatchObject({ code: "itemNotFound", message: "The resource could not be found." });
        }
    });

    test("a user's OneDrive and a group's library by path", async () => {
        const mine = await get(`/v1.0/users/ALICE@contoso.com/drive/root:/Projects/plan.docx:`);
        expect(mine.body).toMatchObject({
            id: f.biz.file,
            parentReference: {
                driveId: f.biz.id,
                driveType: "business",
                id: f.biz.folder,
                path: `/drives/${f.biz.id}/root:/Projects`,
            },
        });
        expect(mine.body.parentReference.siteId).toBeUndefined();
        const groupDrive = em.addDrive({ ownerGroupId: f.finance });
        const file = em.addItem({ driveId: groupDrive.id, name: "minutes.docx" });
        const ours = await get(`/v1.0/groups/${f.finance}/drive/root:/minutes.docx`);
        expect(ours.body).toMatchObject({
            id: file.id,
            parentReference: { driveId: groupDrive.id, driveType: "documentLibrary" },
        });
    });
});

describe("users and groups: drives and their 404s", () => {
    test("/users/{upn}/drives and /groups/{id}/drives list what they own", async () => {
        expect((await get(`/v1.0/users/alice@contoso.com/drives`)).body.value.map((d: { id: string }) => d.id)).toEqual(
            [f.biz.id],
        );
        expect((await get(`/v1.0/groups/${f.finance}/drives`)).body).toEqual({ value: [] });
    });

    test.each([
        ["unknown user", "/v1.0/users/ghost@contoso.com/drive/root:/a.txt"],
        ["user without a OneDrive", "/v1.0/users/bob@contoso.com/drive"],
        ["drives of a user without a OneDrive", `/v1.0/users/bob@contoso.com/drives`],
    ])('%s: 404 ResourceNotFound "User\'s mysite not found."', async (_name, path) => {
        const res = await get(path);
        expect(res.status).toBe(404);
        expect(res.body.error).toMatchObject({ code: "ResourceNotFound", message: "User's mysite not found." });
    });

    test.each([
        ["unknown group", "/v1.0/groups/0c0c0c0c-0000-4000-a000-000000000000/drive"],
        ["group without a drive", (x: Fixture) => `/v1.0/groups/${x.finance}/drive/root:/a.txt`],
    ])("%s: 404 itemNotFound", async (_name, path) => {
        const res = await get(typeof path === "string" ? path : path(f));
        expect(res.status).toBe(404);
        expect(res.body.error).toMatchObject({ code: "itemNotFound", message: "The resource could not be found." });
    });
});

describe("seed documents", () => {
    test("sites come before drives, which name them by webUrl; POST /_emulator/seed takes the same", async () => {
        em.reset();
        const result = em.seed({
            apps: [
                {
                    tenantId: TENANT_ID,
                    clientId: CLIENT_ID,
                    clientSecret: CLIENT_SECRET,
                    permissions: ["Sites.Read.All"],
                },
            ],
            sites: [{ hostname: HOST, path: "/sites/legal" }],
            drives: [
                {
                    siteId: "https://contoso.sharepoint.com/sites/legal",
                    items: [{ name: "Cases", children: [{ name: "brief.docx" }] }],
                },
            ],
        });
        const legalSite = result.sites["https://contoso.sharepoint.com/sites/legal"];
        expect(legalSite).toMatch(new RegExp(`^${HOST.replace(/\./g, "\\.")},${GUID},${GUID}$`));
        token = await fetchToken(em);
        const item = await get(`/v1.0/sites/${HOST}:/sites/legal:/drive/root:/Cases/brief.docx`);
        expect(item.body).toMatchObject({
            id: result.drives[0].items["/Cases/brief.docx"],
            parentReference: { driveId: result.drives[0].id, siteId: legalSite },
        });

        em.reset();
        const res = await fetch(`${em.url}/_emulator/seed`, {
            method: "POST",
            headers: { "content-type": "application/json" },
            body: JSON.stringify({
                sites: [{ hostname: HOST, path: "/sites/hr", displayName: "HR" }],
                drives: [{ siteId: "https://contoso.sharepoint.com/sites/hr", name: "Policies" }],
            }),
        });
        const body = (await res.json()) as { sites: Record<string, string>; drives: Array<{ id: string }> };
        expect(res.status).toBe(200);
        expect(em.sites()).toEqual([
            expect.objectContaining({ id: body.sites["https://contoso.sharepoint.com/sites/hr"], displayName: "HR" }),
        ]);
    });
});

describe("through the Graph JS SDK", () => {
    function client(): Client {
        const credential = new ClientSecretCredential(TENANT_ID, CLIENT_ID, CLIENT_SECRET, {
            authorityHost: em.url,
            disableInstanceDiscovery: true,
        });
        const authProvider = new TokenCredentialAuthenticationProvider(credential, {
            scopes: ["https://graph.microsoft.com/.default"],
        });
        return Client.initWithMiddleware({ authProvider, baseUrl: em.url, customHosts: new Set(["127.0.0.1"]) });
    }

    test("siteUrl -> site id -> drives -> item by path, and a missing site as GraphError 404", async () => {
        const graph = client();
        const site = await graph.api(`/sites/${HOST}:/sites/finance`).select("id").get();
        expect(site.id).toBe(finance.id);
        const drives = await graph.api(`/sites/${enc(site.id)}/drives`).get();
        const library = drives.value.find((d: { name: string }) => d.name === "Legal Files");
        const item = await graph.api(`/drives/${library.id}/root:/${enc("contract.docx")}:`).get();
        expect(item.parentReference.driveId).toBe(legal.id);
        const spaced = await graph.api(`/sites/${site.id}/drive/root:/Q3 Reports/budget plan.xlsx:`).get();
        expect(spaced.id).toBe(budget);
        const missing = await graph
            .api(`/sites/${HOST}:/sites/nope`)
            .get()
            .catch((e: unknown) => e);
        expect(missing).toBeInstanceOf(GraphError);
        expect(missing).toMatchObject({
            statusCode: 404,
            code: "itemNotFound",
            message: "Requested site could not be found",
        });
        expect(em.graphRequests().map((r) => `${r.url} ${r.status}`)).toEqual([
            `/v1.0/sites/${HOST}:/sites/finance?$select=id 200`,
            `/v1.0/sites/${enc(finance.id)}/drives 200`,
            `/v1.0/drives/${legal.id}/root:/contract.docx: 200`,
            `/v1.0/sites/${finance.id}/drive/root:/Q3%20Reports/budget%20plan.xlsx: 200`,
            `/v1.0/sites/${HOST}:/sites/nope 404`,
        ]);
    });
});
