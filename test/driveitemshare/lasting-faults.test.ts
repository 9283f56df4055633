// Faults that last a whole run, through the real host: what the state keeps when a change fails on every attempt
// of one `pulumi up`, so that the next `pulumi up` finishes the job. The fault matrix (faults.test.ts) covers faults
// that clear within the run.
import { InitFailedError } from "../harness/engine";
import type { TestStack } from "./stack";
import { ALICE, BOB, grantsOf, startStack } from "./stack";

let stack: TestStack;
beforeAll(async () => {
    stack = await startStack();
});
afterAll(() => stack.close());

/** Who holds a direct grant on the item, by email, as Graph reports it now. */
function holders(folder: { driveId: string; itemId: string }): string[] {
    return (stack.emulator.permissions(folder.driveId, folder.itemId) as any[])
        .map((p) => (p.grantedToV2 ?? p.grantedTo)?.user?.email)
        .filter(Boolean)
        .sort();
}

test("a removal refused for a whole run stays recorded, and the next run removes it", async () => {
    const folder = stack.folder();
    const share = stack.resource("lasting-removal");
    await share.up({ ...folder, recipients: [ALICE, BOB], roles: ["read"] });
    const bobs = grantsOf(share)[BOB].permissionId;

    // Every attempt to remove Bob's permission is refused until the fault is cleared.
    stack.emulator.injectFault({
        kind: "batch-part",
        method: "DELETE",
        path: encodeURIComponent(bobs),
        times: Infinity,
        response: { status: 403, code: "accessDenied" },
    });
    let error: unknown;
    try {
        error = await share.up({ ...folder, recipients: [ALICE], roles: ["read"] }).catch((e: unknown) => e);
    } finally {
        stack.emulator.clearFaults();
    }
    expect(error).toBeInstanceOf(InitFailedError);
    expect((error as Error).message).toContain(`could not remove ${BOB}`);
    expect(holders(folder)).toEqual([ALICE, BOB]);
    expect(grantsOf(share)[BOB]).toEqual(expect.objectContaining({ permissionId: bobs }));
    // The partial failure's outputs are in the stored form too (provider/model/stored-grant.ts).
    expect(share.state!.outputs.grants[BOB]).toBe(`read ${bobs} ${grantsOf(share)[BOB].since}`);

    // The declaration is unchanged; the recorded grant is what tells the next run to remove Bob.
    await share.up({ ...folder, recipients: [ALICE], roles: ["read"] });
    expect(holders(folder)).toEqual([ALICE]);
    expect(Object.keys(share.state!.outputs.grants)).toEqual([ALICE]);
});
