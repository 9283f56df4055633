// Injected faults: throttling with Retry-After (https://learn.microsoft.com/graph/throttling), server
// errors, dropped connections, token expiry, and how specs match and count requests.
import type { GraphEmulator } from "./index";
import {
    CLIENT_ID,
    CLIENT_SECRET,
    TENANT_ID,
    bizItem,
    type Fixture,
    graph,
    inviteBody,
    postForm,
    useSeededEmulator,
} from "./test-helpers";

let em: GraphEmulator;
let f: Fixture;
useSeededEmulator(
    (emulator) => (em = emulator),
    (fixture) => (f = fixture),
);

const list = () => graph(f).get(`${bizItem(f)}/permissions`);

test.each<[number, number | undefined, string, string]>([
    [429, 5, "activityLimitReached", "The request has been throttled"],
    [503, 0, "serviceNotAvailable", "The service is temporarily unavailable. Please retry later."],
    [500, undefined, "generalException", "An unspecified error has occurred."],
    [504, undefined, "gatewayTimeout", "The gateway did not receive a timely response."],
])("status %i with Retry-After %s answers Graph's error body", async (status, retryAfterSeconds, code, message) => {
    em.injectFault({ response: { status, retryAfterSeconds } });
    const res = await list();
    expect(res.status).toBe(status);
    expect(res.headers.get("retry-after")).toBe(retryAfterSeconds === undefined ? null : String(retryAfterSeconds));
    expect(res.body).toEqual({
        error: { code, message, innerError: expect.objectContaining({ "request-id": expect.any(String) }) },
    });
    expect((await list()).status).toBe(200);
});

test("code and message can be chosen", async () => {
    em.injectFault({ response: { status: 409, code: "resourceModified", message: "conflict!" } });
    expect((await list()).body.error).toMatchObject({ code: "resourceModified", message: "conflict!" });
});

test("a faulted write changes nothing", async () => {
    em.injectFault({ method: "POST", response: { status: 503, retryAfterSeconds: 0 } });
    expect((await graph(f).post(`${bizItem(f)}/invite`, inviteBody([{ email: "bob@contoso.com" }]))).status).toBe(503);
    expect(em.permissions(f.biz.id, f.biz.file)).toEqual([]);
});

test("drop: the socket is destroyed without an answer; logged with status 0; the server keeps serving", async () => {
    em.injectFault({ path: /\/permissions$/, response: { drop: true } });
    await expect(list()).rejects.toThrow();
    expect(em.graphRequests().at(-1)).toMatchObject({ status: 0, path: `${bizItem(f)}/permissions` });
    expect((await list()).status).toBe(200);
});

test("drop inside a batch drops the whole $batch connection", async () => {
    em.injectFault({ kind: "batch-part", response: { drop: true } });
    await expect(
        graph(f).post("/v1.0/$batch", { requests: [{ id: "1", method: "GET", url: `/drives/${f.biz.id}` }] }),
    ).rejects.toThrow();
    expect(em.requests.map((r) => [r.kind, r.status])).toEqual([
        ["graph", 0],
        ["batch-part", 0],
    ]);
});

test("expireToken: that request answers 401 and the token stays invalid", async () => {
    em.injectFault({ method: "GET", response: { expireToken: true } });
    const res = await list();
    expect(res.status).toBe(401);
    expect(res.body.error).toMatchObject({
        code: "InvalidAuthenticationToken",
        message: "Lifetime validation failed, the token is expired.",
    });
    expect((await list()).status).toBe(401);
});

test("matching: method, string path (substring), RegExp path, kind", async () => {
    em.injectFault({ method: "DELETE", response: { status: 500 } });
    em.injectFault({ path: "/root:/", response: { status: 500 } });
    em.injectFault({ path: /\/drives\/[^/]+$/, response: { status: 500 } });
    em.injectFault({ kind: "batch-part", response: { status: 500 } });
    expect((await list()).status).toBe(200);
    expect((await graph(f).get(`/v1.0/drives/${f.biz.id}/root:/Projects:`)).status).toBe(500);
    expect((await graph(f).get(`/v1.0/drives/${f.biz.id}`)).status).toBe(500);
    expect((await graph(f).del(`${bizItem(f)}/permissions/x`)).status).toBe(500);
    expect((await graph(f).get(`/v1.0/drives/${f.biz.id}`)).status).toBe(200);
});

test("skip lets matching requests through first; times counts faults; Infinity never stops", async () => {
    em.injectFault({ skip: 2, times: 2, response: { status: 429, retryAfterSeconds: 0 } });
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) statuses.push((await list()).status);
    expect(statuses).toEqual([200, 200, 429, 429, 200]);
    em.injectFault({ times: Infinity, response: { status: 503 } });
    for (let i = 0; i < 3; i++) expect((await list()).status).toBe(503);
    em.clearFaults();
    expect((await list()).status).toBe(200);
});

test("an unauthenticated request is refused before faults count it", async () => {
    em.injectFault({ response: { status: 500 } });
    const res = await fetch(`${em.url}${bizItem(f)}/permissions`);
    expect(res.status).toBe(401);
    expect((await list()).status).toBe(500);
});

describe("entra faults (kind 'entra' only)", () => {
    const token = () =>
        postForm(em, `/${TENANT_ID}/oauth2/v2.0/token`, {
            grant_type: "client_credentials",
            client_id: CLIENT_ID,
            client_secret: CLIENT_SECRET,
            scope: "https://graph.microsoft.com/.default",
        });

    test("default kind never hits Entra", async () => {
        em.injectFault({ response: { status: 500 } });
        expect((await token()).status).toBe(200);
    });

    test("429 on the token endpoint with Retry-After and an AADSTS body", async () => {
        em.injectFault({
            kind: "entra",
            path: /oauth2\/v2\.0\/token$/,
            response: { status: 429, retryAfterSeconds: 3 },
        });
        const res = await token();
        expect(res.status).toBe(429);
        expect(res.headers.get("retry-after")).toBe("3");
        expect(res.body).toMatchObject({ error: "invalid_request", error_codes: [50000] });
        expect((await token()).status).toBe(200);
    });

    test("a dropped token request", async () => {
        em.injectFault({ kind: "entra", response: { drop: true } });
        await expect(token()).rejects.toThrow();
        expect(em.tokenRequests().map((r) => r.status)).toEqual([0]);
    });
});
