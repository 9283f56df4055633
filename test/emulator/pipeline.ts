/**
 * What every Graph request and every $batch part goes through: bearer-token check, injected faults, then
 * the handler. Errors thrown by handlers become Graph error answers; nothing escapes.
 */
import type { EmulatorContext } from "./context";
import { GraphHttpError, type HttpAnswer, type RequestIds, errorResponse } from "./errors";
import { statusFaultAnswer } from "./faults";
import { resourceUnitCost } from "./resource-units";
import { type TokenClaims, tokenProblemMessage } from "./tokens";
import type { LoggedRequest } from "./types";

/** A handler's result: an answer, or "drop the connection without answering". */
export type Outcome = { readonly answer: HttpAnswer } | { readonly drop: true };

/** The parts of a request the pipeline looks at. */
export interface PipelineRequest {
    readonly kind: "graph" | "batch-part";
    readonly method: string;
    /** Path the faults match (for parts: the inner url's path). */
    readonly path: string;
    readonly authorization?: string;
}

/** Graph's 401 for a missing, invalid or expired token (with the WWW-Authenticate header Graph sends). */
function unauthorized(message: string, ids: RequestIds): HttpAnswer {
    return errorResponse(
        new GraphHttpError(401, "InvalidAuthenticationToken", message, {
            "WWW-Authenticate":
                'Bearer realm="", authorization_uri="https://login.microsoftonline.com/common/oauth2/authorize", client_id="00000003-0000-0000-c000-000000000000"',
        }),
        ids,
    );
}

/**
 * Runs `handler` if the token is valid, the app's resource-unit budget allows (when metered) and no fault fires;
 * marks `entry` authenticated on a valid token and records its RU charge.
 */
export function authorizeAndRun(
    ctx: EmulatorContext,
    entry: LoggedRequest,
    request: PipelineRequest,
    ids: RequestIds,
    handler: (claims: TokenClaims) => Outcome,
): Outcome {
    const claims = ctx.tokens.validate(request.authorization);
    if (typeof claims === "string") return { answer: unauthorized(tokenProblemMessage(claims), ids) };
    entry.authenticated = true;
    const budget = ctx.settings.resourceUnits;
    if (budget) {
        entry.resourceUnits = resourceUnitCost(request);
        const charge = ctx.meter.charge(budget, claims.tid, claims.appid, entry.resourceUnits);
        if (charge.throttled) {
            const throttled = new GraphHttpError(
                429,
                "activityLimitReached",
                "The request has been throttled",
                rateLimitHeaders(claims, charge.headers),
            );
            return { answer: errorResponse(throttled, ids) };
        }
    }
    const outcome = runChecked(ctx, claims, request, ids, handler);
    if (!budget || !("answer" in outcome)) return outcome;
    const headers = rateLimitHeaders(claims, ctx.meter.current(budget, claims.tid, claims.appid));
    return { answer: { ...outcome.answer, headers: { ...outcome.answer.headers, ...headers } } };
}

/**
 * "RateLimit headers only are returned when using application permissions" (Microsoft 365 Developer Blog, "Prevent
 * throttling in your application by using RateLimit headers in SharePoint Online"); Retry-After always is.
 */
function rateLimitHeaders(claims: TokenClaims, headers: Record<string, string>): Record<string, string> {
    if (claims.scp === undefined) return headers;
    return headers["Retry-After"] === undefined ? {} : { "Retry-After": headers["Retry-After"] };
}

function runChecked(
    ctx: EmulatorContext,
    claims: TokenClaims,
    request: PipelineRequest,
    ids: RequestIds,
    handler: (claims: TokenClaims) => Outcome,
): Outcome {
    const fault = ctx.faults.take({ kind: request.kind, method: request.method, path: request.path });
    if (fault && "drop" in fault) return { drop: true };
    if (fault && "expireToken" in fault) {
        ctx.tokens.expire(claims.uti);
        return { answer: unauthorized(tokenProblemMessage("expired"), ids) };
    }
    if (fault) return { answer: statusFaultAnswer(fault, ids) };
    try {
        return handler(claims);
    } catch (error) {
        return { answer: errorResponse(error, ids) };
    }
}
