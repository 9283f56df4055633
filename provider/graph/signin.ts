/**
 * Sign-in: one credential and one access token per process and connection, shared by every resource the provider
 * host serves. `@azure/identity` is required here, when a method runs, never captured by the serialized provider.
 */
import type * as Identity from "@azure/identity";
import type { TokenCredential } from "@azure/identity";
import { redact } from "../model/redact";
import { isMicrosoftAuthority, settingName } from "./settings";
import type { ConnectionSettings } from "./settings";

/** Hands out bearer tokens for Graph; `renew` forgets a token Graph rejected. */
export interface TokenSource {
    token(): Promise<string>;
    /** Signs in again unless another request already did since `rejected` was handed out. */
    renew(rejected: string): void;
}

/**
 * A sign-in that failed, said as such (never as a Graph request that lost its connection). Definite failures (a wrong
 * secret, tenant or certificate) are remembered for the process; transient ones (Entra busy or unreachable after
 * `@azure/identity`'s own retries) are not, so the next operation tries again.
 */
export class SignInError extends Error {
    constructor(
        message: string,
        readonly transient: boolean,
    ) {
        super(message);
        this.name = "SignInError";
    }
}

interface CachedToken {
    readonly value: Promise<{ token: string; expiresOnTimestamp: number }>;
    /** The token once `value` resolved, to tell whether a rejected token is this one. */
    token?: string;
}

const sources = new Map<string, TokenSource>();

/** The token source for these settings, created on first use and kept for the life of the process. */
export function tokenSource(settings: ConnectionSettings): TokenSource {
    const key = JSON.stringify([
        settings.tenantId,
        settings.clientId,
        settings.clientSecret,
        settings.clientCertificatePath,
        settings.authorityHost,
        settings.graphEndpoint,
    ]);
    let source = sources.get(key);
    if (!source) {
        source = createTokenSource(settings);
        sources.set(key, source);
    }
    return source;
}

function createTokenSource(settings: ConnectionSettings): TokenSource {
    const scope = `${settings.graphEndpoint}/.default`;
    // Chosen once: a setting that cannot work fails every request of the process with the same message.
    let credential: TokenCredential | SignInError = createCredential(settings);
    let cached: CachedToken | undefined;
    return {
        async token() {
            // Concurrent callers share one request: the first resource to ask signs in for all of them, and a
            // failure is every waiting caller's failure (retrying here would multiply sign-ins while Entra is down).
            const current = cached;
            if (current) {
                const token = await current.value;
                // Renew five minutes early, so that a token never expires in the middle of an operation.
                if (token.expiresOnTimestamp - Date.now() > 5 * 60_000) return token.token;
                if (cached !== current) return this.token();
            }
            const attempt: CachedToken = { value: requestToken(credential, scope, settings) };
            cached = attempt;
            attempt.value.then(
                (token) => (attempt.token = token.token),
                (error: SignInError) => {
                    if (cached === attempt && error.transient) cached = undefined;
                },
            );
            return (await attempt.value).token;
        },
        renew(rejected) {
            if (cached?.token !== rejected) return;
            // MSAL would hand back its cached copy of the rejected token: a new credential starts with an empty cache.
            credential = createCredential(settings);
            cached = undefined;
        },
    };
}

async function requestToken(credential: TokenCredential | SignInError, scope: string, settings: ConnectionSettings) {
    if (credential instanceof SignInError) throw credential;
    let token;
    try {
        token = await credential.getToken(scope);
    } catch (error) {
        throw await signInError(error, settings);
    }
    if (!token) throw new SignInError(`Sign-in to Entra ID returned no token for ${scope}`, true);
    return token;
}

/** The credential the settings call for. Pure, so that the choice can be shown and tested without signing in. */
export type CredentialChoice =
    | { readonly kind: "clientSecret"; readonly tenantId: string; readonly clientId: string }
    | {
          readonly kind: "clientCertificate";
          readonly tenantId: string;
          readonly clientId: string;
          readonly certificatePath: string;
      }
    | { readonly kind: "default"; readonly tenantId?: string; readonly managedIdentityClientId?: string };

/**
 * A client id with a secret signs in with the secret; with a certificate path, with the certificate; anything else
 * goes to DefaultAzureCredential (environment, workload identity, managed identity, Azure CLI, ...).
 */
export function chooseCredential(settings: ConnectionSettings): CredentialChoice {
    const { tenantId, clientId, clientSecret, clientCertificatePath } = settings;
    const given = clientSecret ? settingName(settings, "clientSecret") : settingName(settings, "clientCertificatePath");
    if (!clientId && (clientSecret || clientCertificatePath)) {
        // DefaultAzureCredential would ignore the secret and try five other ways to sign in.
        throw new Error(
            `${given} is set but the app's client id is not: set driveShare:clientId (or AZURE_CLIENT_ID) to the ` +
                "application (client) id of the app registration the secret or certificate belongs to",
        );
    }
    if (clientId && (clientSecret || clientCertificatePath)) {
        if (!tenantId) {
            throw new Error(
                `${given} is set but the tenant is not: set driveShare:tenantId ` +
                    "(or AZURE_TENANT_ID) to the Entra ID tenant the app is registered in",
            );
        }
        return clientSecret
            ? { kind: "clientSecret", tenantId, clientId }
            : { kind: "clientCertificate", tenantId, clientId, certificatePath: clientCertificatePath! };
    }
    return { kind: "default", tenantId, managedIdentityClientId: clientId };
}

