/**
 * The package as users get it: the tarball `npm pack` makes, installed into a fresh project outside this checkout
 * with @pulumi/pulumi, typescript and @types/node from the registry (test/installed/project.ts, once per run). The
 * quick start type-checks there against the shipped declarations and runs under Pulumi's mocks, and the provider
 * it serializes into each resource requires nothing of the package but its public runtime entry.
 */
import { execFileSync } from "child_process";
import * as fs from "fs";
import { builtinModules } from "module";
import * as path from "path";
import * as semver from "semver";
import * as ts from "typescript";
import { installedProject, PACKAGE_NAME } from "../installed/project";

const ROOT = path.resolve(__dirname, "../..");
const TYPE = "pulumi-nodejs:dynamic/driveShare:DriveItemShare";
/** The first @pulumi/pulumi whose dynamic provider host calls the provider's `configure` (pulumi/pulumi#17697). */
const FIRST_PULUMI_WITH_CONFIGURE = "3.139.0";

let files: string[];
/** A program folder inside the installed project, and the package as npm installed it there. */
let project: string;
let installed: string;
let manifest: Record<string, any>;

beforeAll(() => {
    const user = installedProject();
    files = user.files;
    installed = path.join(user.dir, "node_modules", PACKAGE_NAME);
    manifest = JSON.parse(fs.readFileSync(path.join(installed, "package.json"), "utf8"));
    project = fs.mkdtempSync(path.join(user.dir, "mocks-"));
});

afterAll(() => {
    if (project) fs.rmSync(project, { recursive: true, force: true });
});

describe("the tarball", () => {
    test("holds only the built JavaScript, type declarations, README, CHANGELOG, LICENSE and package.json", () => {
        const unexpected = files.filter(
            (file) =>
                !/^dist\/provider\/([a-z]+\/)?[^/]+(\.js|\.d\.ts)$/.test(file) &&
                !["README.md", "CHANGELOG.md", "LICENSE", "package.json"].includes(file),
        );
        expect(unexpected).toEqual([]);
        expect(files).toEqual(expect.arrayContaining(["README.md", "CHANGELOG.md", "LICENSE", "package.json"]));
        // No tests, sources, maps, examples, emulator or its TLS key.
        expect(
            files.filter((file) => /\.test\.|\.map$|\.pem$|key|^test\/|^examples\/|(?<!\.d)\.ts$/.test(file)),
        ).toEqual([]);
    });

    test("ships every provider module, as JavaScript and declarations, and nothing left over from older builds", () => {
        // provider/ and its rooms (provider/model/, provider/check/, ...), as paths below provider/.
        const sources = (fs.readdirSync(path.join(ROOT, "provider"), { recursive: true }) as string[])
            .map((file) => file.split(path.sep).join("/"))
            .filter((file) => file.endsWith(".ts") && !file.endsWith(".test.ts"))
            .map((file) => file.slice(0, -".ts".length));
        const shipped = files.filter((file) => file.startsWith("dist/provider/"));
        expect(shipped).toEqual(
            sources.flatMap((name) => [`dist/provider/${name}.d.ts`, `dist/provider/${name}.js`]).sort(),
        );
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
            "driveitemshare",
            ...builtinModules,
            ...Object.keys(manifest.dependencies ?? {}),
            ...Object.keys(manifest.peerDependencies ?? {}),
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
            const dependency = JSON.parse(
                fs.readFileSync(path.join(ROOT, "node_modules", name, "package.json"), "utf8"),
            );
            const needs = dependency.engines?.node;
            if (needs) expect([name, semver.gte(floor, semver.minVersion(needs)!)]).toEqual([name, true]);
        }
        expect(semver.satisfies(process.versions.node, range)).toBe(true);
    });
});

const QUICKSTART_CONFIG = {
    "driveitemshare-quickstart:driveId": "b!x3FhQ2Z0a3J5cGxhY2Vob2xkZXI",
    "driveitemshare-quickstart:itemId": "01FINANCEFOLDERPLACEHOLDER",
    "driveitemshare-quickstart:readers": JSON.stringify(["alice@contoso.com"]),
    "driveitemshare-quickstart:editors": JSON.stringify(["bob@contoso.com", "carol@contoso.com"]),
};

