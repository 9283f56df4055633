// SharePoint's resource-unit budget per app per tenant (https://learn.microsoft.com/sharepoint/dev/general-development/
// how-to-avoid-getting-throttled-or-blocked-in-sharepoint-online): costs from Microsoft's table, $batch parts charged
// one by one, 429 with Retry-After once spent (and still charged), RateLimit headers from 80 %, off by default.
import type { GraphEmulator } from "./index";
import { ResourceUnitMeter, budgetPerWindow, resourceUnitCost } from "./resource-units";
import {
    CLIENT_ID,
    TENANT_ID,
    bizItem,
    call,
    type Fixture,
    graph,
    inviteBody,
    useSeededEmulator,
} from "./test-helpers";

let em: GraphEmulator;
let f: Fixture;
useSeededEmulator(
    (emulator) => (em = emulator),
    (fixture) => (f = fixture),
);
afterEach(() => (em.settings.resourceUnits = null));

const SMALL_TENANT = { licences: 500, windowMs: 60_000 };

test.each([
    [0, 1_200],
    [1_000, 1_200],
    [1_001, 2_400],
    [5_000, 2_400],
    [15_000, 3_600],
    [50_000, 4_800],
    [50_001, 6_000],
])("a tenant of %i licences gives an app %i RU a minute", (licences, budget) => {
    expect(budgetPerWindow(licences)).toBe(budget);
});

test.each([
    ["GET", "/v1.0/drives/d/items/i/permissions", 5],
    ["GET", "/drives/d/items/i/permissions/p", 5],
    ["PATCH", "/drives/d/items/i/permissions/p", 5],
    ["DELETE", "/drives/d/items/i/permissions/p", 5],
    ["POST", "/v1.0/drives/d/items/i/invite", 5],
    ["POST", "/drives/d/items/i/permissions/p/revokeGrants", 5],
    ["POST", "/v1.0/drives/d/root:/Finance/Q3:/invite", 5],
    ["GET", "/v1.0/drives/d/items/i", 1],
    ["GET", "/v1.0/drives/d/root:/Finance/Q3", 1],
    ["GET", "/v1.0/sites/contoso.sharepoint.com:/sites/finance", 1],
    ["GET", "/v1.0/sites/s/drives", 2],
    ["POST", "/v1.0/$batch", 0],
])("%s %s costs %i RU", (method, path, cost) => {
    expect(resourceUnitCost({ method, path })).toBe(cost);
});

describe("the meter", () => {
    let now = 0;
    const meter = new ResourceUnitMeter(() => now);
    beforeEach(() => {
        now = 1_000_000;
        meter.reset();
    });

    test("no headers below 80 %; limit, remaining and reset from 80 %", () => {
        expect(meter.charge(SMALL_TENANT, "t", "app", 955).headers).toEqual({});
        now += 15_000;
        expect(meter.charge(SMALL_TENANT, "t", "app", 5)).toEqual({
            throttled: false,
            headers: { "RateLimit-Limit": "1200", "RateLimit-Remaining": "240", "RateLimit-Reset": "45" },
        });
    });

    test("past the budget: 429 with Retry-After matching RateLimit-Reset, the throttled charge counted", () => {
        meter.charge(SMALL_TENANT, "t", "app", 1_200);
        now += 29_500;
        expect(meter.charge(SMALL_TENANT, "t", "app", 5)).toEqual({
            throttled: true,
            headers: {
                "RateLimit-Limit": "1200",
                "RateLimit-Remaining": "0",
                "RateLimit-Reset": "31",
                "Retry-After": "31",
            },
        });
        expect(meter.current(SMALL_TENANT, "t", "app")["RateLimit-Remaining"]).toBe("0");
    });

    test("the window refills whole after its length", () => {
        meter.charge(SMALL_TENANT, "t", "app", 1_205);
        now += 60_000;
        expect(meter.charge(SMALL_TENANT, "t", "app", 5)).toEqual({ throttled: false, headers: {} });
    });

    test("each app in each tenant has its own budget", () => {
        meter.charge(SMALL_TENANT, "t", "app", 1_200);
        expect(meter.charge(SMALL_TENANT, "t", "other-app", 5).throttled).toBe(false);
        expect(meter.charge(SMALL_TENANT, "other-tenant", "app", 5).throttled).toBe(false);
        expect(meter.charge(SMALL_TENANT, "t", "app", 5).throttled).toBe(true);
    });

    test("a compressed window writes seconds with three decimals", () => {
        meter.charge({ licences: 500, windowMs: 1_000 }, "t", "app", 1_000);
        now += 250;
        expect(meter.current({ licences: 500, windowMs: 1_000 }, "t", "app")["RateLimit-Reset"]).toBe("0.750");
    });
});

