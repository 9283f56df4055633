/**
 * Entra ID: OpenID discovery and the v2.0 token endpoint for client credentials (client_secret or a
 * certificate's client_assertion). Enough for MSAL (@azure/identity) with disableInstanceDiscovery: true,
 * which asks exactly GET /{tenant}/v2.0/.well-known/openid-configuration, then POST /{tenant}/oauth2/v2.0/token.
 *
 * Error bodies follow Entra's: {"error","error_description":"AADSTSnnn: ...\r\nTrace ID...","error_codes":[n],
 * "timestamp","trace_id","correlation_id","error_uri"}. The secret is never echoed.
 */
import { randomUUID } from "node:crypto";
import { checkClientAssertion } from "./client-assertion";
import type { EmulatorContext } from "./context";
import type { HttpAnswer } from "./errors";

/** An Entra request as the server hands it over. */
export interface EntraRequest {
    readonly method: string;
    readonly path: string;
    /** Form fields of a POST body. */
    readonly form: Record<string, string>;
    readonly query: URLSearchParams;
    readonly headers: Record<string, string>;
    readonly clientRequestId?: string;
}

const ASSERTION_TYPE = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";
const GRAPH_RESOURCE = "https://graph.microsoft.com";

/** Entra's error answer. */
export function entraError(
    status: number,
    error: string,
    aadsts: number,
    message: string,
    clientRequestId?: string,
): HttpAnswer {
    const traceId = randomUUID();
    const correlationId = clientRequestId ?? randomUUID();
    const timestamp = new Date().toISOString().replace("T", " ").slice(0, 19) + "Z";
    return {
        status,
        body: {
            error,
            error_description: `AADSTS${aadsts}: ${message}\r\nTrace ID: ${traceId}\r\nCorrelation ID: ${correlationId}\r\nTimestamp: ${timestamp}`,
            error_codes: [aadsts],
            timestamp,
            trace_id: traceId,
            correlation_id: correlationId,
            error_uri: `https://login.microsoftonline.com/error?code=${aadsts}`,
        },
    };
}

function tenantNotFound(tenant: string, error: string, clientRequestId?: string): HttpAnswer {
    return entraError(
        400,
        error,
        90002,
        `Tenant '${tenant}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud. Check with your subscription administrator, this may happen if there are no active subscriptions for the tenant.`,
        clientRequestId,
    );
}

function discovery(origin: string, tenantId: string): unknown {
    const base = `${origin}/${tenantId}`;
    return {
        token_endpoint: `${base}/oauth2/v2.0/token`,
        token_endpoint_auth_methods_supported: ["client_secret_post", "private_key_jwt", "client_secret_basic"],
        jwks_uri: `${origin}/${tenantId}/discovery/v2.0/keys`,
        response_modes_supported: ["query", "fragment", "form_post"],
        subject_types_supported: ["pairwise"],
        id_token_signing_alg_values_supported: ["RS256"],
        response_types_supported: ["code", "id_token", "code id_token", "id_token token"],
        scopes_supported: ["openid", "profile", "email", "offline_access"],
        issuer: `${base}/v2.0`,
        request_uri_parameter_supported: false,
        userinfo_endpoint: `${origin}/oidc/userinfo`,
        authorization_endpoint: `${base}/oauth2/v2.0/authorize`,
        device_authorization_endpoint: `${base}/oauth2/v2.0/devicecode`,
        http_logout_supported: true,
        frontchannel_logout_supported: true,
        end_session_endpoint: `${base}/oauth2/v2.0/logout`,
        claims_supported: ["sub", "iss", "aud", "exp", "iat", "nonce", "tid", "ver"],
        tenant_region_scope: "NA",
        cloud_instance_name: "microsoftonline.com",
        cloud_graph_host_name: "graph.windows.net",
        msgraph_host: "graph.microsoft.com",
        rbac_url: "https://pas.windows.net",
    };
}

function missing(parameter: string, clientRequestId?: string): HttpAnswer {
    return entraError(
        400,
        "invalid_request",
        900144,
        `The request body must contain the following parameter: '${parameter}'.`,
        clientRequestId,
    );
}

