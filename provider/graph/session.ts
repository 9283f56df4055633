/**
 * A Graph session, through `@microsoft/microsoft-graph-client`: GET, list, invite and `$batch` as requests that
 * succeed once or fail with a clear error. Retries, throttling, the process-wide limit on requests in flight and the
 * pacing within SharePoint's resource-unit budget (pacer.ts) live here. What an answer means for a share is for the
 * files beside this one (invite.ts, batch.ts, address.ts); how a failure reads, for errors.ts.
 */
import * as fs from "fs";
import * as path from "path";
import type * as GraphClient from "@microsoft/microsoft-graph-client";
import type { Client, Context, Middleware, MiddlewareOptions } from "@microsoft/microsoft-graph-client";
import type { ItemAddress } from "../model/address";
import type { BatchRequestItem, BatchResponseItem, GraphPage, GraphPermission, InviteRequest } from "../model/graph";
import { GraphRequestError, graphMessage } from "./errors";
import { Limiter } from "./limiter";
import { Pacer, inFlightBeforeHeaders, rateLimitOf } from "./pacer";
import { resourceUnits } from "./resource-units";
import type { ConnectionSettings } from "./settings";
import { tokenSource } from "./signin";
import type { TokenSource } from "./signin";

/** One request of a `$batch`. */
export interface BatchPart {
    readonly method: "GET" | "PATCH" | "DELETE" | "POST";
    /** Relative to the version root, e.g. /drives/{d}/items/{i}/permissions/{p}. */
    readonly url: string;
    readonly body?: unknown;
}

/** A batch part's answer. */
export interface BatchResult {
    readonly part: BatchPart;
    readonly status: number;
    readonly body?: BatchResponseItem["body"];
}

const BATCH_LIMIT = 20;
const RETRYABLE_THROTTLE = new Set([429, 503, 504]);
const MAX_ATTEMPTS = 6;

/** Shared by every session in the process: see limiter.ts. */
const limiter = new Limiter();

/** One per app and tenant, shared by every session in the process: see pacer.ts. */
const pacers = new Map<string, Pacer>();

function pacerFor(settings: ConnectionSettings): Pacer {
    const key = `${settings.graphEndpoint}|${settings.tenantId ?? ""}|${settings.clientId ?? ""}`;
    let pacer = pacers.get(key);
    if (!pacer) {
        pacer = new Pacer(inFlightBeforeHeaders(settings.ruPerMinute), (seconds, limit) =>
            notice(
                `the app has spent its SharePoint budget for this minute (RateLimit-Limit ${limit} resource units); ` +
                    `pacing: waiting ${seconds} s`,
            ),
        );
        pacers.set(key, pacer);
    }
    return pacer;
}

/**
 * Graph access for one provider operation. Connections, tokens and the in-flight limit are shared by every operation
 * in the process; the throttling budget belongs to the operation.
 */
export class GraphSession {
    private readonly client: Client;
    private readonly tokens: TokenSource;
    private readonly pacer: Pacer;
    private throttleWaitSeconds = 0;

    constructor(readonly settings: ConnectionSettings) {
        this.tokens = tokenSource(settings);
        this.client = graphClient(settings);
        this.pacer = pacerFor(settings);
        limiter.capacity = settings.maxConcurrency;
    }

    /** Every permission on the item, following @odata.nextLink; undefined when the item does not exist. */
    async listPermissions(item: ItemAddress): Promise<GraphPermission[] | undefined> {
        const permissions: GraphPermission[] = [];
        let url: string | undefined = `${itemPath(item)}/permissions`;
        try {
            while (url) {
                const page: GraphPage<GraphPermission> = await this.send("GET", url, true, (api) => api.get());
                permissions.push(...page.value);
                url = page["@odata.nextLink"];
            }
        } catch (error) {
            if (error instanceof GraphRequestError && error.status === 404) return undefined;
            throw error;
        }
        return permissions;
    }

    /** One resource by its version-relative path; undefined when Graph answers 404. */
    async get<T>(url: string): Promise<T | undefined> {
        try {
            return await this.send("GET", url, true, (api) => api.get());
        } catch (error) {
            if (error instanceof GraphRequestError && error.status === 404) return undefined;
            throw error;
        }
    }

    /**
     * Grants with one invite call. Not retried after a server error, a gateway timeout or a lost connection: the
     * grant may have happened (invite.ts lists to find out).
     */
    async invite(item: ItemAddress, request: InviteRequest): Promise<GraphPermission[]> {
        const answer: GraphPage<GraphPermission> = await this.send("POST", `${itemPath(item)}/invite`, false, (api) =>
            api.post(request),
        );
        return answer.value;
    }

    /**
     * Runs the parts in `$batch` requests of at most 20, concurrently under the process-wide limit. Parts Graph
     * throttled or failed with a server error are sent again (all parts here are idempotent); every other answer is
     * returned as it came.
     */
    async batch(parts: readonly BatchPart[]): Promise<BatchResult[]> {
        const chunks: BatchPart[][] = [];
        for (let i = 0; i < parts.length; i += BATCH_LIMIT) chunks.push(parts.slice(i, i + BATCH_LIMIT));
        const results = await Promise.all(chunks.map((chunk) => this.batchChunk(chunk)));
        return results.flat();
    }

