/**
 * Standalone emulator (`npm run emulator`): listens on EMULATOR_PORT (default: any free port), seeds a small
 * demo tenant, prints how to point a program at it, and runs until interrupted.
 */
import { CLIENT_ID, CLIENT_SECRET, DEMO_TENANT, TENANT_ID } from "./demo-tenant";
import { EMULATOR_CA_CERT_PATH, startEmulator } from "./index";

async function main(): Promise<void> {
    const port = Number(process.env.EMULATOR_PORT ?? 0);
    const emulator = await startEmulator({ port });
    const seeded = emulator.seed(DEMO_TENANT);
    const lines = [
        `Graph + Entra ID emulator listening on ${emulator.url}`,
        `  tenant id     ${TENANT_ID}`,
        `  client id     ${CLIENT_ID}`,
        `  client secret ${CLIENT_SECRET}`,
        ...seeded.drives.flatMap((d, i) => [
            `  drive ${DEMO_TENANT.drives?.[i]?.driveType} ${d.id}`,
            ...Object.entries(d.items).map(([path, id]) => `      ${path === "" ? "(root)" : path} ${id}`),
        ]),
        "Point a program at it:",
        `  export NODE_EXTRA_CA_CERTS=${EMULATOR_CA_CERT_PATH}`,
        `  export AZURE_TENANT_ID=${TENANT_ID}`,
        `  export AZURE_CLIENT_ID=${CLIENT_ID}`,
        `  export AZURE_CLIENT_SECRET=${CLIENT_SECRET}`,
        `  export AZURE_AUTHORITY_HOST=${emulator.url}`,
        `  export MSGRAPH_ENDPOINT=${emulator.url}`,
        '  (@azure/identity: authorityHost + disableInstanceDiscovery: true; Graph client: baseUrl + customHosts: new Set(["127.0.0.1"]))',
        `Control: POST ${emulator.url}/_emulator/seed | GET ${emulator.url}/_emulator/requests | POST ${emulator.url}/_emulator/reset`,
    ];
    console.log(lines.join("\n"));
    const stop = (): void => {
        emulator.close().then(
            () => process.exit(0),
            () => process.exit(1),
        );
    };
    process.once("SIGINT", stop);
    process.once("SIGTERM", stop);
}

main().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
});
