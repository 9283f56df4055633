/**
 * GraphEmulator: the in-process API tests use to start, seed, inspect and break the emulator.
 */
import type { Server } from "node:https";
import type { AddressInfo } from "node:net";
import { EmulatorContext, type Settings, settingsFrom } from "./context";
import { handleControl } from "./control";
import { guidFrom, libraryDriveId } from "./ids";
import { renderPermission } from "./render";
import { type SeedDocument, type SeedResult, type SeedTarget, applySeedDocument, seedPermission } from "./seed";
import { createEmulatorServer } from "./server";
import type { StoredDrive, StoredItem, StoredPermission } from "./store";
import type {
    AppRegistration,
    DriveSeed,
    EmulatedDrive,
    EmulatedGroup,
    EmulatedItem,
    EmulatedSite,
    EmulatedUser,
    EmulatorOptions,
    FaultSpec,
    GraphPermission,
    GroupSeed,
    ItemSeed,
    LoggedRequest,
    PermissionSeed,
    SiteSeed,
    UserSeed,
} from "./types";

function publicDrive(d: StoredDrive): EmulatedDrive {
    return {
        id: d.id,
        driveType: d.driveType,
        name: d.name,
        ownerUserId: d.ownerUserId,
        ownerGroupId: d.ownerGroupId,
        siteId: d.siteId,
        defaultLibrary: d.defaultLibrary,
        rootItemId: d.rootItemId,
    };
}

function publicItem(i: StoredItem): EmulatedItem {
    return { id: i.id, driveId: i.driveId, name: i.name, parentId: i.parentId, folder: i.folder, path: i.path };
}

/** A running emulator of Entra ID's token endpoints and Graph's drive-permission endpoints. */
export class GraphEmulator implements SeedTarget {
    /** "https://127.0.0.1:<port>": both the authority host and the Graph endpoint origin. */
    readonly url: string;

    /** Use {@link startEmulator}. */
    constructor(
        private readonly ctx: EmulatorContext,
        private readonly server: Server,
        private readonly options: EmulatorOptions,
    ) {
        this.url = ctx.origin;
    }

    /** Delay added before answering each Graph request (a $batch once); Entra is not delayed. */
    get latencyMs(): number {
        return this.ctx.settings.latencyMs;
    }

    set latencyMs(value: number) {
        this.ctx.settings.latencyMs = value;
    }

    /** Eventual consistency: permissions created by invite are missing from the list (not from GET by id) for this long. */
    get grantVisibilityDelayMs(): number {
        return this.ctx.settings.grantVisibilityDelayMs;
    }

    set grantVisibilityDelayMs(value: number) {
        this.ctx.settings.grantVisibilityDelayMs = value;
    }

    /** Every setting (page size, personal invite mode, batch order...), changeable while running. */
    get settings(): Settings {
        return this.ctx.settings;
    }

    /** Every request (Entra, Graph, $batch parts) in arrival order (the live list). */
    get requests(): LoggedRequest[] {
        return this.ctx.log.entries;
    }

    /** Stops the server and closes open connections. */
    close(): Promise<void> {
        return new Promise((resolve, reject) => {
            this.server.close((error) => (error ? reject(error) : resolve()));
            this.server.closeAllConnections();
        });
    }

    /** Same as {@link close} (test/harness calls it stop). */
    stop(): Promise<void> {
        return this.close();
    }

    /** Forgets directory, sites, drives, permissions, log, faults and tokens, and restores the start options. */
    reset(): void {
        this.ctx.reset();
        Object.assign(this.ctx.settings, settingsFrom(this.options));
    }

    /** Registers an app that can sign in with client credentials (secret and/or certificate). */
    addApp(app: AppRegistration): void {
        this.ctx.directory.addApp(app);
    }

    /** Adds a directory user. */
    addUser(u: UserSeed): EmulatedUser {
        return this.ctx.directory.addUser(u);
    }

    /** Adds a directory group. */
    addGroup(g: GroupSeed): EmulatedGroup {
        return this.ctx.directory.addGroup(g);
    }

    /**
     * Adds a SharePoint site (the root web of its site collection), reached through /sites/{id},
     * /sites/{hostname}:/{path} and, for path "/" on the tenant's host, /sites/root. Give it document libraries
     * with addDrive({ siteId: site.id, name }).
     */
    addSite(s: SiteSeed): EmulatedSite {
        return this.ctx.sites.addSite(s);
    }

    /** Every site, in creation order. */
    sites(): EmulatedSite[] {
        return this.ctx.sites.all();
    }

    /**
     * Adds a drive with its root item; ownerUserId (id or email) gets an owner permission on the root. A drive of
     * a site (siteId: its id or webUrl) is one of its document libraries; see {@link DriveSeed.defaultLibrary}.
     */
    addDrive(d: DriveSeed): EmulatedDrive {
        const owner = d.ownerUserId === undefined ? undefined : this.ctx.directory.user(d.ownerUserId);
        if (d.ownerUserId !== undefined && !owner) throw new Error(`emulator: no user ${d.ownerUserId}`);
        const group = d.ownerGroupId === undefined ? undefined : this.ctx.directory.group(d.ownerGroupId);
        if (d.ownerGroupId !== undefined && !group) throw new Error(`emulator: no group ${d.ownerGroupId}`);
        let { id, siteId } = d;
        if (siteId !== undefined) {
            if (d.driveType === "personal") throw new Error("emulator: a personal drive belongs to no site");
            const site = this.ctx.sites.byId(siteId) ?? this.ctx.sites.byWebUrl(siteId);
            if (!site && /^https?:/i.test(siteId)) throw new Error(`emulator: no site ${siteId}`);
            if (site) {
                siteId = site.id;
                id ??= libraryDriveId(
                    site.siteCollectionId,
                    site.webId,
                    guidFrom(`list:${site.id}:${(d.name ?? "Documents").toLowerCase()}`),
                );
            }
        }
        const drive = this.ctx.store.addDrive({ ...d, id, siteId, ownerUserId: owner?.id, ownerGroupId: group?.id });
        if (owner) seedPermission(this.ctx, drive.id, drive.rootItemId, { kind: "owner", user: owner.id });
        return publicDrive(drive);
    }

