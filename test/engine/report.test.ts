/**
 * `driveitemshare report` on a real stack: a program of two shares (one on a business drive, one on a personal
 * OneDrive with a sharing password) run by the real CLI against the emulator, its state exported by the real CLI and
 * piped into the report of the package installed from its tarball. The first report is the drive-sharing workflow's
 * own step (read from .github/workflows/drive-sharing.yml), run as GitHub runs a `run:` script; then the state
 * exported with `--show-secrets` shows no password; then drift done by hand and found by `pulumi refresh` shows as
 * `missing` and `role differs`.
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { ALICE, BOB, CAROL, PERSONAL_DRIVE } from "../driveitemshare/stack";
import { driveSharingReport } from "../workflows/workflow";
import { projectFile, type PulumiProject, useEngineSuite } from "./cli";

jest.setTimeout(180_000);

const PASSWORD = "test-only-Rep0rt-pw";

const PROGRAM = `
import * as pulumi from "@pulumi/pulumi";
import { DriveItemShare } from "driveitemshare";

const config = new pulumi.Config();
new DriveItemShare("finance-readers", {
    driveId: config.require("driveId"),
    itemId: config.require("itemId"),
    recipients: [${JSON.stringify(ALICE)}, ${JSON.stringify(CAROL)}],
    roles: ["read"],
});
new DriveItemShare("reviewer", {
    driveId: config.require("personalDriveId"),
    itemId: config.require("personalItemId"),
    recipients: [${JSON.stringify(BOB)}],
    roles: ["read"],
    password: config.requireSecret("password"),
});
`;

const suite = useEngineSuite();
let project: PulumiProject;
let folder: { driveId: string; itemId: string };
let personal: { driveId: string; itemId: string };

/** Runs a script as a GitHub Actions `run:` step runs it (bash -eo pipefail) in the program's folder. */
function shell(script: string, env: Record<string, string> = {}) {
    const result = spawnSync("bash", ["--noprofile", "--norc", "-eo", "pipefail", "-c", script], {
        cwd: project.dir,
        env: { ...project.env, ...env },
        encoding: "utf8",
    });
    if (result.status !== 0) throw new Error(`${script} exited ${result.status}\n${result.stdout}\n${result.stderr}`);
    return result;
}

/** The CSV report's records of the current state, from stdin, as "resource recipient role status" lines. */
function csvRecords(): string[] {
    const csv = shell("pulumi stack export | npx --no-install driveitemshare report --format csv").stdout;
    const [header, ...records] = csv.split("\r\n").filter((line) => line !== "");
    expect(header).toBe("item,driveId,itemId,resource,recipient,role,since,until,status");
    return records.map((record) => {
        // The item is quoted (it holds commas), every field after it is not.
        const fields = record.slice(record.lastIndexOf('",') + 2).split(",");
        return [fields[2], fields[3], fields[4], fields.slice(7).join(",").replace(/^"|"$/g, "")].join(" ");
    });
}

function permissionOf(item: { driveId: string; itemId: string }, email: string) {
    return suite.emulator
        .permissions(item.driveId, item.itemId)
        .find((permission) => permission.grantedToV2?.user?.email === email)!;
}

beforeAll(async () => {
    folder = suite.folder();
    personal = suite.folder(PERSONAL_DRIVE);
    project = await suite.project("report", {
        "Pulumi.yaml": projectFile("driveitemshare-report"),
        "index.ts": PROGRAM,
    });
    await project.config(
        { ...folder, personalDriveId: personal.driveId, personalItemId: personal.itemId },
        { password: PASSWORD },
    );
    await project.up();
}, 180_000);

test("the workflow's step writes the Markdown report of the stack the up wrote to the job summary", () => {
    const summary = path.join(project.dir, "step-summary.md");
    fs.writeFileSync(summary, "previous step\n");
    const { run, env } = driveSharingReport("test");
    shell(run, { ...env, GITHUB_STEP_SUMMARY: summary });
    const text = fs.readFileSync(summary, "utf8");
    expect(text).toMatch(/^previous step\n## Who has access\n\n2 items, 2 shares, 3 grants; 0 not as declared\.\n/);
    const item = `driveId "${folder.driveId}", itemId "${folder.itemId}"`;
    const personalItem = `driveId "${personal.driveId}", itemId "${personal.itemId}"`;
    const cells = (line: string) => line.split(" | ").slice(0, 4).join(" | ");
    expect(
        text
            .split("\n")
            .filter((line) => line.startsWith("| driveId"))
            .map((line) => [cells(line), line.endsWith("| as declared |")]),
    ).toEqual([
        // By item: the personal drive's id sorts first.
        [`| ${personalItem} | reviewer | ${BOB} | read`, true],
        [`| ${item} | finance-readers | ${ALICE} | read`, true],
        [`| ${item} | finance-readers | ${CAROL} | read`, true],
    ]);
    expect(text).not.toContain(PASSWORD);
});

test("the state exported with --show-secrets holds the password, and the report from --state shows none", () => {
    const file = path.join(project.dir, "state.json");
    shell(`pulumi stack export --show-secrets --file ${JSON.stringify(file)}`);
    expect(fs.readFileSync(file, "utf8")).toContain(PASSWORD);
    for (const format of ["markdown", "csv"]) {
        const report = shell(
            `npx --no-install driveitemshare report --state ${JSON.stringify(file)} --format ${format}`,
        );
        expect(report.stdout).toContain("reviewer");
        expect(report.stdout).not.toContain(PASSWORD);
        expect(report.stdout).not.toMatch(/plaintext|ciphertext|secret/);
    }
});

test("a grant removed and a role changed by hand show as missing and role differs after pulumi refresh", async () => {
    expect(csvRecords()).toEqual([
        `reviewer ${BOB} read as declared`,
        `finance-readers ${ALICE} read as declared`,
        `finance-readers ${CAROL} read as declared`,
    ]);
    suite.emulator.removePermission(folder.driveId, folder.itemId, permissionOf(folder, ALICE).id);
    suite.emulator.setPermissionRoles(folder.driveId, folder.itemId, permissionOf(folder, CAROL).id, ["write"]);
    // The state says what the last refresh found: nothing changes until then.
    expect(csvRecords()).toContain(`finance-readers ${ALICE} read as declared`);
    await project.refresh();
    expect(csvRecords()).toEqual([
        `reviewer ${BOB} read as declared`,
        `finance-readers ${ALICE} read missing`,
        `finance-readers ${CAROL} read role differs (found write)`,
    ]);
});
