// Failures an admin can take to Microsoft support, and long waits that say what they wait for: Graph's request-id
// and date in every Graph error, a User-Agent that names the tool, a stderr line when Graph makes an operation wait.
import * as fs from "fs";
import * as path from "path";
import type { TestStack } from "./stack";
import { ALICE, BOB, startStack } from "./stack";

let stack: TestStack;
beforeAll(async () => {
    stack = await startStack();
});
afterAll(() => stack.close());

const CORRELATION = /\(request-id [0-9a-f-]{36}, date \d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\)/;

test("a failed Graph request names Graph's request-id and date", async () => {
    const share = stack.resource("diagnosed-invite");
    stack.emulator.injectFault({
        method: "POST",
        path: /\/invite$/,
        response: { status: 500, code: "generalException" },
    });
    const error: Error = await share.up({ ...stack.folder(), recipients: [ALICE], roles: ["read"] }).catch((e) => e);
    expect(error.message).toMatch(/invite failed with 500 generalException: .*/);
    expect(error.message).toMatch(CORRELATION);
});

test("a failed part of a $batch names its request-id and date", async () => {
    const folder = stack.folder();
    const share = stack.resource("diagnosed-batch");
    await share.up({ ...folder, recipients: [ALICE, BOB], roles: ["read"] });
    stack.emulator.injectFault({
        kind: "batch-part",
        method: "DELETE",
        response: { status: 403, code: "accessDenied", message: "denied" },
    });
    const error: Error = await share.up({ ...folder, recipients: [ALICE], roles: ["read"] }).catch((e) => e);
    expect(error.message).toMatch(
        new RegExp(`could not remove ${BOB}: Graph DELETE .* answered 403 accessDenied: denied`),
    );
    expect(error.message).toMatch(CORRELATION);
});

test("every Graph request names the tool and its version, as SharePoint's throttling guidance asks", async () => {
    const version = JSON.parse(fs.readFileSync(path.join(__dirname, "../../package.json"), "utf8")).version;
    stack.emulator.clearRequests();
    await stack.resource("named").up({ ...stack.folder(), recipients: [ALICE], roles: ["read"] });
    const agents = new Set(stack.emulator.graphRequests().map((request) => request.userAgent));
    expect([...agents]).toEqual([`NONISV|driveitemshare|driveitemshare/${version}`]);
});

test("a wait on throttling writes one line to stderr, so that a long up never looks hung", async () => {
    stack.emulator.injectFault({
        method: "GET",
        path: /\/permissions$/,
        response: { status: 429, retryAfterSeconds: 1, code: "activityLimitReached" },
    });
    const before = stack.host.output.length;
    await stack.resource("throttled").up({ ...stack.folder(), recipients: [ALICE], roles: ["read"] });
    expect(stack.host.output.slice(before)).toMatch(
        /^driveitemshare: Graph answered GET \/drives\/[^ ]+\/permissions with 429; waiting 1 s$/m,
    );
});
