/**
 * `npx driveitemshare report` as installed from the tarball, as scripts and the GitHub Actions example call it: the
 * exported state from `--state <file>` or from stdin, in both formats, exit status 0; a bad call exits non-zero
 * naming what is wrong. What the report says of a real stack is test/engine/report.test.ts.
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { installedProject } from "../installed/project";

const TYPE = "pulumi-nodejs:dynamic/driveShare:DriveItemShare";
const URN = `urn:pulumi:dev::sharing::${TYPE}::finance-readers`;

const STATE = {
    version: 3,
    deployment: {
        manifest: { time: "2025-05-02T10:00:00Z" },
        resources: [
            {
                urn: URN,
                type: TYPE,
                outputs: {
                    __resourceName: "finance-readers",
                    driveId: "b!lib",
                    itemId: "01ITEM",
                    recipients: {
                        "alice@contoso.com": { email: "alice@contoso.com" },
                        "bob@contoso.com": { email: "bob@contoso.com" },
                    },
                    roles: ["read"],
                    grants: { "alice@contoso.com": "read p1" },
                },
            },
        ],
    },
};

function report(args: string[], input?: string) {
    const { dir } = installedProject();
    const result = spawnSync("npx", ["--no-install", "driveitemshare", "report", ...args], {
        cwd: dir,
        encoding: "utf8",
        input: input ?? "",
    });
    return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

let stateFile: string;

beforeAll(() => {
    stateFile = path.join(installedProject().dir, `state-${process.pid}.json`);
    fs.writeFileSync(stateFile, JSON.stringify(STATE, null, 4));
});

afterAll(() => fs.rmSync(stateFile, { force: true }));

describe("npx driveitemshare report", () => {
    test("--state <file> --format markdown: the table, exit 0", () => {
        const run = report(["--state", stateFile, "--format", "markdown"]);
        expect(run).toMatchObject({ status: 0, stderr: "" });
        expect(run.stdout).toContain("## Who has access");
        expect(run.stdout).toContain("| finance-readers | alice@contoso.com | read | unknown |  | as declared |");
        expect(run.stdout).toContain("| finance-readers | bob@contoso.com | read | unknown |  | missing |");
    });

    test("stdin, --format csv: the header and a record per recipient, exit 0", () => {
        const run = report(["--format", "csv"], JSON.stringify(STATE));
        expect(run).toMatchObject({ status: 0, stderr: "" });
        expect(run.stdout.split("\r\n")).toEqual([
            "item,driveId,itemId,resource,recipient,role,since,until,status",
            '"driveId ""b!lib"", itemId ""01ITEM""",b!lib,01ITEM,finance-readers,alice@contoso.com,read,,,as declared',
            '"driveId ""b!lib"", itemId ""01ITEM""",b!lib,01ITEM,finance-readers,bob@contoso.com,read,,,missing',
            "",
        ]);
    });

    test("--help prints the options and exits 0; the command list names report", () => {
        const run = report(["--help"]);
        expect(run.status).toBe(0);
        expect(run.stdout).toMatch(/--format <format>\s+markdown \(default\) or csv/);
        expect(run.stdout).toMatch(/--state <file>/);
        const { dir } = installedProject();
        const list = spawnSync("npx", ["--no-install", "driveitemshare", "--help"], { cwd: dir, encoding: "utf8" });
        expect(list.stdout).toMatch(/^ {2}report {2}who has access/m);
    });

    test("an unknown format or option exits 2 naming it; a state that is not JSON exits 1 saying so", () => {
        expect(report(["--format", "pdf"], "{}")).toMatchObject({
            status: 2,
            stderr: expect.stringContaining('--format "pdf" is not a format; use markdown or csv'),
        });
        expect(report(["--sate", stateFile])).toMatchObject({
            status: 2,
            stderr: expect.stringContaining('unknown option "--sate"'),
        });
        expect(report([], "Resources: 3 unchanged")).toMatchObject({
            status: 1,
            stdout: "",
            stderr: expect.stringMatching(/^driveitemshare report: stdin is not JSON/),
        });
        expect(report(["--state", `${stateFile}.missing`])).toMatchObject({
            status: 1,
            stderr: expect.stringContaining(`--state "${stateFile}.missing" cannot be read (ENOENT)`),
        });
    });
});
