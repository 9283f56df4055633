// Bad input through the real host: refused by check, naming the property and the value, before any Graph request.
import { UNKNOWN } from "../harness/host";
import { BAD_INPUTS, VALID } from "./bad-inputs";
import type { TestStack } from "./stack";
import { ALICE, startStack } from "./stack";

let stack: TestStack;
beforeAll(async () => {
    stack = await startStack();
});
afterAll(() => stack.close());

test(`all ${BAD_INPUTS.length} bad inputs are refused at preview and at up, with zero Graph requests`, async () => {
    expect(BAD_INPUTS.length).toBeGreaterThanOrEqual(30);
    stack.emulator.clearRequests();
    for (const [name, change, property, reason] of BAD_INPUTS) {
        const share = stack.resource(`bad ${name}`);
        const preview = await share.preview({ ...VALID, ...change });
        expect({ name, op: preview.op }).toEqual({ name, op: "invalid" });
        const failure = preview.failures.find((f) => f.property === property);
        expect({ name, reason: failure?.reason }).toEqual({ name, reason: expect.stringMatching(reason) });
        await expect(share.up({ ...VALID, ...change })).rejects.toThrow(reason);
        expect(share.state).toBeUndefined();
    }
    expect(stack.emulator.requests).toEqual([]);
});

test("values unknown during preview are accepted, and checked once known", async () => {
    const share = stack.resource("later");
    const preview = await share.preview({ ...VALID, recipients: [ALICE, UNKNOWN], expirationDateTime: UNKNOWN });
    expect(preview.failures).toEqual([]);
    expect(preview.op).toBe("create");
    await expect(
        share.up({ ...VALID, recipients: [ALICE, "bob@"], expirationDateTime: "2020-01-01T00:00:00Z" }),
    ).rejects.toThrow(
        /recipients\[1\].*"bob@" is not a valid email address[\s\S]*"2020-01-01T00:00:00Z" is in the past/,
    );
});

test("sendInvitation and requireSignIn not known at preview stay unknown in the checked inputs (shown as computed)", async () => {
    const share = stack.resource("invitation later");
    const args = { ...stack.folder(), recipients: [ALICE], roles: ["read"] };
    await share.up(args);
    const preview = await share.preview({ ...args, sendInvitation: UNKNOWN, requireSignIn: UNKNOWN });
    expect(preview.failures).toEqual([]);
    expect(preview.op).toBe("update");
    expect(preview.checked).toMatchObject({ sendInvitation: UNKNOWN, requireSignIn: UNKNOWN });
});
