// Invites of many recipients, through the real host: calls of a bounded size (one invite for many people times out
// at Graph's gateway, OneDrive/onedrive-api-docs#1481), and after a timed-out invite, a list before anything is sent
// again, so that nobody is granted or emailed twice.
import type { ProviderHost } from "../harness/host";
import { startProviderHost } from "../harness/host";
import type { LoggedRequest } from "../emulator";
import type { TestStack } from "./stack";
import { PERSONAL_DRIVE, ShareResource, stackEnvironment, startStack, userProjectHost } from "./stack";

let stack: TestStack;
const hosts: ProviderHost[] = [];
beforeAll(async () => {
    stack = await startStack();
    for (let i = 1; i <= 1000; i++) stack.emulator.addUser({ email: person(i) });
});
afterAll(async () => {
    await Promise.all(hosts.map((host) => host.stop()));
    await stack.close();
});
afterEach(() => {
    stack.emulator.clearFaults();
    stack.emulator.settings.inviteGatewayTimeoutAbove = 200;
});

function person(i: number): string {
    return `crowd${String(i).padStart(4, "0")}@contoso.com`;
}
const people = (count: number) => Array.from({ length: count }, (_, i) => person(i + 1));

/** A new `pulumi up` process whose environment adds `env`. */
async function deployment(env: Record<string, string>): Promise<ProviderHost> {
    const host = await startProviderHost({
        ...userProjectHost(),
        env: { ...stackEnvironment(stack.emulator), ...env },
    });
    hosts.push(host);
    return host;
}

const invites = (): LoggedRequest[] => stack.emulator.graphRequests().filter((r) => r.path.endsWith("/invite"));
const invited = (request: LoggedRequest): string[] => (request.body as any).recipients.map((r: any) => r.email);

/** How many permissions grant each person on the item. */
function grantsPerPerson(folder: { driveId: string; itemId: string }): Map<string, number> {
    const counts = new Map<string, number>();
    for (const p of stack.emulator.permissions(folder.driveId, folder.itemId) as any[]) {
        const identities = [p.grantedToV2, ...(p.grantedToIdentitiesV2 ?? [])].filter(Boolean);
        for (const email of identities.map((i: any) => i.user?.email).filter(Boolean))
            counts.set(email, (counts.get(email) ?? 0) + 1);
    }
    return counts;
}

test("1,000 recipients are invited in calls of 30, each person once, and stderr says so", async () => {
    const folder = stack.folder();
    const share = stack.resource("crowd");
    const before = stack.host.output.length;
    stack.emulator.clearRequests();
    await share.up({ ...folder, recipients: people(1000), roles: ["read"] });
    const calls = invites();
    expect(calls).toHaveLength(34);
    expect(calls.every((call) => call.status === 200 && invited(call).length <= 30)).toBe(true);
    expect(calls.flatMap(invited).sort()).toEqual(people(1000));
    expect(Object.keys(share.state!.outputs.grants)).toHaveLength(1000);
    expect([...grantsPerPerson(folder).values()].every((count) => count === 1)).toBe(true);
    expect(stack.host.output.slice(before)).toContain(
        "driveitemshare: inviting 1000 recipients in 34 invites of at most 30",
    );
});

test("invites beyond the gateway's size time out though carried out: the list finds everyone, nobody is invited twice", async () => {
    const host = await deployment({ DRIVESHARE_RECIPIENTS_PER_INVITE: "250" });
    const folder = stack.folder();
    const share = new ShareResource(host, "oversized");
    stack.emulator.clearRequests();
    await share.up({ ...folder, recipients: people(1000), roles: ["read"], sendInvitation: true });
    const calls = invites();
    expect(calls.map((call) => [invited(call).length, call.status])).toEqual(Array(4).fill([250, 504]));
    expect(Object.keys(share.state!.outputs.grants)).toHaveLength(1000);
    expect([...grantsPerPerson(folder).values()].every((count) => count === 1)).toBe(true);
    expect(host.output).toContain(
        "driveitemshare: Graph answered an invite of 250 recipients with 504; the list shows all 250 granted",
    );
});

test.each([
    ["a 504", { status: 504, code: "UnknownError" }, 504, "504"],
    ["a lost connection", { drop: true as const }, 0, "no answer"],
])(
    "an invite met by %s that granted nobody is sent again in halves, after the list shows nobody",
    async (_name, response, status, answer) => {
        const folder = stack.folder();
        const share = stack.resource(`timed-out-${status}`);
        stack.emulator.injectFault({ method: "POST", path: /\/invite$/, response });
        stack.emulator.clearRequests();
        await share.up({ ...folder, recipients: people(4), roles: ["read"], sendInvitation: true });
        const requests = stack.emulator.graphRequests();
        const firstInvite = requests.findIndex((r) => r.path.endsWith("/invite"));
        // The list comes between the timed-out invite and the next one.
        expect(requests[firstInvite + 1]).toMatchObject({ method: "GET", status: 200 });
        expect(requests[firstInvite + 1].path).toMatch(/\/permissions$/);
        expect(invites().map((call) => [invited(call), call.status])).toEqual([
            [people(4), status],
            [people(2), 200],
            [people(4).slice(2), 200],
        ]);
        expect([...grantsPerPerson(folder).values()]).toEqual([1, 1, 1, 1]);
        expect(stack.host.output).toContain(
            `driveitemshare: Graph answered an invite of 4 recipients with ${answer}; 0 were granted, inviting the other 4 again`,
        );
    },
);

test("on a personal OneDrive, where each invite makes a new link, a timed-out invite carried out makes no second one", async () => {
    stack.emulator.settings.inviteGatewayTimeoutAbove = 1;
    const host = await deployment({ DRIVESHARE_RECIPIENTS_PER_INVITE: "2" });
    const folder = stack.folder(PERSONAL_DRIVE);
    const share = new ShareResource(host, "personal-timeout");
    stack.emulator.clearRequests();
    await share.up({ ...folder, recipients: people(2), roles: ["read"] });
    expect(invites().map((call) => call.status)).toEqual([504]);
    expect(stack.emulator.permissions(folder.driveId, folder.itemId).filter((p: any) => p.link)).toHaveLength(1);
    expect(Object.keys(share.state!.outputs.grants)).toEqual(people(2));
});

test("one recipient's invite that timed out is sent once more after the list; a second time out fails the step", async () => {
    const folder = stack.folder();
    const share = stack.resource("single-timeout");
    const timeout = { method: "POST", path: /\/invite$/, response: { status: 504, code: "UnknownError" } };
    stack.emulator.injectFault(timeout);
    stack.emulator.clearRequests();
    await share.up({ ...folder, recipients: people(1), roles: ["read"] });
    expect(invites().map((call) => call.status)).toEqual([504, 200]);

    stack.emulator.injectFault({ ...timeout, times: 2 });
    stack.emulator.clearRequests();
    await expect(share.up({ ...folder, recipients: people(2), roles: ["read"] })).rejects.toThrow(
        /invite failed with 504/,
    );
    expect(invites().map((call) => call.status)).toEqual([504, 504]);
    await share.up({ ...folder, recipients: people(2), roles: ["read"] });
    expect([...grantsPerPerson(folder).values()]).toEqual([1, 1]);
});
