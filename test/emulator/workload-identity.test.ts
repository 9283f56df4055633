// Sign-in without a client secret: federated credentials (workload identity, e.g. GitHub Actions OIDC) at the token
// endpoint, and App Service's managed identity endpoint. The provider's own tests run the real @azure/identity
// credentials against both (test/driveitemshare/signin.test.ts); these pin the emulator's answers.
import { generateKeyPairSync, sign } from "node:crypto";
import { type GraphEmulator, MANAGED_IDENTITY_HEADER, startEmulator } from "./index";
import { CLIENT_ID, TENANT_ID, call, postForm } from "./test-helpers";

const ISSUER = "https://token.actions.githubusercontent.com";
const SUBJECT = "repo:contoso/sharing:ref:refs/heads/main";
const { privateKey, publicKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });

let em: GraphEmulator;
beforeAll(async () => {
    em = await startEmulator();
});
afterAll(() => em.close());
beforeEach(() => {
    em.reset();
    em.addApp({
        tenantId: TENANT_ID,
        clientId: CLIENT_ID,
        federatedCredentials: [
            {
                issuer: ISSUER,
                subject: SUBJECT,
                publicKeyPem: publicKey.export({ type: "spki", format: "pem" }).toString(),
            },
        ],
    });
});

function federatedToken(claims: Record<string, unknown> = {}, key = privateKey): string {
    const encode = (value: object) => Buffer.from(JSON.stringify(value)).toString("base64url");
    const now = Math.floor(Date.now() / 1000);
    const signed = `${encode({ alg: "RS256", typ: "JWT" })}.${encode({ iss: ISSUER, sub: SUBJECT, aud: "api://AzureADTokenExchange", exp: now + 300, ...claims })}`;
    return `${signed}.${sign("sha256", Buffer.from(signed), key).toString("base64url")}`;
}

const exchange = (assertion: string) =>
    postForm(em, `/${TENANT_ID}/oauth2/v2.0/token`, {
        grant_type: "client_credentials",
        client_id: CLIENT_ID,
        scope: "https://graph.microsoft.com/.default",
        client_assertion_type: "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
        client_assertion: assertion,
    });

describe("federated credentials", () => {
    test("a token from the registered issuer and subject is exchanged for an access token", async () => {
        const reply = await exchange(federatedToken());
        expect(reply.status).toBe(200);
        expect(reply.body).toMatchObject({ token_type: "Bearer", access_token: expect.any(String) });
    });

    test.each([
        ["another subject", { sub: "repo:contoso/sharing:pull_request" }, undefined, 70021],
        ["another audience", { aud: "api://other" }, undefined, 70021],
        ["an expired token", { exp: Math.floor(Date.now() / 1000) - 3600 }, undefined, 700024],
        ["a token signed by another key", {}, generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey, 700027],
    ])("%s is refused with AADSTS%s's code", async (_name, claims, key, aadsts) => {
        const reply = await exchange(federatedToken(claims, key));
        expect(reply.status).toBe(401);
        expect(reply.body).toMatchObject({ error: "invalid_client", error_codes: [aadsts] });
    });
});

describe("App Service managed identity endpoint", () => {
    beforeEach(() => {
        em.addApp({
            tenantId: TENANT_ID,
            clientId: "55555555-5555-4555-8555-555555555555",
            managedIdentity: "system-assigned",
        });
    });

    test("answers a token with expires_on in epoch seconds, usable on Graph", async () => {
        const reply = await call(
            em,
            undefined,
            "GET",
            "/msi/token?api-version=2019-08-01&resource=https://graph.microsoft.com",
            undefined,
            { "X-IDENTITY-HEADER": MANAGED_IDENTITY_HEADER },
        );
        expect(reply.status).toBe(200);
        expect(reply.body).toMatchObject({
            token_type: "Bearer",
            resource: "https://graph.microsoft.com",
            expires_on: expect.stringMatching(/^\d+$/),
        });
        const drive = em.addDrive({ driveType: "business" });
        const listed = await call(
            em,
            reply.body.access_token,
            "GET",
            `/v1.0/drives/${drive.id}/items/${drive.rootItemId}/permissions`,
        );
        expect(listed.status).toBe(200);
    });

    test.each([
        ["without the identity header", {}, "", 401],
        [
            "for an identity that does not exist",
            { "X-IDENTITY-HEADER": MANAGED_IDENTITY_HEADER },
            "&client_id=99999999-9999-4999-8999-999999999999",
            400,
        ],
    ])("refuses a request %s", async (_name, headers, query, status) => {
        const reply = await call(
            em,
            undefined,
            "GET",
            `/msi/token?api-version=2019-08-01&resource=https://graph.microsoft.com${query}`,
            undefined,
            headers,
        );
        expect(reply.status).toBe(status);
    });
});