function token(ctx: EmulatorContext, tenantSegment: string, req: EntraRequest): HttpAnswer {
    const f = req.form;
    const crid = req.clientRequestId;
    const tenantId = ctx.directory.resolveTenant(tenantSegment);
    if (!tenantId) return tenantNotFound(tenantSegment, "invalid_request", crid);
    if (!f.grant_type) return missing("grant_type", crid);
    if (f.grant_type !== "client_credentials") {
        return entraError(
            400,
            "unsupported_grant_type",
            70003,
            `The app requested an unsupported grant type '${f.grant_type}'.`,
            crid,
        );
    }
    if (!f.client_id) return missing("client_id", crid);
    if (!f.scope) return missing("scope", crid);
    const scope = f.scope.trim();
    if (!scope.endsWith("/.default") || scope.includes(" ")) {
        return entraError(
            400,
            "invalid_scope",
            1002012,
            `The provided value for scope ${scope} is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier (application ID URI).`,
            crid,
        );
    }
    const resource = scope.slice(0, -"/.default".length);
    const audience = [GRAPH_RESOURCE, ctx.origin].find(
        (r) => r.toLowerCase() === resource.replace(/\/$/, "").toLowerCase(),
    );
    if (!audience) {
        return entraError(
            400,
            "invalid_resource",
            500011,
            `The resource principal named ${resource} was not found in the tenant named ${tenantId}. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You might have sent your authentication request to the wrong tenant.`,
            crid,
        );
    }
    const app = ctx.directory.findApp(tenantId, f.client_id);
    if (!app) {
        return entraError(
            400,
            "unauthorized_client",
            700016,
            `Application with identifier '${f.client_id}' was not found in the directory '${tenantSegment}'. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You may have sent your authentication request to the wrong tenant.`,
            crid,
        );
    }
    if (f.client_assertion !== undefined) {
        if (f.client_assertion_type !== ASSERTION_TYPE) {
            return entraError(
                400,
                "invalid_request",
                50027,
                "JWT token is invalid or malformed. client_assertion_type is missing or invalid.",
                crid,
            );
        }
        const endpoints = [tenantSegment, tenantId].map((t) => `${ctx.origin}/${t}/oauth2/v2.0/token`);
        const problem = checkClientAssertion(app, f.client_assertion, endpoints);
        if (problem) return entraError(401, "invalid_client", problem.aadsts, problem.message, crid);
    } else if (f.client_secret !== undefined) {
        if (app.clientSecret === undefined || f.client_secret !== app.clientSecret) {
            return entraError(
                401,
                "invalid_client",
                7000215,
                `Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '${app.clientId}'.`,
                crid,
            );
        }
    } else {
        return entraError(
            401,
            "invalid_client",
            7000218,
            "The request body must contain the following parameter: 'client_assertion' or 'client_secret'.",
            crid,
        );
    }
    const lifetime = ctx.settings.tokenLifetimeSeconds;
    return {
        status: 200,
        body: {
            token_type: "Bearer",
            expires_in: lifetime,
            ext_expires_in: lifetime,
            access_token: ctx.tokens.issue(app, audience, lifetime),
        },
    };
}

/** The secret an App Service puts in IDENTITY_HEADER; the identity endpoint wants it in X-IDENTITY-HEADER. */
export const MANAGED_IDENTITY_HEADER = "emulator-identity-header";

/**
 * App Service's managed identity endpoint (api-version 2019-08-01, learn.microsoft.com/azure/app-service/
 * overview-managed-identity#rest-endpoint-reference): GET with resource (and client_id for a user-assigned
 * identity) and the X-IDENTITY-HEADER secret; answers the token with expires_on in epoch seconds.
 */
function managedIdentityToken(ctx: EmulatorContext, req: EntraRequest): HttpAnswer {
    if (req.headers["x-identity-header"] !== MANAGED_IDENTITY_HEADER) {
        return {
            status: 401,
            body: { statusCode: 401, message: "Unauthorized. The X-IDENTITY-HEADER header is missing or wrong." },
        };
    }
    const resource = (req.query.get("resource") ?? "").replace(/\/$/, "");
    const audience = [GRAPH_RESOURCE, ctx.origin].find((r) => r.toLowerCase() === resource.toLowerCase());
    if (!audience) return { status: 400, body: { statusCode: 400, message: `Unknown resource '${resource}'.` } };
    const clientId = req.query.get("client_id") ?? undefined;
    const identity = ctx.directory.findManagedIdentity(clientId);
    if (!identity) {
        return {
            status: 400,
            body: {
                statusCode: 400,
                message: `No managed identity found${clientId ? ` for client_id '${clientId}'` : ""}.`,
            },
        };
    }
    const lifetime = ctx.settings.tokenLifetimeSeconds;
    return {
        status: 200,
        body: {
            access_token: ctx.tokens.issue(identity, audience, lifetime),
            expires_on: String(Math.floor(Date.now() / 1000) + lifetime),
            resource: audience,
            token_type: "Bearer",
            client_id: identity.clientId,
        },
    };
}

/** Answers an Entra request (any path outside /v1.0, /beta and /_emulator). */
export function handleEntra(ctx: EmulatorContext, req: EntraRequest): HttpAnswer {
    if (req.method === "GET" && req.path.toLowerCase() === "/msi/token") return managedIdentityToken(ctx, req);
    const segments = req.path.split("/").filter((s) => s !== "");
    const tenant = decodeURIComponent(segments[0] ?? "");
    const rest = segments.slice(1).join("/").toLowerCase();
    if (req.method === "GET" && rest === "v2.0/.well-known/openid-configuration") {
        const tenantId = ctx.directory.resolveTenant(tenant);
        return tenantId
            ? { status: 200, body: discovery(ctx.origin, tenantId) }
            : tenantNotFound(tenant, "invalid_tenant", req.clientRequestId);
    }
    if (req.method === "POST" && rest === "oauth2/v2.0/token") return token(ctx, tenant, req);
    return entraError(
        404,
        "invalid_request",
        900561,
        `The endpoint only accepts ${rest.endsWith("token") ? "POST" : "GET"} requests or does not exist.`,
        req.clientRequestId,
    );
}
