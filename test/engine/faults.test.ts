/**
 * Faults in the middle of a real `pulumi up`: the up fails with a message that says what Graph answered, the state
 * keeps what was done, and the next up converges with nothing granted twice and nothing foreign touched.
 */
import { ALICE, BOB, CAROL, DAVE } from "../driveitemshare/stack";
import { directGrants, exampleFiles, type PulumiProject, useEngineSuite } from "./cli";

jest.setTimeout(240_000);

const suite = useEngineSuite();
let project: PulumiProject;
let folder: { driveId: string; itemId: string };
let foreignId: string;
const grants = () => directGrants(suite.emulator, folder);

beforeAll(async () => {
    folder = suite.folder();
    foreignId = suite.sharedByHand(folder, ["write"]);
    project = await suite.project("faults", exampleFiles("quickstart"));
    await project.config({ ...folder, "readers[0]": ALICE, "readers[1]": CAROL, "editors[0]": BOB });
}, 120_000);

test("an invite that fails with a server error fails the up, naming Graph's answer; the next up grants once", async () => {
    suite.emulator.injectFault({
        method: "POST",
        path: /\/invite$/,
        response: { status: 500, code: "generalException", message: "Injected failure" },
    });
    const failed = await project.run(["up", "--yes", "--skip-preview"]);
    expect(failed.status).not.toBe(0);
    expect(failed.stdout + failed.stderr).toMatch(/invite[\s\S]*500|500[\s\S]*invite/);
    expect(failed.stdout + failed.stderr).toMatch(/Injected failure|generalException/);
    // What Microsoft support asks for, in what the user sees.
    expect(failed.stdout + failed.stderr).toMatch(/\(request-id [0-9a-f-]{36}, date [\dT:-]+\)/);
    suite.emulator.clearFaults();

    await project.up();
    expect(grants()).toEqual([`${ALICE}:read`, `${BOB}:write`, `${CAROL}:read`, `${DAVE}:write`]);
    expect(suite.emulator.permissions(folder.driveId, folder.itemId).some((p) => p.id === foreignId)).toBe(true);
});

test("a removal that fails for a whole up stays recorded, and the next up removes it", async () => {
    // Every attempt to remove carol fails: the provider retries, gives up, and the up fails.
    suite.emulator.injectFault({
        method: "DELETE",
        path: /\/permissions\//,
        times: Infinity,
        response: { status: 500, message: "Injected failure" },
    });
    await project.ok(["config", "rm", "--path", "readers[1]"]);
    const failed = await project.run(["up", "--yes", "--skip-preview"]);
    expect(failed.status).not.toBe(0);
    expect(grants()).toContain(`${CAROL}:read`);
    const readers = (await project.resources())["finance-readers"];
    expect(Object.keys(readers.outputs!.grants)).toContain(CAROL);
    suite.emulator.clearFaults();

    await project.up();
    expect(grants()).toEqual([`${ALICE}:read`, `${BOB}:write`, `${DAVE}:write`]);
    const second = await project.up();
    expect(second.stdout).not.toMatch(/updated|created|deleted/);
});

test("a wait on Graph's throttling shows in what pulumi up prints, so that it never looks hung", async () => {
    suite.emulator.injectFault({
        method: "GET",
        path: /\/permissions$/,
        response: { status: 429, retryAfterSeconds: 1, code: "activityLimitReached" },
    });
    const up = await project.up(["--refresh"]);
    expect(up.stdout + up.stderr).toMatch(
        /driveitemshare: Graph answered GET \/drives\/\S+\/permissions with 429; waiting 1 s/,
    );
});

test("grants Graph lists late: refresh reports no drift, and the next up invites nobody again", async () => {
    const item = suite.folder();
    const late = await suite.project("late-list", exampleFiles("quickstart"));
    await late.config({ ...item, "readers[0]": ALICE, "editors[0]": BOB });
    suite.emulator.grantVisibilityDelayMs = 600_000;
    try {
        await late.up();
        suite.emulator.clearRequests();
        const refreshed = await late.refresh();
        expect(refreshed.stdout).not.toMatch(/updated/);
        const second = await late.up();
        expect(second.stdout).not.toMatch(/updated|created|deleted/);
        expect(
            suite.emulator
                .graphRequests()
                .filter((request) => request.method !== "GET" && !request.path.endsWith("/$batch")),
        ).toEqual([]);
        expect(directGrants(suite.emulator, item)).toEqual([`${ALICE}:read`, `${BOB}:write`]);
    } finally {
        suite.emulator.grantVisibilityDelayMs = 0;
    }
    await late.destroy();
    expect(directGrants(suite.emulator, item)).toEqual([]);
});