    private async batchChunk(parts: BatchPart[]): Promise<BatchResult[]> {
        const done: BatchResult[] = [];
        let pending = parts;
        for (let attempt = 1; pending.length > 0; attempt++) {
            const requests: BatchRequestItem[] = pending.map((part, index) => ({
                id: String(index + 1),
                method: part.method,
                url: part.url,
                ...(part.body === undefined
                    ? {}
                    : { body: part.body, headers: { "Content-Type": "application/json" } }),
            }));
            const answer: { responses: BatchResponseItem[] } = await this.send(
                "POST",
                "/$batch",
                true,
                (api) => api.post({ requests }),
                pending,
            );
            const retry: BatchPart[] = [];
            let waitSeconds = 0;
            for (const response of answer.responses) {
                const part = pending[Number(response.id) - 1];
                const transient = RETRYABLE_THROTTLE.has(response.status) || response.status >= 500;
                if (transient && attempt < MAX_ATTEMPTS) {
                    retry.push(part);
                    waitSeconds = Math.max(
                        waitSeconds,
                        this.retryDelaySeconds(
                            response.status,
                            headerValue(response.headers, "retry-after"),
                            attempt,
                            `${part.method} ${part.url} (in $batch)`,
                        ),
                    );
                } else {
                    done.push({ part, status: response.status, body: response.body });
                }
            }
            if (retry.length > 0) await sleep(waitSeconds * 1000);
            pending = retry;
        }
        return done;
    }

    /**
     * One Graph request with retries; `idempotent` requests are also retried after server errors and lost
     * connections. `parts` are a `$batch`'s, for its cost in resource units.
     */
    private async send<T>(
        method: string,
        url: string,
        idempotent: boolean,
        call: (api: ReturnType<Client["api"]>) => Promise<T>,
        parts: readonly BatchPart[] = [],
    ): Promise<T> {
        const path = url.startsWith("http") ? new URL(url).pathname : url;
        if (url.startsWith("http") && new URL(url).origin !== this.settings.graphEndpoint) {
            // The token goes with every request: only to the Graph endpoint the settings name.
            throw new Error(
                `Graph answered ${method} ${path} with a next link to another host: ${new URL(url).origin}`,
            );
        }
        let renewedToken = false;
        for (let attempt = 1; ; attempt++) {
            // A sign-in failure is not a Graph failure: it reaches the caller as it is, without Graph retries.
            const token = await this.tokens.token();
            try {
                // Paced within a slot of the limiter: what the pacer counts in flight is on its way to Graph, not
                // queued behind other requests (which would be counted in a window they may not reach Graph in).
                return await limiter.run(() =>
                    this.paced(resourceUnits(method, url, parts), (seen) =>
                        call(
                            this.client
                                .api(url)
                                .header("Authorization", `Bearer ${token}`)
                                .header("User-Agent", userAgent())
                                .middlewareOptions([seen]),
                        ),
                    ),
                );
            } catch (raw) {
                const error = raw as {
                    statusCode?: number;
                    code?: string;
                    message?: string;
                    headers?: Headers;
                    body?: unknown;
                };
                const status = typeof error.statusCode === "number" ? error.statusCode : -1;
                const code = status === -1 ? "" : (error.code ?? "");
                if (status === 401 && !renewedToken) {
                    // An expired or revoked token: sign in again once. Graph did not run the request.
                    renewedToken = true;
                    this.tokens.renew(token);
                    continue;
                }
                // 429 and 503 are throttling: Graph did not run the request. A 504 is the gateway giving up on it,
                // which may have run: sent again only when doing it twice does no harm.
                const throttled = status === 429 || status === 503 || (idempotent && status === 504);
                const serverError = status === -1 || status >= 500;
                if (attempt < MAX_ATTEMPTS && (throttled || (idempotent && serverError && attempt < 3))) {
                    await sleep(
                        1000 *
                            this.retryDelaySeconds(
                                status,
                                error.headers?.get?.("retry-after") ?? undefined,
                                attempt,
                                `${method} ${path}`,
                            ),
                    );
                    continue;
                }
                throw new GraphRequestError(method, path, status, code, graphMessage(error));
            }
        }
    }

    /** Sends within the app's resource-unit budget (pacer.ts), telling the pacer what the answer's headers said. */
    private async paced<T>(cost: number, send: (seen: SeenHeaders) => Promise<T>): Promise<T> {
        const reservation = await this.pacer.reserve(cost);
        const seen = new SeenHeaders();
        try {
            return await send(seen);
        } finally {
            this.pacer.settle(
                reservation,
                rateLimitOf((name) => seen.headers?.get(name)),
            );
        }
    }

