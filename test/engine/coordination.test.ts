/**
 * Resources on one item coordinate under the real engine as the harness tests claim: a recipient moved between two
 * resources in one `up` keeps access throughout and ends with one grant, and a resource renamed without aliases
 * (the engine creates the new one, then deletes the old) leaves its recipients their access.
 */
import * as fs from "fs";
import * as path from "path";
import { ALICE, BOB, CAROL } from "../driveitemshare/stack";
import { directGrants, exampleFiles, projectFile, useEngineSuite } from "./cli";

jest.setTimeout(240_000);

const suite = useEngineSuite();
const grants = (folder: { driveId: string; itemId: string }) => directGrants(suite.emulator, folder);

test("carol moves from the readers to the editors in one up: one grant, now write, and no gap", async () => {
    const folder = suite.folder();
    const project = await suite.project("move", exampleFiles("quickstart"));
    await project.config({ ...folder, "readers[0]": ALICE, "readers[1]": CAROL, "editors[0]": BOB });
    await project.up();
    const carolBefore = suite.emulator
        .permissions(folder.driveId, folder.itemId)
        .find((p: any) => p.grantedToV2?.user?.email === CAROL)!;

    await project.ok(["config", "rm", "--path", "readers[1]"]);
    await project.config({ "editors[1]": CAROL });
    suite.emulator.clearRequests();
    await project.up();
    expect(grants(folder)).toEqual([`${ALICE}:read`, `${BOB}:write`, `${CAROL}:write`]);
    // Carol's permission was changed in place, never deleted: she had access throughout.
    expect(suite.emulator.graphRequests().filter((r) => r.method === "DELETE")).toEqual([]);
    expect(suite.emulator.permissions(folder.driveId, folder.itemId).some((p) => p.id === carolBefore.id)).toBe(true);
    const shares = await project.resources();
    expect(Object.keys(shares["finance-readers"].outputs!.grants)).toEqual([ALICE]);
    expect(Object.keys(shares["finance-editors"].outputs!.grants).sort()).toEqual([BOB, CAROL]);
    await project.destroy();
    expect(grants(folder)).toEqual([]);
});

const RENAMABLE = `
import * as pulumi from "@pulumi/pulumi";
import { DriveItemShare } from "driveitemshare";

const config = new pulumi.Config();
new DriveItemShare(config.require("name"), {
    driveId: config.require("driveId"),
    itemId: config.require("itemId"),
    recipients: config.requireObject<string[]>("readers"),
    roles: ["read"],
});
`;

test("a share renamed without aliases: the new one is created, the old one deleted, access stays", async () => {
    const folder = suite.folder();
    const project = await suite.project("rename", {
        "Pulumi.yaml": projectFile("driveitemshare-rename"),
        "index.ts": RENAMABLE,
    });
    await project.config({ ...folder, name: "team", "readers[0]": ALICE, "readers[1]": BOB });
    await project.up();
    expect(grants(folder)).toEqual([`${ALICE}:read`, `${BOB}:read`]);

    await project.config({ name: "finance-team" });
    const plan = await project.previewJson();
    expect(plan.changeSummary).toMatchObject({ create: 1, delete: 1 });
    await project.up();
    expect(grants(folder)).toEqual([`${ALICE}:read`, `${BOB}:read`]);
    expect(Object.keys(await project.resources())).toEqual(["finance-team"]);
    const again = await project.up();
    expect(again.stdout).not.toMatch(/updated|created|deleted/);
    expect(grants(folder)).toEqual([`${ALICE}:read`, `${BOB}:read`]);
});

test("state written before the resource name was hidden (resourceName) previews unchanged and destroys cleanly", async () => {
    const folder = suite.folder();
    const project = await suite.project("legacy-name", {
        "Pulumi.yaml": projectFile("driveitemshare-legacy-name"),
        "index.ts": RENAMABLE,
    });
    await project.config({ ...folder, name: "team", "readers[0]": ALICE });
    await project.up();
    // Rewrite the state as 0.1 wrote it: the name under "resourceName" in inputs and outputs, and no URN.
    const exported = await project.exportStack();
    for (const resource of exported.deployment.resources ?? []) {
        for (const bag of [resource.inputs, resource.outputs, (resource as any).propertyDependencies]) {
            delete bag?.__resourceUrn;
        }
    }
    const state = JSON.stringify(exported).replace(/"__resourceName":/g, '"resourceName":');
    expect(state).not.toContain("__resourceUrn");
    expect(state).toContain('"resourceName":"team"');
    const file = path.join(project.dir, "legacy.json");
    fs.writeFileSync(file, state);
    await project.ok(["stack", "import", "--file", file]);

    const plan = await project.previewJson();
    expect(plan.changeSummary).toEqual({ same: 2 });
    await project.destroy();
    expect(grants(folder)).toEqual([]);
});

