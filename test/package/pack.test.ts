/**
 * The package as users get it: `npm pack`, then the tarball installed into a fresh project outside this checkout,
 * where the quick start type-checks against the shipped declarations and runs under Pulumi's mocks.
 *
 * Offline and fast: the tarball is unpacked into the project's node_modules as npm would place it, and the
 * packages it declares (dependencies and peer dependencies, nothing else) are linked from this checkout's
 * node_modules instead of being downloaded. A module the package requires but does not declare fails to load.
 * `npm pack --ignore-scripts` packs the dist/ that `npm test` (or `npm run build`) built; it never rebuilds it
 * under the feet of other tests.
 */
import { execFileSync } from "child_process";
import * as fs from "fs";
import { builtinModules } from "module";
import * as os from "os";
import * as path from "path";
import * as semver from "semver";
import * as ts from "typescript";

const ROOT = path.resolve(__dirname, "../..");
const TYPE = "pulumi-nodejs:dynamic/driveShare:DriveItemShare";
/** The first @pulumi/pulumi whose dynamic provider host calls the provider's `configure` (pulumi/pulumi#17697). */
const FIRST_PULUMI_WITH_CONFIGURE = "3.139.0";

let tmp: string;
let tarball: string;
let files: string[];
/** The project the tarball is installed into, and the package inside it. */
let project: string;
let installed: string;
let manifest: Record<string, any>;

beforeAll(() => {
    if (!fs.existsSync(path.join(ROOT, "dist/provider/index.js"))) {
        throw new Error("dist/ is missing: run `npm run build` (npm test does) before this test");
    }
    tmp = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), "driveitemshare-pack-")));
    const out = execFileSync("npm", ["pack", "--ignore-scripts", "--json", "--pack-destination", tmp],
        { cwd: ROOT, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
    const [info] = JSON.parse(out);
    tarball = path.join(tmp, info.filename);
    files = info.files.map((file: { path: string }) => file.path).sort();

    project = path.join(tmp, "project");
    installed = path.join(project, "node_modules", "driveitemshare");
    fs.mkdirSync(installed, { recursive: true });
    execFileSync("tar", ["-xzf", tarball, "-C", installed, "--strip-components=1"]);
    manifest = JSON.parse(fs.readFileSync(path.join(installed, "package.json"), "utf8"));
});

afterAll(() => {
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});

describe("the tarball", () => {
    test("holds only the built JavaScript, type declarations, README, LICENSE and package.json", () => {
        const unexpected = files.filter((file) => !/^dist\/provider\/([a-z]+\/)?[^/]+(\.js|\.d\.ts)$/.test(file) &&
            !["README.md", "LICENSE", "package.json"].includes(file));
        expect(unexpected).toEqual([]);
        expect(files).toEqual(expect.arrayContaining(["README.md", "LICENSE", "package.json"]));
        // No tests, sources, maps, examples, emulator or its TLS key.
        expect(files.filter((file) => /\.test\.|\.map$|\.pem$|key|^test\/|^examples\/|(?<!\.d)\.ts$/.test(file))).toEqual([]);
    });

    test("ships every provider module, as JavaScript and declarations, and nothing left over from older builds", () => {
        // provider/ and its rooms (provider/model/, provider/check/, ...), as paths below provider/.
        const sources = (fs.readdirSync(path.join(ROOT, "provider"), { recursive: true }) as string[])
            .map((file) => file.split(path.sep).join("/"))
            .filter((file) => file.endsWith(".ts") && !file.endsWith(".test.ts"))
            .map((file) => file.slice(0, -".ts".length));
        const shipped = files.filter((file) => file.startsWith("dist/provider/"));
        expect(shipped).toEqual(sources.flatMap((name) => [`dist/provider/${name}.d.ts`, `dist/provider/${name}.js`]).sort());
    });

    test("its entry points exist", () => {
        const targets = [manifest.main, manifest.types];
        for (const entry of Object.values(manifest.exports as Record<string, string | Record<string, string>>)) {
            targets.push(...(typeof entry === "string" ? [entry] : Object.values(entry)));
        }
        for (const target of targets) expect(files).toContain(path.posix.normalize(target));
        expect(Object.keys(manifest.exports)).toEqual(expect.arrayContaining([".", "./runtime"]));
    });
});

