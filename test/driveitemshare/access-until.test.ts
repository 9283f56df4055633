// accessUntil through Pulumi's own provider host against the Graph emulator: access that ends on a date, enforced by
// the provider. Each clock is a host with DRIVESHARE_NOW set; a resource's state moves between hosts as between two
// runs of `pulumi up` on different days. No test sleeps.
import type { ProviderHost } from "../harness/host";
import { ALICE, BOB, CAROL, ShareResource, grantsOf, startStack } from "./stack";
import type { TestStack } from "./stack";

const END = "2027-03-31T17:00:00Z";
const BEFORE = "2027-03-25T09:00:00Z"; // within 14 days of the end: every check gives notice
const AFTER = "2027-04-01T09:00:00Z";

let stack: TestStack;
let before: ProviderHost;
let after: ProviderHost;
beforeAll(async () => {
    stack = await startStack();
    [before, after] = await Promise.all([
        stack.hostWith({ DRIVESHARE_NOW: BEFORE }),
        stack.hostWith({ DRIVESHARE_NOW: AFTER }),
    ]);
});
afterAll(() => stack.close());
beforeEach(() => stack.takeGraphRequests());

const v1 = (folder: { driveId: string; itemId: string }) => `/v1.0/drives/${folder.driveId}/items/${folder.itemId}`;

/** The same resource, its state carried over, run by another host (another day's `pulumi up`). */
function on(host: ProviderHost, share: ShareResource): ShareResource {
    const moved = new ShareResource(host, share.name);
    moved.state = share.state;
    return moved;
}

/** Who holds a permission on the item now, by email. */
function holders(folder: { driveId: string; itemId: string }): string[] {
    return stack.emulator
        .permissions(folder.driveId, folder.itemId)
        .flatMap((p: any) => [p.grantedToV2, ...(p.grantedToIdentitiesV2 ?? [])].filter(Boolean))
        .map((set: any) => set.user?.email)
        .filter(Boolean)
        .sort();
}

test("the first up after a recipient's end removes their grant alone, keeps the program valid, and says so", async () => {
    const folder = stack.folder();
    const args = { ...folder, roles: ["read"], recipients: [ALICE, { email: BOB, accessUntil: END }] };
    const share = new ShareResource(before, "contractors");
    await share.up(args);
    expect(holders(folder)).toEqual([ALICE, BOB]);
    expect(grantsOf(share)[BOB].since).toBe(new Date(BEFORE).toISOString());
    expect(before.output).toContain(
        `the access of ${BOB} to contractors (driveId "${folder.driveId}", itemId "${folder.itemId}") ends at ${END} (in 7 days)`,
    );
    stack.takeGraphRequests();

    const later = on(after, share);
    const preview = await later.preview(args);
    expect(preview.op).toBe("update");
    expect(preview.checked.recipients).toEqual({ [ALICE]: true });
    expect(preview.checked.accessEnded).toEqual({ [BOB]: { email: BOB, accessUntil: END } });
    expect(stack.takeGraphRequests()).toEqual([]);

    await expect(later.up(args)).resolves.toMatchObject({ op: "update" });
    expect(holders(folder)).toEqual([ALICE]);
    expect(stack.takeGraphRequests()).toEqual([`GET ${v1(folder)}/permissions`, "POST /v1.0/$batch"]);
    expect(after.output).toContain(`the access of ${BOB} to contractors`);
    expect(after.output).toContain(`ended at ${END}: their grant is removed`);
    expect(Object.keys(later.state!.outputs.grants)).toEqual([ALICE]);
    expect(later.state!.outputs.__granted).toEqual([ALICE, BOB]);

    // The unchanged program goes on: no change, no failure.
    await expect(later.up(args)).resolves.toMatchObject({ op: "same" });
});

