/**
 * Faults in the middle of a real `pulumi up`: the up fails with a message that says what Graph answered, the state
 * keeps what was done, and the next up converges with nothing granted twice and nothing foreign touched.
 */
import { GraphEmulator, startEmulator } from "../emulator";
import { ALICE, BOB, BUSINESS_DRIVE, CAROL, DAVE, seedTenant, stackEnvironment } from "../driveitemshare/stack";
import { exampleFiles, PulumiProject, pulumiBinDir } from "./cli";

jest.setTimeout(240_000);

let emulator: GraphEmulator;
let project: PulumiProject;
let folder: { driveId: string; itemId: string };
let foreignId: string;

function email(permission: any): string | undefined {
    return permission.grantedToV2?.user?.email;
}

/** Each person's direct grants on the folder: one entry per permission, so a duplicate shows twice. */
function grants(): string[] {
    return emulator.permissions(folder.driveId, folder.itemId)
        .filter((p) => email(p) && !p.inheritedFrom)
        .map((p) => `${email(p)}:${p.roles.join("+")}`).sort();
}

beforeAll(async () => {
    pulumiBinDir();
    emulator = await startEmulator();
    seedTenant(emulator);
    const item = emulator.addItem({ driveId: BUSINESS_DRIVE, name: "Finance", folder: true });
    folder = { driveId: BUSINESS_DRIVE, itemId: item.id };
    foreignId = emulator.addPermission(folder.driveId, folder.itemId, { kind: "user", user: DAVE, roles: ["write"] }).id;
    project = await PulumiProject.create("faults", exampleFiles("quickstart"), stackEnvironment(emulator));
    await project.config({ ...folder, "readers[0]": ALICE, "readers[1]": CAROL, "editors[0]": BOB });
}, 900_000);

afterAll(async () => {
    project?.remove();
    await emulator?.close();
});

test("an invite that fails with a server error fails the up, naming Graph's answer; the next up grants once", async () => {
    emulator.injectFault({ method: "POST", path: /\/invite$/, response: { status: 500, code: "generalException", message: "Injected failure" } });
    const failed = await project.run(["up", "--yes", "--skip-preview"]);
    expect(failed.status).not.toBe(0);
    expect(failed.stdout + failed.stderr).toMatch(/invite[\s\S]*500|500[\s\S]*invite/);
    expect(failed.stdout + failed.stderr).toMatch(/Injected failure|generalException/);
    emulator.clearFaults();

    await project.up();
    expect(grants()).toEqual([`${ALICE}:read`, `${BOB}:write`, `${CAROL}:read`, `${DAVE}:write`]);
    expect(emulator.permissions(folder.driveId, folder.itemId).some((p) => p.id === foreignId)).toBe(true);
});

test("a removal that fails for a whole up stays recorded, and the next up removes it", async () => {
    // Every attempt to remove carol fails: the provider retries, gives up, and the up fails.
    emulator.injectFault({ method: "DELETE", path: /\/permissions\//, times: Infinity, response: { status: 500, message: "Injected failure" } });
    await project.ok(["config", "rm", "--path", "readers[1]"]);
    const failed = await project.run(["up", "--yes", "--skip-preview"]);
    expect(failed.status).not.toBe(0);
    expect(grants()).toContain(`${CAROL}:read`);
    const readers = (await project.resources())["finance-readers"];
    expect(Object.keys(readers.outputs!.grants)).toContain(CAROL);
    emulator.clearFaults();

    await project.up();
    expect(grants()).toEqual([`${ALICE}:read`, `${BOB}:write`, `${DAVE}:write`]);
    const second = await project.up();
    expect(second.stdout).not.toMatch(/updated|created|deleted/);
});
