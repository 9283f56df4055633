/**
 * POST /v1.0/$batch and /beta/$batch (https://learn.microsoft.com/graph/json-batching).
 *
 * At most 20 requests with unique ids (compared case-insensitively); a body needs a Content-Type header;
 * parts run in request order except that dependsOn runs dependencies first, and a part whose dependency
 * failed answers 424. Each part goes through the same pipeline as a top-level request (auth of the outer
 * token, faults with kind "batch-part", handlers) and is logged. The answer lists responses in reverse
 * order by default, because Graph documents that the order is not guaranteed.
 *
 * Inferred (undocumented): the wording of the 20-request and dependsOn errors, the 424 body, and that an
 * inner url starting with /v1.0 or /beta is accepted (the JS SDK's BatchRequestContent produces such urls
 * from absolute Request urls).
 */
import type { CallBody } from "./call";
import type { EmulatorContext } from "./context";
import { GraphHttpError, type HttpAnswer, errorResponse, graphErrorBody, requestIds } from "./errors";
import { dispatchGraph } from "./graph";
import { type Outcome, authorizeAndRun } from "./pipeline";
import { isObject } from "./recipients";

const MAX_REQUESTS = 20;

/** The outer $batch request. */
export interface BatchRequest {
    readonly version: "v1.0" | "beta";
    readonly body: CallBody;
    readonly authorization?: string;
    /** seq of the outer request in the log. */
    readonly seq: number;
    readonly clientRequestId?: string;
}

interface Part {
    readonly id: string;
    readonly method: string;
    readonly url: string;
    readonly headers: Record<string, string>;
    readonly body: unknown;
    readonly dependsOn: string[];
}

interface PartResponse {
    readonly id: string;
    readonly status: number;
    readonly headers: Record<string, string>;
    readonly body?: unknown;
}

function badBatch(message: string): GraphHttpError {
    return new GraphHttpError(400, "BadRequest", message);
}

function parseParts(body: CallBody): Part[] {
    if (body.kind === "malformed") throw badBatch("Invalid batch payload format.");
    const requests = body.kind === "json" && isObject(body.value) ? body.value.requests : undefined;
    if (!Array.isArray(requests) || requests.length === 0) throw badBatch("Invalid batch payload format.");
    if (requests.length > MAX_REQUESTS)
        throw badBatch(
            `The number of requests in the batch (${requests.length}) exceeds the limit of ${MAX_REQUESTS}.`,
        );
    const parts = requests.map((r): Part => {
        if (
            !isObject(r) ||
            typeof r.id !== "string" ||
            r.id === "" ||
            typeof r.method !== "string" ||
            typeof r.url !== "string"
        ) {
            throw badBatch("Invalid batch payload format.");
        }
        const headers = isObject(r.headers)
            ? Object.fromEntries(Object.entries(r.headers).map(([k, v]) => [k.toLowerCase(), String(v)]))
            : {};
        const dependsOn = r.dependsOn === undefined ? [] : r.dependsOn;
        if (!Array.isArray(dependsOn) || dependsOn.some((d) => typeof d !== "string"))
            throw badBatch("Invalid batch payload format.");
        return {
            id: r.id,
            method: r.method.toUpperCase(),
            url: r.url,
            headers,
            body: r.body,
            dependsOn: dependsOn as string[],
        };
    });
    const seen = new Set<string>();
    for (const p of parts) {
        if (seen.has(p.id.toLowerCase())) throw badBatch(`Request Id ${p.id} has to be unique in a batch.`);
        seen.add(p.id.toLowerCase());
    }
    for (const p of parts) {
        const missing = p.dependsOn.find((d) => !seen.has(d.toLowerCase()));
        if (missing !== undefined)
            throw badBatch(`Request Id ${p.id} depends on request Id ${missing}, which is not in the batch.`);
    }
    return parts;
}

