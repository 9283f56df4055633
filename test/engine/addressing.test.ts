/**
 * An item named by its path under the real engine: when the folder is deleted and created again, `pulumi up` says
 * what happened, and `pulumi up --refresh` takes the share to the new folder.
 */
import { ALICE, BOB, BUSINESS_DRIVE } from "../driveitemshare/stack";
import { directGrants, projectFile, useEngineSuite } from "./cli";

jest.setTimeout(240_000);

const suite = useEngineSuite();

const BY_PATH = `
import * as pulumi from "@pulumi/pulumi";
import { DriveItemShare } from "driveitemshare";

const config = new pulumi.Config();
new DriveItemShare("plans", {
    driveId: config.require("driveId"),
    path: config.require("path"),
    recipients: config.requireObject<string[]>("readers"),
    roles: ["read"],
});
`;

test("a folder deleted and created again at its path: up says so, and up --refresh shares the new folder", async () => {
    const parent = suite.emulator.addItem({ driveId: BUSINESS_DRIVE, name: "Engine recreated", folder: true }).id;
    const plans = () =>
        suite.emulator.addItem({ driveId: BUSINESS_DRIVE, name: "Plans", parentId: parent, folder: true }).id;
    const first = plans();
    const project = await suite.project("recreated", {
        "Pulumi.yaml": projectFile("driveitemshare-recreated"),
        "index.ts": BY_PATH,
    });
    await project.config({ driveId: BUSINESS_DRIVE, path: "Engine recreated/Plans", "readers[0]": ALICE });
    await project.up();
    expect(directGrants(suite.emulator, { driveId: BUSINESS_DRIVE, itemId: first })).toEqual([`${ALICE}:read`]);

    suite.emulator.deleteItem(BUSINESS_DRIVE, first);
    const second = plans();
    await project.config({ "readers[1]": BOB });
    const failed = await project.run(["up", "--yes", "--skip-preview"]);
    expect(failed.status).not.toBe(0);
    expect(failed.stdout + failed.stderr).toMatch(
        /The drive item this share was created on \(driveId "[^"]+", itemId "[^"]+"\) no longer exists; its address .* may now name another item.*pulumi up --refresh/s,
    );

    await project.up(["--refresh"]);
    const secondItem = { driveId: BUSINESS_DRIVE, itemId: second };
    expect(directGrants(suite.emulator, secondItem)).toEqual([`${ALICE}:read`, `${BOB}:read`]);
    expect((await project.resources()).plans.outputs).toMatchObject(secondItem);
    await project.destroy();
    expect(directGrants(suite.emulator, secondItem)).toEqual([]);
});
