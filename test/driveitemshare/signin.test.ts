// Settings and sign-in through the real host: stack config read by configure, environment fallbacks, and errors that
// say what to fix without echoing a secret.
import * as crypto from "crypto";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import type { GraphEmulator } from "../emulator";
import { MANAGED_IDENTITY_HEADER, startEmulator } from "../emulator";
import type { EngineResource } from "../harness/engine";
import type { ProviderHost } from "../harness/host";
import { startProviderHost } from "../harness/host";
import {
    ALICE,
    BOB,
    BUSINESS_DRIVE,
    CLIENT_ID,
    CLIENT_SECRET,
    ShareResource,
    TENANT_ID,
    userProjectHost,
    seedTenant,
} from "./stack";

let emulator: GraphEmulator;
const hosts: ProviderHost[] = [];
beforeAll(async () => {
    emulator = await startEmulator();
    seedTenant(emulator);
});
afterAll(async () => {
    await Promise.all(hosts.map((h) => h.stop()));
    await emulator.close();
});

/** A host whose environment has none of the AZURE_* or MSGRAPH_* variables unless given. */
async function host(env: Record<string, string | undefined> = {}): Promise<ProviderHost> {
    const started = await startProviderHost({
        ...userProjectHost(),
        env: {
            AZURE_TENANT_ID: undefined,
            AZURE_CLIENT_ID: undefined,
            AZURE_CLIENT_SECRET: undefined,
            AZURE_AUTHORITY_HOST: undefined,
            MSGRAPH_ENDPOINT: undefined,
            DRIVESHARE_RETRY_DELAY_MS: "5",
            ...env,
        },
    });
    hosts.push(started);
    return started;
}

/** A host signed in as the test app with its secret, against the emulator; `env` adds to or overrides that. */
function signedInHost(env: Record<string, string | undefined> = {}): Promise<ProviderHost> {
    return host({
        AZURE_TENANT_ID: TENANT_ID,
        AZURE_CLIENT_ID: CLIENT_ID,
        AZURE_CLIENT_SECRET: CLIENT_SECRET,
        AZURE_AUTHORITY_HOST: emulator.url,
        MSGRAPH_ENDPOINT: emulator.url,
        ...env,
    });
}

function share(on: ProviderHost, name: string): EngineResource {
    return new ShareResource(on, name);
}

function folder() {
    return {
        driveId: BUSINESS_DRIVE,
        itemId: emulator.addItem({ driveId: BUSINESS_DRIVE, name: "Signin", folder: true }).id,
    };
}

test("stack config under driveShare: is read by configure, the secret arriving as a secret", async () => {
    const h = await host();
    await h.configure(
        {
            "driveShare:tenantId": TENANT_ID,
            "driveShare:clientId": CLIENT_ID,
            "driveShare:clientSecret": CLIENT_SECRET,
            "driveShare:authorityHost": emulator.url,
            "driveShare:graphEndpoint": emulator.url,
        },
        ["driveShare:clientSecret"],
    );
    const item = folder();
    const resource = share(h, "configured");
    await resource.up({ ...item, recipients: [ALICE], roles: ["read"] });
    expect(Object.keys(resource.state!.outputs.grants)).toEqual([ALICE]);
    expect(JSON.stringify(resource.state)).not.toContain(CLIENT_SECRET);
    expect(h.output).not.toContain(CLIENT_SECRET);
});

test("stack config wins over the environment", async () => {
    const h = await host({
        AZURE_TENANT_ID: TENANT_ID,
        AZURE_CLIENT_ID: CLIENT_ID,
        AZURE_CLIENT_SECRET: "wrong-env-secret",
        AZURE_AUTHORITY_HOST: emulator.url,
        MSGRAPH_ENDPOINT: emulator.url,
    });
    await h.configure({ "driveShare:clientSecret": CLIENT_SECRET }, ["driveShare:clientSecret"]);
    await share(h, "config-wins").up({ ...folder(), recipients: [ALICE], roles: ["read"] });
});

