// The fault matrix: every fault at every Graph request of create, update and delete, then what the next `pulumi up`
// (or `pulumi destroy`) runs with the state Pulumi kept. After each case the item holds exactly the declared grants,
// once each, and nothing outside the resource's management changed.
import type { FaultResponse, FaultSpec } from "../emulator";
import type { ShareResource, TestStack } from "./stack";
import { ALICE, BOB, CAROL, CLIENT_SECRET, OWNER, startStack } from "./stack";

let stack: TestStack;
beforeAll(async () => {
    stack = await startStack();
    for (let i = 1; i <= 14; i++) stack.emulator.addUser({ email: person(i) });
});
afterAll(() => stack.close());

function person(i: number): string {
    return `member${String(i).padStart(2, "0")}@contoso.com`;
}
const people = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => person(from + i));

const FAULTS: Record<string, FaultResponse> = {
    "429 Retry-After": { status: 429, retryAfterSeconds: 0, code: "activityLimitReached" },
    "503 Retry-After": { status: 503, retryAfterSeconds: 0, code: "serviceNotAvailable" },
    "500": { status: 500, code: "generalException" },
    "dropped connection": { drop: true },
    "expired token": { expireToken: true },
};
// Inside a $batch a part answers with a status; connection and token faults belong to the whole request.
const PART_FAULTS = ["429 Retry-After", "503 Retry-After", "500"];

/** The update from BEFORE: 3 additions, 4 removals and 6 role changes (read to write). */
const BEFORE = { recipients: people(1, 10), roles: ["read"] };
const AFTER_READERS = people(1, 6).concat(people(11, 13));

interface Operation {
    readonly name: string;
    /** Brings the resource to the state the operation starts from. */
    prepare(share: ShareResource, folder: Folder): Promise<void>;
    run(share: ShareResource, folder: Folder): Promise<unknown>;
    /** What the item must hold for the resource once recovered: email -> roles, or nothing for delete. */
    readonly expected: Record<string, string[]>;
}
type Folder = { driveId: string; itemId: string };

const editorsAfter = { recipients: AFTER_READERS, roles: ["write"] };
const OPERATIONS: Operation[] = [
    {
        name: "create",
        prepare: async () => undefined,
        run: (share, folder) => share.up({ ...folder, ...BEFORE }),
        expected: Object.fromEntries(people(1, 10).map((p) => [p, ["read"]])),
    },
    {
        name: "update",
        prepare: async (share, folder) => void (await share.up({ ...folder, ...BEFORE })),
        run: (share, folder) => share.up({ ...folder, ...editorsAfter }),
        expected: Object.fromEntries(AFTER_READERS.map((p) => [p, ["write"]])),
    },
    {
        name: "delete",
        prepare: async (share, folder) => void (await share.up({ ...folder, ...BEFORE })),
        run: (share) => share.destroy(),
        expected: {},
    },
];

/** Permissions the resource must never touch, seeded on every item. */
function seedForeign(folder: Folder) {
    const e = stack.emulator;
    return [
        e.addPermission(folder.driveId, folder.itemId, { kind: "user", user: CAROL, roles: ["write"] }),
        e.addPermission(folder.driveId, folder.itemId, { kind: "owner", user: OWNER }),
        e.addPermission(folder.driveId, folder.itemId, { kind: "link", linkType: "view", scope: "organization" }),
        e.addPermission(folder.driveId, folder.itemId, {
            kind: "link",
            linkType: "edit",
            scope: "users",
            grantees: [ALICE, BOB],
        }),
    ].map((p) => JSON.stringify(p));
}

/** Each person the item grants directly, with the number of direct permissions they hold. */
function directGrants(folder: Folder, foreign: string[]): Map<string, { roles: string[]; count: number }> {
    const result = new Map<string, { roles: string[]; count: number }>();
    for (const p of stack.emulator.permissions(folder.driveId, folder.itemId) as any[]) {
        if (foreign.some((f) => JSON.parse(f).id === p.id)) continue;
        const email = (p.grantedToV2 ?? p.grantedTo)?.user?.email;
        const entry = result.get(email) ?? { roles: p.roles, count: 0 };
        result.set(email, { roles: p.roles, count: entry.count + 1 });
    }
    return result;
}

