/**
 * The HTTPS server: reads each request, logs it, and routes it to the control surface (/_emulator/...),
 * Graph (/v1.0/..., /beta/...) or Entra (everything else). Graph requests get the configured latency
 * (a $batch once), the token check and faults. A failure inside the emulator answers 500; it never takes
 * the server down.
 */
import { readFileSync } from "node:fs";
import type { IncomingMessage, ServerResponse } from "node:http";
import { type Server, createServer } from "node:https";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { handleBatch } from "./batch";
import type { CallBody } from "./call";
import type { EmulatorContext } from "./context";
import { entraError, handleEntra } from "./entra";
import {
    GraphHttpError,
    type HttpAnswer,
    type RequestIds,
    errorResponse,
    methodNotAllowed,
    requestIds,
} from "./errors";
import { dispatchGraph } from "./graph";
import { authorizeAndRun } from "./pipeline";

/** Absolute path of the self-signed certificate the server presents (trust it with NODE_EXTRA_CA_CERTS). */
export const EMULATOR_CA_CERT_PATH = join(__dirname, "tls", "cert.pem");
const KEY_PATH = join(__dirname, "tls", "key.pem");
const MAX_BODY_BYTES = 4 * 1024 * 1024;
const GRAPH_CONTENT_TYPE =
    "application/json;odata.metadata=minimal;odata.streaming=true;IEEE754Compatible=false;charset=utf-8";

/** A request to the control surface. */
export interface ControlRequest {
    readonly method: string;
    /** Path below /_emulator, e.g. "/seed". */
    readonly path: string;
    readonly query: URLSearchParams;
    /** Parsed JSON body, undefined when empty. */
    readonly body: unknown;
}

/** Answers control requests; may throw (-> 400 with the message). */
export type ControlHandler = (request: ControlRequest) => HttpAnswer;

interface Received {
    readonly method: string;
    readonly url: string;
    readonly path: string;
    readonly query: URLSearchParams;
    readonly headers: Record<string, string>;
    readonly text: string;
}

function readBody(req: IncomingMessage): Promise<Buffer> {
    return new Promise((resolve, reject) => {
        const chunks: Buffer[] = [];
        req.on("data", (c: Buffer) => chunks.push(c));
        req.on("end", () => resolve(Buffer.concat(chunks)));
        req.on("error", reject);
    });
}

function send(res: ServerResponse, answer: HttpAnswer, contentType: string, ids?: RequestIds): void {
    const headers: Record<string, string> = {
        "Cache-Control": "no-cache",
        ...(ids ? { "request-id": ids.requestId, "client-request-id": ids.clientRequestId } : {}),
        ...(answer.headers ?? {}),
    };
    if (answer.body === undefined) {
        res.writeHead(answer.status, headers).end();
        return;
    }
    res.writeHead(answer.status, { ...headers, "Content-Type": contentType }).end(JSON.stringify(answer.body));
}

function parseJson(text: string): CallBody {
    if (text.trim() === "") return { kind: "none" };
    try {
        return { kind: "json", value: JSON.parse(text) as unknown };
    } catch {
        return { kind: "malformed" };
    }
}

async function graph(
    ctx: EmulatorContext,
    r: Received,
    versionMatch: RegExpExecArray,
    res: ServerResponse,
    socketDestroy: () => void,
): Promise<void> {
    ctx.peakGraphInFlight = Math.max(ctx.peakGraphInFlight, ++ctx.graphInFlight);
    try {
        await answerGraph(ctx, r, versionMatch, res, socketDestroy);
    } finally {
        ctx.graphInFlight--;
    }
}

async function answerGraph(
    ctx: EmulatorContext,
    r: Received,
    versionMatch: RegExpExecArray,
    res: ServerResponse,
    socketDestroy: () => void,
): Promise<void> {
    const body = parseJson(r.text);
    const entry = ctx.log.start({
        kind: "graph",
        method: r.method,
        url: r.url,
        path: r.path,
        body: body.kind === "json" ? body.value : body.kind === "malformed" ? r.text : undefined,
        userAgent: r.headers["user-agent"],
    });
    const ids = requestIds(r.headers["client-request-id"]);
    if (ctx.settings.latencyMs > 0) await sleep(ctx.settings.latencyMs);
    const version = versionMatch[1].toLowerCase() === "beta" ? "beta" : "v1.0";
    const below = r.path.slice(versionMatch[0].length);
    const isBatch = /^\/(\$|%24)batch\/?$/i.test(below);
    const outcome = authorizeAndRun(
        ctx,
        entry,
        { kind: "graph", method: r.method, path: r.path, authorization: r.headers.authorization },
        ids,
        (claims) => {
            if (!isBatch)
                return {
                    answer: dispatchGraph(ctx, {
                        method: r.method,
                        version,
                        path: below,
                        query: r.query,
                        headers: r.headers,
                        body,
                        claims,
                    }),
                };
            if (r.method !== "POST") return { answer: errorResponse(methodNotAllowed(), ids) };
            return handleBatch(ctx, {
                version,
                body,
                authorization: r.headers.authorization,
                seq: entry.seq,
                clientRequestId: r.headers["client-request-id"],
            });
        },
    );
    if ("drop" in outcome) {
        ctx.log.finish(entry, 0);
        socketDestroy();
        return;
    }
    ctx.log.finish(entry, outcome.answer.status);
    send(res, outcome.answer, GRAPH_CONTENT_TYPE, ids);
}