test("a wrong client secret fails as a sign-in failure with what to check, once for the whole process", async () => {
    const wrong = "n0t-the-Right-secret~value";
    const h = await signedInHost({ AZURE_CLIENT_SECRET: wrong });
    emulator.clearRequests();
    const errors: Error[] = await Promise.all(
        ["wrong-secret-1", "wrong-secret-2", "wrong-secret-3"].map((name) =>
            share(h, name)
                .up({ ...folder(), recipients: [ALICE], roles: ["read"] })
                .catch((e) => e),
        ),
    );
    for (const error of errors) {
        expect(error.message).toMatch(
            /^Sign-in failed: Entra ID rejected the client secret of app .* \(AADSTS7000215\)\. Check AZURE_CLIENT_SECRET:/,
        );
        expect(error.message).not.toMatch(/connection lost|Graph GET/);
        expect(error.message).not.toContain(wrong);
    }
    // One sign-in for three resources, none retried, and a later operation fails fast with the same message.
    expect(emulator.tokenRequests()).toHaveLength(1);
    expect(emulator.graphRequests()).toEqual([]);
    const later: Error = await share(h, "wrong-secret-4")
        .up({ ...folder(), recipients: [ALICE], roles: ["read"] })
        .catch((e) => e);
    expect(later.message).toBe(errors[0].message);
    expect(emulator.tokenRequests()).toHaveLength(1);
    expect(h.output).not.toContain(wrong);
});

test("a wrong tenant id names the tenant, the authority host and the setting to check", async () => {
    const unknownTenant = "0badc0de-0000-4000-8000-000000000000";
    const h = await signedInHost({ AZURE_TENANT_ID: unknownTenant });
    emulator.clearRequests();
    const error: Error = await share(h, "wrong-tenant")
        .up({ ...folder(), recipients: [ALICE], roles: ["read"] })
        .catch((e) => e);
    expect(error.message).toBe(
        `Sign-in failed: Entra ID's metadata for tenant "${unknownTenant}" at ${emulator.url} cannot be read: the ` +
            "authority does not know the tenant (HTTP 400). Check AZURE_TENANT_ID: it must be the directory (tenant) " +
            "id or a verified domain of the tenant the app is registered in, in the cloud whose sign-in host is " +
            `${emulator.url}.`,
    );
    expect(emulator.graphRequests()).toEqual([]);
});

test("an authority whose TLS certificate Node.js does not trust says how to trust it", async () => {
    const h = await signedInHost({
        NODE_EXTRA_CA_CERTS: undefined,
    });
    const error: Error = await share(h, "untrusted")
        .up({ ...folder(), recipients: [ALICE], roles: ["read"] })
        .catch((e) => e);
    expect(error.message).toMatch(
        new RegExp(
            `^Sign-in failed: Entra ID's metadata for tenant "${TENANT_ID}" at ${emulator.url} cannot be read: its TLS ` +
                "certificate is not trusted \\(\\w+\\)\\. .*NODE_EXTRA_CA_CERTS=<file.pem>",
        ),
    );
});

test("a client secret without a client id is an error naming both settings, before any request", async () => {
    const h = await host({
        AZURE_TENANT_ID: TENANT_ID,
        AZURE_CLIENT_SECRET: CLIENT_SECRET,
        MSGRAPH_ENDPOINT: emulator.url,
    });
    emulator.clearRequests();
    const error: Error = await share(h, "secret-without-app")
        .up({ ...folder(), recipients: [ALICE], roles: ["read"] })
        .catch((e) => e);
    expect(error.message).toMatch(
        /^AZURE_CLIENT_SECRET is set but the app's client id is not: set driveShare:clientId \(or AZURE_CLIENT_ID\)/,
    );
    expect(error.message).not.toContain(CLIENT_SECRET);
    expect(emulator.requests).toEqual([]);
});

