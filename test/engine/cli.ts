/**
 * The real Pulumi CLI (built by scripts/pulumi-cli.js) running a program laid out as a user's project inside the
 * installed project (test/installed), offline: a local file backend, a passphrase secrets provider, a private
 * PULUMI_HOME, no update check and no plugin downloads. Each PulumiProject is one program folder with one stack.
 */
import * as fs from "fs";
import * as path from "path";
import { BUSINESS_DRIVE, DAVE, seedTenant, stackEnvironment } from "../driveitemshare/stack";
import { EMULATOR_CA_CERT_PATH, type GraphEmulator, startEmulator } from "../emulator";
import { installedProject, REPO_ROOT, runToEnd } from "../installed/project";
import type { ProcessResult } from "../installed/project";

const { ensurePulumiCli } = require("../../scripts/pulumi-cli.js") as { ensurePulumiCli(): string };

const STACK = "test";
const PASSPHRASE = "test-only-passphrase";

/** What one CLI command printed, and how it exited. */
export type CliResult = ProcessResult;

let binDir: string | undefined;

/** The folder of the real CLI, its language host and the dynamic-provider shim. */
export function pulumiBinDir(): string {
    binDir ??= ensurePulumiCli();
    return binDir;
}

/** Environment every CLI command runs with: offline, private, nothing read from the user's own Pulumi set-up. */
function offlineEnvironment(home: string, backend: string): Record<string, string> {
    return {
        PATH: [pulumiBinDir(), path.dirname(process.execPath), process.env.PATH ?? ""].join(path.delimiter),
        HOME: process.env.HOME ?? home,
        PULUMI_HOME: home,
        PULUMI_BACKEND_URL: `file://${backend}`,
        PULUMI_CONFIG_PASSPHRASE: PASSPHRASE,
        PULUMI_SKIP_UPDATE_CHECK: "true",
        PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
        PULUMI_IGNORE_AMBIENT_PLUGINS: "true",
        PULUMI_SKIP_CONFIRMATIONS: "true",
        NODE_EXTRA_CA_CERTS: EMULATOR_CA_CERT_PATH,
        NO_COLOR: "1",
    };
}

let projects = 0;

/** A program folder and its stack, run by the real CLI. */
export class PulumiProject {
    readonly home: string;
    readonly backend: string;

    private constructor(
        readonly dir: string,
        readonly env: Record<string, string>,
    ) {
        this.home = path.join(dir, ".pulumi-home");
        this.backend = path.join(dir, ".pulumi-state");
    }

    /**
     * Lays out a program below the installed project: `files` maps a file name to its content; Pulumi.yaml is one
     * of them. `env` (sign-in settings, MSGRAPH_ENDPOINT, tuning) is added to the offline environment.
     */
    static async create(
        name: string,
        files: Record<string, string>,
        env: Record<string, string> = {},
    ): Promise<PulumiProject> {
        const dir = path.join(installedProject().dir, "programs", `${name}-${process.pid}-${++projects}`);
        fs.mkdirSync(dir, { recursive: true });
        for (const [file, content] of Object.entries(files)) fs.writeFileSync(path.join(dir, file), content);
        const project = new PulumiProject(dir, {});
        fs.mkdirSync(project.home, { recursive: true });
        fs.mkdirSync(project.backend, { recursive: true });
        Object.assign(project.env, offlineEnvironment(project.home, project.backend), env);
        await project.ok(["stack", "init", STACK]);
        return project;
    }

    /** Runs `pulumi <args>` in the program folder. */
    run(args: string[], extraEnv: Record<string, string> = {}): Promise<CliResult> {
        return runToEnd(path.join(pulumiBinDir(), "pulumi"), [...args, "--non-interactive"], {
            cwd: this.dir,
            env: { ...this.env, ...extraEnv },
        });
    }

    /** Runs `pulumi <args>` and fails, showing what the CLI printed, unless it exits 0. */
    async ok(args: string[], extraEnv: Record<string, string> = {}): Promise<CliResult> {
        const result = await this.run(args, extraEnv);
        if (result.status !== 0) {
            throw new Error(`pulumi ${args.join(" ")} exited ${result.status}\n${result.stdout}\n${result.stderr}`);
        }
        return result;
    }

    /** Plain (or, with `secret`, encrypted) stack config, set with `pulumi config set-all --path`. */
    async config(values: Record<string, string>, secret: Record<string, string> = {}): Promise<void> {
        const args = ["config", "set-all", "--path"];
        for (const [key, value] of Object.entries(values)) args.push("--plaintext", `${key}=${value}`);
        for (const [key, value] of Object.entries(secret)) args.push("--secret", `${key}=${value}`);
        await this.ok(args);
    }

    /** `pulumi preview --json`: the steps the engine plans. */
    async previewJson(extra: string[] = []): Promise<PreviewJson> {
        const result = await this.ok(["preview", "--json", ...extra]);
        return JSON.parse(result.stdout) as PreviewJson;
    }

    /** `pulumi preview --diff`, as a reviewer reads it in a pull request. */
    async previewDiff(extra: string[] = []): Promise<string> {
        return (await this.ok(["preview", "--diff", ...extra])).stdout;
    }

    up(extra: string[] = []): Promise<CliResult> {
        return this.ok(["up", "--yes", "--skip-preview", ...extra]);
    }

    refresh(extra: string[] = []): Promise<CliResult> {
        return this.ok(["refresh", "--yes", "--skip-preview", ...extra]);
    }

