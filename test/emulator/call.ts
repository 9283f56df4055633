/**
 * A Graph call as handlers see it, whether it came as a top-level request or as a $batch part.
 */
import { malformedJson } from "./errors";
import type { TokenClaims } from "./tokens";

/** A request body as received. */
export type CallBody =
    { readonly kind: "none" } | { readonly kind: "json"; readonly value: unknown } | { readonly kind: "malformed" };

/** An authenticated Graph call. */
export interface GraphCall {
    readonly method: string;
    readonly version: "v1.0" | "beta";
    /** Path below the version, still percent-encoded, e.g. "/drives/d/items/i/permissions". */
    readonly path: string;
    readonly query: URLSearchParams;
    /** Header names in lower case. */
    readonly headers: Readonly<Record<string, string>>;
    readonly body: CallBody;
    readonly claims: TokenClaims;
}

/** The parsed JSON body; undefined when there is none; malformed JSON is Graph's 400 BadRequest. */
export function jsonBody(call: GraphCall): unknown {
    if (call.body.kind === "malformed") throw malformedJson();
    return call.body.kind === "json" ? call.body.value : undefined;
}
