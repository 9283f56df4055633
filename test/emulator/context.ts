/**
 * Settings and the shared state every handler works on.
 */
import { Directory } from "./directory";
import { FaultRegistry } from "./faults";
import { RequestLog } from "./log";
import type { RenderContext } from "./render";
import { ResourceUnitMeter, type ResourceUnitSettings } from "./resource-units";
import { SiteStore } from "./sites";
import { DriveStore } from "./store";
import { TokenService } from "./tokens";
import type { EmulatorOptions } from "./types";

/** Emulator behaviour; mutable at run time. */
export interface Settings {
    latencyMs: number;
    tokenLifetimeSeconds: number;
    listPageSize: number;
    personalInviteMode: "shared" | "perRecipient";
    tenantDomains: string[];
    grantVisibilityDelayMs: number;
    rejectRetainInheritedPermissionsFalse: boolean;
    inviteFlagDefaults: { requireSignIn: boolean; sendInvitation: boolean };
    batchResponseOrder: "reversed" | "request";
    inviteGatewayTimeoutAbove: number;
    businessInviteExpiration: "ignored" | "rejected";
    clockOffsetMs: number;
    /** SharePoint's RU budget per app per tenant (resource-units.ts); null: off, nothing is charged. */
    resourceUnits: ResourceUnitSettings | null;
}

/** Settings with every default applied. */
export function settingsFrom(options: EmulatorOptions = {}): Settings {
    return {
        latencyMs: options.latencyMs ?? 0,
        tokenLifetimeSeconds: options.tokenLifetimeSeconds ?? 3599,
        listPageSize: options.listPageSize ?? 200,
        personalInviteMode: options.personalInviteMode ?? "shared",
        tenantDomains: [...(options.tenantDomains ?? ["contoso.com"])],
        grantVisibilityDelayMs: options.grantVisibilityDelayMs ?? 0,
        rejectRetainInheritedPermissionsFalse: options.rejectRetainInheritedPermissionsFalse ?? false,
        inviteFlagDefaults: { ...(options.inviteFlagDefaults ?? { requireSignIn: false, sendInvitation: false }) },
        batchResponseOrder: options.batchResponseOrder ?? "reversed",
        inviteGatewayTimeoutAbove: options.inviteGatewayTimeoutAbove ?? 200,
        businessInviteExpiration: options.businessInviteExpiration ?? "ignored",
        clockOffsetMs: options.clockOffsetMs ?? 0,
        resourceUnits: options.resourceUnits ?? null,
    };
}

/** State shared by the server and every handler. */
export class EmulatorContext {
    readonly directory: Directory;
    readonly store = new DriveStore();
    readonly sites = new SiteStore();
    readonly tokens: TokenService;
    readonly log = new RequestLog();
    readonly faults = new FaultRegistry();
    readonly meter = new ResourceUnitMeter();
    /** "https://127.0.0.1:<port>", known once the server listens. */
    origin = "";
    /** Graph requests being answered now, and the most at once since the log was last cleared. */
    graphInFlight = 0;
    peakGraphInFlight = 0;

    /** The emulator's time (ms since the epoch): the machine's, moved by clockOffsetMs. */
    now(): number {
        return Date.now() + this.settings.clockOffsetMs;
    }

    constructor(readonly settings: Settings) {
        this.directory = new Directory(() => this.settings.tenantDomains);
        this.tokens = new TokenService(() => [this.origin]);
    }

    /** What rendering JSON needs. */
    get render(): RenderContext {
        const domain = this.settings.tenantDomains[0] ?? "contoso.com";
        return { directory: this.directory, sites: this.sites, tenantName: domain.split(".")[0] };
    }

    /** Forgets directory, sites, drives, log, faults, tokens and resource units spent. */
    reset(): void {
        this.directory.reset();
        this.store.reset();
        this.sites.reset();
        this.tokens.reset();
        this.log.clear();
        this.peakGraphInFlight = 0;
        this.faults.clear();
        this.meter.reset();
    }
}