    /**
     * How long to wait before retrying: Graph's Retry-After when it gave one, else exponential backoff. Throws when
     * the operation's total wait would pass `maxThrottleWaitSeconds`.
     */
    private retryDelaySeconds(
        status: number,
        retryAfter: string | undefined,
        attempt: number,
        request: string,
    ): number {
        const asked = parseRetryAfter(retryAfter);
        const seconds = asked ?? (this.settings.retryDelayMs / 1000) * 2 ** (attempt - 1);
        if (this.throttleWaitSeconds + seconds > this.settings.maxThrottleWaitSeconds) {
            throw new Error(
                `Graph throttled ${request} (${status}): it asked to wait ${seconds} s more after ` +
                    `${this.throttleWaitSeconds} s of waiting in this operation, beyond the bound of ` +
                    `${this.settings.maxThrottleWaitSeconds} s (DRIVESHARE_MAX_THROTTLE_WAIT_SECONDS). Nothing was lost: ` +
                    "run pulumi up again later.",
            );
        }
        this.throttleWaitSeconds += seconds;
        if (seconds >= 1)
            notice(`Graph answered ${request} with ${status === -1 ? "no answer" : status}; waiting ${seconds} s`);
        return seconds;
    }
}

/**
 * One line on stderr, which `pulumi up` prints (the engine shows a provider's stderr): a long operation says what it
 * waits for, and never looks hung.
 */
export function notice(line: string): void {
    process.stderr.write(`driveitemshare: ${line}\n`);
}

/** The version-relative path of an item. */
export function itemPath(item: ItemAddress): string {
    return `/drives/${encodeURIComponent(item.driveId)}/items/${encodeURIComponent(item.itemId)}`;
}

/** A request's middleware option: where {@link HeadersRecorder} leaves the answer's headers. */
class SeenHeaders implements MiddlewareOptions {
    headers?: Headers;
}

/** Keeps each answer's headers for the request's {@link SeenHeaders}: the client returns only the body. */
class HeadersRecorder implements Middleware {
    private next?: Middleware;

    async execute(context: Context): Promise<void> {
        await this.next?.execute(context);
        const seen = context.middlewareControl?.getMiddlewareOptions(SeenHeaders) as SeenHeaders | undefined;
        if (seen && context.response) seen.headers = context.response.headers;
    }

    setNext(next: Middleware): void {
        this.next = next;
    }
}

function graphClient(settings: ConnectionSettings): Client {
    const graph: typeof GraphClient = require("@microsoft/microsoft-graph-client");
    return graph.Client.initWithMiddleware({
        baseUrl: `${settings.graphEndpoint}/`,
        defaultVersion: "v1.0",
        // Retries are ours (bounded throttling waits, batch parts); the SDK's RetryHandler would wait unbounded. The
        // token is ours too (send), so that a 401 renews the very token Graph rejected.
        middleware: [new HeadersRecorder(), new graph.HTTPMessageHandler()],
    });
}

let cachedUserAgent: string | undefined;

/**
 * How the tool names itself to Graph, in the form SharePoint's throttling guidance asks of tools that are not an ISV
 * app: `NONISV|CompanyName|AppName/Version` (learn.microsoft.com/sharepoint/dev/general-development/
 * how-to-avoid-getting-throttled-or-blocked-in-sharepoint-online).
 */
export function userAgent(): string {
    cachedUserAgent ??= `NONISV|driveitemshare|driveitemshare/${packageVersion()}`;
    return cachedUserAgent;
}

/** The installed package's version. */
export function packageVersion(): string {
    return String(packageManifest()?.version ?? "unknown");
}

/**
 * The installed package's package.json (two folders up from src and three from dist), or undefined when it cannot be
 * found; the export reads the Pulumi SDK range it supports from it.
 */
export function packageManifest(): { version?: string; peerDependencies?: Record<string, string> } | undefined {
    for (let dir = __dirname; dir !== path.dirname(dir); dir = path.dirname(dir)) {
        const file = path.join(dir, "package.json");
        if (!fs.existsSync(file)) continue;
        const manifest = JSON.parse(fs.readFileSync(file, "utf8"));
        if (manifest.name === "driveitemshare") return manifest;
    }
    return undefined;
}

function headerValue(headers: Record<string, string> | undefined, name: string): string | undefined {
    if (!headers) return undefined;
    const key = Object.keys(headers).find((k) => k.toLowerCase() === name);
    return key === undefined ? undefined : String(headers[key]);
}

/** Retry-After in seconds: a number of seconds or an HTTP date. */
function parseRetryAfter(value: string | undefined): number | undefined {
    if (value === undefined || value === "") return undefined;
    const seconds = Number(value);
    if (Number.isFinite(seconds)) return Math.max(0, seconds);
    const date = Date.parse(value);
    return isNaN(date) ? undefined : Math.max(0, (date - Date.now()) / 1000);
}

function sleep(ms: number): Promise<void> {
    return ms <= 0 ? Promise.resolve() : new Promise((resolve) => setTimeout(resolve, ms));
}
