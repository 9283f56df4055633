// JSON batching (https://learn.microsoft.com/graph/json-batching): limits, ids, Content-Type of bodies,
// response order, dependsOn -> 424, per-part throttling with Retry-After in the part's headers, logging.
import type { GraphEmulator } from "./index";
import { bizItem, type Fixture, graph, inviteBody, useSeededEmulator } from "./test-helpers";

let em: GraphEmulator;
let f: Fixture;
useSeededEmulator(
    (emulator) => (em = emulator),
    (fixture) => (f = fixture),
);

const JSON_HEADERS = { "Content-Type": "application/json" };
const itemUrl = () => `/drives/${f.biz.id}/items/${f.biz.file}`;
const batch = (requests: unknown, version = "v1.0") => graph(f).post(`/${version}/$batch`, { requests });
const inviteStep = (id: string, email: string, extra: Record<string, unknown> = {}) => ({
    id,
    method: "POST",
    url: `${itemUrl()}/invite`,
    headers: JSON_HEADERS,
    body: inviteBody([{ email }], ["read"]),
    ...extra,
});

test("runs each part, answers 200 with {responses:[{id,status,headers,body}]} in reverse order", async () => {
    const res = await batch([
        inviteStep("1", "bob@contoso.com"),
        { id: "2", method: "GET", url: `${itemUrl()}/permissions` },
        { id: "3", method: "GET", url: `/drives/${f.biz.id}/items/01MISSING` },
    ]);
    expect(res.status).toBe(200);
    expect(res.body.responses.map((r: { id: string }) => r.id)).toEqual(["3", "2", "1"]);
    const byId = Object.fromEntries(res.body.responses.map((r: { id: string }) => [r.id, r]));
    expect(byId["1"]).toMatchObject({
        status: 200,
        headers: { "Content-Type": "application/json" },
        body: { value: [expect.objectContaining({ roles: ["read"] })] },
    });
    expect(byId["2"].body.value).toHaveLength(1);
    expect(byId["3"]).toMatchObject({ status: 404, body: { error: { code: "itemNotFound" } } });
});

test("batchResponseOrder 'request' keeps request order; beta works", async () => {
    em.settings.batchResponseOrder = "request";
    const res = await batch(
        [
            { id: "a", method: "GET", url: itemUrl() },
            { id: "b", method: "GET", url: `${itemUrl()}/permissions` },
        ],
        "beta",
    );
    expect(res.body.responses.map((r: { id: string }) => r.id)).toEqual(["a", "b"]);
});

test("20 requests are fine, 21 are a 400 BadRequest for the whole batch", async () => {
    const steps = (n: number) =>
        Array.from({ length: n }, (_, i) => ({ id: String(i + 1), method: "GET", url: itemUrl() }));
    expect((await batch(steps(20))).body.responses).toHaveLength(20);
    const res = await batch(steps(21));
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe("BadRequest");
    expect(res.body.error.message).toMatch(/20/);
});

test.each<[string, unknown, RegExp]>([
    [
        "duplicate ids (case-insensitive)",
        [
            { id: "x", method: "GET", url: "/drives/d" },
            { id: "X", method: "GET", url: "/drives/d" },
        ],
        /^Request Id X has to be unique in a batch\.$/,
    ],
    ["no requests", [], /Invalid batch payload format/],
    ["requests not an array", { id: "1" }, /Invalid batch payload format/],
    ["a request without url", [{ id: "1", method: "GET" }], /Invalid batch payload format/],
    [
        "dependsOn an unknown id",
        [{ id: "1", method: "GET", url: "/drives/d", dependsOn: ["9"] }],
        /depends on request Id 9/,
    ],
    [
        "a dependsOn cycle",
        [
            { id: "1", method: "GET", url: "/drives/d", dependsOn: ["2"] },
            { id: "2", method: "GET", url: "/drives/d", dependsOn: ["1"] },
        ],
        /cycle/,
    ],
])("%s -> 400", async (_name, requests, message) => {
    const res = await batch(requests);
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(message);
});

test("malformed JSON for $batch is 400; GET $batch is 405", async () => {
    expect((await graph(f).post("/v1.0/$batch", "{oops")).status).toBe(400);
    expect((await graph(f).get("/v1.0/$batch")).status).toBe(405);
});

test("a part with a body but no Content-Type header gets its own 400; the others still run", async () => {
    const res = await batch([
        { id: "1", method: "POST", url: `${itemUrl()}/invite`, body: inviteBody([{ email: "bob@contoso.com" }]) },
        { id: "2", method: "GET", url: itemUrl() },
    ]);
    const byId = Object.fromEntries(res.body.responses.map((r: { id: string }) => [r.id, r]));
    expect(byId["1"]).toMatchObject({
        status: 400,
        body: {
            error: {
                code: "BadRequest",
                message: "Write request id : 1 does not contain Content-Type header or body.",
            },
        },
    });
    expect(byId["2"].status).toBe(200);
    expect(em.permissions(f.biz.id, f.biz.file)).toEqual([]);
});