/** Request order, except that a part's dependencies come before it; a cycle is a 400. */
function executionOrder(parts: Part[]): Part[] {
    const byId = new Map(parts.map((p) => [p.id.toLowerCase(), p]));
    const order: Part[] = [];
    const state = new Map<Part, "visiting" | "done">();
    const visit = (p: Part): void => {
        if (state.get(p) === "done") return;
        if (state.get(p) === "visiting") throw badBatch(`The dependsOn of request Id ${p.id} forms a cycle.`);
        state.set(p, "visiting");
        for (const d of p.dependsOn) visit(byId.get(d.toLowerCase()) as Part);
        state.set(p, "done");
        order.push(p);
    };
    parts.forEach(visit);
    return order;
}

/** The inner url below the version root: relative, "/"-prefixed, a leading /v1.0 or /beta removed. */
function innerUrl(url: string): string | undefined {
    if (/^[a-z][a-z0-9+.-]*:\/\//i.test(url)) return undefined;
    const rooted = url.startsWith("/") ? url : `/${url}`;
    return rooted.replace(/^\/(v1\.0|beta)(?=\/|$|\?)/i, "");
}

function partAnswer(ctx: EmulatorContext, batch: BatchRequest, part: Part, dependencyFailed: boolean): Outcome {
    const ids = requestIds(part.headers["client-request-id"] ?? batch.clientRequestId);
    const url = innerUrl(part.url);
    const [path, query = ""] = (url ?? part.url).split("?", 2);
    const entry = ctx.log.start({
        kind: "batch-part",
        method: part.method,
        url: part.url,
        path,
        body: part.body,
        batchSeq: batch.seq,
    });
    const finish = (outcome: Outcome): Outcome => {
        ctx.log.finish(entry, "answer" in outcome ? outcome.answer.status : 0);
        return outcome;
    };
    if (dependencyFailed)
        return finish({ answer: { status: 424, body: graphErrorBody("FailedDependency", "Failed dependency", ids) } });
    if (url === undefined)
        return finish({
            answer: errorResponse(badBatch("Invalid request URL: the url of a batch request must be relative."), ids),
        });
    const hasBody = part.body !== undefined && part.body !== null;
    if (hasBody && part.headers["content-type"] === undefined) {
        return finish({
            answer: errorResponse(
                badBatch(`Write request id : ${part.id} does not contain Content-Type header or body.`),
                ids,
            ),
        });
    }
    const body: CallBody = hasBody ? { kind: "json", value: part.body } : { kind: "none" };
    return finish(
        authorizeAndRun(
            ctx,
            entry,
            { kind: "batch-part", method: part.method, path, authorization: batch.authorization },
            ids,
            (claims) => ({
                answer: dispatchGraph(ctx, {
                    method: part.method,
                    version: batch.version,
                    path,
                    query: new URLSearchParams(query),
                    headers: part.headers,
                    body,
                    claims,
                }),
            }),
        ),
    );
}

function toResponse(part: Part, answer: HttpAnswer): PartResponse {
    const headers: Record<string, string> = {
        ...(answer.body === undefined ? {} : { "Content-Type": "application/json" }),
        ...(answer.headers ?? {}),
    };
    return answer.body === undefined
        ? { id: part.id, status: answer.status, headers }
        : { id: part.id, status: answer.status, headers, body: answer.body };
}

/** Answers an authenticated $batch request (or drops it when a part's fault says so). */
export function handleBatch(ctx: EmulatorContext, batch: BatchRequest): Outcome {
    const requested = parseParts(batch.body);
    const responses = new Map<Part, PartResponse>();
    for (const part of executionOrder(requested)) {
        const dependencyFailed = part.dependsOn.some((d) => {
            const dependency = requested.find((p) => p.id.toLowerCase() === d.toLowerCase());
            return dependency !== undefined && (responses.get(dependency)?.status ?? 0) >= 400;
        });
        const outcome = partAnswer(ctx, batch, part, dependencyFailed);
        if (!("answer" in outcome)) return outcome;
        responses.set(part, toResponse(part, outcome.answer));
    }
    const inRequestOrder = requested.map((p) => responses.get(p) as PartResponse);
    return {
        answer: {
            status: 200,
            body: {
                responses: ctx.settings.batchResponseOrder === "reversed" ? inRequestOrder.reverse() : inRequestOrder,
            },
        },
    };
}
