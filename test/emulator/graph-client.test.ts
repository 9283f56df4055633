// The real @microsoft/microsoft-graph-client 3.0.7 against the emulator, signed in with the real
// @azure/identity ClientSecretCredential.
//
// customHosts (lib/src/GraphRequestUtil.js isValidEndpoint): the SDK lower-cases the URL, requires
// "https://", cuts the host at the first ":" or "/" (so the PORT IS DROPPED) and looks that bare hostname up
// in the Set. So customHosts must hold "127.0.0.1" -- "127.0.0.1:<port>" never matches and an entry with a "/"
// throws. A URL that doesn't match gets NO Authorization header, silently (AuthenticationHandler deletes it),
// and the emulator answers 401.
import { ClientSecretCredential } from "@azure/identity";
import {
    BatchRequestContent,
    BatchResponseContent,
    Client,
    GraphError,
    PageIterator,
    type PageCollection,
} from "@microsoft/microsoft-graph-client";
import { TokenCredentialAuthenticationProvider } from "@microsoft/microsoft-graph-client/authProviders/azureTokenCredentials";
import type { GraphEmulator } from "./index";
import { CLIENT_ID, CLIENT_SECRET, TENANT_ID, type Fixture, inviteBody, useSeededEmulator } from "./test-helpers";

let em: GraphEmulator;
let f: Fixture;
useSeededEmulator(
    (emulator) => (em = emulator),
    (fixture) => (f = fixture),
);

function client(customHosts: Set<string> | null = new Set(["127.0.0.1"])): Client {
    const credential = new ClientSecretCredential(TENANT_ID, CLIENT_ID, CLIENT_SECRET, {
        authorityHost: em.url,
        disableInstanceDiscovery: true,
    });
    const authProvider = new TokenCredentialAuthenticationProvider(credential, {
        scopes: ["https://graph.microsoft.com/.default"],
    });
    return Client.initWithMiddleware({ authProvider, baseUrl: em.url, customHosts: customHosts ?? undefined });
}

const itemPath = () => `/drives/${f.biz.id}/items/${f.biz.file}`;

test("invite then list through the SDK; the token is fetched once", async () => {
    const graph = client();
    const invited = await graph.api(`${itemPath()}/invite`).post(inviteBody([{ email: "bob@contoso.com" }], ["write"]));
    expect(invited.value[0]).toMatchObject({ roles: ["write"], grantedToV2: { user: { id: f.bob } } });
    const listed = await graph.api(`${itemPath()}/permissions`).select(["id", "roles"]).get();
    expect(listed.value).toEqual([{ id: invited.value[0].id, roles: ["write"] }]);
    expect(em.tokenRequests()).toHaveLength(1);
    expect(em.graphRequests().map((r) => `${r.method} ${r.url} ${r.status}`)).toEqual([
        `POST /v1.0${itemPath()}/invite 200`,
        `GET /v1.0${itemPath()}/permissions?$select=id,roles 200`,
    ]);
});

test("paging: PageIterator follows the absolute @odata.nextLink", async () => {
    em.settings.listPageSize = 3;
    for (let i = 0; i < 7; i++)
        em.addPermission(f.biz.id, f.biz.file, { kind: "user", user: em.addUser({ email: `p${i}@contoso.com` }).id });
    const graph = client();
    const first: PageCollection = await graph.api(`${itemPath()}/permissions`).get();
    const ids: string[] = [];
    await new PageIterator(graph, first, (p: { id: string }) => {
        ids.push(p.id);
        return true;
    }).iterate();
    expect(ids).toHaveLength(7);
    expect(em.graphRequests()).toHaveLength(3);
});

test("a 207 is a success for the SDK: the caller must read value[*].error", async () => {
    const res = await client()
        .api(`${itemPath()}/invite`)
        .post(inviteBody([{ email: "dave@contoso.com" }], ["read"], { sendInvitation: true }));
    expect(res.value[0].error.innererror.code).toBe("accountVerificationRequired");
});

test("errors surface as GraphError with statusCode and code", async () => {
    const error = await client()
        .api(`${itemPath()}/invite`)
        .post(inviteBody([{ email: "nobody@nowhere.example" }]))
        .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GraphError);
    expect(error).toMatchObject({
        statusCode: 404,
        code: "itemNotFound",
        message: "One of the provided recipients could not be found",
    });
});