test("Entra busy for a moment: @azure/identity's own retry signs in, and the up goes on", async () => {
    const h = await signedInHost();
    emulator.clearRequests();
    emulator.injectFault({ kind: "entra", method: "POST", path: /token$/, response: { status: 503, message: "busy" } });
    await share(h, "entra-busy").up({ ...folder(), recipients: [ALICE], roles: ["read"] });
    expect(emulator.tokenRequests().map((r) => r.status)).toEqual([503, 200]);
});

test("ten updates in flight that meet an expired token sign in once", async () => {
    const h = await signedInHost();
    const shares = Array.from({ length: 10 }, (_, i) => ({ resource: share(h, `renew-${i}`), item: folder() }));
    await Promise.all(shares.map((s) => s.resource.up({ ...s.item, recipients: [ALICE], roles: ["read"] })));
    emulator.expireAllTokens();
    emulator.clearRequests();
    await Promise.all(shares.map((s) => s.resource.up({ ...s.item, recipients: [ALICE, BOB], roles: ["read"] })));
    expect(emulator.tokenRequests()).toHaveLength(1);
    for (const s of shares) expect(Object.keys(s.resource.state!.outputs.grants).sort()).toEqual([ALICE, BOB]);
});

test("a client secret without a tenant says which setting is missing", async () => {
    const h = await host({
        AZURE_CLIENT_ID: CLIENT_ID,
        AZURE_CLIENT_SECRET: CLIENT_SECRET,
        MSGRAPH_ENDPOINT: emulator.url,
    });
    await expect(share(h, "no-tenant").up({ ...folder(), recipients: [ALICE], roles: ["read"] })).rejects.toThrow(
        /set driveShare:tenantId \(or AZURE_TENANT_ID\)/,
    );
});

test.each([
    ["MSGRAPH_ENDPOINT", "http://graph.example.com", /^MSGRAPH_ENDPOINT "http:\/\/graph.example.com" must use https/],
    [
        "AZURE_AUTHORITY_HOST",
        "http://login.example.com",
        /^AZURE_AUTHORITY_HOST "http:\/\/login.example.com" must use https/,
    ],
    ["MSGRAPH_ENDPOINT", "https://graph.example.com/v1.0", /must be an origin without a path/],
])("%s=%s is refused before any request", async (name, value, message) => {
    const h = await host({
        AZURE_TENANT_ID: TENANT_ID,
        AZURE_CLIENT_ID: CLIENT_ID,
        AZURE_CLIENT_SECRET: CLIENT_SECRET,
        [name]: value,
    });
    emulator.clearRequests();
    await expect(share(h, `plain-${name}`).up({ ...folder(), recipients: [ALICE], roles: ["read"] })).rejects.toThrow(
        message,
    );
    expect(emulator.requests).toEqual([]);
});

test("an app without write permission gets a 403 that names the Graph permissions it needs", async () => {
    emulator.addApp({
        tenantId: TENANT_ID,
        clientId: "11111111-1111-4111-8111-111111111111",
        clientSecret: "read-only-secret",
        permissions: ["Files.Read.All"],
    });
    const h = await host({
        AZURE_TENANT_ID: TENANT_ID,
        AZURE_CLIENT_ID: "11111111-1111-4111-8111-111111111111",
        AZURE_CLIENT_SECRET: "read-only-secret",
        AZURE_AUTHORITY_HOST: emulator.url,
        MSGRAPH_ENDPOINT: emulator.url,
    });
    await expect(share(h, "read-only").up({ ...folder(), recipients: [ALICE], roles: ["read"] })).rejects.toThrow(
        /403 accessDenied.*needs the Microsoft Graph application permission Files\.ReadWrite\.All or Sites\.ReadWrite\.All/s,
    );
});

