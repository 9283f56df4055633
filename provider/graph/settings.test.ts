import { CLOUDS, resolveSettings, settingName } from "./settings";
import { chooseCredential } from "./signin";

const APP = { tenantId: "72f988bf-86f1-41af-91ab-2d7cd011db47", clientId: "5e3ce6c0-2b1f-4285-8d4b-75ee78787346" };

describe("resolveSettings", () => {
    test("stack config wins over the environment, which fills the gaps", () => {
        const settings = resolveSettings(
            { clientId: "from-config" },
            { AZURE_CLIENT_ID: "from-env", AZURE_TENANT_ID: "tenant-env", AZURE_CLIENT_SECRET: "s" },
        );
        expect(settings).toMatchObject({ clientId: "from-config", tenantId: "tenant-env", clientSecret: "s" });
    });

    test("defaults to the public cloud, with MSAL's own authority host", () => {
        expect(resolveSettings({}, {})).toMatchObject({
            graphEndpoint: "https://graph.microsoft.com",
            authorityHost: undefined,
        });
    });

    test.each([
        ["usgov", "https://login.microsoftonline.com", "https://graph.microsoft.com"],
        ["usgovhigh", "https://login.microsoftonline.us", "https://graph.microsoft.us"],
        ["dod", "https://login.microsoftonline.us", "https://dod-graph.microsoft.us"],
        ["china", "https://login.chinacloudapi.cn", "https://microsoftgraph.chinacloudapi.cn"],
    ])("cloud %s selects its sign-in host and Graph endpoint", (cloud, authorityHost, graphEndpoint) => {
        expect(resolveSettings({ cloud }, {})).toMatchObject({ authorityHost, graphEndpoint });
        expect(CLOUDS[cloud]).toEqual({ authorityHost, graphEndpoint });
    });

    test("explicit endpoints override the cloud's", () => {
        expect(
            resolveSettings({ cloud: "china", graphEndpoint: "https://graph.example.cn" }, { DRIVESHARE_CLOUD: "dod" }),
        ).toMatchObject({ authorityHost: "https://login.chinacloudapi.cn", graphEndpoint: "https://graph.example.cn" });
    });

    test.each([
        [
            { cloud: "azure" },
            /driveShare:cloud "azure" is not a cloud; use one of public, usgov, usgovhigh, dod, china/,
        ],
        [{ graphEndpoint: "http://graph.example.com" }, /must use https \(plain http is accepted only for loopback\)/],
        [{ authorityHost: "login.microsoftonline.com" }, /driveShare:authorityHost "login.microsoftonline.com"/],
    ])("%j is refused", (config, message) => {
        expect(() => resolveSettings(config, {})).toThrow(message);
    });

    test("plain http is accepted on loopback", () => {
        expect(resolveSettings({ graphEndpoint: "http://127.0.0.1:8443" }, {}).graphEndpoint).toBe(
            "http://127.0.0.1:8443",
        );
    });

    test.each([
        ["DRIVESHARE_MAX_CONCURRENCY", "-1"],
        ["DRIVESHARE_RETRY_DELAY_MS", "soon"],
    ])("%s=%s is refused", (name, value) => {
        expect(() => resolveSettings({}, { [name]: value })).toThrow(
            `${name} "${value}" must be a non-negative number`,
        );
    });

    test("DRIVESHARE_RU_PER_MINUTE gives the app's budget; unset, it is not known", () => {
        expect(resolveSettings({}, {}).ruPerMinute).toBeUndefined();
        expect(resolveSettings({}, { DRIVESHARE_RU_PER_MINUTE: "" }).ruPerMinute).toBeUndefined();
        expect(resolveSettings({}, { DRIVESHARE_RU_PER_MINUTE: "6000" }).ruPerMinute).toBe(6000);
    });

    test.each(["0", "-1200", "1200.5", "lots"])("DRIVESHARE_RU_PER_MINUTE=%s is refused", (value) => {
        expect(() => resolveSettings({}, { DRIVESHARE_RU_PER_MINUTE: value })).toThrow(
            `DRIVESHARE_RU_PER_MINUTE "${value}" must be a positive integer`,
        );
    });

    test("DRIVESHARE_END_ACCESS_ON_REFRESH is off unless true, and anything but true or false is refused", () => {
        expect(resolveSettings({}, {}).endAccessOnRefresh).toBe(false);
        expect(resolveSettings({}, { DRIVESHARE_END_ACCESS_ON_REFRESH: "true" }).endAccessOnRefresh).toBe(true);
        expect(resolveSettings({}, { DRIVESHARE_END_ACCESS_ON_REFRESH: "false" }).endAccessOnRefresh).toBe(false);
        expect(() => resolveSettings({}, { DRIVESHARE_END_ACCESS_ON_REFRESH: "yes" })).toThrow(
            'DRIVESHARE_END_ACCESS_ON_REFRESH "yes" must be true or false',
        );
    });
});