test("refresh after the end reports it and removes nothing; the next up removes the grant", async () => {
    const folder = stack.folder();
    const args = { ...folder, roles: ["write"], recipients: [ALICE, BOB], accessUntil: END };
    const share = new ShareResource(before, "audit");
    await share.up(args);
    stack.takeGraphRequests();

    const later = on(after, share);
    await expect(later.refresh()).resolves.toMatchObject({ op: "update" });
    expect(stack.takeGraphRequests()).toEqual([`GET ${v1(folder)}/permissions`]);
    expect(holders(folder)).toEqual([ALICE, BOB]);
    const refreshed = later.state!.outputs;
    expect(refreshed.recipients).toEqual({});
    expect(Object.keys(refreshed.accessEnded)).toEqual([ALICE, BOB]);
    expect(Object.keys(refreshed.grants)).toEqual([ALICE, BOB]);

    await expect(later.up(args)).resolves.toMatchObject({ op: "update" });
    expect(holders(folder)).toEqual([]);
    expect(later.state!.outputs.grants).toEqual({});
});

test("extending before the end keeps the grant with no Graph change; extending after re-grants without emailing", async () => {
    const folder = stack.folder();
    const program = (until: string) => ({
        ...folder,
        roles: ["read"],
        recipients: [{ email: CAROL, accessUntil: until }],
        sendInvitation: true,
        message: "Welcome",
    });
    const share = new ShareResource(before, "extended");
    await share.up(program(END));
    const permission = share.state!.outputs.grants[CAROL];
    stack.takeGraphRequests();

    await expect(share.up(program("2027-03-31T23:00:00Z"))).resolves.toMatchObject({ op: "update" });
    expect(stack.takeGraphRequests()).toEqual([`GET ${v1(folder)}/permissions`]);
    expect(share.state!.outputs.grants[CAROL]).toEqual(permission);

    const later = on(after, share);
    await later.up(program("2027-03-31T23:00:00Z"));
    expect(holders(folder)).toEqual([]);
    stack.emulator.clearRequests();

    await expect(later.up(program("2027-06-30T00:00:00Z"))).resolves.toMatchObject({ op: "update" });
    expect(holders(folder)).toEqual([CAROL]);
    const invites = stack.emulator.requests.filter((r) => r.path.endsWith("/invite"));
    expect(invites.map((r) => (r.body as any).sendInvitation)).toEqual([false]);
});

test("a date already past fails at preview, naming the property and the value, before any Graph call", async () => {
    const folder = stack.folder();
    const share = new ShareResource(after, "late");
    const preview = await share.preview({
        ...folder,
        roles: ["read"],
        recipients: [{ email: ALICE, accessUntil: END }],
    });
    expect(preview.op).toBe("invalid");
    expect(preview.failures).toEqual([
        { property: "recipients[0].accessUntil", reason: `recipients[0].accessUntil "${END}" is in the past` },
    ]);
    expect(stack.takeGraphRequests()).toEqual([]);
});

test("with DRIVESHARE_END_ACCESS_ON_REFRESH, refresh after the end removes the ended grant alone", async () => {
    const folder = stack.folder();
    const args = { ...folder, roles: ["read"], recipients: [ALICE, { email: BOB, accessUntil: END }] };
    const share = new ShareResource(before, "scheduled");
    await share.up(args);
    stack.takeGraphRequests();

    const enforcing = await stack.hostWith({ DRIVESHARE_NOW: AFTER, DRIVESHARE_END_ACCESS_ON_REFRESH: "true" });
    const later = on(enforcing, share);
    await expect(later.refresh()).resolves.toMatchObject({ op: "update" });
    expect(holders(folder)).toEqual([ALICE]);
    expect(stack.takeGraphRequests()).toEqual([
        `GET ${v1(folder)}/permissions`,
        "POST /v1.0/$batch",
        `GET ${v1(folder)}/permissions`,
    ]);
    expect(enforcing.output).toContain(`removed the grants of ${BOB} on driveId "${folder.driveId}"`);
    expect(Object.keys(later.state!.outputs.grants)).toEqual([ALICE]);
    expect(Object.keys(later.state!.outputs.accessEnded)).toEqual([BOB]);
    // The state is what the program declares on that day: the up after it has nothing to do.
    await expect(later.up(args)).resolves.toMatchObject({ op: "same" });
    expect(stack.takeGraphRequests()).toEqual([]);
});