test("dependsOn runs dependencies first; a failed dependency makes its dependents 424", async () => {
    const res = await batch([
        { id: "3", method: "GET", url: `${itemUrl()}/permissions`, dependsOn: ["2"] },
        inviteStep("2", "nobody@nowhere.example", { dependsOn: ["1"] }),
        inviteStep("1", "bob@contoso.com"),
    ]);
    const byId = Object.fromEntries(res.body.responses.map((r: { id: string; status: number }) => [r.id, r.status]));
    expect(byId).toEqual({ "1": 200, "2": 404, "3": 424 });
    const parts = em.requests.filter((r) => r.kind === "batch-part");
    expect(parts.map((p) => p.status)).toEqual([200, 404, 424]);
});

test("parts are logged as batch-part with batchSeq; graphRequests() shows only the $batch", async () => {
    await batch([{ id: "1", method: "GET", url: itemUrl() }, inviteStep("2", "bob@contoso.com")]);
    const outer = em.graphRequests();
    expect(outer).toEqual([
        expect.objectContaining({ method: "POST", path: "/v1.0/$batch", status: 200, kind: "graph" }),
    ]);
    const parts = em.requests.filter((r) => r.kind === "batch-part");
    expect(parts).toEqual([
        expect.objectContaining({
            method: "GET",
            url: itemUrl(),
            path: itemUrl(),
            status: 200,
            batchSeq: outer[0].seq,
            authenticated: true,
        }),
        expect.objectContaining({ method: "POST", url: `${itemUrl()}/invite`, status: 200, batchSeq: outer[0].seq }),
    ]);
    expect(parts[0].seq).toBeGreaterThan(outer[0].seq);
});

test("a throttled part answers 429 with Retry-After inside the part's headers", async () => {
    em.injectFault({
        method: "POST",
        path: /\/invite$/,
        kind: "batch-part",
        response: { status: 429, retryAfterSeconds: 7 },
    });
    const res = await batch([inviteStep("1", "bob@contoso.com"), inviteStep("2", "alice@contoso.com")]);
    const byId = Object.fromEntries(res.body.responses.map((r: { id: string }) => [r.id, r]));
    expect(byId["1"]).toMatchObject({
        status: 429,
        headers: { "Retry-After": "7" },
        body: { error: { code: "activityLimitReached" } },
    });
    expect(byId["2"].status).toBe(200);
    expect(em.permissions(f.biz.id, f.biz.file)).toHaveLength(1);
});

test("503 part, and faults matching the inner url path", async () => {
    em.injectFault({ path: `/items/${f.biz.file}/permissions`, response: { status: 503, retryAfterSeconds: 1 } });
    const res = await batch([{ id: "1", method: "GET", url: `${itemUrl()}/permissions?$select=id` }]);
    expect(res.body.responses[0]).toMatchObject({
        status: 503,
        headers: { "Retry-After": "1" },
        body: { error: { code: "serviceNotAvailable" } },
    });
});

test("the outer token authenticates the parts; an invalid token fails the whole batch with 401", async () => {
    const res = await fetch(`${em.url}/v1.0/$batch`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ requests: [{ id: "1", method: "GET", url: itemUrl() }] }),
    });
    expect(res.status).toBe(401);
    expect(em.requests.filter((r) => r.kind === "batch-part")).toHaveLength(0);
});

test("latency applies once to the whole batch", async () => {
    em.latencyMs = 60;
    const steps = Array.from({ length: 10 }, (_, i) => ({ id: String(i), method: "GET", url: itemUrl() }));
    const started = Date.now();
    await batch(steps);
    const elapsed = Date.now() - started;
    expect(elapsed).toBeGreaterThanOrEqual(55);
    expect(elapsed).toBeLessThan(400);
});

test("inner urls: without a leading slash, with a /v1.0 prefix (as the JS SDK sends), absolute urls refused", async () => {
    const res = await batch([
        { id: "1", method: "GET", url: itemUrl().slice(1) },
        { id: "2", method: "GET", url: `/v1.0${itemUrl()}` },
        { id: "3", method: "GET", url: `${em.url}/v1.0${itemUrl()}` },
        { id: "4", method: "POST", url: "/$batch", headers: JSON_HEADERS, body: { requests: [] } },
    ]);
    const byId = Object.fromEntries(res.body.responses.map((r: { id: string; status: number }) => [r.id, r.status]));
    expect(byId).toEqual({ "1": 200, "2": 200, "3": 400, "4": 400 });
});

test("PATCH and DELETE parts with percent-encoded ids", async () => {
    const granted = await graph(f).post(`${bizItem(f)}/invite`, inviteBody([{ email: "bob@contoso.com" }], ["read"]));
    const id = encodeURIComponent(granted.body.value[0].id);
    const res = await batch([
        {
            id: "p",
            method: "PATCH",
            url: `${itemUrl()}/permissions/${id}`,
            headers: JSON_HEADERS,
            body: { roles: ["write"] },
        },
        { id: "d", method: "DELETE", url: `${itemUrl()}/permissions/${id}`, dependsOn: ["p"] },
    ]);
    const byId = Object.fromEntries(res.body.responses.map((r: { id: string }) => [r.id, r]));
    expect(byId.p).toMatchObject({ status: 200, body: { roles: ["write"] } });
    expect(byId.d).toEqual({ id: "d", status: 204, headers: {} });
});