function createCredential(settings: ConnectionSettings): TokenCredential | SignInError {
    const identity: typeof Identity = require("@azure/identity");
    const common = {
        authorityHost: settings.authorityHost,
        // Instance discovery asks Microsoft's own host about the authority; a sovereign or test authority is not there.
        disableInstanceDiscovery: !isMicrosoftAuthority(settings.authorityHost),
    };
    let choice: CredentialChoice;
    try {
        choice = chooseCredential(settings);
    } catch (error) {
        return new SignInError((error as Error).message, false);
    }
    switch (choice.kind) {
        case "clientSecret":
            return new identity.ClientSecretCredential(
                choice.tenantId,
                choice.clientId,
                settings.clientSecret!,
                common,
            );
        case "clientCertificate":
            return new identity.ClientCertificateCredential(
                choice.tenantId,
                choice.clientId,
                { certificatePath: choice.certificatePath },
                common,
            );
        case "default":
            return new identity.DefaultAzureCredential({
                ...common,
                tenantId: choice.tenantId,
                managedIdentityClientId: choice.managedIdentityClientId,
            });
    }
}

/** An error that says what to fix, never echoing the secret. */
async function signInError(error: unknown, settings: ConnectionSettings): Promise<SignInError> {
    const message = error instanceof Error ? error.message : String(error);
    const safe = redact(message, [settings.clientSecret]);
    if (/AADSTS7000215/.test(safe)) {
        return new SignInError(
            `Sign-in failed: Entra ID rejected the client secret of app ${settings.clientId} in tenant ` +
                `${settings.tenantId} (AADSTS7000215). Check ${settingName(settings, "clientSecret")}: it must be ` +
                "the secret's value, not its id, and must not have expired.",
            false,
        );
    }
    if (/ENOENT|no such file/i.test(safe) && settings.clientCertificatePath) {
        return new SignInError(
            `Sign-in failed: the certificate file ${settingName(settings, "clientCertificatePath")} ` +
                `"${settings.clientCertificatePath}" cannot be read; it must be a PEM file holding the certificate and its key`,
            false,
        );
    }
    if (/endpoints_resolution_error/.test(safe)) return authorityUnreadable(settings);
    if (
        !settings.clientSecret &&
        !settings.clientCertificatePath &&
        /CredentialUnavailable|Unavailable/i.test(`${(error as Error)?.name} ${safe}`)
    ) {
        return new SignInError(
            "Sign-in failed: no credential is configured. Set driveShare:tenantId, driveShare:clientId " +
                "and driveShare:clientSecret or driveShare:clientCertificatePath (or AZURE_TENANT_ID, AZURE_CLIENT_ID and " +
                "AZURE_CLIENT_SECRET or AZURE_CLIENT_CERTIFICATE_PATH), or sign in with a method DefaultAzureCredential " +
                `supports (workload identity, managed identity, Azure CLI). Details: ${safe}`,
            false,
        );
    }
    // What reaches here has been through @azure/identity's own retries; only a busy or unreachable Entra may pass.
    return new SignInError(
        `Sign-in failed: ${safe}`,
        /\b(429|50[0234])\b|ECONNRESET|ETIMEDOUT|EAI_AGAIN|socket hang up/i.test(safe),
    );
}

/**
 * MSAL says only `endpoints_resolution_error` when it cannot read the tenant's OpenID metadata: a wrong tenant, an
 * unreachable authority and an untrusted TLS certificate all read the same. One GET of that metadata (public, no
 * secret) tells them apart.
 */
async function authorityUnreadable(settings: ConnectionSettings): Promise<SignInError> {
    const host = settings.authorityHost ?? "https://login.microsoftonline.com";
    const tenant = settings.tenantId ?? "organizations";
    const metadata = `${host}/${encodeURIComponent(tenant)}/v2.0/.well-known/openid-configuration`;
    const prefix = `Sign-in failed: Entra ID's metadata for tenant "${tenant}" at ${host} cannot be read`;
    let status: number;
    try {
        status = (await fetch(metadata, { signal: AbortSignal.timeout(10_000) })).status;
    } catch (error) {
        const cause = (error as { cause?: { code?: string; message?: string } }).cause;
        const reason = cause?.code ?? cause?.message ?? (error as Error).message;
        if (/CERT|SELF_SIGNED|TLS|SSL/i.test(reason)) {
            return new SignInError(
                `${prefix}: its TLS certificate is not trusted (${reason}). Behind a proxy or with a private CA, give ` +
                    "Node.js the CA certificate with NODE_EXTRA_CA_CERTS=<file.pem>.",
                false,
            );
        }
        return new SignInError(
            `${prefix}: the host cannot be reached (${reason}). Check ${settingName(settings, "authorityHost")} ` +
                "(or driveShare:cloud) and the network.",
            !/ENOTFOUND/.test(reason),
        );
    }
    if (status === 400 || status === 404) {
        return new SignInError(
            `${prefix}: the authority does not know the tenant (HTTP ${status}). Check ${settingName(settings, "tenantId")}: ` +
                "it must be the directory (tenant) id or a verified domain of the tenant the app is registered in, " +
                `in the cloud whose sign-in host is ${host}.`,
            false,
        );
    }
    return new SignInError(`${prefix} (HTTP ${status}).`, status === 429 || status >= 500);
}