    destroy(extra: string[] = []): Promise<CliResult> {
        return this.ok(["destroy", "--yes", "--skip-preview", ...extra]);
    }

    /** `pulumi stack export`: the deployment as stored, secrets encrypted. */
    async exportStack(): Promise<StackExport> {
        return JSON.parse((await this.ok(["stack", "export"])).stdout) as StackExport;
    }

    /** The resources of a type in the stack's state, by name. */
    async resources(type = DRIVE_ITEM_SHARE_TYPE): Promise<Record<string, StateResource>> {
        const state = await this.exportStack();
        const byName: Record<string, StateResource> = {};
        for (const resource of state.deployment.resources ?? []) {
            if (resource.type === type) byName[resource.urn.split("::").pop()!] = resource;
        }
        return byName;
    }

    remove(): void {
        if (!process.env.DRIVESHARE_KEEP_TEST_FILES) fs.rmSync(this.dir, { recursive: true, force: true });
    }
}

export const DRIVE_ITEM_SHARE_TYPE = "pulumi-nodejs:dynamic/driveShare:DriveItemShare";

export interface PreviewStep {
    readonly op: string;
    readonly urn: string;
    readonly diffReasons?: string[];
    readonly detailedDiff?: Record<string, { kind: string; inputDiff?: boolean }> | null;
    readonly oldState?: { inputs?: Record<string, any>; outputs?: Record<string, any> };
    readonly newState?: { inputs?: Record<string, any>; outputs?: Record<string, any> };
}

export interface PreviewJson {
    readonly steps: PreviewStep[];
    readonly changeSummary: Record<string, number>;
    readonly diagnostics?: { message: string; severity: string }[];
}

export interface StateResource {
    readonly urn: string;
    readonly type: string;
    readonly id?: string;
    readonly inputs?: Record<string, any>;
    readonly outputs?: Record<string, any>;
}

export interface StackExport {
    readonly deployment: { resources?: StateResource[] };
}

/** Pulumi.yaml of a TypeScript program. */
export function projectFile(name: string, description = "DriveItemShare test program"): string {
    return [
        `name: ${name}`,
        `description: ${description}`,
        "runtime:",
        "  name: nodejs",
        "  options:",
        "    typescript: true",
        "main: index.ts",
        "",
    ].join("\n");
}

/** An example's files as a user would copy them: every file of examples/<name>, and a Pulumi.yaml. */
export function exampleFiles(name: string): Record<string, string> {
    const folder = path.join(REPO_ROOT, "examples", name);
    const files: Record<string, string> = {};
    for (const file of fs.readdirSync(folder)) {
        if (fs.statSync(path.join(folder, file)).isFile())
            files[file] = fs.readFileSync(path.join(folder, file), "utf8");
    }
    files["Pulumi.yaml"] ??= projectFile(`driveitemshare-${name}`);
    return files;
}

/** What an engine test file shares: one emulator with the test tenant, and the projects it made. */
export interface EngineSuite {
    readonly emulator: GraphEmulator;
    /** A program and its stack, signed in to the emulator; `env` adds to or overrides the settings. */
    project(name: string, files: Record<string, string>, env?: Record<string, string>): Promise<PulumiProject>;
    /** A new folder on the business drive, so that each test starts from an item nobody touched. */
    folder(driveId?: string, id?: string): { driveId: string; itemId: string };
    /**
     * Shares an item by hand with dave, whom no program declares, as access granted outside Pulumi: what every
     * operation must leave alone. Resolves to the permission's id.
     */
    sharedByHand(item: { driveId: string; itemId: string }, roles?: string[]): string;
}

/**
 * Registers the set-up and tear-down of an engine test file (the CLI, built if missing; an emulator seeded with the
 * test tenant) and returns what its tests use.
 */
export function useEngineSuite(): EngineSuite {
    let emulator: GraphEmulator | undefined;
    const projects: PulumiProject[] = [];
    let folders = 0;
    beforeAll(async () => {
        pulumiBinDir();
        emulator = await startEmulator();
        seedTenant(emulator);
    }, 900_000);
    afterAll(async () => {
        for (const project of projects) project.remove();
        await emulator?.close();
    });
    const started = () => {
        if (!emulator) throw new Error("the engine suite has not started: use it inside tests");
        return emulator;
    };
    return {
        get emulator() {
            return started();
        },
        async project(name, files, env = {}) {
            const project = await PulumiProject.create(name, files, { ...stackEnvironment(started()), ...env });
            projects.push(project);
            return project;
        },
        folder(driveId = BUSINESS_DRIVE, id) {
            const item = started().addItem({ driveId, id, name: `Folder ${++folders}`, folder: true });
            return { driveId, itemId: item.id };
        },
        sharedByHand(item, roles = ["read"]) {
            return started().addPermission(item.driveId, item.itemId, { kind: "user", user: DAVE, roles }).id;
        },
    };
}

/** Each person's direct grants on an item as "email:roles", one entry per permission (a duplicate shows twice). */
export function directGrants(emulator: GraphEmulator, item: { driveId: string; itemId: string }): string[] {
    return emulator
        .permissions(item.driveId, item.itemId)
        .filter((p) => p.grantedToV2?.user?.email && !p.inheritedFrom && !p.roles.includes("owner"))
        .map((p) => `${p.grantedToV2!.user!.email}:${p.roles.join("+")}`)
        .sort();
}