describe("through HTTP", () => {
    const list = () => graph(f).get(`${bizItem(f)}/permissions`);

    test("off by default: nothing is charged and no RateLimit header is sent", async () => {
        for (let i = 0; i < 300; i++) expect((await list()).headers.get("ratelimit-limit")).toBeNull();
        expect(em.graphRequests().every((r) => r.resourceUnits === undefined)).toBe(true);
    });

    test("each request is charged and logged; 80 % brings the headers, the budget's end a 429 with Retry-After", async () => {
        em.settings.resourceUnits = SMALL_TENANT;
        const answers = [];
        for (let i = 0; i < 241; i++) answers.push(await list());
        expect(em.graphRequests().map((r) => r.resourceUnits)).toEqual(Array(241).fill(5));
        expect(answers[190].headers.get("ratelimit-limit")).toBeNull(); // 955 RU spent
        expect(answers[191].headers.get("ratelimit-remaining")).toBe("240"); // 960 RU: 80 %
        expect(answers[239].status).toBe(200);
        expect(answers[239].headers.get("ratelimit-remaining")).toBe("0");
        expect(answers[240].status).toBe(429);
        expect(answers[240].body.error.code).toBe("activityLimitReached");
        expect(answers[240].headers.get("retry-after")).toBe(answers[240].headers.get("ratelimit-reset"));
        expect(Number(answers[240].headers.get("retry-after"))).toBeGreaterThan(50);
    });

    test("$batch: the parts are charged one by one, the envelope nothing; throttled parts answer 429 inside", async () => {
        em.settings.resourceUnits = SMALL_TENANT;
        for (let i = 0; i < 236; i++) await list(); // 1,180 RU
        const requests = [1, 2, 3, 4, 5].map((id) => ({
            id: String(id),
            method: "GET",
            url: `/drives/${f.biz.id}/items/${f.biz.file}/permissions`,
        }));
        const res = await graph(f).post("/v1.0/$batch", { requests });
        expect(res.status).toBe(200);
        const statuses = (res.body.responses as { id: string; status: number }[])
            .sort((a, b) => Number(a.id) - Number(b.id))
            .map((r) => r.status);
        expect(statuses).toEqual([200, 200, 200, 200, 429]);
        const part5 = res.body.responses.find((r: { id: string }) => r.id === "5");
        expect(part5.headers["Retry-After"]).toBe(part5.headers["RateLimit-Reset"]);
        expect(res.headers.get("ratelimit-remaining")).toBe("0");
        const batch = em.requests.filter((r) => r.kind === "batch-part" || r.path.endsWith("$batch"));
        expect(batch.map((r) => r.resourceUnits)).toEqual([0, 5, 5, 5, 5, 5]);
    });

    test("a write is charged and refused like a read once the budget is spent", async () => {
        em.settings.resourceUnits = SMALL_TENANT;
        for (let i = 0; i < 240; i++) await list();
        const res = await graph(f).post(`${bizItem(f)}/invite`, inviteBody([{ email: "bob@contoso.com" }]));
        expect(res.status).toBe(429);
        expect(em.permissions(f.biz.id, f.biz.file)).toEqual([]);
        expect(em.graphRequests().at(-1)?.resourceUnits).toBe(5);
    });

    test("a delegated token is charged to the app too, but gets no RateLimit header (app permissions only)", async () => {
        em.settings.resourceUnits = SMALL_TENANT;
        const delegated = em.issueToken(TENANT_ID, CLIENT_ID, "alice@contoso.com");
        const answers = [];
        for (let i = 0; i < 241; i++) answers.push(await call(em, delegated, "GET", `${bizItem(f)}/permissions`));
        expect(answers[239].headers.get("ratelimit-limit")).toBeNull();
        expect(answers[240].status).toBe(429);
        expect(answers[240].headers.get("retry-after")).not.toBeNull();
        expect(answers[240].headers.get("ratelimit-reset")).toBeNull();
    });

    test("settable through PATCH /_emulator/settings", async () => {
        const res = await fetch(`${em.url}/_emulator/settings`, {
            method: "PATCH",
            headers: { "content-type": "application/json" },
            body: JSON.stringify({ resourceUnits: { licences: 20_000, windowMs: 1_000 } }),
        });
        expect(res.status).toBe(200);
        expect(em.settings.resourceUnits).toEqual({ licences: 20_000, windowMs: 1_000 });
    });
});
