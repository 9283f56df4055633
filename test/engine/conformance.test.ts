/**
 * The gRPC harness (test/harness) against the real engine: one scenario (create, add a recipient, refresh,
 * destroy) run both ways, and the provider must see the same calls with the same kinds of property bags. The real
 * engine's calls come from its own gRPC log (PULUMI_DEBUG_GRPC, pkg/resource/plugin logging); the harness records
 * what it sends. Where they differ, the harness is wrong: change it to match the engine.
 */
import * as fs from "fs";
import * as path from "path";
import { ALICE, BOB, ShareResource, stackEnvironment, userProjectHost } from "../driveitemshare/stack";
import { type RecordedCall, startProviderHost } from "../harness/host";
import { projectFile, useEngineSuite } from "./cli";

jest.setTimeout(240_000);

const PROGRAM = `
import * as pulumi from "@pulumi/pulumi";
import { DriveItemShare } from "driveitemshare";

const config = new pulumi.Config();
new DriveItemShare("team", {
    driveId: config.require("driveId"),
    itemId: config.require("itemId"),
    recipients: config.requireObject<string[]>("readers"),
    roles: ["read"],
});
`;

const PROVIDER_METHODS = ["Check", "Diff", "Create", "Update", "Read", "Delete"];

/** A call as the comparison sees it: the method and, per property bag, its keys in order. */
function shape(method: string, bags: Record<string, Record<string, unknown> | undefined>): string {
    const parts = Object.entries(bags)
        .filter(([, bag]) => bag !== undefined && Object.keys(bag).length > 0)
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([field, bag]) => `${field}{${Object.keys(bag!).sort().join(",")}}`);
    return `${method}(${parts.join(" ")})`;
}

/** The provider calls of one CLI command, from the engine's gRPC log. */
function engineCalls(logFile: string): string[] {
    const calls: string[] = [];
    for (const line of fs.readFileSync(logFile, "utf8").split("\n")) {
        if (!line.trim()) continue;
        const entry = JSON.parse(line);
        const method = String(entry.method).replace("/pulumirpc.ResourceProvider/", "");
        if (entry.progress !== "request_started" || !PROVIDER_METHODS.includes(method)) continue;
        const { olds, news, properties, inputs, oldInputs } = entry.request;
        calls.push(shape(method, { olds, news, properties, inputs, oldInputs }));
    }
    return calls;
}

function harnessCalls(recorded: RecordedCall[]): string[] {
    const calls = recorded
        .filter((call) => PROVIDER_METHODS.includes(call.method))
        .map((call) => shape(call.method, call.bags));
    recorded.length = 0;
    return calls;
}

const suite = useEngineSuite();

test("create, update, refresh and destroy reach the provider with the same calls and bags both ways", async () => {
    // The real engine.
    const project = await suite.project("conformance", {
        "Pulumi.yaml": projectFile("driveitemshare-conformance"),
        "index.ts": PROGRAM,
    });
    await project.config({ ...suite.folder(), "readers[0]": ALICE });
    const log = (phase: string) => ({ PULUMI_DEBUG_GRPC: path.join(project.dir, `grpc-${phase}.log`) });
    const engine: Record<string, string[]> = {};
    await project.ok(["up", "--yes", "--skip-preview"], log("create"));
    engine.create = engineCalls(log("create").PULUMI_DEBUG_GRPC);
    await project.config({ "readers[1]": BOB });
    await project.ok(["up", "--yes", "--skip-preview"], log("update"));
    engine.update = engineCalls(log("update").PULUMI_DEBUG_GRPC);
    await project.ok(["refresh", "--yes", "--skip-preview"], log("refresh"));
    engine.refresh = engineCalls(log("refresh").PULUMI_DEBUG_GRPC);
    await project.ok(["destroy", "--yes", "--skip-preview"], log("destroy"));
    engine.destroy = engineCalls(log("destroy").PULUMI_DEBUG_GRPC);

    // The harness, on the same provider from the same installed project.
    const host = await startProviderHost({ ...userProjectHost(), env: stackEnvironment(suite.emulator) });
    const recorded = host.recordCalls();
    const share = new ShareResource(host, "team");
    const args = { ...suite.folder(), recipients: [ALICE], roles: ["read"] };
    const harness: Record<string, string[]> = {};
    await share.up(args);
    harness.create = harnessCalls(recorded);
    await share.up({ ...args, recipients: [ALICE, BOB] });
    harness.update = harnessCalls(recorded);
    await share.refresh();
    harness.refresh = harnessCalls(recorded);
    await share.destroy();
    harness.destroy = harnessCalls(recorded);
    await host.stop();

    // The log must have caught the provider's calls, or the comparison proves nothing.
    expect(engine.create.map((call) => call.split("(")[0])).toEqual(["Check", "Create"]);
    expect(engine.destroy.map((call) => call.split("(")[0])).toEqual(["Delete"]);
    if (process.env.DRIVESHARE_SHOW_CONFORMANCE) console.log(JSON.stringify(engine, null, 1));
    expect(harness).toEqual(engine);
});