describe("settingName", () => {
    test("names a setting where its value came from: stack config, else the environment", () => {
        const settings = resolveSettings({ clientId: "app" }, { AZURE_CLIENT_ID: "env-app", AZURE_CLIENT_SECRET: "s" });
        expect(settingName(settings, "clientId")).toBe("driveShare:clientId");
        expect(settingName(settings, "clientSecret")).toBe("AZURE_CLIENT_SECRET");
        expect(settingName(settings, "tenantId")).toBe("driveShare:tenantId");
    });

    test("a bad endpoint from the environment is named by its variable", () => {
        expect(() => resolveSettings({}, { MSGRAPH_ENDPOINT: "graph" })).toThrow(
            /^MSGRAPH_ENDPOINT "graph" is not a URL/,
        );
    });
});

describe("chooseCredential", () => {
    test("a client id with a secret signs in with the secret", () => {
        expect(chooseCredential(resolveSettings({ ...APP, clientSecret: "s" }, {}))).toEqual({
            kind: "clientSecret",
            ...APP,
        });
    });

    test("a client id with a certificate path signs in with the certificate", () => {
        expect(
            chooseCredential(
                resolveSettings(
                    {},
                    {
                        AZURE_TENANT_ID: APP.tenantId,
                        AZURE_CLIENT_ID: APP.clientId,
                        AZURE_CLIENT_CERTIFICATE_PATH: "/certs/app.pem",
                    },
                ),
            ),
        ).toEqual({ kind: "clientCertificate", ...APP, certificatePath: "/certs/app.pem" });
    });

    test.each([
        [
            "workload identity (GitHub Actions OIDC) or a user-assigned managed identity",
            { ...APP },
            { kind: "default", tenantId: APP.tenantId, managedIdentityClientId: APP.clientId },
        ],
        ["a system-assigned managed identity or the Azure CLI", {}, { kind: "default" }],
    ])("without a secret or certificate, DefaultAzureCredential: %s", (_name, config, choice) => {
        expect(chooseCredential(resolveSettings(config, {}))).toEqual(choice);
    });

    test("a secret without a tenant names the missing setting", () => {
        expect(() => chooseCredential(resolveSettings({ clientId: APP.clientId, clientSecret: "s" }, {}))).toThrow(
            "driveShare:clientSecret is set but the tenant is not: set driveShare:tenantId (or AZURE_TENANT_ID)",
        );
    });

    test.each([
        [{ clientSecret: "s" }, "driveShare:clientSecret"],
        [{ clientCertificatePath: "/certs/app.pem" }, "driveShare:clientCertificatePath"],
    ])("%j without a client id names both settings", (config, given) => {
        expect(() => chooseCredential(resolveSettings({ tenantId: APP.tenantId, ...config }, {}))).toThrow(
            `${given} is set but the app's client id is not: set driveShare:clientId (or AZURE_CLIENT_ID)`,
        );
    });
});
