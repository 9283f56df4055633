// ProviderHost against Pulumi's real dynamic-provider host: each call crosses the process boundary and gRPC.
import { createHash } from "crypto";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import type * as pulumi from "@pulumi/pulumi";
import type { ProviderHost } from "./host";
import { HostCallError, REPO_ROOT, startProviderHost, UNKNOWN } from "./host";
import { serializeProvider } from "./serialize";

const URN = "urn:pulumi:dev::driveitemshare-test::pulumi-nodejs:dynamic/driveShare:DriveItemShare::probe";

// Appends one JSON line per provider call to $HARNESS_LOG, `__provider` reduced to a hash prefix.
// Runs inside the host: it is serialized with the provider, so it requires what it needs itself.
function log(op: string, ...args: unknown[]): void {
    const { createHash: hash } = require("crypto");
    const line = JSON.stringify({ op, args }, (key, value) =>
        key === "__provider" && typeof value === "string"
            ? `sha256:${hash("sha256").update(value).digest("hex").slice(0, 12)}`
            : value,
    );
    require("fs").appendFileSync(process.env.HARNESS_LOG as string, line + "\n");
}

const probe: pulumi.dynamic.ResourceProvider & { config?: Record<string, string | null> } = {
    async configure(req) {
        log("configure");
        this.config = {
            tenant: req.config.get("driveShare:tenantId") ?? null,
            inProject: req.config.get("greeting") ?? null,
            secret: req.config.get("driveShare:clientSecret") ?? null,
            missing: req.config.get("driveShare:nothing") ?? null,
        };
    },
    async check(olds, news) {
        log("check", olds, news);
        if (news.name === "") return { inputs: news, failures: [{ property: "name", reason: "must not be empty" }] };
        return { inputs: { ...news, checked: true } };
    },
    async diff(id, olds, news) {
        log("diff", id, olds, news);
        if (news.name === "no-opinion") return {};
        return {
            changes: olds.name !== news.name || olds.size !== news.size,
            replaces: olds.name !== news.name ? ["name"] : [],
            deleteBeforeReplace: news.size === 0,
        };
    },
    async create(inputs) {
        log("create", inputs);
        if (inputs.name === "boom") throw new Error("create exploded: boom");
        if (inputs.name === "partial") {
            throw Object.assign(new Error("half done"), {
                id: "p-1",
                properties: { name: "partial", granted: 1 },
                reasons: ["grant 2 of 3 failed", "grant 3 of 3 failed"],
            });
        }
        console.log(`creating ${inputs.name}`);
        return {
            id: `id-${inputs.name}`,
            outs: {
                ...inputs,
                config: this.config,
                env: {
                    inherited: process.env.HARNESS_INHERITED ?? null,
                    fromOptions: process.env.HARNESS_PROBE ?? null,
                    dropped: process.env.HARNESS_DROPPED ?? null,
                    ca: process.env.NODE_EXTRA_CA_CERTS ?? null,
                    project: process.env.PULUMI_NODEJS_PROJECT ?? null,
                },
                fromCwd: require("harness-cwd-probe").origin,
            },
        };
    },
    async update(id, olds, news) {
        log("update", id, olds, news);
        return { outs: { ...news, previous: olds.name } };
    },
    async read(id, props) {
        log("read", id, props);
        if (props?.name === "vanished") return { id: "", props: {} };
        return { id, props: { ...props, size: 7 }, inputs: { name: props?.name, size: 7 } };
    },
    async delete(id, props) {
        log("delete", id, props);
        if (props.name === "sticky") throw new Error(`cannot delete ${id}: still shared`);
    },
};

