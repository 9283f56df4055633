/**
 * The demo tenant `npm run emulator` and `npm run demo` serve: an app with a client secret, a few people (a guest,
 * one whose notifications fail, a personal account), a group, a business drive with a shared file and a personal drive.
 */
import type { SeedDocument } from "./seed";

export const TENANT_ID = "8d3f5e2a-6b1c-4e7f-9a0d-2c4b6e8f0a1d";
export const CLIENT_ID = "3a7c9e1b-5d2f-4b8a-a6c4-e0f2b4d6a8c1";
export const CLIENT_SECRET = "emulator-demo-secret";

export const DEMO_TENANT: SeedDocument = {
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
                {
                    name: "Projects",
                    children: [
                        {
                            name: "plan.docx",
                            permissions: [{ kind: "user", user: "bob@contoso.com", roles: ["read"] }],
                        },
                    ],
                },
                {
                    name: "Budget.xlsx",
                    permissions: [{ kind: "group", group: "finance@contoso.com", roles: ["write"] }],
                },
            ],
        },
        { driveType: "personal", ownerUserId: "eve@outlook.com", items: [{ name: "photo.jpg" }] },
    ],
};
