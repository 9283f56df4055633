import { Pacer, UNKNOWN_BUDGET_IN_FLIGHT, inFlightBeforeHeaders, rateLimitOf } from "./pacer";
import { resourceUnits } from "./resource-units";

beforeEach(() => jest.useFakeTimers({ now: 1_000_000 }));
afterEach(() => jest.useRealTimers());

/** Whether the promise has settled after the microtasks queued so far have run. */
async function settled(promise: Promise<unknown>): Promise<boolean> {
    let done = false;
    void promise.then(() => (done = true));
    await jest.advanceTimersByTimeAsync(0);
    return done;
}

test("Microsoft's costs: 5 RU a permission operation, 1 an item, 2 a list of drives; a $batch its parts", () => {
    expect(resourceUnits("GET", "/drives/d/items/i/permissions")).toBe(5);
    expect(resourceUnits("POST", "/drives/d/items/i/invite")).toBe(5);
    expect(resourceUnits("DELETE", "/drives/d/items/i/permissions/p")).toBe(5);
    expect(resourceUnits("GET", "https://graph.microsoft.com/v1.0/drives/d/items/i/permissions?$skiptoken=2")).toBe(5);
    expect(resourceUnits("GET", "/drives/d/root:/Finance")).toBe(1);
    expect(resourceUnits("GET", "/sites/contoso.sharepoint.com:/sites/finance")).toBe(1);
    expect(resourceUnits("GET", "/sites/s/drives")).toBe(2);
    const parts = [
        { method: "DELETE", url: "/drives/d/items/i/permissions/p" },
        { method: "PATCH", url: "/drives/d/items/i/permissions/q" },
    ];
    expect(resourceUnits("POST", "/$batch", parts)).toBe(10);
});

test("RateLimit headers are read only when all three are there", () => {
    const headers = new Headers({
        "RateLimit-Limit": "1200",
        "RateLimit-Remaining": "240",
        "RateLimit-Reset": "0.750",
    });
    expect(rateLimitOf((n) => headers.get(n))).toEqual({ limit: 1200, remaining: 240, resetSeconds: 0.75 });
    expect(rateLimitOf((n) => new Headers({ "RateLimit-Limit": "1200" }).get(n))).toBeUndefined();
});

test("before Graph tells the budget, at most a fifth of the smallest one is in flight; one request always goes", async () => {
    const pacer = new Pacer();
    const first = await pacer.reserve(100);
    const second = await pacer.reserve(100);
    const third = pacer.reserve(100);
    expect(await settled(third)).toBe(false);
    pacer.settle(first, undefined);
    expect(await settled(third)).toBe(true);
    pacer.settle(second, undefined);
    pacer.settle(await third, undefined);
    expect(UNKNOWN_BUDGET_IN_FLIGHT).toBe(240);
    expect(await settled(pacer.reserve(400))).toBe(true);
});

test("the app's budget, when given, sets what is in flight before the headers: a fifth of it", async () => {
    expect(inFlightBeforeHeaders(6000)).toBe(1200);
    expect(inFlightBeforeHeaders(undefined)).toBe(UNKNOWN_BUDGET_IN_FLIGHT);
    const pacer = new Pacer(inFlightBeforeHeaders(6000));
    const sent = [];
    for (let i = 0; i < 12; i++) sent.push(await pacer.reserve(100)); // 1,200 in flight
    const thirteenth = pacer.reserve(100);
    expect(await settled(thirteenth)).toBe(false);
    pacer.settle(sent[0], undefined);
    expect(await settled(thirteenth)).toBe(true);
});

test("with the budget given, the headers still win once they come", async () => {
    const pacer = new Pacer(inFlightBeforeHeaders(6000));
    pacer.settle(await pacer.reserve(5), { limit: 1200, remaining: 200, resetSeconds: 10 });
    expect(await settled(pacer.reserve(200))).toBe(true);
    expect(await settled(pacer.reserve(1))).toBe(false);
});

