/**
 * Sign-in settings from stack config, as the README's quick start sets them (`driveShare:tenantId`,
 * `driveShare:clientId`, `pulumi config set --secret driveShare:clientSecret`), with no AZURE_* variable: the real
 * engine hands them to the provider's configure, and the secret stays encrypted in config and state.
 */
import * as fs from "fs";
import * as path from "path";
import { ALICE, CLIENT_ID, CLIENT_SECRET, TENANT_ID } from "../driveitemshare/stack";
import { directGrants, exampleFiles, useEngineSuite } from "./cli";

jest.setTimeout(180_000);

const suite = useEngineSuite();

test("driveShare:* stack config signs in; the client secret is encrypted in Pulumi.<stack>.yaml and in the state", async () => {
    const folder = suite.folder();
    const project = await suite.project("settings", exampleFiles("quickstart"), {
        AZURE_TENANT_ID: "",
        AZURE_CLIENT_ID: "",
        AZURE_CLIENT_SECRET: "",
        AZURE_AUTHORITY_HOST: "",
    });
    await project.config(
        {
            ...folder,
            "readers[0]": ALICE,
            "editors[0]": "bob@contoso.com",
            "driveShare:tenantId": TENANT_ID,
            "driveShare:clientId": CLIENT_ID,
            "driveShare:authorityHost": suite.emulator.url,
        },
        { "driveShare:clientSecret": CLIENT_SECRET },
    );
    expect(fs.readFileSync(path.join(project.dir, "Pulumi.test.yaml"), "utf8")).not.toContain(CLIENT_SECRET);
    const up = await project.up();
    expect(up.stdout + up.stderr).not.toContain(CLIENT_SECRET);
    expect(directGrants(suite.emulator, folder)).toEqual([`${ALICE}:read`, "bob@contoso.com:write"]);
    expect(JSON.stringify(await project.exportStack())).not.toContain(CLIENT_SECRET);
    await project.destroy();
    expect(directGrants(suite.emulator, folder)).toEqual([]);
});

test("a wrong client secret fails the up as a sign-in failure, with one sign-in for every resource", async () => {
    const folder = suite.folder();
    const wrong = "n0t-the-Right-secret~value";
    const project = await suite.project("wrong-secret", exampleFiles("quickstart"), { AZURE_CLIENT_SECRET: wrong });
    await project.config({ ...folder, "readers[0]": ALICE, "editors[0]": "bob@contoso.com" });
    suite.emulator.clearRequests();
    const failed = await project.run(["up", "--yes", "--skip-preview"]);
    const printed = failed.stdout + failed.stderr;
    expect(failed.status).not.toBe(0);
    expect(printed).toMatch(/Sign-in failed: Entra ID rejected the client secret of app .* \(AADSTS7000215\)/);
    expect(printed).not.toMatch(/connection lost/);
    expect(printed).not.toContain(wrong);
    expect(suite.emulator.tokenRequests()).toHaveLength(1);
    expect(suite.emulator.graphRequests()).toEqual([]);
});

test("a token that expires during pulumi refresh is renewed once for every resource waiting on it", async () => {
    const folder = suite.folder();
    const project = await suite.project("renewal", exampleFiles("quickstart"));
    await project.config({ ...folder, "readers[0]": ALICE, "editors[0]": "bob@contoso.com" });
    await project.up();
    // The first list of the refresh finds the token expired (Graph answers 401 to it and to every later use).
    suite.emulator.injectFault({ method: "GET", path: /\/permissions$/, response: { expireToken: true } });
    suite.emulator.clearRequests();
    await project.refresh();
    expect(suite.emulator.tokenRequests()).toHaveLength(2);
    await project.destroy();
});
