// EngineResource: the engine's lifecycle rules, each provider call going through the real host.
import { createHash } from "crypto";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import type * as pulumi from "@pulumi/pulumi";
import { CheckFailedError, EngineResource, InitFailedError } from "./engine";
import type { ProviderHost } from "./host";
import { HostCallError, startProviderHost, UNKNOWN } from "./host";
import { serializeProvider } from "./serialize";

// Appends one JSON line per provider call to $HARNESS_LOG, `__provider` reduced to a hash prefix.
// Runs inside the host: it is serialized with the provider, so it requires what it needs itself.
function log(op: string, ...args: unknown[]): void {
    const { createHash: hash } = require("crypto");
    const line = JSON.stringify([op, ...args], (key, value) =>
        key === "__provider" && typeof value === "string"
            ? `sha256:${hash("sha256").update(value).digest("hex").slice(0, 12)}`
            : value,
    );
    require("fs").appendFileSync(process.env.HARNESS_LOG as string, line + "\n");
}

// A provider whose behaviour is chosen by the `mode` input; `version` stands for a release of its code.
function makeProbe(version: string): pulumi.dynamic.ResourceProvider {
    return {
        async check(olds, news) {
            log(`${version}:check`, olds, news);
            if (news.name === "")
                return { inputs: news, failures: [{ property: "name", reason: "must not be empty" }] };
            return { inputs: news };
        },
        async diff(id, olds, news) {
            log(`${version}:diff`, id, olds, news);
            if (news.mode === "no-diff") return {};
            return {
                changes: olds.name !== news.name || olds.size !== news.size || olds.mode !== news.mode,
                replaces: olds.name !== news.name ? ["name"] : [],
                deleteBeforeReplace: news.mode === "dbr",
            };
        },
        async create(inputs) {
            log(`${version}:create`, inputs);
            if (inputs.mode === "create-fails") throw new Error(`create refused for ${inputs.name}`);
            if (inputs.mode === "create-partial" || inputs.mode === "create-partial-keep") {
                throw Object.assign(new Error("only some grants were made"), {
                    id: `id-${inputs.name}`,
                    properties: {
                        name: inputs.name,
                        mode: inputs.mode,
                        granted: 1,
                        // The provider can keep its own `__provider` in what the engine will store.
                        ...(inputs.mode === "create-partial-keep" ? { __provider: inputs.__provider } : {}),
                    },
                    reasons: ["grant 2 of 2 failed: 403"],
                });
            }
            return { id: `id-${inputs.name}`, outs: { ...inputs, createdBy: version } };
        },
        async update(id, olds, news) {
            log(`${version}:update`, id, olds, news);
            if (news.mode === "update-fails") throw new Error(`update refused for ${id}`);
            if (news.mode === "update-partial") {
                throw Object.assign(new Error("only some grants were changed"), {
                    id,
                    properties: { name: news.name, size: news.size, mode: news.mode, granted: 1 },
                    reasons: ["grant 3 failed", "grant 4 failed"],
                });
            }
            // (An undefined value here would make the host fail with "Unexpected struct type.")
            return { outs: { ...news, createdBy: olds.createdBy ?? null, updatedBy: version } };
        },
        async read(id, props) {
            log(`${version}:read`, id, props);
            if (props.mode === "vanishes") return { id: "", props: {} };
            if (props.mode === "drifts") {
                return { id, props: { ...props, size: 99 }, inputs: { name: props.name, size: 99, mode: "drifts" } };
            }
            return { id, props };
        },
        async delete(id, props) {
            log(`${version}:delete`, id, props);
            if (props.mode === "undeletable") throw new Error(`cannot delete ${id}`);
        },
    };
}

