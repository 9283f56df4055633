// Entra ID side: the real @azure/identity credentials sign in against the emulator, and the token
// endpoint's refusals have Entra's shapes (AADSTS error bodies as Entra returns them).
import { ClientCertificateCredential, ClientSecretCredential } from "@azure/identity";
import { X509Certificate, createHash, generateKeyPairSync, sign } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { type GraphEmulator, startEmulator } from "./index";
import { CLIENT_ID, CLIENT_SECRET, TENANT_ID, call, postForm } from "./test-helpers";

const CERT_PEM = readFileSync(join(__dirname, "tls", "cert.pem"), "utf8");
const KEY_PEM = readFileSync(join(__dirname, "tls", "key.pem"), "utf8");
const SCOPE = "https://graph.microsoft.com/.default";

let em: GraphEmulator;
beforeAll(async () => {
    em = await startEmulator();
});
afterAll(() => em.close());
beforeEach(() => {
    em.reset();
    em.addApp({ tenantId: TENANT_ID, clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, certificatePem: CERT_PEM });
});

function decodeJwt(token: string): Record<string, unknown> {
    return JSON.parse(Buffer.from(token.split(".")[1], "base64url").toString("utf8")) as Record<string, unknown>;
}

const options = () => ({ authorityHost: em.url, disableInstanceDiscovery: true });

describe("ClientSecretCredential (@azure/identity) against the emulator", () => {
    test("signs in with exactly a discovery GET and a token POST, then serves from MSAL's cache", async () => {
        const credential = new ClientSecretCredential(TENANT_ID, CLIENT_ID, CLIENT_SECRET, options());
        const token = await credential.getToken(SCOPE);
        await credential.getToken(SCOPE);

        expect(em.requests.map((r) => `${r.method} ${r.path} ${r.status}`)).toEqual([
            `GET /${TENANT_ID}/v2.0/.well-known/openid-configuration 200`,
            `POST /${TENANT_ID}/oauth2/v2.0/token 200`,
        ]);
        const claims = decodeJwt(token.token);
        expect(claims).toMatchObject({
            aud: "https://graph.microsoft.com",
            tid: TENANT_ID,
            appid: CLIENT_ID,
            roles: ["Files.ReadWrite.All"],
        });
        expect(token.expiresOnTimestamp).toBeGreaterThan(Date.now() + 3000 * 1000);
        expect(em.tokenRequests()).toHaveLength(1);
        expect(em.tokenRequests()[0].body).toMatchObject({
            grant_type: "client_credentials",
            client_id: CLIENT_ID,
            client_secret: "<redacted>",
            scope: SCOPE,
        });
        expect(JSON.stringify(em.requests)).not.toContain(CLIENT_SECRET);
    });

    test("a wrong secret fails with AADSTS7000215 invalid_client and the secret is not echoed", async () => {
        const credential = new ClientSecretCredential(TENANT_ID, CLIENT_ID, "wrong-secret-value", options());
        const error = await credential.getToken(SCOPE).then(
            () => undefined,
            (e: unknown) => e as Error,
        );
        // @azure/identity 4.13.1 wraps MSAL's ServerError as AuthenticationRequiredError (msal/utils.js handleMsalError).
        expect(error?.name).toBe("AuthenticationRequiredError");
        expect(error?.message).toContain("AADSTS7000215");
        expect(error?.message).not.toContain("wrong-secret-value");
        expect(em.tokenRequests()[0].status).toBe(401);
    });

    test("the emulator's own origin is accepted as resource: <emulator.url>/.default", async () => {
        const credential = new ClientSecretCredential(TENANT_ID, CLIENT_ID, CLIENT_SECRET, options());
        const token = await credential.getToken(`${em.url}/.default`);
        expect(decodeJwt(token.token).aud).toBe(em.url);
        const res = await call(em, token.token, "GET", "/v1.0/drives/nope");
        expect(res.status).toBe(404);
    });
});

