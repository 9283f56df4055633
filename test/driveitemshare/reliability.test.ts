// Reliability through the real host: Graph's late lists, throttling storms, resources sharing an item, and
// resources colliding on one person's permission within a deployment.
import type { ProviderHost } from "../harness/host";
import { startProviderHost } from "../harness/host";
import type { TestStack } from "./stack";
import {
    ALICE,
    BOB,
    CAROL,
    DAVE,
    ShareResource,
    grantsOf,
    userProjectHost,
    stackEnvironment,
    startStack,
} from "./stack";

let stack: TestStack;
beforeAll(async () => {
    stack = await startStack();
});
afterAll(() => stack.close());

type Folder = { driveId: string; itemId: string };

/** Direct grants on the item by email: roles and how many permissions each person has. */
function holders(folder: Folder): Record<string, string> {
    const result: Record<string, string> = {};
    for (const p of stack.emulator.permissions(folder.driveId, folder.itemId) as any[]) {
        const email = (p.grantedToV2 ?? p.grantedTo)?.user?.email;
        if (email) result[email] = result[email] ? `${result[email]}+${p.roles.join()}` : p.roles.join();
    }
    return result;
}

/** A fresh provider host on the same emulator: a new `pulumi up` process. */
async function newDeployment(env: Record<string, string> = {}): Promise<ProviderHost> {
    return startProviderHost({ ...userProjectHost(), env: { ...stackEnvironment(stack.emulator), ...env } });
}

