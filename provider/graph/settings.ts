/**
 * Connection settings: stack config first, then the environment, read when a provider method runs (never when the
 * provider is serialized, or the values would be baked into every resource's state).
 */

/** Stack config keys the provider reads, under the `driveShare:` namespace. */
export const CONFIG_KEYS = [
    "tenantId",
    "clientId",
    "clientSecret",
    "clientCertificatePath",
    "authorityHost",
    "graphEndpoint",
    "cloud",
] as const;

/** The stack config values the provider's `configure` captured, by key without namespace. */
export type StackConfig = Partial<Record<(typeof CONFIG_KEYS)[number], string>>;

/** Reads the `driveShare:` keys of the stack config the provider host hands to `configure`. */
export function readStackConfig(config: { get(key: string): string | undefined }): StackConfig {
    const stackConfig: Record<string, string | undefined> = {};
    for (const key of CONFIG_KEYS) stackConfig[key] = config.get(`driveShare:${key}`);
    return stackConfig;
}

/** A connection setting the stack config or the environment gives. */
export type SettingKey = (typeof CONFIG_KEYS)[number];

/** Where and how to sign in and call Graph. */
export interface ConnectionSettings {
    readonly tenantId?: string;
    readonly clientId?: string;
    readonly clientSecret?: string;
    /** A PEM file holding the app's certificate and private key, for certificate sign-in. */
    readonly clientCertificatePath?: string;
    /** Entra ID authority origin, e.g. https://login.microsoftonline.com. */
    readonly authorityHost?: string;
    /** Graph origin; requests go to `<graphEndpoint>/v1.0/...`. */
    readonly graphEndpoint: string;
    /** Upper bound on the total time spent waiting on Graph's Retry-After during one operation, in seconds. */
    readonly maxThrottleWaitSeconds: number;
    /** Upper bound on Graph requests in flight at once, across every resource this process serves. */
    readonly maxConcurrency: number;
    /**
     * The app's SharePoint budget in resource units a minute, when given: it sets what is in flight before Graph's
     * RateLimit headers tell the budget (pacer.ts). Undefined: the smallest budget is assumed.
     */
    readonly ruPerMinute?: number;
    /** Base delay of the exponential backoff after a server error or a dropped connection, in milliseconds. */
    readonly retryDelayMs: number;
    /** Most recipients in one invite call: one invite for many people times out at Graph's gateway. */
    readonly recipientsPerInvite: number;
    /**
     * Whether `pulumi refresh` removes the grants of recipients whose accessUntil has passed. Off unless asked for:
     * `pulumi preview --refresh` runs the same read, and by default a preview changes nobody's access.
     */
    readonly endAccessOnRefresh: boolean;
    /** Where each given setting came from, as an error names it: `driveShare:clientId` or `AZURE_CLIENT_ID`. */
    readonly sources: Readonly<Partial<Record<SettingKey, string>>>;
}

/** How an error names a setting: where its value came from, else the stack config key to set. */
export function settingName(settings: Pick<ConnectionSettings, "sources">, key: SettingKey): string {
    return settings.sources[key] ?? `driveShare:${key}`;
}

const ENVIRONMENT: Record<SettingKey, string> = {
    tenantId: "AZURE_TENANT_ID",
    clientId: "AZURE_CLIENT_ID",
    clientSecret: "AZURE_CLIENT_SECRET",
    clientCertificatePath: "AZURE_CLIENT_CERTIFICATE_PATH",
    authorityHost: "AZURE_AUTHORITY_HOST",
    graphEndpoint: "MSGRAPH_ENDPOINT",
    cloud: "DRIVESHARE_CLOUD",
};

/**
 * Microsoft's national clouds: the sign-in host and Graph endpoint of each. GCC ("usgov") runs on the global service;
 * GCC High and DoD have their own Graph hosts behind the US Government sign-in host.
 */
export const CLOUDS: Record<string, { readonly authorityHost: string; readonly graphEndpoint: string }> = {
    public: { authorityHost: "https://login.microsoftonline.com", graphEndpoint: "https://graph.microsoft.com" },
    usgov: { authorityHost: "https://login.microsoftonline.com", graphEndpoint: "https://graph.microsoft.com" },
    usgovhigh: { authorityHost: "https://login.microsoftonline.us", graphEndpoint: "https://graph.microsoft.us" },
    dod: { authorityHost: "https://login.microsoftonline.us", graphEndpoint: "https://dod-graph.microsoft.us" },
    china: {
        authorityHost: "https://login.chinacloudapi.cn",
        graphEndpoint: "https://microsoftgraph.chinacloudapi.cn",
    },
};

/**
 * Reads every setting from stack config, falling back to the environment, and validates the endpoints. An explicit
 * authority host or Graph endpoint wins over the cloud's.
 */
