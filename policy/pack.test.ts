/**
 * The pack as `pulumi preview --policy-pack ./policy` runs it. The CLI's nodejs analyzer resolves
 * @pulumi/pulumi/cmd/run-policy-pack from the pack directory and runs `node <it> <engine-address> .` there; that
 * compiles index.ts with ts-node, the PolicyPack prints the port of its analyzer gRPC server, and the engine calls
 * GetAnalyzerInfo, Configure, Analyze and AnalyzeStack on it. This test does the same, so it also proves the folder's
 * layout: package.json, tsconfig.json, and module resolution up to the repository's node_modules.
 */
import type { ChildProcess } from "child_process";
import { spawn } from "child_process";
import * as grpc from "@grpc/grpc-js";
import { AnalyzerClient } from "@pulumi/pulumi/proto/analyzer_grpc_pb";
import type { AnalyzeDiagnostic, AnalyzeResponse, AnalyzerInfo } from "@pulumi/pulumi/proto/analyzer_pb";
import {
    AnalyzeRequest,
    AnalyzeStackRequest,
    AnalyzerResource,
    AnalyzerResourceOptions,
    ConfigureAnalyzerRequest,
    EnforcementLevel,
    PolicyConfig,
} from "@pulumi/pulumi/proto/analyzer_pb";
import { Empty } from "google-protobuf/google/protobuf/empty_pb";
import { Struct } from "google-protobuf/google/protobuf/struct_pb";
import { DRIVE_ITEM_SHARE_TYPE } from "./share";

const POLICY_DIR = __dirname;
const UNKNOWN_VALUE = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

let pack: ChildProcess;
let client: AnalyzerClient;

/** Starts the pack the way the CLI does and resolves with the port it prints. */
function startPack(): Promise<number> {
    const runner = require.resolve("@pulumi/pulumi/cmd/run-policy-pack", { paths: [POLICY_DIR] });
    // The engine address is only passed through; the pack serves, the engine connects.
    pack = spawn(process.execPath, [runner, "127.0.0.1:0", "."], {
        cwd: POLICY_DIR,
        stdio: ["ignore", "pipe", "pipe"],
    });
    return new Promise((resolve, reject) => {
        let stdout = "";
        let stderr = "";
        pack.stdout?.on("data", (chunk: Buffer) => {
            stdout += chunk.toString();
            const line = stdout.split("\n")[0];
            if (stdout.includes("\n") && /^\d+$/.test(line.trim())) resolve(Number(line.trim()));
        });
        pack.stderr?.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
        pack.on("exit", (code) =>
            reject(new Error(`policy pack exited with ${code} before serving:\n${stdout}${stderr}`)),
        );
    });
}

function call<Req, Res>(
    method: (request: Req, callback: (error: grpc.ServiceError | null, response: Res) => void) => unknown,
    request: Req,
): Promise<Res> {
    return new Promise((resolve, reject) =>
        method.call(client, request, (error, response) => (error ? reject(error) : resolve(response))),
    );
}

/** The engine sends every resource with its options; the SDK refuses requests without them. */
function options(): AnalyzerResourceOptions {
    return new AnalyzerResourceOptions().setProtect(false).setAdditionalsecretoutputsList(["password"]);
}

function resource(type: string, name: string, props: Record<string, unknown>): AnalyzerResource {
    return new AnalyzerResource()
        .setType(type)
        .setName(name)
        .setUrn(`urn:pulumi:dev::files::${type}::${name}`)
        .setProperties(Struct.fromJavaScript(props as Record<string, never>))
        .setOptions(options());
}

async function analyze(props: Record<string, unknown>, type = DRIVE_ITEM_SHARE_TYPE): Promise<AnalyzeResponse> {
    const request = new AnalyzeRequest()
        .setType(type)
        .setName("share")
        .setUrn(`urn:pulumi:dev::files::${type}::share`)
        .setProperties(Struct.fromJavaScript(props as Record<string, never>))
        .setOptions(options());
    return call(client.analyze, request);
}

async function configure(
    config: Record<string, { level: EnforcementLevel; settings: Record<string, unknown> }>,
): Promise<void> {
    const request = new ConfigureAnalyzerRequest();
    for (const [name, { level, settings }] of Object.entries(config)) {
        const policyConfig = new PolicyConfig();
        policyConfig.setEnforcementlevel(level);
        policyConfig.setProperties(Struct.fromJavaScript(settings as Record<string, never>));
        request.getPolicyconfigMap().set(name, policyConfig);
    }
    await call(client.configure, request);
}

/** The diagnostics of one policy in a response. */
function diagnostics(
    response: AnalyzeResponse,
    policy: string,
): { policy: string; level: EnforcementLevel; message: string }[] {
    return response
        .getDiagnosticsList()
        .filter((d: AnalyzeDiagnostic) => d.getPolicyname() === policy)
        .map((d: AnalyzeDiagnostic) => ({ policy, level: d.getEnforcementlevel(), message: d.getMessage() }));
}

const share = (overrides: Record<string, unknown> = {}) => ({
    driveId: "b!x3FhQ2Z0",
    itemId: "01ABC",
    recipients: ["alice@contoso.com"],
    roles: ["read"],
    ...overrides,
});

beforeAll(async () => {
    const port = await startPack();
    client = new AnalyzerClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
}, 60000);

afterAll(() => {
    client?.close();
    pack?.removeAllListeners("exit");
    pack?.kill();
});