function entra(ctx: EmulatorContext, r: Received, res: ServerResponse, socketDestroy: () => void): void {
    const form = Object.fromEntries(new URLSearchParams(r.text));
    const entry = ctx.log.start({
        kind: "entra",
        method: r.method,
        url: r.url,
        path: r.path,
        body: r.method === "GET" ? undefined : form,
    });
    const fault = ctx.faults.take({ kind: "entra", method: r.method, path: r.path });
    if (fault && "drop" in fault) {
        ctx.log.finish(entry, 0);
        socketDestroy();
        return;
    }
    let answer: HttpAnswer;
    if (fault && "status" in fault) {
        const failure = entraError(
            fault.status,
            fault.code ?? (fault.status >= 500 ? "temporarily_unavailable" : "invalid_request"),
            50000,
            fault.message ?? "There was an error issuing a token or an issue with our sign-in service.",
            r.headers["client-request-id"],
        );
        answer = {
            ...failure,
            headers: fault.retryAfterSeconds === undefined ? {} : { "Retry-After": String(fault.retryAfterSeconds) },
        };
    } else {
        answer = handleEntra(ctx, {
            method: r.method,
            path: r.path,
            form,
            query: r.query,
            headers: r.headers,
            clientRequestId: r.headers["client-request-id"],
        });
    }
    ctx.log.finish(entry, answer.status);
    send(res, answer, "application/json; charset=utf-8");
}

function control(handler: ControlHandler, r: Received, res: ServerResponse): void {
    const body = parseJson(r.text);
    if (body.kind === "malformed")
        return send(res, { status: 400, body: { error: "The body is not JSON." } }, "application/json");
    try {
        send(
            res,
            handler({
                method: r.method,
                path: r.path.replace(/^\/_emulator/, "") || "/",
                query: r.query,
                body: body.kind === "json" ? body.value : undefined,
            }),
            "application/json",
        );
    } catch (error) {
        send(
            res,
            { status: 400, body: { error: error instanceof Error ? error.message : String(error) } },
            "application/json",
        );
    }
}

async function handle(
    ctx: EmulatorContext,
    controlHandler: ControlHandler,
    req: IncomingMessage,
    res: ServerResponse,
): Promise<void> {
    const raw = await readBody(req);
    const url = req.url ?? "/";
    const q = url.indexOf("?");
    const path = q < 0 ? url : url.slice(0, q);
    const headers = Object.fromEntries(
        Object.entries(req.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(", ") : (v ?? "")]),
    );
    const received: Received = {
        method: (req.method ?? "GET").toUpperCase(),
        url,
        path,
        query: new URLSearchParams(q < 0 ? "" : url.slice(q + 1)),
        headers,
        text: raw.toString("utf8"),
    };
    if (raw.length > MAX_BODY_BYTES) {
        send(
            res,
            errorResponse(
                new GraphHttpError(413, "BadRequest", "The request body is too large."),
                requestIds(undefined),
            ),
            GRAPH_CONTENT_TYPE,
        );
        return;
    }
    const destroy = (): void => {
        req.socket.destroy();
    };
    if (/^\/_emulator(\/|$)/i.test(path)) return control(controlHandler, received, res);
    const version = /^\/(v1\.0|beta)(?=\/|$)/i.exec(path);
    if (version) return graph(ctx, received, version, res, destroy);
    return entra(ctx, received, res, destroy);
}

/** Creates (without starting) the emulator's HTTPS server. */
export function createEmulatorServer(ctx: EmulatorContext, controlHandler: ControlHandler): Server {
    const server = createServer(
        { cert: readFileSync(EMULATOR_CA_CERT_PATH), key: readFileSync(KEY_PATH) },
        (req, res) => {
            handle(ctx, controlHandler, req, res).catch((error: unknown) => {
                if (!res.headersSent) send(res, errorResponse(error, requestIds(undefined)), GRAPH_CONTENT_TYPE);
                else res.destroy();
            });
        },
    );
    server.on("clientError", (_error, socket) => socket.destroy());
    return server;
}
