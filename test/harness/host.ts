// Runs Pulumi's own Node.js dynamic-provider host (the process `pulumi up` starts as the pulumi-nodejs resource
// plugin) and talks to it over gRPC the way the engine does, so tests exercise the real deserialization,
// Configure, error packing and property marshalling instead of calling provider methods directly.
//
// Engine behaviour mirrored here (pulumi/pulumi sdk/go/common/resource/plugin/provider_plugin.go):
// - NewProvider: the plugin inherits the CLI's environment plus PULUMI_NODEJS_PROJECT and PULUMI_PROJECT, and
//   is started in the program directory with the engine address as its only argument.
// - Configure: `args` carries the stack config; for dynamic providers the whole config with namespaced keys
//   (pkg/resource/deploy/target.go, GetPackageConfig: isDynamicProvider). Secret values stay wrapped there;
//   `variables` repeats them as "<pkg>:config:<key>".
// - The host answers acceptSecrets=false, so every other request carries secrets as plain values.
// - Check with no prior state sends empty olds (step_generator.go passes nil olds for creates).
// Not mirrored: the engine also exports the stack config as JSON in PULUMI_CONFIG (for `new pulumi.Config()`
// inside a provider); pass it through `env` when a test needs it.
import type { ChildProcess } from "child_process";
import { spawn } from "child_process";
import { randomBytes } from "crypto";
import { createRequire } from "module";
import * as path from "path";
import type * as GrpcJs from "@grpc/grpc-js";
import type * as ProviderGrpc from "@pulumi/pulumi/proto/provider_grpc_pb";
import type * as ProviderPb from "@pulumi/pulumi/proto/provider_pb";
import type * as StatusPb from "@pulumi/pulumi/proto/status_pb";
import type * as StructPb from "google-protobuf/google/protobuf/struct_pb";

/** Root of this checkout: the default cwd of a host, so `require()`s in providers resolve from its node_modules. */
export const REPO_ROOT = path.resolve(__dirname, "..", "..");

/** The string Pulumi sends for values not known yet (only during preview). */
export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

/** The property that carries the serialized provider in every dynamic resource's inputs, outputs and requests. */
export const PROVIDER_KEY = "__provider";

/** Project name the engine exports to the host unless told otherwise (matches EngineResource's default). */
export const DEFAULT_PROJECT = "driveitemshare-test";

const PULUMI_DIR = path.dirname(require.resolve("@pulumi/pulumi/package.json", { paths: [REPO_ROOT] }));
const EMULATOR_CA = path.join(REPO_ROOT, "test", "emulator", "tls", "cert.pem");

// The generated stubs require grpc-js and google-protobuf from @pulumi/pulumi's directory; loading ours from
// there too guarantees the same copies (one Struct class, one credentials implementation).
const pulumiRequire = createRequire(path.join(PULUMI_DIR, "package.json"));
const grpc = pulumiRequire("@grpc/grpc-js") as typeof GrpcJs;
const providerGrpc = pulumiRequire("./proto/provider_grpc_pb") as typeof ProviderGrpc;
const providerPb = pulumiRequire("./proto/provider_pb") as typeof ProviderPb;
const statusPb = pulumiRequire("./proto/status_pb") as typeof StatusPb;
const { Struct } = pulumiRequire("google-protobuf/google/protobuf/struct_pb") as typeof StructPb;

// The engine's gRPC limit (rpcutil.GrpcChannelOptions); grpc-js would otherwise cap replies at 4 MB.
const MAX_MESSAGE_BYTES = 400 * 1024 * 1024;
const START_TIMEOUT_MS = 30_000;
const CALL_TIMEOUT_MS = 30_000;
const STOP_GRACE_MS = 2_000;
// Keys of the envelope the Node SDK uses for secrets (runtime/rpc.js specialSigKey / specialSecretSig).
const SECRET_SIG_KEY = "4dabf18193072939515e22adb298388d";
const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";

/** How to start a provider host. */
export interface HostOptions {
    /** Serialized provider (see serializeProvider); injected as `__provider` into every property bag sent. */
    providerText: string;
    /**
     * Variables merged over process.env for the host; `undefined` removes a variable. NODE_EXTRA_CA_CERTS is set
     * to the emulator's certificate (absolute path) unless given here.
     */
    env?: Record<string, string | undefined>;
    /** Working directory of the host, where `require()`s in the serialized provider resolve. Default: REPO_ROOT. */
    cwd?: string;
    /** Project exported as PULUMI_NODEJS_PROJECT/PULUMI_PROJECT; `config.get("k")` reads "<project>:k". */
    project?: string;
    /**
     * The deadline of each call, default 30 s. The engine sets none; the bench's tenant scale lifts it, where a step
     * waits minutes of compressed time for the app's SharePoint budget.
     */
    callTimeoutMs?: number;
}