describe("installed into a fresh project", () => {
    beforeAll(() => {
        fs.copyFileSync(path.join(ROOT, "examples/quickstart/index.ts"), path.join(project, "index.ts"));
        fs.copyFileSync(path.join(__dirname, "run-quickstart.js"), path.join(project, "run-quickstart.js"));
    });

    test("npm installed the SDK from the registry, not a link to this checkout", () => {
        for (const name of ["@pulumi/pulumi", PACKAGE_NAME]) {
            const dir = path.join(path.dirname(project), "node_modules", name);
            expect(fs.lstatSync(dir).isSymbolicLink()).toBe(false);
            expect(fs.realpathSync(dir).startsWith(ROOT + path.sep)).toBe(false);
        }
    });

    test("the quick start type-checks against the shipped declarations", () => {
        const program = ts.createProgram([path.join(project, "index.ts")], {
            strict: true,
            target: ts.ScriptTarget.ES2022,
            module: ts.ModuleKind.CommonJS,
            moduleResolution: ts.ModuleResolutionKind.Node10,
            types: ["node"],
            skipLibCheck: true,
            outDir: project,
            rootDir: project,
        });
        const diagnostics = ts
            .getPreEmitDiagnostics(program)
            .map((d) => ts.flattenDiagnosticMessageText(d.messageText, "\n"));
        expect(diagnostics).toEqual([]);
        const declarations = program
            .getSourceFiles()
            .map((file) => file.fileName)
            .filter((name) => name.includes("/driveitemshare/"));
        expect(declarations).toContain(path.join(installed, "dist/provider/index.d.ts"));
        expect(program.emit().emitSkipped).toBe(false);
    });

    test("the quick start registers its two shares under mocks, and the package's runtime checks them", () => {
        expect(fs.existsSync(path.join(project, "index.js"))).toBe(true);
        const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: process.env.HOME };
        env.QUICKSTART_CONFIG = JSON.stringify(QUICKSTART_CONFIG);
        const out = execFileSync(process.execPath, ["run-quickstart.js"], { cwd: project, env, encoding: "utf8" });
        const { registered, checks, resolved } = JSON.parse(out);

        // Loaded from the unpacked tarball, not from this checkout.
        expect(resolved.driveitemshare).toBe(path.join(installed, "dist/provider/index.js"));
        expect(resolved["driveitemshare/runtime"]).toBe(path.join(installed, "dist/provider/runtime.js"));
        const byName = Object.fromEntries(registered.map((r: any) => [r.name, r]));
        expect(Object.keys(byName).sort()).toEqual(["finance-editors", "finance-readers"]);
        expect(byName["finance-readers"]).toMatchObject({
            type: TYPE,
            inputs: { recipients: ["alice@contoso.com"], roles: ["read"], __resourceName: "finance-readers" },
        });
        expect(byName["finance-editors"]).toMatchObject({
            type: TYPE,
            inputs: {
                recipients: ["bob@contoso.com", "carol@contoso.com"],
                roles: ["write"],
                __resourceName: "finance-editors",
            },
        });
        expect(checks).toEqual([[], []]);
    });

    test("the serialized provider requires nothing of the package but its public runtime entry, by name", () => {
        const out = execFileSync(process.execPath, ["run-quickstart.js"], {
            cwd: project,
            encoding: "utf8",
            env: {
                PATH: process.env.PATH,
                HOME: process.env.HOME,
                QUICKSTART_CONFIG: JSON.stringify(QUICKSTART_CONFIG),
            },
        });
        const text: string = JSON.parse(out).registered[0].inputs.__provider;
        const required = [...text.matchAll(/require\("([^"]+)"\)/g)].map((match) => match[1]);
        const ofPackage = [
            ...new Set(required.filter((name) => name === PACKAGE_NAME || name.startsWith(`${PACKAGE_NAME}/`))),
        ];
        expect(ofPackage).toEqual([`${PACKAGE_NAME}/runtime`]);
        // Everything else it requires is Node.js itself: no copied modules, no file paths.
        expect(required.filter((name) => !ofPackage.includes(name) && !builtinModules.includes(name))).toEqual([]);
        expect(manifest.exports).toHaveProperty(["./runtime"]);
    });
});