describe("ClientCertificateCredential (@azure/identity) against the emulator", () => {
    test("signs in with a client_assertion signed by the registered certificate (PS256 + x5t#S256)", async () => {
        const credential = new ClientCertificateCredential(
            TENANT_ID,
            CLIENT_ID,
            { certificate: `${CERT_PEM}\n${KEY_PEM}` },
            options(),
        );
        const token = await credential.getToken(SCOPE);
        expect(decodeJwt(token.token)).toMatchObject({ appid: CLIENT_ID, tid: TENANT_ID });
        const form = em.tokenRequests()[0].body as Record<string, string>;
        expect(form.client_assertion).toBe("<redacted>");
        expect(form.client_assertion_type).toBe("urn:ietf:params:oauth:client-assertion-type:jwt-bearer");
    });

    test("an RS256 assertion with a SHA-1 x5t (older MSAL) is accepted too", async () => {
        const tokenEndpoint = `${em.url}/${TENANT_ID}/oauth2/v2.0/token`;
        const x5t = createHash("sha1").update(new X509Certificate(CERT_PEM).raw).digest("base64url");
        const now = Math.floor(Date.now() / 1000);
        const part = (v: unknown) => Buffer.from(JSON.stringify(v)).toString("base64url");
        const signed = `${part({ alg: "RS256", typ: "JWT", x5t })}.${part({ aud: tokenEndpoint, iss: CLIENT_ID, sub: CLIENT_ID, exp: now + 600, nbf: now, jti: "1" })}`;
        const assertion = `${signed}.${sign("sha256", Buffer.from(signed), KEY_PEM).toString("base64url")}`;
        const res = await postForm(em, `/${TENANT_ID}/oauth2/v2.0/token`, {
            grant_type: "client_credentials",
            client_id: CLIENT_ID,
            scope: SCOPE,
            client_assertion_type: "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
            client_assertion: assertion,
        });
        expect(res.status).toBe(200);
    });

    test("an assertion signed by another key is refused with AADSTS700027", async () => {
        const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
        const otherKey = privateKey.export({ type: "pkcs8", format: "pem" }).toString();
        const credential = new ClientCertificateCredential(
            TENANT_ID,
            CLIENT_ID,
            { certificate: `${CERT_PEM}\n${otherKey}` },
            options(),
        );
        await expect(credential.getToken(SCOPE)).rejects.toThrow(/AADSTS700027/);
    });
});