/** What the provider reported through ErrorResourceInitFailed: created, but not fully initialized. */
export interface InitFailure {
    /** ID of the resource that was created. */
    id: string;
    /** Properties the engine stores as the resource's outputs, without `__provider`. */
    properties: Record<string, any>;
    /** `__provider` if the provider put it into the properties itself; the SDK host adds none here. */
    provider?: string;
    /** Reasons, which the engine shows instead of the error's message. */
    reasons: string[];
}

/** A gRPC call to the host failed; `message` is the text the provider threw (what the engine shows). */
export class HostCallError extends Error {
    /**
     * @param method  gRPC method that failed, e.g. "Create".
     * @param code  gRPC status code (2 = UNKNOWN for anything a provider throws).
     * @param details  status details: the provider's error message.
     * @param initFailed  decoded ErrorResourceInitFailed, when the provider threw an error with an `id`.
     */
    constructor(
        readonly method: string,
        readonly code: number,
        readonly details: string,
        readonly initFailed?: InitFailure,
    ) {
        super(details);
        this.name = "HostCallError";
    }
}

/** A check failure as the provider reported it. */
export interface CheckFailure {
    /** Input property at fault; "" for the resource as a whole. */
    property: string;
    reason: string;
}

/** Result of Check: the checked inputs (without `__provider`) and any failures. */
export interface CheckResult {
    inputs: any;
    failures: CheckFailure[];
}

/** Result of Diff as the engine decodes it. */
export interface DiffResult {
    /** The provider's `changes` true / false / undefined (or no diff method at all). */
    changes: "none" | "some" | "unknown";
    /** Properties whose change requires a replacement; non-empty means "replace". */
    replaces: string[];
    deleteBeforeReplace: boolean;
}

/** Result of Read; an empty `id` means the resource no longer exists. */
export interface ReadResult {
    id: string;
    props: any;
    /** Present only when the provider returned `inputs`. */
    inputs?: any;
}

type Bag = Record<string, any>;
type Unary<Req, Res> = (
    request: Req,
    metadata: GrpcJs.Metadata,
    options: Partial<GrpcJs.CallOptions>,
    callback: (error: GrpcJs.ServiceError | null, response: Res) => void,
) => unknown;

const liveHosts = new Set<ProviderHost>();

// Last resort when a test run ends without stopping its hosts: kill them as the test process exits.
function killLiveHosts(): void {
    for (const host of liveHosts) host.kill();
}

/** Stops every host still running in this process (registered as a jest afterAll hook when jest is present). */
export async function stopAllHosts(): Promise<void> {
    await Promise.all([...liveHosts].map((host) => host.stop()));
}

if (typeof afterAll === "function") afterAll(stopAllHosts);

/**
 * Starts the host from @pulumi/pulumi/cmd/dynamic-provider as installed where it runs, with a dummy engine address (the host
 * checks one is given but never dials it), waits for the port it prints, and connects. Rejects, with the host's
 * output, if it exits or stays silent for 30 s.
 */
export async function startProviderHost(opts: HostOptions): Promise<ProviderHost> {
    const project = opts.project ?? DEFAULT_PROJECT;
    const env: NodeJS.ProcessEnv = {
        ...process.env,
        NODE_EXTRA_CA_CERTS: EMULATOR_CA,
        PULUMI_NODEJS_PROJECT: project,
        PULUMI_PROJECT: project,
    };
    for (const [key, value] of Object.entries(opts.env ?? {})) {
        if (value === undefined) delete env[key];
        else env[key] = value;
    }
    const cwd = opts.cwd ?? REPO_ROOT;
    // As the pulumi-resource-pulumi-nodejs shim does: the host of the SDK installed where the program runs; where
    // none is (a bare folder of a harness test), this checkout's.
    let hostScript = path.join(PULUMI_DIR, "cmd", "dynamic-provider", "index.js");
    try {
        hostScript = require.resolve("@pulumi/pulumi/cmd/dynamic-provider", { paths: [cwd] });
    } catch {
        // keep the checkout's
    }
    const child = spawn(process.execPath, [hostScript, "127.0.0.1:1"], {
        cwd,
        env,
        stdio: ["ignore", "pipe", "pipe"],
    });
    const host = new ProviderHost(child, opts.providerText, opts.callTimeoutMs);
    try {
        await host.connect();
    } catch (err) {
        await host.stop();
        throw err;
    }
    return host;
}

