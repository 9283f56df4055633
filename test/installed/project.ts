/**
 * The package as a user gets it: `npm pack`, then the tarball installed into a fresh npm project outside this
 * checkout together with `@pulumi/pulumi`, `typescript` and `@types/node` from the registry, as `pulumi new
 * typescript` lays a project out. Nothing in it links back to the checkout, so a file the package forgets to ship,
 * a dependency it forgets to declare or a require its exports map forbids fails here as it fails for a user.
 *
 * jest's global setup installs one such project per test run (installing takes seconds with npm's cache warm) and
 * hands its path to every worker in DRIVESHARE_INSTALLED_PROJECT; tests that run programs copy them into folders
 * below it, so that `require` resolves from its node_modules.
 */
import { execFileSync, spawn } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

export const REPO_ROOT = path.resolve(__dirname, "..", "..");
export const PACKAGE_NAME: string = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, "package.json"), "utf8")).name;
const PROJECT_VARIABLE = "DRIVESHARE_INSTALLED_PROJECT";

/** The version of a package this checkout has installed (its lock file's), so the fresh project gets the same. */
export function checkoutVersion(name: string): string {
    return JSON.parse(fs.readFileSync(path.join(REPO_ROOT, "node_modules", name, "package.json"), "utf8")).version;
}

/** What a user's `npm install` adds beside the package: the SDK the project is tested against, and TypeScript. */
export const PROJECT_PACKAGES = ["@pulumi/pulumi", "typescript", "@types/node"];

export interface InstalledProject {
    /** The project folder; node_modules/driveitemshare is the unpacked tarball. */
    readonly dir: string;
    /** The tarball npm packed. */
    readonly tarball: string;
    /** The files the tarball holds, sorted. */
    readonly files: string[];
    /** `__provider` as a DriveItemShare constructed in the project stores it: the installed package serialized. */
    readonly providerText: string;
}

// Constructs one DriveItemShare under Pulumi's mocks in the project and writes the `__provider` it registers.
const SERIALIZE_SCRIPT = `
const fs = require("fs");
const pulumi = require("@pulumi/pulumi");
pulumi.runtime.setMocks({
    newResource(args) { fs.writeFileSync(process.argv[1], args.inputs.__provider); return { id: "id", state: args.inputs }; },
    call(args) { return args.inputs; },
}, "serialize", "serialize", false);
const { DriveItemShare } = require(process.argv[2]);
new DriveItemShare("serialize", { driveId: "b!serialize", itemId: "01SERIALIZE", recipients: ["a@contoso.com"], roles: ["read"] });
`;

/**
 * Packs the checkout (the dist/ that `npm run build` made) and installs the tarball with PROJECT_PACKAGES from the
 * registry into a new folder below `parent`.
 */
export function packAndInstall(parent = os.tmpdir()): InstalledProject {
    if (!fs.existsSync(path.join(REPO_ROOT, "dist", "provider", "index.js"))) {
        throw new Error("dist/ is missing: run `npm run build` (npm test does) before the tests");
    }
    const dir = fs.realpathSync(fs.mkdtempSync(path.join(parent, "driveitemshare-user-")));
    const out = execFileSync("npm", ["pack", "--ignore-scripts", "--json", "--pack-destination", dir], {
        cwd: REPO_ROOT,
        encoding: "utf8",
        stdio: ["ignore", "pipe", "pipe"],
    });
    const [info] = JSON.parse(out);
    const tarball = path.join(dir, info.filename);
    fs.writeFileSync(
        path.join(dir, "package.json"),
        JSON.stringify({ name: "user-project", version: "1.0.0", private: true }),
    );
    execFileSync(
        "npm",
        [
            "install",
            "--no-audit",
            "--no-fund",
            "--prefer-offline",
            "--loglevel=error",
            tarball,
            ...PROJECT_PACKAGES.map((name) => `${name}@${checkoutVersion(name)}`),
        ],
        { cwd: dir, stdio: ["ignore", "ignore", "pipe"], env: { ...process.env, npm_config_yes: "true" } },
    );
    const files = info.files.map((file: { path: string }) => file.path).sort();
    const providerFile = path.join(dir, "provider.txt");
    execFileSync(process.execPath, ["-e", SERIALIZE_SCRIPT, providerFile, PACKAGE_NAME], {
        cwd: dir,
        stdio: ["ignore", "ignore", "pipe"],
    });
    const providerText = fs.readFileSync(providerFile, "utf8");
    fs.writeFileSync(path.join(dir, "installed.json"), JSON.stringify({ tarball, files }));
    return { dir, tarball, files, providerText };
}

/** The project jest's global setup installed for this run. */
export function installedProject(): InstalledProject {
    const dir = process.env[PROJECT_VARIABLE];
    if (!dir) throw new Error(`${PROJECT_VARIABLE} is not set: run the tests with jest's global setup (npm test)`);
    const { tarball, files } = JSON.parse(fs.readFileSync(path.join(dir, "installed.json"), "utf8"));
    return { dir, tarball, files, providerText: fs.readFileSync(path.join(dir, "provider.txt"), "utf8") };
}

/** What a command printed, and how it exited. */
export interface ProcessResult {
    readonly status: number;
    readonly stdout: string;
    readonly stderr: string;
}

/**
 * Runs a command to its end, collecting what it prints. Asynchronous: a command that calls Graph needs the test's
 * own process free to serve the in-process emulator (spawnSync would deadlock on it).
 */
export function runToEnd(
    command: string,
    args: readonly string[],
    options: { readonly cwd: string; readonly env: NodeJS.ProcessEnv },
): Promise<ProcessResult> {
    return new Promise((resolve, reject) => {
        const child = spawn(command, args, { ...options, stdio: ["ignore", "pipe", "pipe"] });
        let stdout = "";
        let stderr = "";
        child.stdout.on("data", (chunk) => (stdout += chunk));
        child.stderr.on("data", (chunk) => (stderr += chunk));
        child.on("error", reject);
        child.on("close", (status) => resolve({ status: status ?? -1, stdout, stderr }));
    });
}

/**
 * Runs `npx --no-install driveitemshare <args>` in the installed project, as a user runs it in theirs. Asynchronous:
 * a command that calls Graph needs the test's own process free to serve the in-process emulator.
 */
export function runInstalledBin(args: readonly string[], env: Record<string, string> = {}): Promise<ProcessResult> {
    return runToEnd("npx", ["--no-install", "driveitemshare", ...args], {
        cwd: installedProject().dir,
        env: { ...process.env, ...env },
    });
}

/** Sets up the installed project for the whole run (jest globalSetup). */
export function setUpInstalledProject(): void {
    process.env[PROJECT_VARIABLE] = packAndInstall().dir;
}

/** Removes it (jest globalTeardown). */
export function tearDownInstalledProject(): void {
    const dir = process.env[PROJECT_VARIABLE];
    if (dir && !process.env.DRIVESHARE_KEEP_TEST_FILES) fs.rmSync(dir, { recursive: true, force: true });
}
