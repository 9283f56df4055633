/**
 * DriveItemAccess through the real engine: one item's readers and editors as two DriveItemShare children; moving a
 * reader to the editors is one `up` in which their permission is changed in place (never removed, so they never lose
 * access), moving the last reader deletes the read child and still leaves them their access, and a person listed
 * under both roles fails the preview naming them, whether the lists are plain values or Outputs.
 */
import { ALICE, BOB, CAROL } from "../driveitemshare/stack";
import { directGrants, projectFile, type PulumiProject, useEngineSuite } from "./cli";

jest.setTimeout(240_000);

const PROGRAM = `
import * as pulumi from "@pulumi/pulumi";
import { DriveItemAccess } from "driveitemshare";

const config = new pulumi.Config();
const read = config.requireObject<string[]>("read");
new DriveItemAccess("team", {
    driveId: config.require("driveId"),
    itemId: config.require("itemId"),
    read: config.getBoolean("asOutput") ? pulumi.output(read) : read,
    write: config.requireObject<string[]>("write"),
});
`;

const suite = useEngineSuite();
let project: PulumiProject;
let folder: { driveId: string; itemId: string };
const grants = () => directGrants(suite.emulator, folder);
/** Every request that changes a permission, batch parts included. */
const changes = () =>
    suite.emulator.requests
        .filter((r) => r.kind !== "entra" && r.method !== "GET" && !r.path.endsWith("/$batch"))
        .map((r) => `${r.method} ${r.path.split("/").slice(-2).join("/")}`);
const lists = (read: string[], write: string[], more: Record<string, string> = {}) =>
    project.config({ read: JSON.stringify(read), write: JSON.stringify(write), ...more });

beforeAll(async () => {
    folder = suite.folder();
    project = await suite.project("access", {
        "Pulumi.yaml": projectFile("driveitemshare-access"),
        "index.ts": PROGRAM,
    });
    await project.config(folder);
}, 240_000);

test("readers and editors in one declaration: a child DriveItemShare per role", async () => {
    await lists([ALICE, BOB], [CAROL]);
    await project.up();
    expect(grants()).toEqual([`${ALICE}:read`, `${BOB}:read`, `${CAROL}:write`]);
    const shares = await project.resources();
    expect(Object.keys(shares).sort()).toEqual(["team-read", "team-write"]);
    expect(shares["team-read"].urn).toMatch(
        /::driveShare:index:DriveItemAccess\$pulumi-nodejs:dynamic\/driveShare:DriveItemShare::team-read$/,
    );
});

test("bob moves from read to write in one up: his permission changes in place, he never loses access", async () => {
    const bobBefore = suite.emulator
        .permissions(folder.driveId, folder.itemId)
        .find((p) => p.grantedToV2?.user?.email === BOB)!;
    await lists([ALICE], [BOB, CAROL]);
    expect((await project.previewJson()).changeSummary).toEqual({ same: 2, update: 2 });
    suite.emulator.clearRequests();
    await project.up();
    expect(changes()).toEqual([`PATCH permissions/${bobBefore.id}`]);
    expect(grants()).toEqual([`${ALICE}:read`, `${BOB}:write`, `${CAROL}:write`]);
    const shares = await project.resources();
    expect(Object.keys(shares["team-read"].outputs!.grants)).toEqual([ALICE]);
    expect(Object.keys(shares["team-write"].outputs!.grants).sort()).toEqual([BOB, CAROL]);
});

test("the last reader moves to write: the read child is deleted and she keeps her access", async () => {
    await lists([], [ALICE, BOB, CAROL]);
    suite.emulator.clearRequests();
    await project.up();
    expect(changes().filter((c) => !c.startsWith("PATCH"))).toEqual([]);
    expect(grants()).toEqual([`${ALICE}:write`, `${BOB}:write`, `${CAROL}:write`]);
    expect(Object.keys(await project.resources())).toEqual(["team-write"]);
});

test.each([
    ["plain lists", "false"],
    ["a list given as an Output", "true"],
])("someone under both read and write fails the preview naming them (%s)", async (_, asOutput) => {
    await lists([BOB, ` ${CAROL.toUpperCase()}`], [ALICE, BOB, CAROL], { asOutput });
    const preview = await project.run(["preview"]);
    expect(preview.status).not.toBe(0);
    expect(preview.stdout + preview.stderr).toContain(
        `DriveItemAccess "team": ${BOB}, ${CAROL} are listed under both read and write. One person holds one role per item`,
    );
});