describe("package.json declares its ranges honestly", () => {
    /** Every bare module name the shipped code requires or its declarations import, as package names. */
    function importedPackages(): Set<string> {
        const names = new Set<string>();
        for (const file of files.filter((f) => f.startsWith("dist/"))) {
            const code = fs.readFileSync(path.join(installed, file), "utf8");
            for (const [, specifier] of code.matchAll(/(?:require\(|import\(|from\s+)"([^"]+)"/g)) {
                if (specifier.startsWith(".")) continue;
                const parts = specifier.replace(/^node:/, "").split("/");
                names.add(specifier.startsWith("@") ? parts.slice(0, 2).join("/") : parts[0]);
            }
        }
        return names;
    }

    test("everything it loads is Node.js, itself, a dependency or a peer dependency", () => {
        const declared = new Set([
            "driveitemshare", ...builtinModules,
            ...Object.keys(manifest.dependencies ?? {}), ...Object.keys(manifest.peerDependencies ?? {}),
        ]);
        expect([...importedPackages()].filter((name) => !declared.has(name))).toEqual([]);
    });

    test("@pulumi/pulumi is a peer (one SDK shared with the program), from the first release that configures dynamic providers", () => {
        expect(manifest.dependencies).not.toHaveProperty("@pulumi/pulumi");
        const range: string = manifest.peerDependencies["@pulumi/pulumi"];
        expect(semver.validRange(range)).not.toBeNull();
        expect(semver.minVersion(range)!.version).toBe(FIRST_PULUMI_WITH_CONFIGURE);
        expect(semver.satisfies(FIRST_PULUMI_WITH_CONFIGURE, range)).toBe(true);
        expect(semver.satisfies("4.0.0", range)).toBe(false);
        // The SDK the tests run against is inside the range.
        const tested = JSON.parse(fs.readFileSync(path.join(ROOT, "node_modules/@pulumi/pulumi/package.json"), "utf8"));
        expect(semver.satisfies(tested.version, range)).toBe(true);
    });

    test("the Node.js range starts where its dependencies' ranges start, and includes the Node.js running this test", () => {
        const range: string = manifest.engines.node;
        const floor = semver.minVersion(range)!;
        for (const name of [...Object.keys(manifest.dependencies), ...Object.keys(manifest.peerDependencies)]) {
            const dependency = JSON.parse(fs.readFileSync(path.join(ROOT, "node_modules", name, "package.json"), "utf8"));
            const needs = dependency.engines?.node;
            if (needs) expect([name, semver.gte(floor, semver.minVersion(needs)!)]).toEqual([name, true]);
        }
        expect(semver.satisfies(process.versions.node, range)).toBe(true);
    });
});

describe("installed into a fresh project", () => {
    beforeAll(() => {
        fs.writeFileSync(path.join(project, "package.json"), JSON.stringify({ name: "consumer", private: true }));
        // What npm would install next to it: the declared dependencies and the peer; plus @types/node, which any
        // TypeScript program has.
        const linked = [...Object.keys(manifest.dependencies ?? {}), ...Object.keys(manifest.peerDependencies ?? {}),
            "@types/node"];
        for (const name of linked) {
            const link = path.join(project, "node_modules", name);
            fs.mkdirSync(path.dirname(link), { recursive: true });
            fs.symlinkSync(path.join(ROOT, "node_modules", name), link, "dir");
        }
        fs.copyFileSync(path.join(ROOT, "examples/quickstart/index.ts"), path.join(project, "index.ts"));
        fs.copyFileSync(path.join(__dirname, "run-quickstart.js"), path.join(project, "run-quickstart.js"));
    });

    test("the quick start type-checks against the shipped declarations", () => {
        const program = ts.createProgram([path.join(project, "index.ts")], {
            strict: true, target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.CommonJS,
            moduleResolution: ts.ModuleResolutionKind.Node10, types: ["node"], skipLibCheck: true,
            outDir: project, rootDir: project,
        });
        const diagnostics = ts.getPreEmitDiagnostics(program)
            .map((d) => ts.flattenDiagnosticMessageText(d.messageText, "\n"));
        expect(diagnostics).toEqual([]);
        const declarations = program.getSourceFiles().map((file) => file.fileName)
            .filter((name) => name.includes("/driveitemshare/"));
        expect(declarations).toContain(path.join(installed, "dist/provider/index.d.ts"));
        expect(program.emit().emitSkipped).toBe(false);
    });

    test("the quick start registers its two shares under mocks, and the package's runtime checks them", () => {
        expect(fs.existsSync(path.join(project, "index.js"))).toBe(true);
        const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: process.env.HOME };
        env.QUICKSTART_CONFIG = JSON.stringify({
            "driveitemshare-quickstart:driveId": "b!x3FhQ2Z0a3J5cGxhY2Vob2xkZXI",
            "driveitemshare-quickstart:itemId": "01FINANCEFOLDERPLACEHOLDER",
            "driveitemshare-quickstart:readers": JSON.stringify(["alice@contoso.com"]),
            "driveitemshare-quickstart:editors": JSON.stringify(["bob@contoso.com", "carol@contoso.com"]),
        });
        const out = execFileSync(process.execPath, ["run-quickstart.js"], { cwd: project, env, encoding: "utf8" });
        const { registered, checks, resolved } = JSON.parse(out);

        // Loaded from the unpacked tarball, not from this checkout.
        expect(resolved.driveitemshare).toBe(path.join(installed, "dist/provider/index.js"));
        expect(resolved["driveitemshare/runtime"]).toBe(path.join(installed, "dist/provider/runtime.js"));
        const byName = Object.fromEntries(registered.map((r: any) => [r.name, r]));
        expect(Object.keys(byName).sort()).toEqual(["finance-editors", "finance-readers"]);
        expect(byName["finance-readers"]).toMatchObject({
            type: TYPE,
            inputs: { recipients: ["alice@contoso.com"], roles: ["read"], resourceName: "finance-readers" },
        });
        expect(byName["finance-editors"]).toMatchObject({
            type: TYPE,
            inputs: { recipients: ["bob@contoso.com", "carol@contoso.com"], roles: ["write"], resourceName: "finance-editors" },
        });
        expect(byName["finance-readers"].inputs.__provider).toContain('require("driveitemshare/runtime")');
        expect(checks).toEqual([[], []]);
    });
});