export function resolveSettings(config: StackConfig, env: NodeJS.ProcessEnv = process.env): ConnectionSettings {
    const sources: Partial<Record<SettingKey, string>> = {};
    const value = (key: SettingKey) => {
        const fromConfig = nonEmpty(config[key]);
        const fromEnv = nonEmpty(env[ENVIRONMENT[key]]);
        if (fromConfig !== undefined || fromEnv !== undefined)
            sources[key] = fromConfig !== undefined ? `driveShare:${key}` : ENVIRONMENT[key];
        return fromConfig ?? fromEnv;
    };
    const cloudName = (value("cloud") ?? "public").toLowerCase();
    const cloud = CLOUDS[cloudName];
    if (!cloud) {
        throw new Error(
            `${sources.cloud} "${value("cloud")}" is not a cloud; use one of ${Object.keys(CLOUDS).join(", ")}`,
        );
    }
    const givenAuthorityHost = value("authorityHost");
    const givenGraphEndpoint = value("graphEndpoint");
    const authorityHost = givenAuthorityHost ?? (cloudName === "public" ? undefined : cloud.authorityHost);
    const name = (key: SettingKey) => settingName({ sources }, key);
    return {
        tenantId: value("tenantId"),
        clientId: value("clientId"),
        clientSecret: value("clientSecret"),
        clientCertificatePath: value("clientCertificatePath"),
        authorityHost: authorityHost === undefined ? undefined : origin(name("authorityHost"), authorityHost),
        graphEndpoint: origin(name("graphEndpoint"), givenGraphEndpoint ?? cloud.graphEndpoint),
        maxThrottleWaitSeconds: number(env, "DRIVESHARE_MAX_THROTTLE_WAIT_SECONDS", 300),
        maxConcurrency: Math.max(1, number(env, "DRIVESHARE_MAX_CONCURRENCY", 16)),
        ruPerMinute: positiveInteger(env, "DRIVESHARE_RU_PER_MINUTE"),
        retryDelayMs: number(env, "DRIVESHARE_RETRY_DELAY_MS", 1000),
        // About 30 per call is what worked where 200 always answered 504 (OneDrive/onedrive-api-docs#1481).
        recipientsPerInvite: Math.max(1, Math.floor(number(env, "DRIVESHARE_RECIPIENTS_PER_INVITE", 30))),
        endAccessOnRefresh: flag(env, "DRIVESHARE_END_ACCESS_ON_REFRESH"),
        sources,
    };
}

/** True for Microsoft's own sign-in hosts, where MSAL's instance discovery works and is wanted. */
export function isMicrosoftAuthority(authorityHost: string | undefined): boolean {
    if (authorityHost === undefined) return true;
    const host = new URL(authorityHost).hostname;
    return /(^|\.)(microsoftonline\.(com|us)|chinacloudapi\.cn|microsoftonline\.de)$/.test(host);
}

function nonEmpty(value: string | undefined): string | undefined {
    const trimmed = value?.trim();
    return trimmed ? trimmed : undefined;
}

/**
 * An endpoint as an origin. Plain http is refused except on loopback: a bearer token or a client secret sent over
 * http to another host could be read on the way.
 */
function origin(setting: string, value: string): string {
    let url: URL;
    try {
        url = new URL(value);
    } catch {
        throw new Error(`${setting} "${value}" is not a URL; give an origin such as https://graph.microsoft.com`);
    }
    const loopback = ["127.0.0.1", "localhost", "[::1]"].includes(url.hostname);
    if (url.protocol !== "https:" && !(url.protocol === "http:" && loopback)) {
        throw new Error(`${setting} "${value}" must use https (plain http is accepted only for loopback)`);
    }
    if (url.pathname !== "/" && url.pathname !== "") {
        throw new Error(`${setting} "${value}" must be an origin without a path, such as ${url.origin}`);
    }
    return url.origin;
}

function flag(env: NodeJS.ProcessEnv, name: string): boolean {
    const raw = env[name];
    if (raw === undefined || raw === "" || raw === "false") return false;
    if (raw === "true") return true;
    throw new Error(`${name} "${raw}" must be true or false`);
}

/** A count that must be whole and above zero, or undefined when not given. */
function positiveInteger(env: NodeJS.ProcessEnv, name: string): number | undefined {
    const raw = env[name];
    if (raw === undefined || raw === "") return undefined;
    const parsed = Number(raw);
    if (!Number.isInteger(parsed) || parsed <= 0) throw new Error(`${name} "${raw}" must be a positive integer`);
    return parsed;
}

function number(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
    const raw = env[name];
    if (raw === undefined || raw === "") return fallback;
    const parsed = Number(raw);
    if (!Number.isFinite(parsed) || parsed < 0) throw new Error(`${name} "${raw}" must be a non-negative number`);
    return parsed;
}
