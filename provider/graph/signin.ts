/**
 * Sign-in: one credential and one access token per process and connection, shared by every resource the provider
 * host serves. `@azure/identity` is required here, when a method runs, never captured by the serialized provider.
 */
import type * as Identity from "@azure/identity";
import type { TokenCredential } from "@azure/identity";
import { redact } from "../model/redact";
import { isMicrosoftAuthority } from "./settings";
import type { ConnectionSettings } from "./settings";

/** Hands out bearer tokens for Graph; `renew` forgets the current one after Graph rejected it. */
export interface TokenSource {
    token(): Promise<string>;
    renew(): void;
}

interface CachedToken {
    readonly value: Promise<{ token: string; expiresOnTimestamp: number }>;
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
    let credential = createCredential(settings);
    let cached: CachedToken | undefined;
    return {
        async token() {
            // Concurrent callers share one request: the first resource to ask signs in for all of them.
            const current = cached;
            if (current) {
                const token = await current.value.catch(() => undefined);
                // Renew five minutes early, so that a token never expires in the middle of an operation.
                if (token && token.expiresOnTimestamp - Date.now() > 5 * 60_000) return token.token;
                if (cached !== current) return this.token();
            }
            const attempt: CachedToken = { value: requestToken(credential, scope, settings) };
            cached = attempt;
            attempt.value.catch(() => {
                if (cached === attempt) cached = undefined;
            });
            return (await attempt.value).token;
        },
        renew() {
            // MSAL would hand back its cached copy of the rejected token: a new credential starts with an empty cache.
            credential = createCredential(settings);
            cached = undefined;
        },
    };
}

async function requestToken(credential: TokenCredential, scope: string, settings: ConnectionSettings) {
    let token;
    try {
        token = await credential.getToken(scope);
    } catch (error) {
        throw signInError(error, settings);
    }
    if (!token) throw new Error(`Sign-in to Entra ID returned no token for ${scope}`);
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
    if (clientId && (clientSecret || clientCertificatePath)) {
        if (!tenantId) {
            const setting = clientSecret ? "clientSecret" : "clientCertificatePath";
            throw new Error(
                `driveShare:${setting} is set but the tenant is not: set driveShare:tenantId ` +
                    "(or AZURE_TENANT_ID) to the Entra ID tenant the app is registered in",
            );
        }
        return clientSecret
            ? { kind: "clientSecret", tenantId, clientId }
            : { kind: "clientCertificate", tenantId, clientId, certificatePath: clientCertificatePath! };
    }
    return { kind: "default", tenantId, managedIdentityClientId: clientId };
}

function createCredential(settings: ConnectionSettings): TokenCredential {
    const identity: typeof Identity = require("@azure/identity");
    const common = {
        authorityHost: settings.authorityHost,
        // Instance discovery asks Microsoft's own host about the authority; a sovereign or test authority is not there.
        disableInstanceDiscovery: !isMicrosoftAuthority(settings.authorityHost),
    };
    const choice = chooseCredential(settings);
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
function signInError(error: unknown, settings: ConnectionSettings): Error {
    const message = error instanceof Error ? error.message : String(error);
    const safe = redact(message, [settings.clientSecret]);
    if (/AADSTS7000215/.test(safe)) {
        return new Error(
            `Sign-in failed: Entra ID rejected the client secret of app ${settings.clientId} in tenant ` +
                `${settings.tenantId} (AADSTS7000215). Check driveShare:clientSecret (or AZURE_CLIENT_SECRET): it must be ` +
                "the secret's value, not its id, and must not have expired.",
        );
    }
    if (/ENOENT|no such file/i.test(safe) && settings.clientCertificatePath) {
        return new Error(
            `Sign-in failed: the certificate file driveShare:clientCertificatePath ` +
                `"${settings.clientCertificatePath}" cannot be read; it must be a PEM file holding the certificate and its key`,
        );
    }
    if (
        !settings.clientSecret &&
        !settings.clientCertificatePath &&
        /CredentialUnavailable|Unavailable/i.test(`${(error as Error)?.name} ${safe}`)
    ) {
        return new Error(
            "Sign-in failed: no credential is configured. Set driveShare:tenantId, driveShare:clientId " +
                "and driveShare:clientSecret or driveShare:clientCertificatePath (or AZURE_TENANT_ID, AZURE_CLIENT_ID and " +
                "AZURE_CLIENT_SECRET or AZURE_CLIENT_CERTIFICATE_PATH), or sign in with a method DefaultAzureCredential " +
                `supports (workload identity, managed identity, Azure CLI). Details: ${safe}`,
        );
    }
    return new Error(`Sign-in failed: ${safe}`);
}
