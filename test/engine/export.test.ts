/**
 * `driveitemshare export` brings an existing tree under code, through the real CLI: the installed bin exports a seeded
 * tree (nested folders, a file, the owner's and inherited permissions, people, a group, a guest, sharing links) as a
 * new project; `pulumi up` of that project, as written, adopts every direct grant (no invite, no role change, no
 * removal: only GETs reach Graph) and records each in the state; `pulumi preview` right after shows no change; and a
 * second export of the unchanged tree writes the same files byte for byte.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { grantsFromStored } from "../../provider/model/stored-grant";
import { ALICE, BOB, BUSINESS_DRIVE, CAROL, FINANCE_GROUP_ID, GUEST, stackEnvironment } from "../driveitemshare/stack";
import { seedExportTree } from "../driveitemshare/export-tree";
import { EMULATOR_CA_CERT_PATH } from "../emulator";
import { type ProcessResult, runInstalledBin } from "../installed/project";
import { type PulumiProject, useEngineSuite } from "./cli";

jest.setTimeout(240_000);

const suite = useEngineSuite();
const FOLDER = "Exported";
let project: PulumiProject;
let out: string;

/** Runs the installed bin as a user runs it in their project, signed in to the emulator through the environment. */
async function exportTree(dir: string): Promise<ProcessResult> {
    const args = [
        "export",
        "--drive-id",
        BUSINESS_DRIVE,
        "--path",
        FOLDER,
        "--recursive",
        "--out",
        dir,
        "--new-project",
    ];
    const result = await runInstalledBin(args, {
        ...stackEnvironment(suite.emulator),
        NODE_EXTRA_CA_CERTS: EMULATOR_CA_CERT_PATH,
    });
    if (result.status !== 0) throw new Error(`export exited ${result.status}\n${result.stdout}\n${result.stderr}`);
    return result;
}

function readAll(dir: string): Record<string, string> {
    return Object.fromEntries(
        fs
            .readdirSync(dir)
            .sort()
            .map((file) => [file, fs.readFileSync(path.join(dir, file), "utf8")]),
    );
}

beforeAll(async () => {
    seedExportTree(suite.emulator, FOLDER);
    out = fs.mkdtempSync(path.join(os.tmpdir(), "driveitemshare-export-"));
    await exportTree(path.join(out, "sharing"));
    project = await suite.project("export", readAll(path.join(out, "sharing")));
}, 240_000);

afterAll(() => fs.rmSync(out, { recursive: true, force: true }));

test("the export writes a new project: Pulumi.yaml, package.json, tsconfig.json and index.ts", () => {
    const files = readAll(path.join(out, "sharing"));
    expect(Object.keys(files)).toEqual(["Pulumi.yaml", "index.ts", "package.json", "tsconfig.json"]);
    expect(files["Pulumi.yaml"]).toMatch(/^name: sharing\n/);
    // Team has readers and editors: one DriveItemAccess; Q3 has readers only: one DriveItemShare.
    expect(files["index.ts"]).toContain('new DriveItemAccess("exported-team", {');
    expect(files["index.ts"]).toContain('new DriveItemShare("exported-budgets-q3-read", {');
    expect(JSON.parse(files["package.json"]).dependencies).toEqual({
        "@pulumi/pulumi": expect.stringMatching(/^\^3\./),
        driveitemshare: expect.stringMatching(/^\^\d+\.\d+\.\d+/),
    });
});

test("pulumi up of the exported program adopts every direct grant: only GETs reach Graph, the state records each", async () => {
    suite.emulator.clearRequests();
    await project.up();
    const changes = suite.emulator.requests
        .filter((r) => r.kind !== "entra" && !(r.kind === "graph" && r.path.endsWith("/$batch")))
        .filter((r) => r.method !== "GET")
        .map((r) => `${r.method} ${r.path}`);
    expect(changes).toEqual([]);
    const resources = await project.resources();
    const granted = Object.fromEntries(
        Object.entries(resources)
            .map(
                ([name, r]) =>
                    [
                        name,
                        Object.keys(r.outputs?.grants ?? {})
                            .sort()
                            .join(" "),
                    ] as const,
            )
            .sort(([a], [b]) => (a < b ? -1 : 1)),
    );
    expect(granted).toEqual({
        "exported-budgets-q3-read": CAROL,
        "exported-budgets-read": GUEST,
        "exported-budgets-write": BOB,
        "exported-read": ALICE,
        "exported-team-read": CAROL,
        "exported-team-write": ALICE,
        "exported-write": FINANCE_GROUP_ID,
    });
    for (const resource of Object.values(resources))
        for (const grant of Object.values(grantsFromStored(resource.outputs!.grants)))
            expect(grant.permissionId).toEqual(expect.any(String));
});

test("pulumi preview right after shows no change", async () => {
    const plan = await project.previewJson();
    // 7 shares, 3 of them under the DriveItemAccess of an item with readers and editors, and the stack.
    expect(plan.changeSummary).toEqual({ same: 11 });
});

test("a second export of the unchanged tree, after the up, writes the same files byte for byte", async () => {
    const first = readAll(path.join(out, "sharing"));
    await exportTree(path.join(out, "sharing"));
    expect(readAll(path.join(out, "sharing"))).toEqual(first);
});
