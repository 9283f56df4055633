/**
 * Injected faults: throttling (429/503 with Retry-After), server errors, dropped connections and token
 * expiry, matched by method, path and kind, with skip/times counting per spec.
 */
import { defaultErrorFor, graphErrorBody, type HttpAnswer, type RequestIds } from "./errors";
import type { FaultResponse, FaultSpec } from "./types";

/** The request a fault may hit. */
export interface FaultTarget {
    readonly kind: "graph" | "batch-part" | "entra";
    readonly method: string;
    /** Path without query; for batch parts the inner url's path. */
    readonly path: string;
}

interface ActiveFault {
    readonly spec: FaultSpec;
    skipLeft: number;
    timesLeft: number;
}

function matches(spec: FaultSpec, target: FaultTarget): boolean {
    const kindOk = spec.kind === undefined ? target.kind !== "entra" : spec.kind === target.kind;
    const methodOk = spec.method === undefined || spec.method.toUpperCase() === target.method.toUpperCase();
    const pathOk =
        spec.path === undefined ||
        // A /g or /y RegExp's test() is stateful (lastIndex); a fresh copy without them matches the same way every time.
        (typeof spec.path === "string"
            ? target.path.includes(spec.path)
            : new RegExp(spec.path.source, spec.path.flags.replace(/[gy]/g, "")).test(target.path));
    return kindOk && methodOk && pathOk;
}

/** The faults currently armed. */
export class FaultRegistry {
    private faults: ActiveFault[] = [];

    /** Arms a fault. */
    add(spec: FaultSpec): void {
        this.faults.push({ spec, skipLeft: spec.skip ?? 0, timesLeft: spec.times ?? 1 });
    }

    /**
     * The fault to apply to this request, if any. Every armed spec that matches counts the request (skip
     * first, then times); the first spec with a fault left fires and later specs don't see the request.
     */
    take(target: FaultTarget): FaultResponse | undefined {
        for (const fault of this.faults) {
            if (fault.timesLeft <= 0 || !matches(fault.spec, target)) continue;
            if (fault.skipLeft > 0) {
                fault.skipLeft--;
                continue;
            }
            fault.timesLeft--;
            return fault.spec.response;
        }
        return undefined;
    }

    /** Disarms every fault. */
    clear(): void {
        this.faults = [];
    }
}

/** The Graph answer of a status fault: Graph's error body, plus Retry-After when asked for. */
export function statusFaultAnswer(
    response: { status: number; retryAfterSeconds?: number; code?: string; message?: string },
    ids: RequestIds,
): HttpAnswer {
    const fallback = defaultErrorFor(response.status);
    const headers: Record<string, string> =
        response.retryAfterSeconds === undefined ? {} : { "Retry-After": String(response.retryAfterSeconds) };
    return {
        status: response.status,
        headers,
        body: graphErrorBody(response.code ?? fallback.code, response.message ?? fallback.message, ids),
    };
}
