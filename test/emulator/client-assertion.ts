/**
 * Verification of a client_assertion (RFC 7523 JWT) the way Entra does it. For certificate credentials: the
 * header's x5t (SHA-1) or x5t#S256 thumbprint picks the registered certificate, whose public key must verify the
 * RS256 or PS256 signature; aud must be the token endpoint; iss = sub = client id; not expired. For federated
 * credentials (workload identity): iss, sub and aud must match one of the app's, and the issuer's key must verify.
 */
import { type KeyObject, constants, verify } from "node:crypto";
import type { StoredApp } from "./directory";

/** An AADSTS refusal of an assertion. */
export interface AssertionProblem {
    readonly aadsts: number;
    readonly message: string;
}

interface JwtParts {
    readonly header: Record<string, unknown>;
    readonly payload: Record<string, unknown>;
    readonly signed: string;
    readonly signature: Buffer;
}

function parse(assertion: string): JwtParts | undefined {
    const parts = assertion.split(".");
    if (parts.length !== 3) return undefined;
    try {
        const header = JSON.parse(Buffer.from(parts[0], "base64url").toString("utf8")) as unknown;
        const payload = JSON.parse(Buffer.from(parts[1], "base64url").toString("utf8")) as unknown;
        if (typeof header !== "object" || header === null || typeof payload !== "object" || payload === null)
            return undefined;
        return {
            header: header as Record<string, unknown>,
            payload: payload as Record<string, unknown>,
            signed: `${parts[0]}.${parts[1]}`,
            signature: Buffer.from(parts[2], "base64url"),
        };
    } catch {
        return undefined;
    }
}

/** True when the RS256 signature of `jwt` verifies with `key`. */
function verifiesRs256(jwt: JwtParts, key: string | KeyObject): boolean {
    return jwt.header.alg === "RS256" && verify("sha256", Buffer.from(jwt.signed), key, jwt.signature);
}

function withinValidTime(payload: Record<string, unknown>): boolean {
    const { exp, nbf } = payload;
    const now = Date.now() / 1000;
    const skew = 300;
    return typeof exp === "number" && exp + skew >= now && !(typeof nbf === "number" && nbf - skew > now);
}

/**
 * Workload identity federation: an assertion issued by an external identity provider (its iss is not the app)
 * is accepted when a federated credential of the app names its issuer, subject and audience and the issuer's key
 * verifies it (AADSTS70021 otherwise; see learn.microsoft.com/entra/workload-id/workload-identity-federation).
 */
function checkFederatedAssertion(app: StoredApp, jwt: JwtParts): AssertionProblem | undefined {
    const { iss, sub, aud } = jwt.payload;
    const audiences = Array.isArray(aud) ? aud : [aud];
    const credential = app.federatedCredentials.find(
        (c) =>
            c.issuer === iss &&
            c.subject === sub &&
            audiences.some((a) => (c.audiences ?? ["api://AzureADTokenExchange"]).includes(String(a))),
    );
    if (!credential) {
        return {
            aadsts: 70021,
            message:
                `No matching federated identity record found for presented assertion. Assertion Issuer: '${String(iss)}'. ` +
                `Assertion Subject: '${String(sub)}'. Assertion Audience: '${audiences.join(",")}'.`,
        };
    }
    if (!verifiesRs256(jwt, credential.publicKeyPem)) {
        return {
            aadsts: 700027,
            message: "Client assertion contains an invalid signature. [Reason - The key was not found.]",
        };
    }
    if (!withinValidTime(jwt.payload))
        return { aadsts: 700024, message: "Client assertion is not within its valid time range." };
    return undefined;
}

/** Undefined when `assertion` authenticates `app` at one of `tokenEndpoints`, else Entra's refusal. */
export function checkClientAssertion(
    app: StoredApp,
    assertion: string,
    tokenEndpoints: readonly string[],
): AssertionProblem | undefined {
    const jwt = parse(assertion);
    if (!jwt) return { aadsts: 50027, message: "JWT token is invalid or malformed." };
    const issuer = jwt.payload.iss;
    if (
        typeof issuer === "string" &&
        issuer.toLowerCase() !== app.clientId.toLowerCase() &&
        app.federatedCredentials.length > 0
    ) {
        return checkFederatedAssertion(app, jwt);
    }
    const cert = app.certificate;
    const x5t = jwt.header["x5t#S256"] ?? jwt.header.x5t;
    const thumbprintMatches =
        cert !== undefined && (jwt.header["x5t#S256"] !== undefined ? x5t === cert.sha256 : x5t === cert.sha1);
    if (!cert || !thumbprintMatches) {
        return {
            aadsts: 700027,
            message: `Client assertion contains an invalid signature. [Reason - The key was not found., Thumbprint of key used by client: '${String(x5t)}']`,
        };
    }
    const alg = jwt.header.alg;
    const key = cert.x509.publicKey;
    const data = Buffer.from(jwt.signed);
    const valid =
        alg === "RS256"
            ? verify("sha256", data, key, jwt.signature)
            : alg === "PS256"
              ? verify(
                    "sha256",
                    data,
                    { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: constants.RSA_PSS_SALTLEN_DIGEST },
                    jwt.signature,
                )
              : false;
    if (!valid) {
        return {
            aadsts: 700027,
            message:
                "Client assertion contains an invalid signature. [Reason - The provided signature value did not match the expected signature value.]",
        };
    }
    const { aud, iss, sub } = jwt.payload;
    if (typeof aud !== "string" || !tokenEndpoints.some((e) => e.toLowerCase() === aud.toLowerCase())) {
        return {
            aadsts: 700212,
            message: `No matching federated identity record found for presented assertion audience '${String(aud)}'.`,
        };
    }
    if (
        typeof iss !== "string" ||
        typeof sub !== "string" ||
        iss.toLowerCase() !== app.clientId.toLowerCase() ||
        sub.toLowerCase() !== app.clientId.toLowerCase()
    ) {
        return {
            aadsts: 700021,
            message: "Client assertion application identifier doesn't match 'client_id' parameter.",
        };
    }
    if (!withinValidTime(jwt.payload))
        return { aadsts: 700024, message: "Client assertion is not within its valid time range." };
    return undefined;
}
