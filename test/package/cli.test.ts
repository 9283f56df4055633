/**
 * The `driveitemshare` command as npm installs it from the tarball: `npx driveitemshare` in a fresh project runs the
 * shipped bin, and what it prints and the exit status are what scripts rely on.
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { installedProject, PACKAGE_NAME } from "../installed/project";

function driveitemshare(...args: string[]) {
    const { dir } = installedProject();
    const result = spawnSync("npx", ["--no-install", "driveitemshare", ...args], { cwd: dir, encoding: "utf8" });
    return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe("npx driveitemshare", () => {
    test("is the bin the package declares, linked by npm into the project", () => {
        const { dir } = installedProject();
        const manifest = JSON.parse(
            fs.readFileSync(path.join(dir, "node_modules", PACKAGE_NAME, "package.json"), "utf8"),
        );
        expect(manifest.bin).toEqual({ driveitemshare: "dist/provider/cli/main.js" });
        expect(fs.existsSync(path.join(dir, "node_modules", ".bin", "driveitemshare"))).toBe(true);
    });

    test("--help lists the commands and exits 0", () => {
        const run = driveitemshare("--help");
        expect(run.status).toBe(0);
        expect(run.stdout).toContain("Usage: driveitemshare <command> [options]");
    });

    test("--version prints the package's version", () => {
        const version = JSON.parse(fs.readFileSync(path.join(__dirname, "..", "..", "package.json"), "utf8")).version;
        expect(driveitemshare("--version")).toMatchObject({ status: 0, stdout: `${version}\n` });
    });

    test("no command prints the usage and exits 2; an unknown one names it and exits 2", () => {
        expect(driveitemshare()).toMatchObject({ status: 2, stdout: expect.stringContaining("Usage:") });
        const unknown = driveitemshare("exprot");
        expect(unknown.status).toBe(2);
        expect(unknown.stderr).toContain('unknown command "exprot"');
    });
});
