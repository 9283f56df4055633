/**
 * Every example of examples/ as a user copies it into a project with the package installed from its tarball, run by
 * the real CLI against the emulator: preview, up, a second up that changes nothing and writes nothing to Graph, and
 * destroy, which leaves exactly the permissions the program did not grant. Plus what the examples show reviewers
 * (a changed role) and keep secret (a sharing password).
 */
import { ALICE, BOB, BUSINESS_DRIVE, FINANCE_GROUP_ID, GUEST, PERSONAL_DRIVE } from "../driveitemshare/stack";
import { exampleFiles, type PulumiProject, useEngineSuite } from "./cli";
import { expectGolden, normalise } from "./golden";

jest.setTimeout(240_000);

const suite = useEngineSuite();

/** A new folder, shared by hand with someone no program declares. */
function folder(driveId = BUSINESS_DRIVE, id?: string): { driveId: string; itemId: string } {
    const item = suite.folder(driveId, id);
    suite.sharedByHand(item);
    return item;
}

function permissionIds(items: { driveId: string; itemId: string }[]): string[] {
    return items
        .flatMap(({ driveId, itemId }) => suite.emulator.permissions(driveId, itemId).map((p) => `${itemId}/${p.id}`))
        .sort();
}

function example(name: string): Promise<PulumiProject> {
    return suite.project(name, exampleFiles(name));
}

/** preview, up, an idle second up, destroy; `check` runs after the first up. */
async function lifecycle(
    project: PulumiProject,
    items: { driveId: string; itemId: string }[],
    check: () => void,
): Promise<void> {
    const before = permissionIds(items);
    const plan = await project.previewJson();
    expect(plan.changeSummary.create).toBeGreaterThan(1);
    await project.up();
    check();
    suite.emulator.clearRequests();
    const second = await project.up();
    expect(second.stdout).not.toMatch(/to update|updated|created|deleted/);
    expect(suite.emulator.graphRequests().filter((request) => request.method !== "GET")).toEqual([]);
    await project.destroy();
    expect(permissionIds(items)).toEqual(before);
}

function roles(item: { driveId: string; itemId: string }, match: (p: any) => boolean): string[][] {
    return suite.emulator
        .permissions(item.driveId, item.itemId)
        .filter(match)
        .map((p) => p.roles);
}

test("group: an Entra ID group by object id, and a role change as a reviewer sees it", async () => {
    const item = folder();
    const project = await example("group");
    await project.config({ ...item, groupObjectId: FINANCE_GROUP_ID });
    const isGroup = (p: any) => p.grantedToV2?.group?.id === FINANCE_GROUP_ID;
    await lifecycle(project, [item], () => expect(roles(item, isGroup)).toEqual([["read"]]));

    await project.up();
    await project.config({ role: "write" });
    expectGolden(
        "group-role-change",
        normalise(await project.previewDiff(), { [item.itemId]: "<itemId>", [item.driveId]: "<driveId>" }),
    );
    await project.up();
    expect(roles(item, isGroup)).toEqual([["write"]]);
    await project.destroy();
});

test("guest: time-boxed read access for an external guest, invited with a message", async () => {
    const item = folder();
    const project = await example("guest");
    await project.config({ ...item, guestEmail: GUEST, accessUntil: "2030-06-30" });
    const isGuest = (p: any) => (p.grantedToV2?.user?.email ?? p.invitation?.email) === GUEST;
    await lifecycle(project, [item], () => expect(roles(item, isGuest)).toEqual([["read"]]));
});

test("guest: a grant removed by hand is restored by the next up without emailing the guest again", async () => {
    const item = folder();
    const project = await example("guest");
    await project.config({ ...item, guestEmail: GUEST, accessUntil: "2030-06-30" });
    const isGuest = (p: any) => (p.grantedToV2?.user?.email ?? p.invitation?.email) === GUEST;
    const invitations = () =>
        suite.emulator
            .graphRequests()
            .filter((r) => r.path.endsWith("/invite"))
            .map((r) => (r.body as any).sendInvitation);
    suite.emulator.clearRequests();
    await project.up();
    expect(invitations()).toEqual([true]);

    const [granted] = suite.emulator.permissions(item.driveId, item.itemId).filter(isGuest);
    suite.emulator.removePermission(item.driveId, item.itemId, granted.id);
    suite.emulator.clearRequests();
    await project.up(["--refresh"]);
    expect(roles(item, isGuest)).toEqual([["read"]]);
    expect(invitations()).toEqual([false]);
    await project.destroy();
});

test("quickstart: an editor who inherits read is granted write directly, and the next up changes nothing", async () => {
    const item = folder();
    suite.emulator.addPermission(item.driveId, item.itemId, {
        kind: "user",
        user: ALICE,
        roles: ["read"],
        inherited: true,
    });
    const project = await example("quickstart");
    await project.config({ ...item, "readers[0]": BOB, "editors[0]": ALICE });
    await project.up();
    expect(roles(item, (p) => p.grantedToV2?.user?.email === ALICE)).toEqual([["write"]]);
    suite.emulator.clearRequests();
    const second = await project.up();
    expect(second.stdout).not.toMatch(/to update|updated|created|deleted/);
    expect(suite.emulator.graphRequests().filter((request) => request.method !== "GET")).toEqual([]);
    await project.destroy();
    expect(roles(item, (p) => p.grantedToV2?.user?.email === ALICE)).toEqual([]);
});

test("guest on a personal OneDrive: the sharing password is a secret in config, state and output", async () => {
    const item = folder(PERSONAL_DRIVE);
    const project = await example("guest");
    const password = "test-only-Sh4ring-pw";
    await project.config({ ...item, guestEmail: ALICE, accessUntil: "2030-06-30" }, { password });
    const preview = await project.previewDiff();
    expect(preview).not.toContain(password);
    expect(preview).toMatch(/password\s*: \[secret\]/);
    const up = await project.up();
    expect(up.stdout + up.stderr).not.toContain(password);
    const exported = JSON.stringify(await project.exportStack());
    expect(exported).not.toContain(password);
    const [share] = Object.values(await project.resources());
    for (const bag of [share.inputs!, share.outputs!]) {
        expect(bag.password).toEqual(
            expect.objectContaining({
                "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270",
                ciphertext: expect.any(String),
            }),
        );
    }
    await project.destroy();
});

test("from-csv: one share per line of shares.csv", async () => {
    const drive = "b!x3FhQ2Z0a3J5cGxhY2Vob2xkZXI";
    suite.emulator.addDrive({ id: drive, driveType: "business", name: "Finance" });
    suite.emulator.addUser({ email: "auditor@fabrikam.com", userType: "Guest" });
    const finance = folder(drive, "01FINANCEFOLDERPLACEHOLDER");
    const audit = folder(drive, "01AUDITFOLDERPLACEHOLDER00");
    const project = await example("from-csv");
    await lifecycle(project, [finance, audit], () => {
        expect(roles(finance, (p) => p.grantedToV2?.user?.email === ALICE)).toEqual([["read"]]);
        expect(roles(finance, (p) => p.grantedToV2?.group?.id === FINANCE_GROUP_ID)).toEqual([["read"]]);
        expect(roles(finance, (p) => p.grantedToV2?.user?.email === "bob@contoso.com")).toEqual([["write"]]);
        expect(roles(audit, (p) => p.grantedToV2?.user?.email === "auditor@fabrikam.com")).toEqual([["read"]]);
    });
});