test("the RetryHandler retries 429 and 503 honouring Retry-After: 0", async () => {
    em.injectFault({ times: 2, response: { status: 429, retryAfterSeconds: 0 } });
    em.injectFault({ times: 1, response: { status: 503, retryAfterSeconds: 0 } });
    const res = await client().api(`${itemPath()}/permissions`).get();
    expect(res.value).toEqual([]);
    expect(em.graphRequests().map((r) => r.status)).toEqual([429, 429, 503, 200]);
});

test("the RetryHandler does not retry 500", async () => {
    em.injectFault({ response: { status: 500 } });
    await expect(client().api(`${itemPath()}/permissions`).get()).rejects.toMatchObject({
        statusCode: 500,
        code: "generalException",
    });
    expect(em.graphRequests()).toHaveLength(1);
});

test("$batch with BatchRequestContent: parts come back by id regardless of order; throttled parts are not retried", async () => {
    em.injectFault({ kind: "batch-part", method: "POST", response: { status: 429, retryAfterSeconds: 0 } });
    const base = `${em.url}/v1.0${itemPath()}`;
    const content = new BatchRequestContent([
        {
            id: "invite-bob",
            request: new Request(`${base}/invite`, {
                method: "POST",
                headers: { "Content-Type": "application/json" },
                body: JSON.stringify(inviteBody([{ email: "bob@contoso.com" }], ["read"])),
            }),
        },
        {
            id: "invite-alice",
            request: new Request(`${base}/invite`, {
                method: "POST",
                headers: { "Content-Type": "application/json" },
                body: JSON.stringify(inviteBody([{ email: "alice@contoso.com" }], ["read"])),
            }),
        },
        { id: "list", request: new Request(`${base}/permissions`, { method: "GET" }) },
    ]);
    const raw = await client()
        .api("/$batch")
        .post(await content.getContent());
    expect(raw.responses.map((r: { id: string }) => r.id)).toEqual(["list", "invite-alice", "invite-bob"]);
    const responses = new BatchResponseContent(raw);
    expect(responses.getResponseById("invite-bob").status).toBe(429);
    expect(responses.getResponseById("invite-bob").headers.get("Retry-After")).toBe("0");
    expect(responses.getResponseById("invite-alice").status).toBe(200);
    expect(em.graphRequests()).toHaveLength(1);
    expect(em.requests.filter((r) => r.kind === "batch-part").map((r) => r.url)).toEqual([
        `/v1.0${itemPath()}/invite`,
        `/v1.0${itemPath()}/invite`,
        `/v1.0${itemPath()}/permissions`,
    ]);
});

test("customHosts: a host:port entry or no entry at all means no Authorization header -> 401; a '/' throws", async () => {
    const port = new URL(em.url).port;
    for (const hosts of [new Set([`127.0.0.1:${port}`]), null]) {
        await expect(client(hosts).api(`${itemPath()}/permissions`).get()).rejects.toMatchObject({
            statusCode: 401,
            code: "InvalidAuthenticationToken",
        });
    }
    expect(em.graphRequests().map((r) => r.authenticated)).toEqual([false, false]);
    await expect(
        client(new Set([`127.0.0.1:${port}/v1.0`]))
            .api(`${itemPath()}/permissions`)
            .get(),
    ).rejects.toThrow(/Please add only hosts or hostnames/);
});

test("expired token mid-run: 401 until the credential is asked for a new token", async () => {
    const credential = new ClientSecretCredential(TENANT_ID, CLIENT_ID, CLIENT_SECRET, {
        authorityHost: em.url,
        disableInstanceDiscovery: true,
    });
    const graph = Client.initWithMiddleware({
        authProvider: {
            getAccessToken: async () => (await credential.getToken("https://graph.microsoft.com/.default")).token,
        },
        baseUrl: em.url,
        customHosts: new Set(["127.0.0.1"]),
    });
    await graph.api(`${itemPath()}/permissions`).get();
    em.expireAllTokens();
    await expect(graph.api(`${itemPath()}/permissions`).get()).rejects.toMatchObject({ statusCode: 401 });
    expect(em.tokenRequests()).toHaveLength(1);
});