/**
 * A running dynamic-provider host. Every property bag sent gets `__provider: providerText` unless it has its own
 * `__provider` key, which is then sent as given (`undefined` = leave it out, as when the engine's state lacks it).
 * Bags returned have `__provider` removed. Until configure() is called, the first call sends an empty Configure,
 * because the engine always configures a provider before using it.
 */
export class ProviderHost {
    private client?: ProviderGrpc.ResourceProviderClient;
    private log = "";
    private configured = false;
    private stopping?: Promise<void>;
    private readonly exited: Promise<void>;

    /** Use startProviderHost(); this wraps an already spawned host process. */
    constructor(
        private readonly child: ChildProcess,
        /** The serialized provider injected as `__provider`. */
        readonly providerText: string,
        /** See {@link HostOptions.callTimeoutMs}. */
        private readonly callTimeoutMs = CALL_TIMEOUT_MS,
    ) {
        liveHosts.add(this);
        if (liveHosts.size === 1) process.on("exit", killLiveHosts);
        // "error" instead of "exit" when the process could not be spawned at all (e.g. a missing cwd).
        this.exited = new Promise((resolve) => {
            child.once("exit", () => resolve());
            child.once("error", (err) => {
                this.log += `${err}\n`;
                resolve();
            });
        });
        child.stdout?.on("data", (chunk: Buffer) => (this.log += chunk.toString()));
        child.stderr?.on("data", (chunk: Buffer) => (this.log += chunk.toString()));
    }

    /** Everything the host printed so far, stdout and stderr interleaved as received. */
    get output(): string {
        return this.log;
    }

    /** Process id of the host. */
    get pid(): number {
        return this.child.pid ?? -1;
    }