describe("EngineResource (engine lifecycle over the real host)", () => {
    let v1: ProviderHost;
    let v2: ProviderHost;
    let V1: string; // how the log shows v1's __provider
    let V2: string;
    let dir: string;
    let logFile: string;

    // Provider calls since the last look, as [op, ...args].
    function calls(): any[][] {
        const lines = fs.readFileSync(logFile, "utf8").split("\n").filter(Boolean);
        fs.writeFileSync(logFile, "");
        return lines.map((line) => JSON.parse(line));
    }
    const ops = () => calls().map((call) => call[0]);
    const mark = (text: string) => `sha256:${createHash("sha256").update(text).digest("hex").slice(0, 12)}`;

    beforeAll(async () => {
        dir = fs.mkdtempSync(path.join(os.tmpdir(), "harness-engine-"));
        logFile = path.join(dir, "calls.log");
        fs.writeFileSync(logFile, "");
        const env = { HARNESS_LOG: logFile };
        [v1, v2] = await Promise.all([
            serializeProvider(makeProbe("v1")).then((providerText) => startProviderHost({ providerText, env })),
            serializeProvider(makeProbe("v2")).then((providerText) => startProviderHost({ providerText, env })),
        ]);
        V1 = mark(v1.providerText);
        V2 = mark(v2.providerText);
    });

    beforeEach(() => calls());

    afterAll(async () => {
        await Promise.all([v1?.stop(), v2?.stop()]);
        fs.rmSync(dir, { recursive: true, force: true });
    });

    test("create, no change, update, replace and destroy call what the engine calls, with what it passes", async () => {
        const res = new EngineResource(v1, "lifecycle");
        await expect(res.up({ name: "a", size: 1 })).resolves.toMatchObject({ op: "create" });
        expect(calls()).toEqual([
            ["v1:check", {}, { name: "a", size: 1, __provider: V1 }],
            ["v1:create", { name: "a", size: 1, __provider: V1 }],
        ]);
        expect(res.state).toEqual({
            id: "id-a",
            inputs: { name: "a", size: 1 },
            outputs: { name: "a", size: 1, createdBy: "v1" },
            inputsProvider: v1.providerText,
            outputsProvider: v1.providerText,
        });

        // Check gets the old inputs; Diff gets the old OUTPUTS (createdBy is output-only).
        await expect(res.up({ name: "a", size: 1 })).resolves.toMatchObject({ op: "same" });
        expect(calls()).toEqual([
            ["v1:check", { name: "a", size: 1, __provider: V1 }, { name: "a", size: 1, __provider: V1 }],
            [
                "v1:diff",
                "id-a",
                { name: "a", size: 1, createdBy: "v1", __provider: V1 },
                { name: "a", size: 1, __provider: V1 },
            ],
        ]);

        await expect(res.up({ name: "a", size: 2 })).resolves.toMatchObject({ op: "update" });
        expect(calls()[2]).toEqual([
            "v1:update",
            "id-a",
            { name: "a", size: 1, createdBy: "v1", __provider: V1 },
            { name: "a", size: 2, __provider: V1 },
        ]);
        expect(res.state?.outputs).toEqual({ name: "a", size: 2, createdBy: "v1", updatedBy: "v1" });

        // Replacement: Check again without olds, create the new one, then delete the old one with its outputs.
        await expect(res.up({ name: "b", size: 2 })).resolves.toMatchObject({ op: "replace" });
        expect(calls()).toEqual([
            ["v1:check", { name: "a", size: 2, __provider: V1 }, { name: "b", size: 2, __provider: V1 }],
            [
                "v1:diff",
                "id-a",
                { name: "a", size: 2, createdBy: "v1", updatedBy: "v1", __provider: V1 },
                { name: "b", size: 2, __provider: V1 },
            ],
            ["v1:check", {}, { name: "b", size: 2, __provider: V1 }],
            ["v1:create", { name: "b", size: 2, __provider: V1 }],
            ["v1:delete", "id-a", { name: "a", size: 2, createdBy: "v1", updatedBy: "v1", __provider: V1 }],
        ]);
        expect(res.state?.id).toBe("id-b");
        expect(res.pendingDeletes).toEqual([]);

        await res.destroy();
        expect(calls()).toEqual([["v1:delete", "id-b", { name: "b", size: 2, createdBy: "v1", __provider: V1 }]]);
        expect(res.state).toBeUndefined();
    });

    test("delete-before-replace deletes the old resource before creating the new one", async () => {
        const res = new EngineResource(v1, "dbr");
        await res.up({ name: "a" });
        calls();
        await expect(res.up({ name: "b", mode: "dbr" })).resolves.toMatchObject({ op: "replace" });
        expect(ops()).toEqual(["v1:check", "v1:diff", "v1:check", "v1:delete", "v1:create"]);
        expect(res.state?.id).toBe("id-b");
    });

    test("an old resource that cannot be deleted after a replacement stays pending; every later up retries it first", async () => {
        const res = new EngineResource(v1, "pending");
        await res.up({ name: "a", mode: "undeletable" });
        await expect(res.up({ name: "b" })).rejects.toThrow("cannot delete id-a");
        expect(res.state?.id).toBe("id-b");
        expect(res.pendingDeletes.map((old) => old.id)).toEqual(["id-a"]);
        calls();
        await expect(res.up({ name: "b" })).rejects.toThrow("cannot delete id-a");
        expect(ops()).toEqual(["v1:delete"]);
    });

    test("Check failures stop up with the engine's message; nothing else is called and the state is unchanged", async () => {
        const res = new EngineResource(v1, "invalid");
        const err = await res.up({ name: "" }).catch((e) => e);
        expect(err).toBeInstanceOf(CheckFailedError);
        expect(err.message).toBe(
            "pulumi-nodejs:dynamic/driveShare:DriveItemShare resource 'invalid's property 'name' value {} has a problem: must not be empty",
        );
        expect(err.failures).toEqual([{ property: "name", reason: "must not be empty" }]);
        expect(ops()).toEqual(["v1:check"]);
        expect(res.state).toBeUndefined();
    });

    test("a failed create records nothing and shows the provider's message", async () => {
        const res = new EngineResource(v1, "create-fails");
        await expect(res.up({ name: "c", mode: "create-fails" })).rejects.toThrow(
            new HostCallError("Create", 2, "create refused for c"),
        );
        expect(res.state).toBeUndefined();
    });

    test("a failed update keeps the old state", async () => {
        const res = new EngineResource(v1, "update-fails");
        await res.up({ name: "u", size: 1 });
        const before = res.state;
        await expect(res.up({ name: "u", size: 2, mode: "update-fails" })).rejects.toThrow("update refused for id-u");
        expect(res.state).toEqual(before);
    });

    test("ErrorResourceInitFailed on create: the engine keeps the resource, shows the reasons, and the next up updates it", async () => {
        const res = new EngineResource(v1, "create-partial");
        const err = await res.up({ name: "p", mode: "create-partial" }).catch((e) => e);
        expect(err).toBeInstanceOf(InitFailedError);
        expect(err.message).toBe("1 error occurred:\n\t* grant 2 of 2 failed: 403\n\n");
        expect(err.hostError.message).toBe("only some grants were made");
        expect(res.state).toEqual({
            id: "id-p",
            inputs: { name: "p", mode: "create-partial" },
            outputs: { name: "p", mode: "create-partial", granted: 1 },
            inputsProvider: v1.providerText,
            outputsProvider: undefined,
            initErrors: ["grant 2 of 2 failed: 403"],
        });
        calls();

        // Unchanged inputs, but init errors: the engine runs Update to finish the initialization.
        await expect(res.up({ name: "p", mode: "create-partial" })).resolves.toMatchObject({ op: "update" });
        expect(calls()[2]).toEqual([
            "v1:update",
            "id-p",
            { name: "p", mode: "create-partial", granted: 1 },
            { name: "p", mode: "create-partial", __provider: V1 },
        ]);
        expect(res.state?.initErrors).toBeUndefined();
        expect(res.state?.outputsProvider).toBe(v1.providerText);
    });

    test("after a partial create without __provider in its properties, refresh and destroy cannot load the provider", async () => {
        const res = new EngineResource(v1, "create-partial-lost");
        await expect(res.up({ name: "q", mode: "create-partial" })).rejects.toThrow(InitFailedError);
        await expect(res.refresh()).rejects.toThrow("code must be a string, not undefined");
        await expect(res.destroy()).rejects.toThrow("code must be a string, not undefined");
        expect(res.state?.id).toBe("id-q");

        // Keeping `__provider: inputs.__provider` in the error's properties avoids it.
        const kept = new EngineResource(v1, "create-partial-kept");
        await expect(kept.up({ name: "k", mode: "create-partial-keep" })).rejects.toThrow(InitFailedError);
        expect(kept.state?.outputsProvider).toBe(v1.providerText);
        await kept.destroy();
        expect(kept.state).toBeUndefined();
    });

    test("ErrorResourceInitFailed on update: the engine saves the OLD inputs with the outputs from the error", async () => {
        const res = new EngineResource(v1, "update-partial");
        await res.up({ name: "w", size: 1 });
        const err = await res.up({ name: "w", size: 2, mode: "update-partial" }).catch((e) => e);
        expect(err.message).toBe("2 errors occurred:\n\t* grant 3 failed\n\t* grant 4 failed\n\n");
        expect(res.state).toMatchObject({
            id: "id-w",
            inputs: { name: "w", size: 1 },
            outputs: { name: "w", size: 2, mode: "update-partial", granted: 1 },
            outputsProvider: undefined,
            initErrors: ["grant 3 failed", "grant 4 failed"],
        });
    });

    test("refresh reads with the stored outputs and inputs, then diffs the read state against the old inputs", async () => {
        const res = new EngineResource(v1, "refresh-same");
        await res.up({ name: "r", size: 1 });
        calls();
        await expect(res.refresh()).resolves.toEqual({ op: "same" });
        const outputs = { name: "r", size: 1, createdBy: "v1", __provider: V1 };
        expect(calls()).toEqual([
            ["v1:read", "id-r", outputs],
            ["v1:diff", "id-r", outputs, { name: "r", size: 1, __provider: V1 }],
        ]);
    });

    test("refresh takes the props and inputs Read returns; drift is an update", async () => {
        const res = new EngineResource(v1, "refresh-drift");
        await res.up({ name: "d", size: 1, mode: "drifts" });
        await expect(res.refresh()).resolves.toEqual({ op: "update" });
        expect(res.state).toMatchObject({
            id: "id-d",
            inputs: { name: "d", size: 99, mode: "drifts" },
            outputs: { name: "d", size: 99, mode: "drifts", createdBy: "v1" },
        });
        // The next up sees the refreshed state and wants to restore the declared size.
        await expect(res.preview({ name: "d", size: 1, mode: "drifts" })).resolves.toMatchObject({ op: "update" });
    });

    test("refresh of a resource Read reports gone (empty id) removes it from the state", async () => {
        const res = new EngineResource(v1, "refresh-gone");
        await res.up({ name: "g", mode: "vanishes" });
        await expect(res.refresh()).resolves.toEqual({ op: "delete" });
        expect(res.state).toBeUndefined();
        await expect(res.up({ name: "g" })).resolves.toMatchObject({ op: "create" });
    });

    test("preview runs Check and Diff only and passes unknown values as the UNKNOWN string; up refuses them", async () => {
        const res = new EngineResource(v1, "preview");
        await expect(res.preview({ name: UNKNOWN })).resolves.toMatchObject({
            op: "create",
            checked: { name: UNKNOWN },
        });
        expect(ops()).toEqual(["v1:check"]);
        await res.up({ name: "n", size: 1 });
        calls();
        const plan = await res.preview({ name: "n", size: UNKNOWN });
        expect(plan).toMatchObject({ op: "update", diff: { changes: "some", replaces: [] } });
        expect(calls()).toEqual([
            ["v1:check", { name: "n", size: 1, __provider: V1 }, { name: "n", size: UNKNOWN, __provider: V1 }],
            [
                "v1:diff",
                "id-n",
                { name: "n", size: 1, createdBy: "v1", __provider: V1 },
                { name: "n", size: UNKNOWN, __provider: V1 },
            ],
        ]);
        await expect(res.preview({ name: "" })).resolves.toMatchObject({
            op: "invalid",
            failures: [{ property: "name" }],
        });
        await expect(res.up({ name: "n", size: UNKNOWN })).rejects.toThrow(
            "unknown values are only possible during preview",
        );
    });

    test("DIFF_UNKNOWN (no diff answer): the engine compares old and new inputs itself", async () => {
        const res = new EngineResource(v1, "no-diff");
        await res.up({ name: "x", size: 1, mode: "no-diff" });
        await expect(res.up({ name: "x", size: 1, mode: "no-diff" })).resolves.toMatchObject({ op: "same" });
        await expect(res.up({ name: "x", size: 2, mode: "no-diff" })).resolves.toMatchObject({ op: "update" });
    });

    test("new provider code: news carry the new __provider, while Delete loads the one stored with the outputs", async () => {
        const res = new EngineResource(v1, "upgrade");
        await res.up({ name: "v", size: 1 });
        res.host = v2;
        calls();
        // v2's diff sees no change, so the state keeps v1's outputs (and their __provider) untouched.
        await expect(res.up({ name: "v", size: 1 })).resolves.toMatchObject({ op: "same" });
        expect(calls()).toEqual([
            ["v2:check", { name: "v", size: 1, __provider: V1 }, { name: "v", size: 1, __provider: V2 }],
            [
                "v2:diff",
                "id-v",
                { name: "v", size: 1, createdBy: "v1", __provider: V1 },
                { name: "v", size: 1, __provider: V2 },
            ],
        ]);
        expect(res.state?.inputsProvider).toBe(v2.providerText);
        expect(res.state?.outputsProvider).toBe(v1.providerText);
        await res.destroy();
        expect(ops()).toEqual(["v1:delete"]);

        // Without a diff answer, the changed __provider alone makes the inputs differ: an update by v2.
        const silent = new EngineResource(v1, "upgrade-no-diff");
        await silent.up({ name: "s", mode: "no-diff" });
        silent.host = v2;
        await expect(silent.up({ name: "s", mode: "no-diff" })).resolves.toMatchObject({ op: "update" });
        expect(silent.state?.outputsProvider).toBe(v2.providerText);
    });
});