test("once told, the pacer spends the rest of the window, holds what would pass it until the refill, and says so", async () => {
    const waits: number[] = [];
    const pacer = new Pacer(UNKNOWN_BUDGET_IN_FLIGHT, (seconds) => waits.push(seconds));
    const warned = await pacer.reserve(5);
    pacer.settle(warned, { limit: 1200, remaining: 240, resetSeconds: 10 });
    for (let spent = 960; spent + 100 <= 1200; spent += 100) pacer.settle(await pacer.reserve(100), undefined);
    pacer.settle(await pacer.reserve(40), undefined); // 1,200 exactly
    const held = pacer.reserve(5);
    expect(await settled(held)).toBe(false);
    expect(waits).toEqual([10]);
    await jest.advanceTimersByTimeAsync(9_999);
    expect(await settled(held)).toBe(false);
    await jest.advanceTimersByTimeAsync(1);
    expect(await settled(held)).toBe(true);
    // The new window: the whole budget, at full speed (the limit is known now).
    expect(await settled(pacer.reserve(1195))).toBe(true); // with the held 5: 1,200
    expect(await settled(pacer.reserve(1))).toBe(false);
});

test("Graph's count wins, with what was sent after: higher (another process of the app spends too)", async () => {
    const pacer = new Pacer();
    const a = await pacer.reserve(5);
    pacer.settle(a, { limit: 1200, remaining: 1000, resetSeconds: 30 });
    const b = await pacer.reserve(5);
    const c = await pacer.reserve(100);
    pacer.settle(b, { limit: 1200, remaining: 200, resetSeconds: 29 }); // 1,000 counted, c not yet: 1,100
    expect(await settled(pacer.reserve(100))).toBe(true);
    expect(await settled(pacer.reserve(1))).toBe(false);
    pacer.settle(c, undefined);
});

test("a 429's headers (nothing remaining) hold everyone until the refill", async () => {
    const pacer = new Pacer();
    const a = await pacer.reserve(5);
    const b = await pacer.reserve(5);
    pacer.settle(a, { limit: 1200, remaining: 0, resetSeconds: 2 });
    const next = pacer.reserve(5);
    expect(await settled(next)).toBe(false);
    pacer.settle(b, undefined);
    expect(await settled(next)).toBe(false);
    await jest.advanceTimersByTimeAsync(2_000);
    expect(await settled(next)).toBe(true);
});

test("headers of a request sent in the previous window are not taken for the new one", async () => {
    const pacer = new Pacer();
    const a = await pacer.reserve(5);
    pacer.settle(a, { limit: 1200, remaining: 240, resetSeconds: 1 });
    const late = await pacer.reserve(5);
    await jest.advanceTimersByTimeAsync(1_000);
    const fresh = await pacer.reserve(5); // the window refilled
    pacer.settle(late, { limit: 1200, remaining: 0, resetSeconds: 0 });
    expect(await settled(pacer.reserve(1000))).toBe(true);
    pacer.settle(fresh, undefined);
});

test("Graph's count wins when lower: an answer without the headers means Graph had counted less than 80 %", async () => {
    const pacer = new Pacer();
    pacer.settle(await pacer.reserve(5), { limit: 1200, remaining: 200, resetSeconds: 1 });
    await jest.advanceTimersByTimeAsync(1_000);
    // Refilled as this process reckons; Graph's window began later, so its headers are not seen yet.
    const sent = [];
    for (let i = 0; i < 12; i++) sent.push(await pacer.reserve(100)); // 1,200 reckoned
    const held = pacer.reserve(100);
    expect(await settled(held)).toBe(false);
    // No headers on the first 11: Graph counted under 960 when the 11th reached it; only the 12th may be uncounted.
    for (const reservation of sent.slice(0, 11)) pacer.settle(reservation, undefined);
    expect(await settled(held)).toBe(true);
});

test("what Graph may have counted in its new window before this process saw the refill is counted in the new one", async () => {
    const pacer = new Pacer();
    const first = await pacer.reserve(5);
    await jest.advanceTimersByTimeAsync(100);
    // Read 100 ms after it was sent: Graph's window may refill up to 100 ms before the second this process reckons.
    pacer.settle(first, { limit: 1200, remaining: 200, resetSeconds: 1 });
    await jest.advanceTimersByTimeAsync(890);
    const late = await pacer.reserve(100); // 1,100 reckoned
    await jest.advanceTimersByTimeAsync(70);
    pacer.settle(late, undefined); // answered within those 100 ms: maybe counted in Graph's new window
    await jest.advanceTimersByTimeAsync(40); // refilled as this process reckons
    expect(await settled(pacer.reserve(1100))).toBe(true);
    expect(await settled(pacer.reserve(1))).toBe(false);
});