/** A Graph request of the operation: its path with the item id left open, and how many like it came before. */
interface Target {
    readonly kind: "graph" | "batch-part";
    readonly method: string;
    readonly pathPattern: string;
    readonly skip: number;
}

/** The Graph requests of a fault-free run of the operation, as fault targets. */
async function requestsOf(operation: Operation): Promise<Target[]> {
    const folder = stack.folder();
    const share = stack.resource(`probe-${operation.name}`);
    await operation.prepare(share, folder);
    stack.emulator.clearRequests();
    await operation.run(share, folder);
    const targets: Target[] = [];
    const seen = new Map<string, number>();
    for (const request of stack.emulator.requests) {
        if (request.kind === "entra") continue;
        const pathPattern = `^${escape(request.path).split(escape(folder.itemId)).join("{item}")}$`;
        const key = `${request.kind} ${request.method} ${pathPattern}`;
        const skip = seen.get(key) ?? 0;
        seen.set(key, skip + 1);
        targets.push({ kind: request.kind, method: request.method, pathPattern, skip });
    }
    return targets;
}

function faultAt(target: Target, folder: Folder, response: FaultResponse): FaultSpec {
    const path = new RegExp(target.pathPattern.split("{item}").join(escape(folder.itemId)));
    return { kind: target.kind, method: target.method, path, skip: target.skip, response };
}

function escape(text: string): string {
    return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

let cases = 0;
let failedSteps = 0;
const errors: string[] = [];
const states: string[] = [];
afterAll(() =>
    console.log(`fault matrix: ${cases} cases ran; ${failedSteps} failed steps, every one recovered by the next run`),
);

describe.each(OPERATIONS)("$name", (operation) => {
    test("survives every fault at every Graph request, and the next run converges", async () => {
        const targets = await requestsOf(operation);
        expect(targets.length).toBeGreaterThanOrEqual(2);
        for (const target of targets) {
            const faults = target.kind === "batch-part" ? PART_FAULTS : Object.keys(FAULTS);
            for (const fault of faults) {
                const label = `${operation.name}: ${fault} at ${target.kind} ${target.method} ${target.pathPattern} #${target.skip + 1}`;
                const folder = stack.folder();
                const foreign = seedForeign(folder);
                const share = stack.resource(`case-${++cases}`);
                await operation.prepare(share, folder);
                stack.emulator.injectFault(faultAt(target, folder, FAULTS[fault]));

                stack.emulator.clearRequests();
                const error = await operation.run(share, folder).then(
                    () => undefined,
                    (e: Error) => e,
                );
                stack.emulator.clearFaults();
                // The fault did happen: a request got the injected answer.
                const response = FAULTS[fault];
                const status = "drop" in response ? 0 : "expireToken" in response ? 401 : response.status;
                expect({ label, faulted: stack.emulator.requests.some((r) => r.status === status) }).toEqual({
                    label,
                    faulted: true,
                });
                if (error) {
                    failedSteps++;
                    errors.push(error.message);
                    // The step's error says what failed, in Graph's terms.
                    expect({ label, message: error.message }).toMatchObject({
                        message: expect.stringMatching(
                            /Graph (GET|POST|PATCH|DELETE) \S+ (failed with|answered) |connection lost/,
                        ),
                    });
                }
                states.push(JSON.stringify(share.state ?? null));
                // What the next `pulumi up` (or destroy) runs with the state Pulumi kept.
                await operation.run(share, folder);

                const grants = directGrants(folder, foreign);
                const expected = new Map(Object.entries(operation.expected));
                expect({ label, holders: [...grants.keys()].sort() }).toEqual({
                    label,
                    holders: [...expected.keys()].sort(),
                });
                for (const [email, grant] of grants) {
                    expect({ label, email, ...grant }).toEqual({ label, email, roles: expected.get(email), count: 1 });
                }
                const now = stack.emulator.permissions(folder.driveId, folder.itemId).map((p) => JSON.stringify(p));
                for (const f of foreign)
                    expect({ label, untouched: now.includes(f) }).toEqual({ label, untouched: true });
            }
        }
    });
});

test("no secret or token reached an error, the state or the host's output in any case above", () => {
    expect(cases).toBeGreaterThan(0);
    const everything = [...errors, ...states, stack.host.output, stack.host.providerText].join("\n");
    expect(everything).not.toContain(CLIENT_SECRET);
    expect(everything).not.toMatch(/eyJ[\w-]+\.[\w-]+\./);
});