    /** Waits for the port on the host's first stdout line and opens the gRPC channel (called by startProviderHost). */
    async connect(): Promise<void> {
        const port = await new Promise<number>((resolve, reject) => {
            let stdout = "";
            const settle = (line: string | Error) => {
                clearTimeout(timer);
                this.child.stdout?.off("data", onData);
                this.child.off("exit", onExit);
                this.child.off("error", settle);
                if (typeof line === "string" && /^\d+$/.test(line)) return resolve(Number(line));
                const why = typeof line === "string" ? `unexpected first line ${JSON.stringify(line)}` : line.message;
                reject(new Error(`provider host did not start: ${why}\n${this.log}`));
            };
            const onData = (chunk: Buffer) => {
                stdout += chunk.toString();
                const newline = stdout.indexOf("\n");
                if (newline >= 0) settle(stdout.slice(0, newline).trim());
            };
            const onExit = (code: number | null, signal: string | null) =>
                settle(new Error(`exited with ${code ?? signal}`));
            const timer = setTimeout(() => settle(new Error("timed out waiting for its port")), START_TIMEOUT_MS);
            this.child.stdout?.on("data", onData);
            this.child.on("exit", onExit);
            this.child.on("error", settle);
        });
        this.client = new providerGrpc.ResourceProviderClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure(), {
            "grpc.max_receive_message_length": MAX_MESSAGE_BYTES,
        });
    }

    /**
     * Sends Configure as the engine does for the pulumi-nodejs default provider: `config` is the stack config with
     * namespaced keys ("driveShare:tenantId"); keys listed in `secretKeys` are sent as secrets, which the host
     * unwraps. The host applies it to each provider text once, when that text is first used.
     */
    async configure(config: Record<string, string>, secretKeys: string[] = []): Promise<void> {
        const req = new providerPb.ConfigureRequest();
        const args: Bag = {};
        for (const [key, value] of Object.entries(config)) {
            req.getVariablesMap().set(`pulumi-nodejs:config:${key}`, value);
            args[key] = secretKeys.includes(key) ? { [SECRET_SIG_KEY]: SECRET_SIG, value } : value;
        }
        req.setArgs(Struct.fromJavaScript(args));
        req.setAcceptsecrets(true);
        req.setAcceptresources(true);
        req.setSendsOldInputs(true);
        req.setSendsOldInputsToDelete(true);
        this.configured = true;
        await this.invoke("Configure", this.rpc().configure, req);
    }

    /** Check(olds, news). Empty `olds` means no prior state and is sent without `__provider`, as the engine does. */
    async check(urn: string, olds: object, news: object): Promise<CheckResult> {
        const req = new providerPb.CheckRequest();
        req.setUrn(urn).setName(urnName(urn)).setType(urnType(urn));
        req.setOlds(Object.keys(olds).length === 0 ? new Struct() : this.struct(olds));
        req.setNews(this.struct(news));
        req.setRandomseed(randomBytes(32));
        const resp = await this.invoke("Check", this.rpc().check, req);
        return {
            inputs: withoutProvider(resp.getInputs()?.toJavaScript() ?? {}),
            failures: resp.getFailuresList().map((f) => ({ property: f.getProperty(), reason: f.getReason() })),
        };
    }

    /** Diff(id, olds, news); the engine passes the old outputs as `olds` and also sends `oldInputs`. */
    async diff(id: string, urn: string, olds: object, news: object, oldInputs?: object): Promise<DiffResult> {
        const req = new providerPb.DiffRequest();
        req.setId(id).setUrn(urn).setName(urnName(urn)).setType(urnType(urn));
        req.setOlds(this.struct(olds));
        req.setNews(this.struct(news));
        if (oldInputs) req.setOldInputs(this.struct(oldInputs));
        const resp = await this.invoke("Diff", this.rpc().diff, req);
        const changes = resp.getChanges();
        const Changes = providerPb.DiffResponse.DiffChanges;
        return {
            changes: changes === Changes.DIFF_SOME ? "some" : changes === Changes.DIFF_NONE ? "none" : "unknown",
            replaces: resp.getReplacesList(),
            deleteBeforeReplace: resp.getDeletebeforereplace(),
        };
    }

    /** Create(props); resolves to the new id and outputs. */
    async create(urn: string, props: object): Promise<{ id: string; outs: any }> {
        const req = new providerPb.CreateRequest();
        req.setUrn(urn).setName(urnName(urn)).setType(urnType(urn));
        req.setProperties(this.struct(props));
        const resp = await this.invoke("Create", this.rpc().create, req);
        return { id: resp.getId(), outs: withoutProvider(resp.getProperties()?.toJavaScript() ?? {}) };
    }

    /** Update(id, olds = old outputs, news = checked inputs); resolves to the new outputs. */
    async update(id: string, urn: string, olds: object, news: object, oldInputs?: object): Promise<any> {
        const req = new providerPb.UpdateRequest();
        req.setId(id).setUrn(urn).setName(urnName(urn)).setType(urnType(urn));
        req.setOlds(this.struct(olds));
        req.setNews(this.struct(news));
        if (oldInputs) req.setOldInputs(this.struct(oldInputs));
        const resp = await this.invoke("Update", this.rpc().update, req);
        return withoutProvider(resp.getProperties()?.toJavaScript() ?? {});
    }

    /** Read(id, props = old outputs, inputs = old inputs); an empty id in the result means "deleted". */
    async read(id: string, urn: string, props: object, inputs?: object): Promise<ReadResult> {
        const req = new providerPb.ReadRequest();
        req.setId(id).setUrn(urn).setName(urnName(urn)).setType(urnType(urn));
        req.setProperties(this.struct(props));
        if (inputs) req.setInputs(this.struct(inputs));
        const resp = await this.invoke("Read", this.rpc().read, req);
        const result: ReadResult = {
            id: resp.getId(),
            props: withoutProvider(resp.getProperties()?.toJavaScript() ?? {}),
        };
        const returnedInputs = resp.getInputs();
        if (returnedInputs) result.inputs = withoutProvider(returnedInputs.toJavaScript());
        return result;
    }

    /** Delete(id, props = old outputs); the engine also sends the old inputs. */
    async delete(id: string, urn: string, props: object, oldInputs?: object): Promise<void> {
        const req = new providerPb.DeleteRequest();
        req.setId(id).setUrn(urn).setName(urnName(urn)).setType(urnType(urn));
        req.setProperties(this.struct(props));
        if (oldInputs) req.setOldInputs(this.struct(oldInputs));
        await this.invoke("Delete", this.rpc().delete, req);
    }

    /** Closes the channel and terminates the host (SIGKILL after 2 s); safe to call more than once. */
    stop(): Promise<void> {
        this.stopping ??= (async () => {
            this.client?.close();
            if (this.child.exitCode === null && this.child.signalCode === null) {
                this.child.kill("SIGTERM");
                const timer = setTimeout(() => this.kill(), STOP_GRACE_MS);
                await this.exited;
                clearTimeout(timer);
            }
            this.forget();
        })();
        return this.stopping;
    }

    /** Kills the host at once, synchronously (for process exit). */
    kill(): void {
        this.child.kill("SIGKILL");
        this.forget();
    }

    private forget(): void {
        liveHosts.delete(this);
        if (liveHosts.size === 0) process.off("exit", killLiveHosts);
    }

    private rpc(): ProviderGrpc.ResourceProviderClient {
        if (!this.client) throw new Error("provider host is not connected");
        return this.client;
    }

    // Plain JSON, as the engine marshals it, with `__provider` injected unless the bag has its own key.
    private struct(bag: object): StructPb.Struct {
        const json: Bag = JSON.parse(JSON.stringify(bag));
        if (!Object.prototype.hasOwnProperty.call(bag, PROVIDER_KEY)) json[PROVIDER_KEY] = this.providerText;
        return Struct.fromJavaScript(json);
    }

    /**
     * Every call sent from now on, with the property bags of its request as plain objects: what the conformance
     * test compares with the real engine's gRPC log (PULUMI_DEBUG_GRPC).
     */
    recordCalls(): RecordedCall[] {
        this.recorded = [];
        return this.recorded;
    }

    private recorded?: RecordedCall[];

    private async invoke<Req, Res>(method: string, fn: Unary<Req, Res>, req: Req): Promise<Res> {
        if (!this.configured) await this.configure({});
        if (this.recorded) {
            const bags: Record<string, Bag> = {};
            for (const field of BAG_FIELDS) {
                const getter = (req as any)[`get${field[0].toUpperCase()}${field.slice(1)}`];
                const bag = getter?.call(req)?.toJavaScript();
                if (bag !== undefined) bags[field] = bag;
            }
            this.recorded.push({ method, bags });
        }
        const client = this.rpc();
        return new Promise<Res>((resolve, reject) => {
            fn.call(client, req, new grpc.Metadata(), { deadline: Date.now() + this.callTimeoutMs }, (err, resp) => {
                if (err) reject(new HostCallError(method, err.code, err.details, decodeInitFailure(err.metadata)));
                else resolve(resp);
            });
        });
    }
}

