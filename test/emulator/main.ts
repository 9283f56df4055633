/**
 * Standalone emulator (`npm run emulator`): listens on EMULATOR_PORT (default: any free port), seeds a small
 * demo tenant, prints how to point a program at it, and runs until interrupted.
 */
import { EMULATOR_CA_CERT_PATH, type SeedDocument, startEmulator } from "./index";

const TENANT_ID = "8d3f5e2a-6b1c-4e7f-9a0d-2c4b6e8f0a1d";
const CLIENT_ID = "3a7c9e1b-5d2f-4b8a-a6c4-e0f2b4d6a8c1";
const CLIENT_SECRET = "emulator-demo-secret";

const demo: SeedDocument = {
  apps: [{ tenantId: TENANT_ID, clientId: CLIENT_ID, clientSecret: CLIENT_SECRET }],
  users: [
    { email: "alice@contoso.com", displayName: "Alice Wong" },
    { email: "bob@contoso.com", displayName: "Bob Kelly" },
    { email: "carol@fabrikam.com", displayName: "Carol (guest)" },
    { email: "dave@contoso.com", displayName: "Dave (notifications fail)", notificationFails: true },
    { email: "eve@outlook.com", displayName: "Eve (personal account)", userType: "Member" },
  ],
  groups: [{ displayName: "Finance", email: "finance@contoso.com", mailNickname: "finance", groupTypes: "m365" }],
  drives: [
    {
      driveType: "business",
      ownerUserId: "alice@contoso.com",
      items: [
        { name: "Projects", children: [{ name: "plan.docx", permissions: [{ kind: "user", user: "bob@contoso.com", roles: ["read"] }] }] },
        { name: "Budget.xlsx", permissions: [{ kind: "group", group: "finance@contoso.com", roles: ["write"] }] },
      ],
    },
    { driveType: "personal", ownerUserId: "eve@outlook.com", items: [{ name: "photo.jpg" }] },
  ],
};

async function main(): Promise<void> {
  const port = Number(process.env.EMULATOR_PORT ?? 0);
  const emulator = await startEmulator({ port });
  const seeded = emulator.seed(demo);
  const lines = [
    `Graph + Entra ID emulator listening on ${emulator.url}`,
    `  tenant id     ${TENANT_ID}`,
    `  client id     ${CLIENT_ID}`,
    `  client secret ${CLIENT_SECRET}`,
    ...seeded.drives.flatMap((d, i) => [
      `  drive ${demo.drives?.[i]?.driveType} ${d.id}`,
      ...Object.entries(d.items).map(([path, id]) => `      ${path === "" ? "(root)" : path} ${id}`),
    ]),
    "Point a program at it:",
    `  export NODE_EXTRA_CA_CERTS=${EMULATOR_CA_CERT_PATH}`,
    `  export AZURE_TENANT_ID=${TENANT_ID}`,
    `  export AZURE_CLIENT_ID=${CLIENT_ID}`,
    `  export AZURE_CLIENT_SECRET=${CLIENT_SECRET}`,
    `  export AZURE_AUTHORITY_HOST=${emulator.url}`,
    `  export MSGRAPH_ENDPOINT=${emulator.url}`,
    "  (@azure/identity: authorityHost + disableInstanceDiscovery: true; Graph client: baseUrl + customHosts: new Set([\"127.0.0.1\"]))",
    `Control: POST ${emulator.url}/_emulator/seed | GET ${emulator.url}/_emulator/requests | POST ${emulator.url}/_emulator/reset`,
  ];
  console.log(lines.join("\n"));
  const stop = (): void => {
    emulator.close().then(() => process.exit(0), () => process.exit(1));
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