test("a certificate signs in instead of a secret (AZURE_CLIENT_CERTIFICATE_PATH)", async () => {
    const certificateApp = "22222222-2222-4222-8222-222222222222";
    const fixtures = path.join(__dirname, "fixtures");
    emulator.addApp({
        tenantId: TENANT_ID,
        clientId: certificateApp,
        certificatePem: fs.readFileSync(path.join(fixtures, "app-certificate.crt"), "utf8"),
    });
    const h = await host({
        AZURE_TENANT_ID: TENANT_ID,
        AZURE_CLIENT_ID: certificateApp,
        AZURE_CLIENT_CERTIFICATE_PATH: path.join(fixtures, "app-certificate.pem"),
        AZURE_AUTHORITY_HOST: emulator.url,
        MSGRAPH_ENDPOINT: emulator.url,
    });
    emulator.clearRequests();
    const resource = share(h, "certificate");
    await resource.up({ ...folder(), recipients: [ALICE], roles: ["read"] });
    expect(Object.keys(resource.state!.outputs.grants)).toEqual([ALICE]);
    const token = emulator.tokenRequests()[0].body as Record<string, string>;
    expect(token.client_assertion_type).toBe("urn:ietf:params:oauth:client-assertion-type:jwt-bearer");
    expect(token.client_secret).toBeUndefined();
});

test("a missing certificate file is named", async () => {
    const h = await host({
        AZURE_TENANT_ID: TENANT_ID,
        AZURE_CLIENT_ID: CLIENT_ID,
        AZURE_CLIENT_CERTIFICATE_PATH: "/nowhere/app.pem",
        AZURE_AUTHORITY_HOST: emulator.url,
        MSGRAPH_ENDPOINT: emulator.url,
    });
    emulator.clearRequests();
    await expect(share(h, "no-certificate").up({ ...folder(), recipients: [ALICE], roles: ["read"] })).rejects.toThrow(
        /^Sign-in failed: the certificate file AZURE_CLIENT_CERTIFICATE_PATH "\/nowhere\/app.pem" cannot be read/,
    );
    expect(emulator.graphRequests()).toEqual([]);
});

test("driveShare:cloud selects the national cloud's endpoints, and explicit endpoints override it", async () => {
    const h = await host({
        AZURE_TENANT_ID: TENANT_ID,
        AZURE_CLIENT_ID: CLIENT_ID,
        AZURE_CLIENT_SECRET: CLIENT_SECRET,
    });
    await h.configure({
        "driveShare:cloud": "usgovhigh",
        "driveShare:authorityHost": emulator.url,
        "driveShare:graphEndpoint": emulator.url,
    });
    await share(h, "sovereign").up({ ...folder(), recipients: [ALICE], roles: ["read"] });
});

test("looking a site up without a Sites permission names the permission it needs", async () => {
    const filesOnly = "33333333-3333-4333-8333-333333333333";
    emulator.addApp({
        tenantId: TENANT_ID,
        clientId: filesOnly,
        clientSecret: "files-only-secret",
        permissions: ["Files.ReadWrite.All"],
    });
    emulator.addSite({ hostname: "contoso.sharepoint.com", path: "/sites/hr" });
    const h = await host({
        AZURE_TENANT_ID: TENANT_ID,
        AZURE_CLIENT_ID: filesOnly,
        AZURE_CLIENT_SECRET: "files-only-secret",
        AZURE_AUTHORITY_HOST: emulator.url,
        MSGRAPH_ENDPOINT: emulator.url,
    });
    await expect(
        share(h, "site-lookup").up({
            siteUrl: "https://contoso.sharepoint.com/sites/hr",
            path: "Q3",
            recipients: [ALICE],
            roles: ["read"],
        }),
    ).rejects.toThrow(/403 accessDenied.*needs the Microsoft Graph application permission Sites\.Read\.All/s);
});

