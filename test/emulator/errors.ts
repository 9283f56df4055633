/**
 * Graph error responses. Shape from https://learn.microsoft.com/graph/errors:
 * {"error":{"code","message","innerError":{"date","request-id","client-request-id"}}}.
 */
import { randomUUID } from "node:crypto";

/** An answer of the emulator: status, extra headers, JSON body (none for 204). */
export interface HttpAnswer {
    readonly status: number;
    readonly headers?: Record<string, string>;
    readonly body?: unknown;
}

/** Correlation ids echoed in innerError and the response headers. */
export interface RequestIds {
    readonly requestId: string;
    readonly clientRequestId: string;
}

/** Thrown by handlers to answer with a Graph error. */
export class GraphHttpError extends Error {
    constructor(
        readonly status: number,
        readonly code: string,
        message: string,
        readonly headers: Record<string, string> = {},
    ) {
        super(message);
    }
}

/** A Graph date as it appears in innerError ("2023-04-11T04:44:22", no zone, no fraction). */
function graphDate(now = new Date()): string {
    return now.toISOString().slice(0, 19);
}

/** Fresh correlation ids, echoing the caller's client-request-id when it sent one. */
export function requestIds(clientRequestId: string | undefined): RequestIds {
    const requestId = randomUUID();
    return { requestId, clientRequestId: clientRequestId ?? requestId };
}

/** The Graph error body. */
export function graphErrorBody(code: string, message: string, ids: RequestIds): unknown {
    return {
        error: {
            code,
            message,
            innerError: { date: graphDate(), "request-id": ids.requestId, "client-request-id": ids.clientRequestId },
        },
    };
}

/** Turns a handler error into a response; anything unexpected becomes 500 generalException. */
export function errorResponse(error: unknown, ids: RequestIds): HttpAnswer {
    if (error instanceof GraphHttpError) {
        return { status: error.status, headers: error.headers, body: graphErrorBody(error.code, error.message, ids) };
    }
    const detail = error instanceof Error ? error.message : String(error);
    return {
        status: 500,
        body: graphErrorBody("generalException", `An unspecified error has occurred. (${detail})`, ids),
    };
}

/** 400 invalidRequest. */
export function invalidRequest(message: string): GraphHttpError {
    return new GraphHttpError(400, "invalidRequest", message);
}

/** 404 itemNotFound. */
export function itemNotFound(message = "Item not found"): GraphHttpError {
    return new GraphHttpError(404, "itemNotFound", message);
}

/** 403 notAllowed. */
export function notAllowed(message: string): GraphHttpError {
    return new GraphHttpError(403, "notAllowed", message);
}

/** 400 BadRequest for a URL segment Graph does not know (Graph's own wording). */
export function unknownSegment(segment: string): GraphHttpError {
    return new GraphHttpError(400, "BadRequest", `Resource not found for the segment '${segment}'.`);
}

/** 405 for a method the resource does not support (wording from the json-batching doc example). */
export function methodNotAllowed(): GraphHttpError {
    return new GraphHttpError(
        405,
        "Request_BadRequest",
        "Specified HTTP method is not allowed for the request target.",
    );
}

/** Graph's answer to a body that is not JSON. */
export function malformedJson(): GraphHttpError {
    return new GraphHttpError(
        400,
        "BadRequest",
        "Unable to read JSON request payload. Please ensure Content-Type header is set and payload is of valid JSON format.",
    );
}

/** Default code and message of a fault or error status, used when a FaultSpec leaves them out. */
export function defaultErrorFor(status: number): { code: string; message: string } {
    switch (status) {
        case 400:
            return { code: "invalidRequest", message: "Invalid request" };
        case 401:
            return { code: "InvalidAuthenticationToken", message: "Access token validation failure." };
        case 403:
            return { code: "accessDenied", message: "Access denied" };
        case 404:
            return { code: "itemNotFound", message: "Item not found" };
        case 409:
            return { code: "resourceModified", message: "The resource has changed since the caller last read it." };
        case 412:
            return { code: "resourceModified", message: "ETag does not match current item's value" };
        case 429:
            return { code: "activityLimitReached", message: "The request has been throttled" };
        case 503:
            return {
                code: "serviceNotAvailable",
                message: "The service is temporarily unavailable. Please retry later.",
            };
        case 504:
            return { code: "gatewayTimeout", message: "The gateway did not receive a timely response." };
        default:
            return { code: "generalException", message: "An unspecified error has occurred." };
    }
}
