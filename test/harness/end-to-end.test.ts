// A provider inside the real host signs in with a client secret at the local Entra ID emulator and calls its
// Graph API over HTTPS, with the credentials read from the host's environment at call time.
import type * as pulumi from "@pulumi/pulumi";
import { startEmulator } from "../emulator";
import { DEFAULT_TYPE, EngineResource } from "./engine";
import { startProviderHost } from "./host";
import { serializeProvider } from "./serialize";

const TENANT_ID = "4f0a3c55-2d7e-4b1a-9c3e-6a1d2b3c4d5e";
const CLIENT_ID = "9b8c7d6e-5f4a-4b3c-8d2e-1f0a9b8c7d6e";
const CLIENT_SECRET = "harness-e2e-secret-a7c2";

// Builds the credential and the request inside the method: nothing about them is serialized.
const listPermissions: pulumi.dynamic.ResourceProvider = {
    async create(inputs) {
        const { ClientSecretCredential } = require("@azure/identity");
        const base = process.env.HARNESS_EMULATOR_URL as string;
        const credential = new ClientSecretCredential(
            process.env.AZURE_TENANT_ID,
            process.env.AZURE_CLIENT_ID,
            process.env.AZURE_CLIENT_SECRET,
            { authorityHost: base, disableInstanceDiscovery: true },
        );
        const token = await credential.getToken("https://graph.microsoft.com/.default");
        const response = await fetch(`${base}/v1.0/drives/${inputs.driveId}/items/${inputs.itemId}/permissions`, {
            headers: { authorization: `Bearer ${token.token}` },
        });
        const body: any = await response.json();
        return {
            id: `${inputs.driveId}/${inputs.itemId}`,
            outs: { status: response.status, permissions: Array.isArray(body.value) ? body.value.length : null },
        };
    },
};

test("a provider in the host gets a client-secret token from the emulator and reads permissions with it", async () => {
    const em = await startEmulator();
    try {
        em.addApp({ tenantId: TENANT_ID, clientId: CLIENT_ID, clientSecret: CLIENT_SECRET });
        em.addUser({ email: "owner@contoso.com" });
        const drive = em.addDrive({ driveType: "business" });
        const item = em.addItem({ driveId: drive.id, name: "Finance", folder: true });

        const providerText = await serializeProvider(listPermissions);
        expect(providerText).not.toContain(CLIENT_SECRET);
        const host = await startProviderHost({
            providerText,
            env: {
                AZURE_TENANT_ID: TENANT_ID,
                AZURE_CLIENT_ID: CLIENT_ID,
                AZURE_CLIENT_SECRET: CLIENT_SECRET,
                HARNESS_EMULATOR_URL: em.url,
            },
        });
        try {
            const res = new EngineResource(host, "finance", DEFAULT_TYPE);
            await expect(res.up({ driveId: drive.id, itemId: item.id })).resolves.toMatchObject({ op: "create" });
            expect(res.state?.outputs).toEqual({ status: 200, permissions: em.permissions(drive.id, item.id).length });
        } finally {
            await host.stop();
        }

        expect(em.tokenRequests()).toHaveLength(1);
        expect(em.graphRequests()).toEqual([
            expect.objectContaining({
                method: "GET",
                path: `/v1.0/drives/${drive.id}/items/${item.id}/permissions`,
                status: 200,
                authenticated: true,
            }),
        ]);
    } finally {
        await em.stop();
    }
});