describe("workload identity federation (GitHub Actions OIDC), through DefaultAzureCredential", () => {
    const oidcApp = "44444444-4444-4444-8444-444444444444";
    const issuer = "https://token.actions.githubusercontent.com";
    const subject = "repo:contoso/drive-sharing:ref:refs/heads/main";
    const { privateKey, publicKey } = crypto.generateKeyPairSync("rsa", { modulusLength: 2048 });

    /** A GitHub-style OIDC token, written where AZURE_FEDERATED_TOKEN_FILE points. */
    function tokenFile(claims: Record<string, unknown>): string {
        const encode = (value: object) => Buffer.from(JSON.stringify(value)).toString("base64url");
        const now = Math.floor(Date.now() / 1000);
        const unsigned = `${encode({ alg: "RS256", typ: "JWT", kid: "test" })}.${encode({
            iss: issuer,
            sub: subject,
            aud: "api://AzureADTokenExchange",
            iat: now,
            nbf: now,
            exp: now + 300,
            ...claims,
        })}`;
        const signature = crypto.sign("sha256", Buffer.from(unsigned), privateKey).toString("base64url");
        const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "oidc-")), "token");
        fs.writeFileSync(file, `${unsigned}.${signature}`);
        return file;
    }

    beforeAll(() => {
        emulator.addApp({
            tenantId: TENANT_ID,
            clientId: oidcApp,
            federatedCredentials: [
                {
                    issuer,
                    subject,
                    publicKeyPem: publicKey.export({ type: "spki", format: "pem" }).toString(),
                },
            ],
        });
    });

    function oidcHost(file: string) {
        return host({
            AZURE_TENANT_ID: TENANT_ID,
            AZURE_CLIENT_ID: oidcApp,
            AZURE_FEDERATED_TOKEN_FILE: file,
            AZURE_AUTHORITY_HOST: emulator.url,
            MSGRAPH_ENDPOINT: emulator.url,
            // Only this credential of the chain: the others would probe the machine's managed identity endpoint.
            AZURE_TOKEN_CREDENTIALS: "WorkloadIdentityCredential",
        });
    }

    test("signs in with the federated token and no stored secret", async () => {
        const h = await oidcHost(tokenFile({}));
        emulator.clearRequests();
        const resource = share(h, "oidc");
        await resource.up({ ...folder(), recipients: [ALICE], roles: ["read"] });
        expect(Object.keys(resource.state!.outputs.grants)).toEqual([ALICE]);
        const token = emulator.tokenRequests()[0].body as Record<string, string>;
        expect(token).toMatchObject({
            client_id: oidcApp,
            client_assertion_type: "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
        });
        expect(token.client_secret).toBeUndefined();
    });

    test("a token for another branch is refused with Entra's reason", async () => {
        const h = await oidcHost(tokenFile({ sub: "repo:contoso/drive-sharing:ref:refs/heads/feature" }));
        await expect(share(h, "oidc-branch").up({ ...folder(), recipients: [ALICE], roles: ["read"] })).rejects.toThrow(
            /AADSTS70021: No matching federated identity record found for presented assertion/,
        );
    });
});

test("a managed identity signs in through DefaultAzureCredential, with no secret anywhere", async () => {
    const identity = "55555555-5555-4555-8555-555555555555";
    emulator.addApp({ tenantId: TENANT_ID, clientId: identity, managedIdentity: "user-assigned" });
    const h = await host({
        AZURE_CLIENT_ID: identity,
        // An App Service-style identity endpoint (the emulator's); the others would be the machine's own.
        IDENTITY_ENDPOINT: `${emulator.url}/msi/token`,
        IDENTITY_HEADER: MANAGED_IDENTITY_HEADER,
        AZURE_TOKEN_CREDENTIALS: "ManagedIdentityCredential",
        MSGRAPH_ENDPOINT: emulator.url,
    });
    emulator.clearRequests();
    const resource = share(h, "managed-identity");
    await resource.up({ ...folder(), recipients: [ALICE], roles: ["read"] });
    expect(Object.keys(resource.state!.outputs.grants)).toEqual([ALICE]);
    const identityCalls = emulator.requests.filter((r) => r.kind === "entra");
    expect(
        identityCalls.map((r) => `${r.method} ${r.path} ${new URLSearchParams(r.url.split("?")[1]).get("client_id")}`),
    ).toEqual([`GET /msi/token ${identity}`]);
});

