/**
 * How a failed Graph request reads: the request, the status, Graph's code and message, and what to fix.
 */
import type { GraphError } from "../model/graph";

/** A Graph request that failed for good; the message names the request, the status and Graph's error code. */
export class GraphRequestError extends Error {
    constructor(
        readonly method: string,
        readonly path: string,
        readonly status: number,
        readonly code: string,
        detail: string,
    ) {
        super(
            `Graph ${method} ${path} failed with ${status === -1 ? "no answer (connection lost)" : status}` +
                `${code ? ` ${code}` : ""}${detail ? `: ${detail}` : ""}${hint(status, code, path)}`,
        );
        this.name = "GraphRequestError";
    }
}

/**
 * The message Graph gave (its JSON body's, else the client's), with the request-id and date Microsoft support asks
 * for when Graph gave them.
 */
export function graphMessage(error: { message?: string; body?: unknown }): string {
    let graphError: GraphError | undefined;
    if (typeof error.body === "string") {
        try {
            graphError = JSON.parse(error.body);
        } catch {
            // not JSON: fall back to the client's message
        }
    }
    const message = graphError?.message ? String(graphError.message) : (error.message ?? "");
    return `${message}${correlation(graphError)}`;
}

/** ` (request-id ..., date ...)` from Graph's innerError, or nothing. */
export function correlation(error: GraphError | undefined): string {
    const ids = [
        error?.innerError?.["request-id"] && `request-id ${error.innerError["request-id"]}`,
        error?.innerError?.date && `date ${error.innerError.date}`,
    ].filter(Boolean);
    return ids.length > 0 ? ` (${ids.join(", ")})` : "";
}

/**
 * What to fix when a read is refused (`driveitemshare export` only reads): the least a read needs, which is less
 * than what the provider's changes need (see {@link hint}). Nothing for other failures.
 */
export function readAccessHint(status: number, path: string): string {
    if (status !== 403) return "";
    if (path.startsWith("/sites/") && !path.includes("/drive")) {
        return ". Looking a site up by its URL needs the Microsoft Graph application permission Sites.Read.All.";
    }
    return ". Reading items and their permissions needs the Microsoft Graph application permission Files.Read.All or Sites.Read.All.";
}

/** What to fix, for the failures an admin can fix: missing Graph permissions, a rejected token. */
function hint(status: number, code: string, path: string): string {
    if (status === 403 && /accessDenied/i.test(code) && path.startsWith("/sites/") && !path.includes("/drive")) {
        return (
            ". Looking a site up by its URL needs the Microsoft Graph application permission Sites.Read.All or " +
            "Sites.ReadWrite.All (or Sites.Selected granted on this site); or name the item by driveId instead."
        );
    }
    if (status === 403 && /accessDenied/i.test(code)) {
        return (
            ". The app needs the Microsoft Graph application permission Files.ReadWrite.All or " +
            "Sites.ReadWrite.All (or Sites.Selected with write access granted on this site)."
        );
    }
    if (status === 401) return ". Graph rejected the access token twice; check the tenant and app registration.";
    return "";
}