describe("token endpoint refusals", () => {
    const token = (form: Record<string, string>, tenant = TENANT_ID) =>
        postForm(em, `/${tenant}/oauth2/v2.0/token`, {
            grant_type: "client_credentials",
            client_id: CLIENT_ID,
            client_secret: CLIENT_SECRET,
            scope: SCOPE,
            ...form,
        });

    test("wrong secret: 401 invalid_client with Entra's full error body", async () => {
        const res = await token({ client_secret: "nope-nope" });
        expect(res.status).toBe(401);
        expect(res.body).toEqual({
            error: "invalid_client",
            error_description: expect.stringMatching(
                /^AADSTS7000215: Invalid client secret provided\. .*\r\nTrace ID: .+\r\nCorrelation ID: .+\r\nTimestamp: /s,
            ),
            error_codes: [7000215],
            timestamp: expect.stringMatching(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\dZ$/),
            trace_id: expect.any(String),
            correlation_id: expect.any(String),
            error_uri: "https://login.microsoftonline.com/error?code=7000215",
        });
        expect(JSON.stringify(res.body)).not.toContain("nope-nope");
    });

    test.each([
        [
            "unknown client",
            { client_id: "00000000-0000-0000-0000-000000000001" },
            TENANT_ID,
            400,
            "unauthorized_client",
            700016,
        ],
        ["unknown tenant", {}, "00000000-0000-0000-0000-00000000dead", 400, "invalid_request", 90002],
        [
            "scope without /.default",
            { scope: "https://graph.microsoft.com/Files.Read.All" },
            TENANT_ID,
            400,
            "invalid_scope",
            1002012,
        ],
        [
            "unknown resource",
            { scope: "https://management.azure.com/.default" },
            TENANT_ID,
            400,
            "invalid_resource",
            500011,
        ],
        ["another grant type", { grant_type: "password" }, TENANT_ID, 400, "unsupported_grant_type", 70003],
        ["no client_id", { client_id: "" }, TENANT_ID, 400, "invalid_request", 900144],
        ["no scope", { scope: "" }, TENANT_ID, 400, "invalid_request", 900144],
    ])("%s", async (_name, form, tenant, status, error, code) => {
        const res = await token(form, tenant);
        expect(res.status).toBe(status);
        expect(res.body).toMatchObject({ error, error_codes: [code] });
        expect(res.body.error_description).toMatch(new RegExp(`^AADSTS${code}: `));
    });

    test("no secret and no assertion: AADSTS7000218", async () => {
        const res = await postForm(em, `/${TENANT_ID}/oauth2/v2.0/token`, {
            grant_type: "client_credentials",
            client_id: CLIENT_ID,
            scope: SCOPE,
        });
        expect(res.status).toBe(401);
        expect(res.body).toMatchObject({ error: "invalid_client", error_codes: [7000218] });
    });

    test("a malformed client_assertion: AADSTS50027", async () => {
        const res = await token({
            client_secret: "",
            client_assertion: "not-a-jwt",
            client_assertion_type: "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
        });
        expect(res.status).toBe(401);
        expect(res.body.error_codes).toEqual([50027]);
    });

    test("a tenant domain works as tenant segment; the client's client-request-id becomes correlation_id", async () => {
        const ok = await token({}, "contoso.com");
        expect(ok.status).toBe(200);
        expect(ok.body).toMatchObject({
            token_type: "Bearer",
            expires_in: 3599,
            ext_expires_in: 3599,
            access_token: expect.stringMatching(/^[\w-]+\.[\w-]+\.[\w-]+$/),
        });
        const res = await fetch(`${em.url}/${TENANT_ID}/oauth2/v2.0/token`, {
            method: "POST",
            headers: { "content-type": "application/x-www-form-urlencoded", "client-request-id": "abc-123" },
            body: new URLSearchParams({
                grant_type: "client_credentials",
                client_id: CLIENT_ID,
                client_secret: "x",
                scope: SCOPE,
            }).toString(),
        });
        expect(((await res.json()) as { correlation_id: string }).correlation_id).toBe("abc-123");
    });

    test("discovery of an unknown tenant: 400 AADSTS90002; discovery document has MSAL's required fields", async () => {
        const bad = await call(em, undefined, "GET", "/nope.onmicrosoft.com/v2.0/.well-known/openid-configuration");
        expect(bad.status).toBe(400);
        expect(bad.body).toMatchObject({ error: "invalid_tenant", error_codes: [90002] });
        const good = await call(em, undefined, "GET", `/${TENANT_ID}/v2.0/.well-known/openid-configuration`);
        expect(good.body).toMatchObject({
            token_endpoint: `${em.url}/${TENANT_ID}/oauth2/v2.0/token`,
            authorization_endpoint: `${em.url}/${TENANT_ID}/oauth2/v2.0/authorize`,
            issuer: `${em.url}/${TENANT_ID}/v2.0`,
            jwks_uri: expect.any(String),
        });
    });

    test("tokenLifetimeSeconds sets expires_in", async () => {
        const short = await startEmulator({ tokenLifetimeSeconds: 60 });
        try {
            short.addApp({ tenantId: TENANT_ID, clientId: CLIENT_ID, clientSecret: CLIENT_SECRET });
            const res = await postForm(short, `/${TENANT_ID}/oauth2/v2.0/token`, {
                grant_type: "client_credentials",
                client_id: CLIENT_ID,
                client_secret: CLIENT_SECRET,
                scope: SCOPE,
            });
            expect(res.body.expires_in).toBe(60);
            expect(decodeJwt(res.body.access_token).exp).toBeLessThanOrEqual(Math.ceil(Date.now() / 1000) + 60);
        } finally {
            await short.close();
        }
    });
});