test("the Azure CLI's sign-in is used through DefaultAzureCredential (az stood in for by a script)", async () => {
    const cliApp = "66666666-6666-4666-8666-666666666666";
    emulator.addApp({ tenantId: TENANT_ID, clientId: cliApp });
    const bin = fs.mkdtempSync(path.join(os.tmpdir(), "az-"));
    fs.writeFileSync(
        path.join(bin, "az"),
        [
            "#!/bin/sh",
            "# Stand-in for the Azure CLI: records its arguments and answers get-access-token with an emulator token.",
            `echo "$@" > "${bin}/args"`,
            `echo '{"accessToken":"'"$FAKE_AZ_TOKEN"'","expires_on":${Math.floor(Date.now() / 1000) + 3600},"tokenType":"Bearer"}'`,
        ].join("\n"),
        { mode: 0o755 },
    );
    const h = await host({
        PATH: `${bin}:${process.env.PATH}`,
        FAKE_AZ_TOKEN: emulator.issueToken(TENANT_ID, cliApp),
        AZURE_TOKEN_CREDENTIALS: "AzureCliCredential",
        MSGRAPH_ENDPOINT: emulator.url,
    });
    const resource = share(h, "azure-cli");
    await resource.up({ ...folder(), recipients: [ALICE], roles: ["read"] });
    expect(Object.keys(resource.state!.outputs.grants)).toEqual([ALICE]);
    expect(fs.readFileSync(path.join(bin, "args"), "utf8")).toContain(
        `account get-access-token --output json --resource ${emulator.url}`,
    );
});

test('signed in as a user (the Azure CLI\'s delegated token), userPrincipalName "me" names their own OneDrive', async () => {
    const cliApp = "77777777-7777-4777-8777-777777777777";
    const me = "mia@contoso.com";
    emulator.addApp({ tenantId: TENANT_ID, clientId: cliApp });
    emulator.addUser({ email: me });
    const drive = emulator.addDrive({ name: "OneDrive", ownerUserId: me });
    const notes = emulator.addItem({ driveId: drive.id, name: "Notes", folder: true });
    const bin = fs.mkdtempSync(path.join(os.tmpdir(), "az-"));
    fs.writeFileSync(
        path.join(bin, "az"),
        [
            "#!/bin/sh",
            "# Stand-in for the Azure CLI after az login: a delegated token for the signed-in user.",
            `echo '{"accessToken":"'"$FAKE_AZ_TOKEN"'","expires_on":${Math.floor(Date.now() / 1000) + 3600},"tokenType":"Bearer"}'`,
        ].join("\n"),
        { mode: 0o755 },
    );
    const h = await host({
        PATH: `${bin}:${process.env.PATH}`,
        FAKE_AZ_TOKEN: emulator.issueToken(TENANT_ID, cliApp, me),
        AZURE_TOKEN_CREDENTIALS: "AzureCliCredential",
        MSGRAPH_ENDPOINT: emulator.url,
    });
    emulator.clearRequests();
    const resource = share(h, "my-notes");
    await resource.up({ userPrincipalName: "me", path: "Notes", recipients: [ALICE], roles: ["read"] });
    expect(resource.state!.outputs).toMatchObject({ driveId: drive.id, itemId: notes.id });
    expect(emulator.graphRequests()[0].path).toBe("/v1.0/me/drive/root:/Notes:");
});

test("no credential at all says which settings to give", async () => {
    // Only the environment credential in DefaultAzureCredential's chain: the others would look for this machine's own.
    const h = await host({ AZURE_TOKEN_CREDENTIALS: "EnvironmentCredential", MSGRAPH_ENDPOINT: emulator.url });
    await expect(share(h, "nobody").up({ ...folder(), recipients: [ALICE], roles: ["read"] })).rejects.toThrow(
        /no credential is configured\. Set driveShare:tenantId, driveShare:clientId and driveShare:clientSecret or driveShare:clientCertificatePath/,
    );
});
