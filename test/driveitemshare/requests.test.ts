// The fewest Graph round trips: request counts at the targets, through the real host, at sizes where batching and
// paging matter. Token requests are counted apart.
import { startProviderHost } from "../harness/host";
import type { TestStack } from "./stack";
import { PERSONAL_DRIVE, ShareResource, userProjectHost, stackEnvironment, startStack } from "./stack";

let stack: TestStack;
beforeAll(async () => {
    stack = await startStack();
    for (let i = 1; i <= 60; i++) stack.emulator.addUser({ email: person(i) });
});
afterAll(() => stack.close());
beforeEach(() => stack.takeGraphRequests());

function person(i: number): string {
    return `staff${String(i).padStart(3, "0")}@contoso.com`;
}
const people = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => person(from + i));
const batches = (count: number) => Array(count).fill("POST /v1.0/$batch");

test("create with 50 recipients: 1 list + ceil(50 / 30) = 2 invites", async () => {
    const folder = stack.folder();
    await stack.resource("fifty").up({ ...folder, recipients: people(1, 50), roles: ["read"] });
    const path = `/v1.0/drives/${folder.driveId}/items/${folder.itemId}`;
    expect(stack.takeGraphRequests()).toEqual([`GET ${path}/permissions`, ...Array(2).fill(`POST ${path}/invite`)]);
});

test("update with 5 additions, 25 role changes and 25 removals: 1 list + 1 invite + ceil(50 / 20) = 3 batches", async () => {
    const folder = stack.folder();
    const share = stack.resource("churn");
    await share.up({ ...folder, recipients: people(1, 50), roles: ["read"] });
    stack.takeGraphRequests();
    // Keep 1-25 (their role changes to write), drop 26-50, add 51-55.
    await share.up({ ...folder, recipients: [...people(1, 25), ...people(51, 55)], roles: ["write"] });
    const parts = stack.emulator.requests.filter((r) => r.kind === "batch-part");
    const requests = stack.takeGraphRequests();
    expect(parts.filter((p) => p.method === "PATCH")).toHaveLength(25);
    expect(parts.filter((p) => p.method === "DELETE")).toHaveLength(25);
    const [list, ...changes] = requests;
    expect(list).toMatch(/^GET .*\/permissions$/);
    expect(changes.filter((r) => /^POST .*\/invite$/.test(r))).toHaveLength(1);
    expect(changes.filter((r) => r !== "POST /v1.0/$batch")).toHaveLength(1);
    expect(changes.filter((r) => r === "POST /v1.0/$batch")).toHaveLength(Math.ceil(50 / 20));
});

test("a role change alone needs no invite: 1 list + 1 batch", async () => {
    const folder = stack.folder();
    const share = stack.resource("promote");
    await share.up({ ...folder, recipients: people(1, 3), roles: ["read"] });
    stack.takeGraphRequests();
    await share.up({ ...folder, recipients: people(1, 3), roles: ["write"] });
    expect(stack.takeGraphRequests()).toEqual([expect.stringMatching(/^GET .*\/permissions$/), ...batches(1)]);
});

test("delete of 45 grants on a business drive: ceil(45 / 20) = 3 batches, no list (the recorded ids suffice)", async () => {
    const folder = stack.folder();
    const share = stack.resource("forty-five");
    await share.up({ ...folder, recipients: people(1, 45), roles: ["read"] });
    stack.takeGraphRequests();
    await share.destroy();
    expect(stack.takeGraphRequests()).toEqual(batches(3));
    expect(stack.emulator.permissions(folder.driveId, folder.itemId)).toEqual([]);
});

test("delete on a personal OneDrive lists first: a link may be shared with people of no resource", async () => {
    const folder = stack.folder(PERSONAL_DRIVE);
    const share = stack.resource("personal-delete");
    await share.up({ ...folder, recipients: people(1, 3), roles: ["read"] });
    stack.takeGraphRequests();
    await share.destroy();
    expect(stack.takeGraphRequests()).toEqual([expect.stringMatching(/^GET .*\/permissions$/), ...batches(1)]);
});

test("refresh: 1 list, plus 1 per extra page", async () => {
    const folder = stack.folder();
    const share = stack.resource("paged");
    await share.up({ ...folder, recipients: people(1, 35), roles: ["read"] });
    stack.takeGraphRequests();
    await share.refresh();
    expect(stack.takeGraphRequests()).toHaveLength(1);

    stack.emulator.settings.listPageSize = 10;
    try {
        await expect(share.refresh()).resolves.toMatchObject({ op: "same" });
        expect(stack.takeGraphRequests()).toHaveLength(4);
        expect(Object.keys(share.state!.outputs.grants)).toHaveLength(35);
    } finally {
        stack.emulator.settings.listPageSize = 200;
    }
});

test("60 resources served by one host: one token request, and in-flight requests stay under the process-wide limit", async () => {
    const host = await startProviderHost({
        ...userProjectHost(),
        env: { ...stackEnvironment(stack.emulator), DRIVESHARE_MAX_CONCURRENCY: "4" },
    });
    stack.emulator.latencyMs = 20;
    try {
        stack.emulator.clearRequests();
        const shares = Array.from({ length: 60 }, (_, i) => new ShareResource(host, `many-${i}`));
        await Promise.all(
            shares.map((s, i) => s.up({ ...stack.folder(), recipients: people(i + 1, i + 1), roles: ["read"] })),
        );
        await Promise.all(shares.map((s) => s.destroy()));
        expect(stack.emulator.tokenRequests()).toHaveLength(1);
        // Create: 1 list + 1 invite; delete: 1 batch (a business drive: no list).
        expect(stack.emulator.graphRequests()).toHaveLength(60 * 3);
        expect(stack.emulator.peakGraphInFlight).toBeGreaterThan(1);
        expect(stack.emulator.peakGraphInFlight).toBeLessThanOrEqual(4);
    } finally {
        stack.emulator.latencyMs = 0;
        await host.stop();
    }
});

test.each([
    ["unset", 2, undefined],
    ["2400", 3, "2400"],
])(
    "delete of 60 grants before any RateLimit header, DRIVESHARE_RU_PER_MINUTE %s: %i $batch of 100 RU in flight at most (a fifth of the budget, else 240 RU)",
    async (label, peak, budget) => {
        const host = await startProviderHost({
            ...userProjectHost(),
            env: { ...stackEnvironment(stack.emulator), DRIVESHARE_RU_PER_MINUTE: budget },
        });
        stack.emulator.latencyMs = 20;
        try {
            const share = new ShareResource(host, `budget-${label}`);
            await share.up({ ...stack.folder(), recipients: people(1, 60), roles: ["read"] });
            stack.emulator.clearRequests();
            await share.destroy();
            expect(stack.emulator.peakGraphInFlight).toBe(peak);
            expect(stack.takeGraphRequests()).toEqual(batches(3));
        } finally {
            stack.emulator.latencyMs = 0;
            await host.stop();
        }
    },
);