describe("the policy pack served as pulumi runs it", () => {
    it("describes itself and its policies to the engine", async () => {
        const info = await call<Empty, AnalyzerInfo>(client.getAnalyzerInfo, new Empty());
        expect(info.getName()).toBe("driveitemshare-guardrails");
        expect(info.getVersion()).toBe("0.1.0");
        const policies = Object.fromEntries(
            info.getPoliciesList().map((p) => [
                p.getName(),
                {
                    level: p.getEnforcementlevel(),
                    defaults: Object.fromEntries(
                        Object.entries(p.getConfigschema()?.getProperties()?.toJavaScript() ?? {}).map(
                            ([key, schema]) => [key, (schema as { default?: unknown }).default],
                        ),
                    ),
                },
            ]),
        );
        expect(policies).toEqual({
            "write-within-allowed-domains": {
                level: EnforcementLevel.MANDATORY,
                defaults: {
                    allowedDomains: [],
                    allowSubdomains: false,
                    allowedObjectIds: [],
                    allowedAliases: [],
                },
            },
            "external-needs-expiration": {
                level: EnforcementLevel.ADVISORY,
                defaults: {
                    allowedDomains: [],
                    allowSubdomains: false,
                    allowedObjectIds: [],
                    allowedAliases: [],
                    maxAccessDays: 0,
                },
            },
            "max-recipients-per-share": { level: EnforcementLevel.ADVISORY, defaults: { maxRecipients: 10 } },
            "max-recipients-per-item": { level: EnforcementLevel.ADVISORY, defaults: { maxRecipients: 10 } },
            "invitation-needs-message": { level: EnforcementLevel.ADVISORY, defaults: { minMessageLength: 1 } },
            "no-sharing-of-protected-items": {
                level: EnforcementLevel.MANDATORY,
                defaults: {
                    protectedItems: [],
                    protectedPaths: [],
                },
            },
        });
    });

    it("judges raw arguments and checked inputs alike with the configured settings", async () => {
        await configure({
            "write-within-allowed-domains": {
                level: EnforcementLevel.MANDATORY,
                settings: { allowedDomains: ["contoso.com"] },
            },
            "invitation-needs-message": { level: EnforcementLevel.DISABLED, settings: {} },
        });
        const rawArgs = share({ roles: ["write"], recipients: ["bob@fabrikam.com", "alice@contoso.com"] });
        const checkedInputs = share({
            roles: ["write"],
            requireSignIn: true,
            sendInvitation: true,
            recipients: {
                "alice@contoso.com": { email: "alice@contoso.com" },
                "bob@fabrikam.com": { email: "bob@fabrikam.com" },
            },
        });
        for (const props of [rawArgs, checkedInputs]) {
            const response = await analyze(props);
            // Disabled through configuration, although the checked inputs send an invitation without a message.
            expect(diagnostics(response, "invitation-needs-message")).toEqual([]);
            expect(diagnostics(response, "write-within-allowed-domains")).toEqual([
                {
                    policy: "write-within-allowed-domains",
                    level: EnforcementLevel.MANDATORY,
                    message:
                        "DriveItemShare may grant write only to recipients in the allowed domains.\n" +
                        "bob@fabrikam.com gains write on item 01ABC but fabrikam.com is not an allowed domain " +
                        "(allowedDomains: contoso.com)",
                },
            ]);
        }
    });

    it("reports an unknown value it needs as the SDK's advisory, not as a violation", async () => {
        await configure({});
        const response = await analyze(share({ roles: UNKNOWN_VALUE }));
        expect(diagnostics(response, "write-within-allowed-domains")).toEqual([
            {
                policy: "write-within-allowed-domains",
                level: EnforcementLevel.ADVISORY,
                message:
                    "can't run policy 'write-within-allowed-domains' from policy pack " +
                    "'driveitemshare-guardrails@v0.1.0' during preview: string value at .roles can't be known during preview",
            },
        ]);
    });

    it("leaves other resource types alone", async () => {
        const response = await analyze({ bucket: "logs" }, "aws:s3/bucket:Bucket");
        expect(response.getDiagnosticsList()).toEqual([]);
        expect(
            response
                .getNotApplicableList()
                .map((n) => n.getPolicyName())
                .sort(),
        ).toEqual([
            "external-needs-expiration",
            "invitation-needs-message",
            "max-recipients-per-share",
            "no-sharing-of-protected-items",
            "write-within-allowed-domains",
        ]);
    });

    it("counts recipients across the shares of one item in the stack", async () => {
        await configure({
            "max-recipients-per-item": { level: EnforcementLevel.ADVISORY, settings: { maxRecipients: 3 } },
        });
        const request = new AnalyzeStackRequest();
        request.setResourcesList([
            resource(DRIVE_ITEM_SHARE_TYPE, "readers", share({ recipients: ["a@contoso.com", "b@contoso.com"] })),
            resource(DRIVE_ITEM_SHARE_TYPE, "editors", share({ recipients: ["c@contoso.com", "d@contoso.com"] })),
        ]);
        const response = await call<AnalyzeStackRequest, AnalyzeResponse>(client.analyzeStack, request);
        expect(response.getDiagnosticsList().map((d) => [d.getPolicyname(), d.getUrn()])).toEqual([
            ["max-recipients-per-item", `urn:pulumi:dev::files::${DRIVE_ITEM_SHARE_TYPE}::readers`],
        ]);
    });
});