describe("Graph lists new grants late (eventual consistency), and grants removed at once", () => {
    afterEach(() => {
        stack.emulator.grantVisibilityDelayMs = 0;
    });

    test("neither a refresh nor the next update takes unlisted new grants for drift, invites or emails them twice", async () => {
        stack.emulator.grantVisibilityDelayMs = 60_000;
        const folder = stack.folder();
        const share = stack.resource("late");
        await share.up({ ...folder, recipients: [ALICE, BOB], roles: ["read"], sendInvitation: true });
        const granted = grantsOf(share);

        // The list shows neither grant: each is read by id, the two in one $batch, and found.
        stack.emulator.clearRequests();
        await expect(share.refresh()).resolves.toMatchObject({ op: "same" });
        expect(grantsOf(share)).toEqual(granted);
        const reads = stack.emulator.requests.filter((r) => r.kind === "batch-part");
        expect(reads.map((r) => `${r.method} ${r.status}`)).toEqual(["GET 200", "GET 200"]);

        stack.emulator.clearRequests();
        await share.up({ ...folder, recipients: [ALICE, BOB, CAROL], roles: ["read"], sendInvitation: true });
        const invites = stack.emulator.requests.filter((r) => r.path.endsWith("/invite"));
        expect(invites.map((r) => (r.body as any).recipients)).toEqual([[{ email: CAROL }]]);
        expect(stack.emulator.requests.filter((r) => r.kind === "batch-part" && r.method !== "GET")).toEqual([]);
        expect(holders(folder)).toEqual({ [ALICE]: "read", [BOB]: "read", [CAROL]: "read" });
    });

    test("a grant removed by hand a moment after the up is drift for refresh, and the next up restores it", async () => {
        const folder = stack.folder();
        const share = stack.resource("removed-at-once");
        await share.up({ ...folder, recipients: [ALICE, BOB], roles: ["read"], sendInvitation: true });
        stack.emulator.removePermission(folder.driveId, folder.itemId, grantsOf(share)[BOB].permissionId);

        await expect(share.refresh()).resolves.toMatchObject({ op: "update" });
        expect(Object.keys(grantsOf(share))).toEqual([ALICE]);
        stack.emulator.clearRequests();
        await share.up({ ...folder, recipients: [ALICE, BOB], roles: ["read"], sendInvitation: true });
        const invites = stack.emulator.requests.filter((r) => r.path.endsWith("/invite"));
        // Restored without a second email: only a recipient's first grant may send one.
        expect(invites.map((r) => [(r.body as any).recipients, (r.body as any).sendInvitation])).toEqual([
            [[{ email: BOB }], false],
        ]);
        expect(holders(folder)).toEqual({ [ALICE]: "read", [BOB]: "read" });
    });

    test("a grant removed by hand at once while its role changes is granted again with the new role", async () => {
        const folder = stack.folder();
        const share = stack.resource("removed-and-rerolled");
        await share.up({ ...folder, recipients: [ALICE, BOB], roles: ["read"] });
        stack.emulator.removePermission(folder.driveId, folder.itemId, grantsOf(share)[BOB].permissionId);
        stack.emulator.clearRequests();
        await share.up({ ...folder, recipients: [ALICE, BOB], roles: ["write"] });
        // Not a PATCH of the removed permission (Graph would answer 404): an invite.
        expect(stack.emulator.requests.filter((r) => r.status === 404 && r.method === "PATCH")).toEqual([]);
        expect(holders(folder)).toEqual({ [ALICE]: "write", [BOB]: "write" });
    });

    test("a recorded grant Graph cannot be asked about fails the step and changes nothing", async () => {
        const folder = stack.folder();
        const share = stack.resource("unconfirmed");
        await share.up({ ...folder, recipients: [ALICE, BOB], roles: ["read"] });
        stack.emulator.grantVisibilityDelayMs = 60_000;
        await share.up({ ...folder, recipients: [ALICE, BOB, CAROL], roles: ["read"] });
        stack.emulator.injectFault({
            kind: "batch-part",
            method: "GET",
            response: { status: 403, code: "accessDenied", message: "denied" },
        });
        stack.emulator.clearRequests();
        await expect(share.up({ ...folder, recipients: [ALICE, DAVE], roles: ["read"] })).rejects.toThrow(
            /Graph GET \S+\/permissions\/\S+ answered 403 accessDenied: denied \(request-id .*could not be confirmed, so nothing was changed/,
        );
        expect(stack.emulator.requests.filter((r) => r.method !== "GET" && !r.path.endsWith("/$batch"))).toEqual([]);
    });
});

describe("throttling", () => {
    test("a Retry-After within the bound is honoured and the operation succeeds", async () => {
        const folder = stack.folder();
        stack.emulator.injectFault({
            method: "POST",
            path: /\/invite$/,
            times: 2,
            response: { status: 429, retryAfterSeconds: 1 },
        });
        stack.emulator.clearRequests();
        await stack.resource("patient").up({ ...folder, recipients: [ALICE], roles: ["read"] });
        // Each retry came at least the asked second after the answer before it (the emulator's clock, not a timing).
        const invites = stack.emulator.requests.filter((r) => r.path.endsWith("/invite"));
        expect(invites.map((r) => r.status)).toEqual([429, 429, 200]);
        expect(invites[1].receivedAt - invites[0].receivedAt).toBeGreaterThanOrEqual(1000);
        expect(invites[2].receivedAt - invites[0].receivedAt).toBeGreaterThanOrEqual(2000);
        expect(holders(folder)).toEqual({ [ALICE]: "read" });
    });

    test("a storm beyond the bound fails at once, saying it was throttled and for how long", async () => {
        const folder = stack.folder();
        stack.emulator.injectFault({
            path: /\/permissions$/,
            times: Infinity,
            response: { status: 429, retryAfterSeconds: 600 },
        });
        stack.emulator.clearRequests();
        try {
            await expect(
                stack.resource("stormy").up({ ...folder, recipients: [ALICE], roles: ["read"] }),
            ).rejects.toThrow(/Graph throttled GET \S+\/permissions \(429\): it asked to wait 600 s .*bound of 300 s/);
        } finally {
            stack.emulator.clearFaults();
        }
        // At once: the one throttled list, and no retry waited for.
        expect(stack.emulator.graphRequests().map((r) => r.status)).toEqual([429]);
    });

    test("throttled parts of a $batch are sent again, and only they", async () => {
        const folder = stack.folder();
        const share = stack.resource("batchy");
        await share.up({ ...folder, recipients: [ALICE, BOB, CAROL], roles: ["read"] });
        stack.emulator.injectFault({
            kind: "batch-part",
            method: "PATCH",
            skip: 1,
            response: { status: 429, retryAfterSeconds: 0 },
        });
        stack.emulator.clearRequests();
        await share.up({ ...folder, recipients: [ALICE, BOB, CAROL], roles: ["write"] });
        const batches = stack.emulator.requests.filter((r) => r.kind === "graph" && r.path.endsWith("/$batch"));
        const parts = stack.emulator.requests.filter((r) => r.kind === "batch-part");
        expect(batches).toHaveLength(2);
        expect(parts.map((p) => p.status).sort()).toEqual([200, 200, 200, 429]);
        expect(holders(folder)).toEqual({ [ALICE]: "write", [BOB]: "write", [CAROL]: "write" });
    });
});

describe("resources sharing an item", () => {
    test("two resources applied concurrently both converge, and neither removes the other's grants", async () => {
        const folder = stack.folder();
        const readers = stack.resource("side-readers");
        const editors = stack.resource("side-editors");
        await Promise.all([
            readers.up({ ...folder, recipients: [ALICE, BOB], roles: ["read"] }),
            editors.up({ ...folder, recipients: [CAROL], roles: ["write"] }),
        ]);
        await Promise.all([
            readers.up({ ...folder, recipients: [ALICE], roles: ["read"] }),
            editors.up({ ...folder, recipients: [CAROL, DAVE], roles: ["write"] }),
        ]);
        expect(holders(folder)).toEqual({ [ALICE]: "read", [CAROL]: "write", [DAVE]: "write" });
        await readers.destroy();
        expect(holders(folder)).toEqual({ [CAROL]: "write", [DAVE]: "write" });
    });

    test("a resource renamed without aliases (create the new, delete the old) leaves its recipients their access", async () => {
        const folder = stack.folder();
        const first = await newDeployment();
        const second = await newDeployment();
        try {
            const old = new ShareResource(first, "finance");
            await old.up({ ...folder, recipients: [ALICE, BOB], roles: ["read"] });

            // The next `pulumi up` declares "finance-team" instead: the engine creates it, then deletes "finance".
            old.host = second;
            const renamed = new ShareResource(second, "finance-team");
            await renamed.up({ ...folder, recipients: [ALICE, BOB], roles: ["read"] });
            await old.destroy();
            expect(holders(folder)).toEqual({ [ALICE]: "read", [BOB]: "read" });
            expect(grantsOf(renamed)[ALICE].permissionId).toBeDefined();

            // The new resource owns the grants: destroying it removes them.
            await renamed.destroy();
            expect(holders(folder)).toEqual({});
        } finally {
            await Promise.all([first.stop(), second.stop()]);
        }
    });

    test.each([
        ["the giving resource first", false],
        ["the receiving resource first", true],
    ])("a recipient moved between resources in one up keeps access, %s", async (_order, receiverFirst) => {
        const folder = stack.folder();
        const first = await newDeployment();
        const second = await newDeployment();
        try {
            const giver = new ShareResource(first, `giver-${receiverFirst}`);
            const receiver = new ShareResource(first, `receiver-${receiverFirst}`);
            await giver.up({ ...folder, recipients: [ALICE, BOB], roles: ["read"] });
            await receiver.up({ ...folder, recipients: [CAROL], roles: ["read"] });

            giver.host = second;
            receiver.host = second;
            const giverArgs = { ...folder, recipients: [BOB], roles: ["read"] };
            const receiverArgs = { ...folder, recipients: [CAROL, ALICE], roles: ["read"] };
            // The engine checks every resource of the program as it registers, then runs the steps.
            await giver.preview(giverArgs);
            await receiver.preview(receiverArgs);
            const steps = [() => giver.up(giverArgs), () => receiver.up(receiverArgs)];
            if (receiverFirst) steps.reverse();
            for (const step of steps) {
                await step();
                expect(holders(folder)[ALICE]).toBe("read");
            }
            expect(holders(folder)).toEqual({ [ALICE]: "read", [BOB]: "read", [CAROL]: "read" });
            expect(Object.keys(grantsOf(receiver))).toEqual([ALICE, CAROL]);
            expect(Object.keys(grantsOf(giver))).toEqual([BOB]);
        } finally {
            await Promise.all([first.stop(), second.stop()]);
        }
    });

    test("a resource replaced onto another item keeps its declaration there after the old one is deleted", async () => {
        const [before, after] = [stack.folder(), stack.folder()];
        const host = await newDeployment();
        try {
            const moving = new ShareResource(host, "replaced");
            await moving.up({ ...before, recipients: [ALICE], roles: ["read"] });
            await expect(moving.up({ ...after, recipients: [ALICE], roles: ["read"] })).resolves.toMatchObject({
                op: "replace",
            });
            expect(holders(before)).toEqual({});
            const other = new ShareResource(host, "newcomer");
            expect((await other.preview({ ...after, recipients: [ALICE], roles: ["write"] })).failures).toEqual([
                expect.objectContaining({ reason: expect.stringContaining('declared by DriveItemShare "replaced"') }),
            ]);
        } finally {
            await host.stop();
        }
    });

    test("the same recipient declared by two resources on one item is refused at preview, naming both", async () => {
        const folder = stack.folder();
        const host = await newDeployment();
        try {
            const readers = new ShareResource(host, "dup-readers");
            const editors = new ShareResource(host, "dup-editors");
            expect((await readers.preview({ ...folder, recipients: [ALICE, BOB], roles: ["read"] })).failures).toEqual(
                [],
            );
            const preview = await editors.preview({
                ...folder,
                recipients: [ALICE.toUpperCase(), CAROL],
                roles: ["write"],
            });
            expect(preview.op).toBe("invalid");
            expect(preview.failures).toEqual([
                {
                    property: "recipients",
                    reason: expect.stringContaining(
                        `"${ALICE}" is also declared by DriveItemShare "dup-readers" (${readers.urn}) on the same ` +
                            `item (driveId "${folder.driveId}", itemId "${folder.itemId}"), as does this resource, ` +
                            `${editors.urn}.`,
                    ),
                },
            ]);
        } finally {
            await host.stop();
        }
    });
});
