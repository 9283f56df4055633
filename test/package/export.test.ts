/**
 * `npx driveitemshare export` as installed from the tarball, in the interface outside tests rely on: the address
 * flags, `--recursive`, `--out <dir>`, settings from the environment, exit 0 with `<dir>/index.ts` written; `--help`
 * exits 0; a wrong option exits 2 and a folder Graph does not have exits 1, naming it. What `pulumi up` of the program
 * does is test/engine/export.test.ts.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { BUSINESS_DRIVE, seedTenant, stackEnvironment } from "../driveitemshare/stack";
import { seedExportTree } from "../driveitemshare/export-tree";
import { EMULATOR_CA_CERT_PATH, type GraphEmulator, startEmulator } from "../emulator";
import { runInstalledBin } from "../installed/project";

jest.setTimeout(60_000);

let emulator: GraphEmulator;
let out: string;
let tree: Record<string, string>;

beforeAll(async () => {
    emulator = await startEmulator();
    seedTenant(emulator);
    tree = seedExportTree(emulator, "Shared");
    out = fs.mkdtempSync(path.join(os.tmpdir(), "driveitemshare-export-bin-"));
});
afterAll(async () => {
    await emulator.close();
    fs.rmSync(out, { recursive: true, force: true });
});

const signedIn = () => ({ ...stackEnvironment(emulator), NODE_EXTRA_CA_CERTS: EMULATOR_CA_CERT_PATH });

test("--drive-id --path --recursive --out: exit 0, <dir>/index.ts written, a summary on stderr", async () => {
    const dir = path.join(out, "by-path");
    const run = await runInstalledBin(
        ["export", "--drive-id", BUSINESS_DRIVE, "--path", "Shared", "--recursive", "--out", dir],
        signedIn(),
    );
    expect(run).toMatchObject({ status: 0, stdout: "" });
    expect(run.stderr).toBe(
        `driveitemshare export: 7 items scanned, 41 permissions found; 7 direct grants on 4 items declared; ` +
            `wrote ${path.join(dir, "index.ts")}\n`,
    );
    expect(fs.readdirSync(dir)).toEqual(["index.ts"]);
    expect(fs.readFileSync(path.join(dir, "index.ts"), "utf8")).toContain(
        'new DriveItemShare("shared-budgets-q3-read"',
    );
});

test("--drive-id --item-id: the folder by its ids", async () => {
    const dir = path.join(out, "by-id");
    const run = await runInstalledBin(
        ["export", "--drive-id", BUSINESS_DRIVE, "--item-id", tree["Shared/Team"], "--out", dir],
        signedIn(),
    );
    expect(run.status).toBe(0);
    expect(fs.readFileSync(path.join(dir, "index.ts"), "utf8")).toContain(`itemId: "${tree["Shared/Team"]}"`);
});

test("--help exits 0; the command list names export", async () => {
    const help = await runInstalledBin(["export", "--help"]);
    expect(help).toMatchObject({ status: 0, stderr: "" });
    expect(help.stdout).toMatch(/^Usage: driveitemshare export /);
    expect((await runInstalledBin(["--help"])).stdout).toMatch(/\n {2}export {2}write a Pulumi program/);
});

test("a wrong option exits 2 with the usage; a folder Graph does not have exits 1 naming it", async () => {
    const wrong = await runInstalledBin(["export", "--drive-id", BUSINESS_DRIVE, "--out", out]);
    expect(wrong.status).toBe(2);
    expect(wrong.stderr).toMatch(/^driveitemshare export: --drive-id: name the item one way/);
    expect(wrong.stderr).toContain("Usage: driveitemshare export");
    const missing = await runInstalledBin(
        ["export", "--drive-id", BUSINESS_DRIVE, "--path", "Nowhere", "--out", path.join(out, "none")],
        signedIn(),
    );
    expect(missing.status).toBe(1);
    expect(missing.stderr).toContain(`Nothing was found at driveId "${BUSINESS_DRIVE}", path "Nowhere"`);
    expect(fs.existsSync(path.join(out, "none"))).toBe(false);
});