describe("ProviderHost (Pulumi's dynamic-provider host over gRPC)", () => {
    let host: ProviderHost;
    let providerText: string;
    let providerMark: string;
    let logFile: string;
    let cwd: string;

    // Calls the provider logged since the last look.
    function calls(): { op: string; args: any[] }[] {
        const lines = fs.existsSync(logFile) ? fs.readFileSync(logFile, "utf8").split("\n").filter(Boolean) : [];
        fs.writeFileSync(logFile, "");
        return lines.map((line) => JSON.parse(line));
    }

    beforeAll(async () => {
        // A working directory whose node_modules holds a package nothing else can resolve: a provider method
        // can only load it if the host resolves require() from its cwd, as the CLI's program directory.
        cwd = fs.mkdtempSync(path.join(os.tmpdir(), "harness-host-"));
        const pkg = path.join(cwd, "node_modules", "harness-cwd-probe");
        fs.mkdirSync(pkg, { recursive: true });
        fs.writeFileSync(path.join(pkg, "index.js"), `exports.origin = ${JSON.stringify(cwd)};`);
        logFile = path.join(cwd, "calls.log");
        providerText = await serializeProvider(probe);
        providerMark = `sha256:${createHash("sha256").update(providerText).digest("hex").slice(0, 12)}`;
        process.env.HARNESS_INHERITED = "yes";
        process.env.HARNESS_DROPPED = "inherited";
        host = await startProviderHost({
            providerText,
            cwd,
            env: { HARNESS_LOG: logFile, HARNESS_PROBE: "from-options", HARNESS_DROPPED: undefined },
        });
    });

    beforeEach(() => calls());

    afterAll(async () => {
        delete process.env.HARNESS_INHERITED;
        delete process.env.HARNESS_DROPPED;
        await host?.stop();
        fs.rmSync(cwd, { recursive: true, force: true });
    });

    test("starts the SDK's host, which prints its port first", () => {
        expect(host.pid).toBeGreaterThan(0);
        expect(host.output).toMatch(/^\d+\n/);
    });

    test("Configure reaches provider.configure with namespaced keys, unwrapped secrets and the project", async () => {
        await host.configure(
            {
                "driveShare:tenantId": "tenant-1",
                "driveShare:clientSecret": "s3cr3t",
                "driveitemshare-test:greeting": "hi",
            },
            ["driveShare:clientSecret"],
        );
        const { outs } = await host.create(URN, { name: "configured" });
        expect(outs.config).toEqual({ tenant: "tenant-1", inProject: "hi", secret: "s3cr3t", missing: null });
        // configure runs once per provider text, when the host first loads it.
        expect(calls().map((c) => c.op)).toEqual(["configure", "create"]);
    });

    test("Check: an empty olds is sent without __provider, news and prior olds carry it; the result has none", async () => {
        const created = await host.check(URN, {}, { name: "a", size: 1 });
        expect(created).toEqual({ inputs: { name: "a", size: 1, checked: true }, failures: [] });
        const updated = await host.check(URN, { name: "a", size: 1 }, { name: "a", size: 2 });
        expect(updated.inputs).toEqual({ name: "a", size: 2, checked: true });
        expect(calls()).toEqual([
            { op: "check", args: [{}, { name: "a", size: 1, __provider: providerMark }] },
            {
                op: "check",
                args: [
                    { name: "a", size: 1, __provider: providerMark },
                    { name: "a", size: 2, __provider: providerMark },
                ],
            },
        ]);
    });

    test("Check failures come back as property and reason", async () => {
        const result = await host.check(URN, {}, { name: "" });
        expect(result.failures).toEqual([{ property: "name", reason: "must not be empty" }]);
    });

    test("Check passes UNKNOWN (a preview's unknown value) through as the plain string", async () => {
        const result = await host.check(URN, {}, { name: UNKNOWN });
        expect(result.inputs.name).toBe(UNKNOWN);
        expect(calls()[0].args[1].name).toBe(UNKNOWN);
    });

    test("Diff maps changes, replaces and deleteBeforeReplace; no answer is DIFF_UNKNOWN", async () => {
        const olds = { name: "a", size: 1 };
        await expect(host.diff("id-a", URN, olds, { name: "a", size: 1 })).resolves.toEqual({
            changes: "none",
            replaces: [],
            deleteBeforeReplace: false,
        });
        await expect(host.diff("id-a", URN, olds, { name: "a", size: 2 })).resolves.toEqual({
            changes: "some",
            replaces: [],
            deleteBeforeReplace: false,
        });
        await expect(host.diff("id-a", URN, olds, { name: "b", size: 0 })).resolves.toEqual({
            changes: "some",
            replaces: ["name"],
            deleteBeforeReplace: true,
        });
        await expect(host.diff("id-a", URN, olds, { name: "no-opinion" })).resolves.toMatchObject({
            changes: "unknown",
        });
        expect(calls()[0]).toEqual({
            op: "diff",
            args: ["id-a", { ...olds, __provider: providerMark }, { name: "a", size: 1, __provider: providerMark }],
        });
    });

    test("Create returns id and outputs without __provider; the provider got the exact serialized text", async () => {
        const { id, outs } = await host.create(URN, { name: "a" });
        expect(id).toBe("id-a");
        expect(outs).not.toHaveProperty("__provider");
        expect(calls()).toEqual([{ op: "create", args: [{ name: "a", __provider: providerMark }] }]);
    });

    test("a thrown error surfaces as gRPC UNKNOWN with the provider's message", async () => {
        const err: HostCallError = await host.create(URN, { name: "boom" }).then(
            () => {
                throw new Error("create should have failed");
            },
            (e) => e,
        );
        expect(err).toBeInstanceOf(HostCallError);
        expect(err).toMatchObject({ method: "Create", code: 2, details: "create exploded: boom" });
        expect(err.message).toBe("create exploded: boom");
        expect(err.initFailed).toBeUndefined();
    });

    test("an error with an id is decoded as ErrorResourceInitFailed; the host adds no __provider to it", async () => {
        const err = (await host.create(URN, { name: "partial" }).catch((e) => e)) as HostCallError;
        expect(err.message).toBe("half done");
        expect(err.initFailed).toEqual({
            id: "p-1",
            properties: { name: "partial", granted: 1 },
            reasons: ["grant 2 of 3 failed", "grant 3 of 3 failed"],
        });
    });

    test("Update gets old outputs and new inputs", async () => {
        const outs = await host.update("id-a", URN, { name: "a", extra: "out" }, { name: "a2" });
        expect(outs).toEqual({ name: "a2", previous: "a" });
        expect(calls()).toEqual([
            {
                op: "update",
                args: [
                    "id-a",
                    { name: "a", extra: "out", __provider: providerMark },
                    { name: "a2", __provider: providerMark },
                ],
            },
        ]);
    });

    test("an undefined value in a result fails the call: the host cannot marshal it", async () => {
        // The probe's update returns `previous: olds.name`, undefined here.
        await expect(host.update("id-a", URN, {}, { name: "a2" })).rejects.toThrow(
            new HostCallError("Update", 2, "Unexpected struct type."),
        );
    });

    test("Read returns props and inputs without __provider; an empty id means the resource is gone", async () => {
        await expect(host.read("id-a", URN, { name: "a", size: 1 }, { name: "a" })).resolves.toEqual({
            id: "id-a",
            props: { name: "a", size: 7 },
            inputs: { name: "a", size: 7 },
        });
        await expect(host.read("id-v", URN, { name: "vanished" })).resolves.toMatchObject({ id: "" });
    });

    test("Delete gets the outputs; its errors surface like any other", async () => {
        await host.delete("id-a", URN, { name: "a" });
        await expect(host.delete("id-s", URN, { name: "sticky" })).rejects.toThrow("cannot delete id-s: still shared");
        expect(calls().map((c) => [c.op, c.args[0]])).toEqual([
            ["delete", "id-a"],
            ["delete", "id-s"],
        ]);
    });

    test("a bag with its own __provider key is sent as given; undefined leaves it out", async () => {
        await expect(host.delete("id-x", URN, { name: "x", __provider: undefined })).rejects.toThrow(
            "code must be a string, not undefined",
        );
        expect(calls()).toEqual([]);
    });

    test("the host gets process.env plus options: undefined removes, the CA and project are set", async () => {
        const { outs } = await host.create(URN, { name: "env" });
        expect(outs.env).toEqual({
            inherited: "yes",
            fromOptions: "from-options",
            dropped: null,
            ca: path.join(REPO_ROOT, "test", "emulator", "tls", "cert.pem"),
            project: "driveitemshare-test",
        });
    });

    test("require() inside a method resolves from the host's cwd", async () => {
        const { outs } = await host.create(URN, { name: "cwd" });
        expect(outs.fromCwd).toBe(cwd);
    });

    test("output collects what the provider prints", async () => {
        // The host's stdout arrives on its own schedule: wait for it rather than race it.
        for (let waited = 0; !host.output.includes("creating cwd") && waited < 2000; waited += 20) {
            await new Promise((resolve) => setTimeout(resolve, 20));
        }
        expect(host.output).toContain("creating cwd");
    });
});

describe("ProviderHost lifecycle", () => {
    test("stop() ends the process and can be called twice; a host that cannot start says why", async () => {
        const host = await startProviderHost({ providerText: await serializeProvider(probe) });
        const pid = host.pid;
        expect(() => process.kill(pid, 0)).not.toThrow();
        await Promise.all([host.stop(), host.stop()]);
        expect(() => process.kill(pid, 0)).toThrow();

        await expect(
            startProviderHost({ providerText: "", env: { NODE_OPTIONS: "--require /nonexistent/harness-preload.js" } }),
        ).rejects.toThrow(/provider host did not start: exited with 1[\s\S]*harness-preload/);
        await expect(startProviderHost({ providerText: "", cwd: "/nonexistent/harness-cwd" })).rejects.toThrow(
            /ENOENT/,
        );
    });
});
