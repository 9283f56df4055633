/**
 * Access that ends on a date, through the real CLI: a program with a recipient whose `accessUntil` is near, run on two
 * days. The provider's clock is DRIVESHARE_NOW and the emulator's is moved with it (clockOffsetMs), so nothing waits.
 * Before the end, previews say the access is about to end; after it, the preview shows the recipient's removal and
 * no failure, the up removes their grant alone, the unchanged program then previews no change, and the report of
 * the exported state says who had access until when.
 */
import { execFileSync } from "child_process";
import * as path from "path";
import { ALICE, BOB } from "../driveitemshare/stack";
import { projectFile, type PulumiProject, useEngineSuite } from "./cli";

jest.setTimeout(180_000);

const END = "2027-03-31T17:00:00Z";
const BEFORE = "2027-03-25T09:00:00Z";
const AFTER = "2027-04-01T09:00:00Z";

const PROGRAM = `
import * as pulumi from "@pulumi/pulumi";
import { DriveItemShare } from "driveitemshare";

const config = new pulumi.Config();
const share = new DriveItemShare("contractors", {
    driveId: config.require("driveId"),
    itemId: config.require("itemId"),
    recipients: [${JSON.stringify(ALICE)}, { email: ${JSON.stringify(BOB)}, accessUntil: ${JSON.stringify(END)} }],
    roles: ["read"],
});
export const recipients = share.recipients;
`;

const suite = useEngineSuite();
let project: PulumiProject;
let folder: { driveId: string; itemId: string };

/** Runs the CLI with both clocks set to `date`. */
function on<T>(date: string, command: (env: Record<string, string>) => Promise<T>): Promise<T> {
    suite.emulator.settings.clockOffsetMs = Date.parse(date) - Date.now();
    return command({ DRIVESHARE_NOW: date }).finally(() => (suite.emulator.settings.clockOffsetMs = 0));
}

function holders(): string[] {
    return suite.emulator
        .permissions(folder.driveId, folder.itemId)
        .map((p) => p.grantedToV2?.user?.email)
        .filter((email): email is string => email !== undefined)
        .sort();
}

beforeAll(async () => {
    folder = suite.folder();
    project = await suite.project("access-until", {
        "Pulumi.yaml": projectFile("driveitemshare-access-until"),
        "index.ts": PROGRAM,
    });
    await project.config(folder);
    await on(BEFORE, (env) => project.ok(["up", "--yes", "--skip-preview"], env));
}, 180_000);

test("before the end, the grant is made and every preview says when it ends", async () => {
    expect(holders()).toEqual([ALICE, BOB]);
    const preview = await on(BEFORE, (env) => project.ok(["preview", "--diff"], env));
    const printed = preview.stdout + preview.stderr;
    expect(printed).toContain(`driveitemshare: the access of ${BOB} to contractors`);
    expect(printed).toContain(`ends at ${END} (in 7 days)`);
});

test("the state keeps each recipient as true or their own date; the program's recipients output reads objects", async () => {
    const share = (await project.resources()).contractors;
    expect(share.inputs!.recipients).toEqual({ [ALICE]: true, [BOB]: END });
    expect(share.outputs!.recipients).toEqual({ [ALICE]: true, [BOB]: END });
    const output = await project.ok(["stack", "output", "recipients", "--json"]);
    expect(JSON.parse(output.stdout)).toEqual({ [ALICE]: { email: ALICE }, [BOB]: { email: BOB, accessUntil: END } });
});

test("after the end, the preview shows the removal, the up removes that grant alone, and the program stays valid", async () => {
    suite.emulator.clearRequests();
    const preview = await on(AFTER, (env) => project.ok(["preview", "--diff"], env));
    expect(preview.stdout).toContain("~ pulumi-nodejs:dynamic/driveShare:DriveItemShare: (update)");
    expect(preview.stdout + preview.stderr).toContain(`ended at ${END}: their grant is removed`);
    expect(preview.stdout).toMatch(new RegExp(`- ${BOB}\\s*: "${END}"`));
    expect(preview.stdout).toMatch(new RegExp(`\\+ accessEnded\\s*: \\{\\s*\\+ ${BOB}\\s*: \\{`));
    expect(suite.emulator.graphRequests()).toEqual([]);

    await on(AFTER, (env) => project.ok(["up", "--yes", "--skip-preview"], env));
    expect(holders()).toEqual([ALICE]);
    // One list, and the removal in one $batch: no invite, no role change.
    const item = `/v1.0/drives/${folder.driveId}/items/${folder.itemId}`;
    expect(suite.emulator.graphRequests().map((r) => `${r.method} ${r.path}`)).toEqual([
        `GET ${item}/permissions`,
        "POST /v1.0/$batch",
    ]);

    const json = await on(AFTER, (env) => project.ok(["preview", "--json"], env));
    expect(JSON.parse(json.stdout).changeSummary).toEqual({ same: 2 });
});

test("the report of the exported state gives each grant's since and until, and the ended one", async () => {
    const file = path.join(project.dir, "state.json");
    await project.ok(["stack", "export", "--file", file]);
    const csv = execFileSync("npx", ["--no-install", "driveitemshare", "report", "--state", file, "--format", "csv"], {
        cwd: project.dir,
        env: project.env,
        encoding: "utf8",
    });
    const rows = csv
        .split("\r\n")
        .filter((line) => line.includes("contractors"))
        .map((line) => line.slice(line.indexOf("contractors")));
    expect(rows).toEqual([
        `contractors,${ALICE},read,${new Date(BEFORE).toISOString()},,as declared`,
        `contractors,${BOB},read,,${END},ended`,
    ]);
});
