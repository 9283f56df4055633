// Delegated tokens (an app acting for a signed-in user, as the Azure CLI's are): /me is that user, and the app's
// permissions arrive as scopes (scp) rather than roles.
import { type GraphEmulator, startEmulator } from "./index";
import { CLIENT_ID, TENANT_ID, call } from "./test-helpers";

let em: GraphEmulator;
beforeAll(async () => {
    em = await startEmulator();
});
afterAll(() => em.close());

test("/me/drive is the signed-in user's drive for a delegated token, and refused for an app token", async () => {
    em.addApp({ tenantId: TENANT_ID, clientId: CLIENT_ID });
    const mia = em.addUser({ email: "mia@contoso.com" });
    const drive = em.addDrive({ name: "OneDrive", ownerUserId: mia.id });
    const notes = em.addItem({ driveId: drive.id, name: "Notes", folder: true });

    const delegated = em.issueToken(TENANT_ID, CLIENT_ID, "mia@contoso.com");
    expect(JSON.parse(Buffer.from(delegated.split(".")[1], "base64url").toString())).toMatchObject({
        scp: "Files.ReadWrite.All",
        upn: "mia@contoso.com",
        oid: mia.id,
        idtyp: "user",
    });
    const found = await call(em, delegated, "GET", "/v1.0/me/drive/root:/Notes:");
    expect(found.status).toBe(200);
    expect(found.body).toMatchObject({ id: notes.id, parentReference: { driveId: drive.id } });
    const invite = await call(em, delegated, "POST", `/v1.0/me/drive/items/${notes.id}/invite`, {
        recipients: [{ email: "mia@contoso.com" }],
        roles: ["read"],
        requireSignIn: true,
        sendInvitation: false,
    });
    expect(invite.status).toBe(200);

    const appOnly = await call(em, em.issueToken(TENANT_ID, CLIENT_ID), "GET", "/v1.0/me/drive/root:/Notes:");
    expect(appOnly.status).toBe(400);
    expect(appOnly.body.error.message).toBe("/me request is only valid with delegated authentication flow.");
});