// Two shares named "share" under components of two types: a URN holds the parents' types, not their names, so these
// URNs differ while the names do not.
const TWINS = `
import * as pulumi from "@pulumi/pulumi";
import { DriveItemShare } from "driveitemshare";

const config = new pulumi.Config();
for (const team of config.requireObject<string[]>("teams")) {
    const parent = new pulumi.ComponentResource(\`test:index:\${team}\`, team.toLowerCase());
    new DriveItemShare("share", {
        driveId: config.require("driveId"),
        itemId: config.require("itemId"),
        recipients: config.requireObject<string[]>(team.toLowerCase()),
        roles: ["read"],
    }, { parent });
}
`;
const twinUrn = (team: string) =>
    `urn:pulumi:test::driveitemshare-twins::test:index:${team}$pulumi-nodejs:dynamic/driveShare:DriveItemShare::share`;

test("twins of one name under two parents declaring one person on one item: the preview fails naming both", async () => {
    const folder = suite.folder();
    const project = await suite.project("twins-collide", {
        "Pulumi.yaml": projectFile("driveitemshare-twins"),
        "index.ts": TWINS,
    });
    await project.config({ ...folder, teams: '["North", "South"]', north: `["${ALICE}"]`, south: `["${ALICE}"]` });
    const preview = await project.run(["preview"]);
    expect(preview.status).not.toBe(0);
    const output = preview.stdout + preview.stderr;
    // Whichever twin is checked second fails, naming the other and itself by their URNs.
    const [first, second] = output.includes(`DriveItemShare "share" (${twinUrn("North")})`)
        ? ["North", "South"]
        : ["South", "North"];
    expect(output).toContain(
        `"${ALICE}" is also declared by DriveItemShare "share" (${twinUrn(first)}) on the same item`,
    );
    expect(output).toContain(
        `on the same item (driveId "${folder.driveId}", itemId "${folder.itemId}"), as does this resource, ${twinUrn(second)}.`,
    );
    expect(grants(folder)).toEqual([]);
});

test("twins of one name under two parents: deleting one keeps the access the other still declares", async () => {
    const folder = suite.folder();
    const project = await suite.project("twins-move", {
        "Pulumi.yaml": projectFile("driveitemshare-twins"),
        "index.ts": TWINS,
    });
    await project.config({ ...folder, teams: '["North", "South"]', north: `["${ALICE}"]`, south: `["${BOB}"]` });
    await project.up();
    expect(grants(folder)).toEqual([`${ALICE}:read`, `${BOB}:read`]);
    const aliceBefore = suite.emulator
        .permissions(folder.driveId, folder.itemId)
        .find((p: any) => p.grantedToV2?.user?.email === ALICE)!;

    // North's share goes and Alice moves to South's: South takes her grant over, North's delete leaves it.
    await project.config({ teams: '["South"]', south: `["${ALICE}", "${BOB}"]` });
    suite.emulator.clearRequests();
    await project.up();
    expect(grants(folder)).toEqual([`${ALICE}:read`, `${BOB}:read`]);
    expect(suite.emulator.graphRequests().filter((r) => r.method === "DELETE")).toEqual([]);
    expect(suite.emulator.permissions(folder.driveId, folder.itemId).some((p) => p.id === aliceBefore.id)).toBe(true);
    const shares = (await project.exportStack()).deployment.resources!.filter((r) => r.urn === twinUrn("South"));
    expect(Object.keys(shares[0].outputs!.grants).sort()).toEqual([ALICE, BOB]);
    await project.destroy();
    expect(grants(folder)).toEqual([]);
});
