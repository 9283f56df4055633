/**
 * The commands of the drive-sharing workflow (.github/workflows/drive-sharing.yml), read from it so that they cannot
 * drift: the Update job's `pulumi up --diff --refresh --policy-pack` and the Preview job's `pulumi preview --diff
 * --refresh --policy-pack`, through the real CLI, on the quick start installed as a user installs it. The checkout is
 * this repository and the optional repository variables are unset, so the policy pack is policy/ with
 * policy/config.example.json, as in a repository set up by examples/github-actions/README.md. What the policy pack
 * blocks in that preview is policy.test.ts.
 */
import { REPO_ROOT } from "../installed/project";
import { ALICE, BOB } from "../driveitemshare/stack";
import { driveSharingCommand } from "../workflows/workflow";
import { directGrants, exampleFiles, type PulumiProject, useEngineSuite } from "./cli";

jest.setTimeout(180_000);

const upCommand = driveSharingCommand("up");
const previewCommand = driveSharingCommand("preview");

const suite = useEngineSuite();
let project: PulumiProject;
let folder: { driveId: string; itemId: string };

beforeAll(async () => {
    project = await suite.project("workflow", exampleFiles("quickstart"));
    folder = suite.folder();
    await project.config({ ...folder, "readers[0]": ALICE, "editors[0]": BOB });
}, 120_000);

test("the commands are the workflow's, with this repository's policy pack", () => {
    expect(previewCommand).toEqual([
        "preview",
        "--diff",
        "--refresh",
        "--policy-pack",
        `${REPO_ROOT}/policy`,
        "--policy-pack-config",
        `${REPO_ROOT}/policy/config.example.json`,
    ]);
    expect(upCommand).toEqual(["up", "--yes", "--skip-preview", ...previewCommand.slice(1)]);
});

test("Update grants what the program declares, and passes the policy pack", async () => {
    const result = await project.ok(upCommand);
    expect(result.stdout).not.toMatch(/mandatory|advisory/);
    expect(directGrants(suite.emulator, folder)).toEqual([`${ALICE}:read`, `${BOB}:write`]);
});

test("Preview shows a grant removed by hand in SharePoint since, changes nothing, and passes the policy pack", async () => {
    const alice = suite.emulator
        .permissions(folder.driveId, folder.itemId)
        .find((permission) => permission.grantedToV2?.user?.email === ALICE)!;
    suite.emulator.removePermission(folder.driveId, folder.itemId, alice.id);
    suite.emulator.clearRequests();
    const result = await project.ok(previewCommand);
    // --refresh read the live grants first: the refresh shows alice's grant gone, and the plan gives it back.
    expect(result.stdout).toMatch(/\(refresh\)[\s\S]*::finance-readers\][\s\S]*- alice@contoso\.com: "read \S+ \d{4}-/);
    expect(result.stdout).toMatch(/\(update\)\s+\[id=[^\]]+\]\s+\[urn=[^\]]+::finance-readers\]/);
    expect(result.stdout).toMatch(/~ 1 to update/);
    expect(result.stdout).toMatch(
        new RegExp(`Policy Packs run:[\\s\\S]*driveitemshare-guardrails\\|local\\|${REPO_ROOT}/policy`),
    );
    expect(result.stdout).not.toMatch(/mandatory|advisory/);
    // Reads only, as the read-only app of pull requests can do: a $batch is a POST, but of GETs.
    const methods = suite.emulator
        .graphRequests()
        .flatMap((request) =>
            request.path.endsWith("/$batch")
                ? (request.body as { requests: { method: string }[] }).requests.map((inner) => inner.method)
                : [request.method],
        );
    expect(new Set(methods)).toEqual(new Set(["GET"]));
    expect(directGrants(suite.emulator, folder)).toEqual([`${BOB}:write`]);
});
