/**
 * Access tokens: JWT-shaped (base64url header.payload.signature) with the claims of an Entra app-only
 * token (aud, iss, tid, appid, oid, roles, iat, nbf, exp, uti). Signed with a key of this emulator, so a
 * token can't be forged, and remembered, so expireAll() and reset() can invalidate them.
 */
import { createHmac, randomBytes, randomUUID, timingSafeEqual } from "node:crypto";
import type { StoredApp } from "./directory";

/** The claims Graph reads from a token. */
export interface TokenClaims {
    readonly aud: string;
    readonly iss: string;
    readonly tid: string;
    readonly appid: string;
    readonly oid: string;
    readonly roles?: string[];
    /** Delegated tokens: the scopes granted to the app for the signed-in user (space-separated), and who that is. */
    readonly scp?: string;
    readonly upn?: string;
    readonly iat: number;
    readonly nbf: number;
    readonly exp: number;
    readonly uti: string;
}

/** Why a bearer token is refused, worded as Graph words it. */
export type TokenProblem = "empty" | "malformed" | "invalid" | "expired" | "audience";

const GRAPH_AUDIENCE = "https://graph.microsoft.com";

/** Issues and validates the emulator's access tokens. */
export class TokenService {
    private readonly key = randomBytes(32);
    private readonly issued = new Map<string, { expired: boolean }>();

    /** @param audiences - accepted `aud` values besides https://graph.microsoft.com */
    constructor(private readonly audiences: () => readonly string[]) {}

    /**
     * A new token for `app`; `audience` is the resource of the requested scope. With `user`, a delegated token: the
     * app acts for that user, its permissions become the token's scopes (scp) and the user is its subject.
     */
    issue(
        app: StoredApp,
        audience: string,
        lifetimeSeconds: number,
        user?: { readonly id: string; readonly email: string },
    ): string {
        const now = Math.floor(Date.now() / 1000);
        const claims: TokenClaims = {
            aud: audience,
            iss: `https://sts.windows.net/${app.tenantId}/`,
            tid: app.tenantId,
            appid: app.clientId,
            oid: user?.id ?? app.servicePrincipalId,
            ...(user
                ? { scp: app.roles.join(" "), upn: user.email }
                : app.roles.length > 0
                  ? { roles: [...app.roles] }
                  : {}),
            iat: now,
            nbf: now,
            exp: now + lifetimeSeconds,
            uti: randomUUID().replace(/-/g, ""),
        };
        this.issued.set(claims.uti, { expired: false });
        const header = b64({ typ: "JWT", alg: "HS256", kid: "emulator" });
        const payload = b64({ ...claims, idtyp: user ? "user" : "app", ver: "1.0" });
        return `${header}.${payload}.${this.sign(`${header}.${payload}`)}`;
    }

    /** The claims of a valid bearer token, or why it is refused. */
    validate(authorization: string | undefined): TokenClaims | TokenProblem {
        const match = /^Bearer\s+(\S+)$/i.exec(authorization ?? "");
        if (!match) return "empty";
        const parts = match[1].split(".");
        if (parts.length !== 3) return "malformed";
        const expected = Buffer.from(this.sign(`${parts[0]}.${parts[1]}`));
        const given = Buffer.from(parts[2]);
        if (expected.length !== given.length || !timingSafeEqual(expected, given)) return "invalid";
        const claims = JSON.parse(Buffer.from(parts[1], "base64url").toString("utf8")) as TokenClaims;
        const state = this.issued.get(claims.uti);
        if (!state) return "invalid";
        if (state.expired || claims.exp <= Date.now() / 1000) return "expired";
        const aud = claims.aud.replace(/\/$/, "").toLowerCase();
        if (![GRAPH_AUDIENCE, ...this.audiences()].some((a) => a.toLowerCase() === aud)) return "audience";
        return claims;
    }

    /** Makes the token with this unique id invalid. */
    expire(uti: string): void {
        const state = this.issued.get(uti);
        if (state) state.expired = true;
    }

    /** Makes every token issued so far invalid. */
    expireAll(): void {
        for (const state of this.issued.values()) state.expired = true;
    }

    /** Forgets every token: all of them become invalid. */
    reset(): void {
        this.issued.clear();
    }

    private sign(data: string): string {
        return createHmac("sha256", this.key).update(data).digest("base64url");
    }
}

function b64(value: unknown): string {
    return Buffer.from(JSON.stringify(value)).toString("base64url");
}

/** Graph's 401 message for each token problem. */
export function tokenProblemMessage(problem: TokenProblem): string {
    switch (problem) {
        case "empty":
            return "Access token is empty.";
        case "malformed":
            return "IDX14100: JWT is not well formed, there are no dots (.).";
        case "invalid":
            return "Access token validation failure.";
        case "expired":
            return "Lifetime validation failed, the token is expired.";
        case "audience":
            return "Access token validation failure. Invalid audience.";
    }
}
