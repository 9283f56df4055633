/**
 * `npm run demo`, the README's first command: it runs the quick start through the real CLI against the embedded
 * emulator, prints who has access, destroys, and leaves nothing behind, also when interrupted.
 */
import { spawn } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { REPO_ROOT } from "../installed/project";
import { pulumiBinDir } from "./cli";

jest.setTimeout(180_000);

interface DemoRun {
    readonly status: number | null;
    readonly stdout: string;
    readonly stderr: string;
}

/** Runs `npm run -s demo`; with `interruptAt`, sends SIGINT once stdout contains it. */
function runDemo(interruptAt?: string): Promise<DemoRun> {
    return new Promise((resolve, reject) => {
        const child = spawn("npm", ["run", "-s", "demo"], {
            cwd: REPO_ROOT,
            stdio: ["ignore", "pipe", "pipe"],
            detached: true,
        });
        let stdout = "";
        let stderr = "";
        let sent = false;
        child.stdout.on("data", (chunk) => {
            stdout += chunk;
            if (interruptAt && !sent && stdout.includes(interruptAt)) {
                sent = true;
                // What a terminal's Ctrl-C does: SIGINT to the whole foreground process group.
                process.kill(-child.pid!, "SIGINT");
            }
        });
        child.stderr.on("data", (chunk) => (stderr += chunk));
        child.on("error", reject);
        child.on("close", (status) => resolve({ status, stdout, stderr }));
    });
}

function leftovers(): string[] {
    return fs.readdirSync(REPO_ROOT).filter((file) => /^Pulumi\..+\.yaml$/.test(file));
}

beforeAll(() => {
    pulumiBinDir();
}, 900_000);

test("runs preview and up of the quick start, shows who has access, destroys, and cleans up", async () => {
    const run = await runDemo();
    expect({ status: run.status, stderr: run.stderr }).toEqual({
        status: 0,
        stderr: expect.not.stringMatching(/error|warn/i),
    });
    expect(run.stdout).toContain("$ pulumi preview --diff");
    expect(run.stdout).toMatch(/\+ 3 to create/);
    expect(run.stdout).toMatch(/\+ 3 created/);
    const [afterUp, afterDestroy] = run.stdout.split("After destroy:");
    const table = afterUp.slice(afterUp.lastIndexOf("Who has access"));
    expect(table).toMatch(/bob@contoso\.com\s+write\s+direct/);
    expect(table).toMatch(/carol@fabrikam\.com\s+read\s+direct/);
    expect(table).toMatch(/dave@contoso\.com\s+read\s+direct/);
    expect(afterDestroy).toMatch(/- 3 deleted|dave@contoso\.com\s+read\s+direct/);
    expect(afterDestroy).not.toMatch(/bob@contoso\.com|carol@fabrikam\.com/);
    expect(leftovers()).toEqual([]);
});

test("npm run -s pulumi -- version prints the pinned CLI's version and nothing else", async () => {
    const out = await new Promise<string>((resolve, reject) => {
        const child = spawn("npm", ["run", "-s", "pulumi", "--", "version"], {
            cwd: REPO_ROOT,
            stdio: ["ignore", "pipe", "inherit"],
        });
        let stdout = "";
        child.stdout.on("data", (chunk) => (stdout += chunk));
        child.on("error", reject);
        child.on("close", () => resolve(stdout));
    });
    const pinned = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, "package.json"), "utf8")).devDependencies[
        "@pulumi/pulumi"
    ];
    expect(out).toBe(`v${pinned}\n`);
});

test("Ctrl-C during up stops it and still removes the stack file, the state and the emulator", async () => {
    const before = fs.readdirSync(os.tmpdir()).filter((name) => name.startsWith("driveitemshare-demo-"));
    const run = await runDemo("$ pulumi up");
    expect(run.status).not.toBe(0);
    expect(leftovers()).toEqual([]);
    const after = fs.readdirSync(os.tmpdir()).filter((name) => name.startsWith("driveitemshare-demo-"));
    expect(after.filter((name) => !before.includes(name))).toEqual([]);
});