/** The Struct fields of provider requests, by their protobuf names. */
const BAG_FIELDS = ["args", "olds", "news", "properties", "inputs", "oldInputs"] as const;

/** One call the harness sent to the host. */
export interface RecordedCall {
    /** The RPC, e.g. "Check". */
    readonly method: string;
    /** Its property bags (olds, news, properties, inputs, oldInputs; Configure's args) as sent. */
    readonly bags: Record<string, Bag>;
}

function withoutProvider(bag: Bag): Bag {
    const copy = { ...bag };
    delete copy[PROVIDER_KEY];
    return copy;
}

// The host packs ErrorResourceInitFailed into a google.rpc.Status sent as grpc-status-details-bin, which is
// what the engine decodes (provider_plugin.go parseError).
function decodeInitFailure(metadata: GrpcJs.Metadata | undefined): InitFailure | undefined {
    const raw = metadata?.get("grpc-status-details-bin")[0];
    if (raw === undefined) return undefined;
    const status = statusPb.Status.deserializeBinary(typeof raw === "string" ? Buffer.from(raw, "base64") : raw);
    for (const detail of status.getDetailsList()) {
        if (detail.getTypeName() !== "pulumirpc.ErrorResourceInitFailed") continue;
        const init = providerPb.ErrorResourceInitFailed.deserializeBinary(detail.getValue_asU8());
        const properties: Bag = init.getProperties()?.toJavaScript() ?? {};
        const failure: InitFailure = {
            id: init.getId(),
            properties: withoutProvider(properties),
            reasons: init.getReasonsList(),
        };
        if (typeof properties[PROVIDER_KEY] === "string") failure.provider = properties[PROVIDER_KEY];
        return failure;
    }
    return undefined;
}

// URN = urn:pulumi:<stack>::<project>::<parent types $ ...><type>::<name>; requests also carry name and type.
function urnName(urn: string): string {
    return urn.slice(urn.lastIndexOf("::") + 2);
}

function urnType(urn: string): string {
    const qualifiedType = urn.split("::")[2] ?? "";
    return qualifiedType.slice(qualifiedType.lastIndexOf("$") + 1);
}