    /** Adds a file or folder (under the root unless parentId is given). */
    addItem(i: ItemSeed): EmulatedItem {
        return publicItem(this.ctx.store.addItem(i));
    }

    /** Seeds a permission of any kind on an item; returns it as Graph renders it. */
    addPermission(driveId: string, itemId: string, p: PermissionSeed): GraphPermission {
        const stored = seedPermission(this.ctx, driveId, itemId, p);
        const { drive, item } = this.locate(driveId, itemId);
        return renderPermission(this.ctx.render, drive, item, stored);
    }

    /** Applies a whole seed document (the JSON POST /_emulator/seed takes). */
    seed(doc: SeedDocument): SeedResult {
        return applySeedDocument(this, doc);
    }

    /** The item's permissions now, exactly as GET .../permissions returns them, ignoring the visibility delay. */
    permissions(driveId: string, itemId: string): GraphPermission[] {
        const { drive, item } = this.locate(driveId, itemId);
        return item.permissions.map((p) => renderPermission(this.ctx.render, drive, item, p));
    }

    /** Top-level Graph requests only (no Entra, no $batch parts). */
    graphRequests(): LoggedRequest[] {
        return this.ctx.log.entries.filter((r) => r.kind === "graph");
    }

    /** POST .../oauth2/v2.0/token requests only. */
    tokenRequests(): LoggedRequest[] {
        return this.ctx.log.entries.filter(
            (r) => r.kind === "entra" && r.method === "POST" && /\/oauth2\/v2\.0\/token$/i.test(r.path),
        );
    }

    /** Empties the request log (and restarts the in-flight peak). */
    clearRequests(): void {
        this.ctx.log.clear();
        this.ctx.peakGraphInFlight = this.ctx.graphInFlight;
    }

    /** The most top-level Graph requests answered at once since the log was last cleared. */
    get peakGraphInFlight(): number {
        return this.ctx.peakGraphInFlight;
    }

    /** Arms a fault. */
    injectFault(f: FaultSpec): void {
        this.ctx.faults.add(f);
    }

    /** Disarms every fault. */
    clearFaults(): void {
        this.ctx.faults.clear();
    }

    /** Every token issued so far becomes invalid: Graph answers 401 InvalidAuthenticationToken. */
    expireAllTokens(): void {
        this.ctx.tokens.expireAll();
    }

    /**
     * A valid access token for a registered app without going through the token endpoint (not logged); with `asUser`
     * (id or email) a delegated token, as the Azure CLI holds after `az login`.
     */
    issueToken(tenantId: string, clientId: string, asUser?: string): string {
        const app = this.ctx.directory.findApp(tenantId, clientId);
        if (!app) throw new Error(`emulator: no app ${clientId} in tenant ${tenantId}`);
        const user = asUser === undefined ? undefined : this.ctx.directory.user(asUser);
        if (asUser !== undefined && !user) throw new Error(`emulator: no user ${asUser}`);
        return this.ctx.tokens.issue(app, "https://graph.microsoft.com", this.ctx.settings.tokenLifetimeSeconds, user);
    }

    /** Out-of-band: removes any permission (inherited and owner included), as an admin could in the UI. */
    removePermission(driveId: string, itemId: string, permissionId: string): void {
        const { item } = this.locate(driveId, itemId);
        item.permissions.splice(item.permissions.indexOf(this.permission(item, permissionId)), 1);
        item.version++;
    }

    /** Out-of-band: sets the roles of any permission. */
    setPermissionRoles(driveId: string, itemId: string, permissionId: string, roles: string[]): void {
        const { item } = this.locate(driveId, itemId);
        this.permission(item, permissionId).roles = [...roles];
        item.version++;
    }

    /** Out-of-band: deletes an item and everything below it; every address of it then answers 404. */
    deleteItem(driveId: string, itemId: string): void {
        const { drive, item } = this.locate(driveId, itemId);
        if (item.id === drive.rootItemId) throw new Error("emulator: the root item can't be deleted");
        this.ctx.store.deleteItem(drive, itemId);
    }

    private locate(driveId: string, itemId: string): { drive: StoredDrive; item: StoredItem } {
        const drive = this.ctx.store.requireDrive(driveId);
        return { drive, item: this.ctx.store.requireItem(drive, itemId) };
    }

    private permission(item: StoredItem, permissionId: string): StoredPermission {
        const p = item.permissions.find((x) => x.id === permissionId);
        if (!p) throw new Error(`emulator: item ${item.id} has no permission ${permissionId}`);
        return p;
    }
}

/** Starts an emulator on 127.0.0.1 (port from options, default any free port). */
export async function startEmulator(options: EmulatorOptions = {}): Promise<GraphEmulator> {
    const ctx = new EmulatorContext(settingsFrom(options));
    const holder: { emulator?: GraphEmulator } = {};
    const server = createEmulatorServer(ctx, (request) => handleControl(holder.emulator as GraphEmulator, request));
    await new Promise<void>((resolve, reject) => {
        server.once("error", reject);
        server.listen(options.port ?? 0, "127.0.0.1", () => resolve());
    });
    ctx.origin = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
    holder.emulator = new GraphEmulator(ctx, server, options);
    return holder.emulator;
}
