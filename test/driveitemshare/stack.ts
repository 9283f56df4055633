/**
 * A test stack: the Graph + Entra ID emulator seeded with a small tenant, and DriveItemShare's serialized provider
 * running in Pulumi's own dynamic-provider host, signed in with a client secret the emulator issued.
 */
import type { Grant } from "../../provider/model/share";
import { grantsFromStored } from "../../provider/model/stored-grant";
import { driveItemShareProvider } from "../../provider/pulumi/shim";
import type { GraphEmulator, LoggedRequest } from "../emulator";
import { startEmulator } from "../emulator";
import { DEFAULT_TYPE, EngineResource } from "../harness/engine";
import type { ProviderHost } from "../harness/host";
import { startProviderHost } from "../harness/host";
import { serializeProvider } from "../harness/serialize";
import { installedProject } from "../installed/project";

export const TENANT_ID = "72f988bf-86f1-41af-91ab-2d7cd011db47";
export const CLIENT_ID = "5e3ce6c0-2b1f-4285-8d4b-75ee78787346";
export const CLIENT_SECRET = "test-only-Kq8~secret-value-3f9d";

export const ALICE = "alice@contoso.com";
export const BOB = "bob@contoso.com";
export const CAROL = "carol@contoso.com";
export const DAVE = "dave@contoso.com";
export const GUEST = "erin@fabrikam.com";
export const UNVERIFIED_GUEST = "frank@fabrikam.com";
export const OWNER = "owner@contoso.com";
export const FINANCE_GROUP_ID = "0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0";

export const BUSINESS_DRIVE = "b!finance-library";
export const PERSONAL_DRIVE = "0f040a8f1e1f5d3c";

let serialized: Promise<string> | undefined;

/** This checkout's provider exactly as `pulumi.dynamic.Resource` stores it in `__provider` (for the benchmark). */
export function providerText(): Promise<string> {
    serialized ??= serializeProvider(driveItemShareProvider);
    return serialized;
}

/**
 * Where a provider host runs as `pulumi up` runs it in a user's project: in the project the packed package was
 * installed into (test/installed), serving the provider that package serialized, with that project's SDK host.
 */
export function userProjectHost(): { providerText: string; cwd: string } {
    const project = installedProject();
    return { providerText: project.providerText, cwd: project.dir };
}

/** Seeds the tenant every test uses: one app, a few people, a group, a business drive and a personal drive. */
export function seedTenant(emulator: GraphEmulator): void {
    emulator.addApp({
        tenantId: TENANT_ID,
        clientId: CLIENT_ID,
        clientSecret: CLIENT_SECRET,
        permissions: ["Files.ReadWrite.All", "Sites.Read.All"],
    });
    const owner = emulator.addUser({ email: OWNER, displayName: "Olga Owner" });
    for (const email of [ALICE, BOB, CAROL, DAVE]) emulator.addUser({ email });
    emulator.addUser({ email: GUEST, userType: "Guest" });
    emulator.addUser({ email: UNVERIFIED_GUEST, userType: "Guest", notificationFails: true });
    emulator.addGroup({
        id: FINANCE_GROUP_ID,
        displayName: "Finance",
        mailNickname: "finance",
        groupTypes: "security",
    });
    emulator.addDrive({ id: BUSINESS_DRIVE, driveType: "business", name: "Documents", ownerUserId: owner.id });
    emulator.addDrive({ id: PERSONAL_DRIVE, driveType: "personal", name: "OneDrive", ownerUserId: owner.id });
}

/** The environment a signed-in `pulumi up` against the emulator runs with. */
export function stackEnvironment(emulator: GraphEmulator): Record<string, string> {
    return {
        AZURE_TENANT_ID: TENANT_ID,
        AZURE_CLIENT_ID: CLIENT_ID,
        AZURE_CLIENT_SECRET: CLIENT_SECRET,
        AZURE_AUTHORITY_HOST: emulator.url,
        MSGRAPH_ENDPOINT: emulator.url,
        DRIVESHARE_RETRY_DELAY_MS: "5",
    };
}

/**
 * A DriveItemShare as the engine drives it, with the inputs the DriveItemShare class registers: the program's
 * arguments plus the resource's name and URN.
 */
export class ShareResource extends EngineResource {
    constructor(
        host: ProviderHost,
        readonly name: string,
    ) {
        super(host, name, DEFAULT_TYPE);
    }

    override up(args: object) {
        return super.up({ ...args, __resourceName: this.name, __resourceUrn: this.urn });
    }

    override preview(args: object) {
        return super.preview({ ...args, __resourceName: this.name, __resourceUrn: this.urn });
    }
}

/** An emulator and a provider host for one test file. */
export interface TestStack {
    readonly emulator: GraphEmulator;
    readonly host: ProviderHost;
    /** A new folder on a drive, so that each test starts from an item nobody touched. */
    folder(driveId?: string): { driveId: string; itemId: string };
    /** A DriveItemShare resource as the engine drives it. */
    resource(name: string): ShareResource;
    /**
     * Another provider host on the same emulator, with more environment (a clock: DRIVESHARE_NOW): a resource's
     * state moves between hosts as between two runs of `pulumi up`. Stopped by close.
     */
    hostWith(env: Record<string, string>): Promise<ProviderHost>;
    /** Graph requests since the last call (token requests excluded), as "METHOD path" lines. */
    takeGraphRequests(): string[];
    close(): Promise<void>;
}

export async function startStack(env: Record<string, string | undefined> = {}): Promise<TestStack> {
    const emulator = await startEmulator();
    seedTenant(emulator);
    const start = (more: Record<string, string | undefined>) =>
        startProviderHost({ ...userProjectHost(), env: { ...stackEnvironment(emulator), ...more } });
    const host = await start(env);
    const others: ProviderHost[] = [];
    let folders = 0;
    return {
        emulator,
        host,
        folder(driveId = BUSINESS_DRIVE) {
            const item = emulator.addItem({ driveId, name: `Folder ${++folders}`, folder: true });
            return { driveId, itemId: item.id };
        },
        resource: (name) => new ShareResource(host, name),
        async hostWith(more) {
            const other = await start({ ...env, ...more });
            others.push(other);
            return other;
        },
        takeGraphRequests() {
            const lines = emulator.graphRequests().map(describeRequest);
            emulator.clearRequests();
            return lines;
        },
        async close() {
            await Promise.all([host, ...others].map((h) => h.stop()));
            await emulator.close();
        },
    };
}

/** "POST /v1.0/drives/d/items/i/invite" with the version kept and the query dropped. */
/** The grants a share's state records, decoded from the form state keeps them in (provider/model/stored-grant.ts). */
export function grantsOf(share: EngineResource): Record<string, Grant> {
    return grantsFromStored(share.state!.outputs.grants);
}

export function describeRequest(request: LoggedRequest): string {
    return `${request.method} ${request.path}`;
}
