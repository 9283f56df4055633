// The real Pulumi CLI, at the version of @pulumi/pulumi this project develops against, with what it needs beside it:
// the Node.js language host and the dynamic-provider shim that @pulumi/pulumi ships. Built from the Go module proxy
// through the wrapper module in tools/pulumi-cli (pkg/v3's go.mod has replace directives, so `go install` refuses
// it), once per machine, into a cache outside git; rebuilt when missing. A Pulumi CLI of the same version already on
// PATH is used as it is.
//
// Progress goes to stderr: stdout belongs to the CLI (`npm run -s pulumi -- version` prints only the version).
"use strict";
const { execFileSync, spawnSync } = require("child_process");
const fs = require("fs");
const os = require("os");
const path = require("path");

const ROOT = path.resolve(__dirname, "..");
const TOOLS = path.join(ROOT, "tools", "pulumi-cli");

/** The version of @pulumi/pulumi the project pins, which the CLI must match. */
function sdkVersion() {
    const range = require(path.join(ROOT, "package.json")).devDependencies["@pulumi/pulumi"];
    if (!/^\d+\.\d+\.\d+$/.test(range))
        throw new Error(`devDependencies["@pulumi/pulumi"] must be an exact version, not ${range}`);
    return range;
}

function cacheRoot() {
    if (process.env.DRIVESHARE_TOOLS_CACHE) return process.env.DRIVESHARE_TOOLS_CACHE;
    const base = process.env.XDG_CACHE_HOME || path.join(os.homedir(), ".cache");
    return path.join(base, "driveitemshare");
}

function printedVersion(pulumi) {
    try {
        return execFileSync(pulumi, ["version"], {
            encoding: "utf8",
            stdio: ["ignore", "pipe", "ignore"],
            env: { ...process.env, PULUMI_SKIP_UPDATE_CHECK: "true" },
        }).trim();
    } catch {
        return undefined;
    }
}

/** A `pulumi` of the pinned version on PATH, with its own language host beside it. */
function pulumiOnPath(version) {
    for (const dir of (process.env.PATH || "").split(path.delimiter)) {
        const candidate = path.join(dir, "pulumi");
        if (!dir || !fs.existsSync(candidate)) continue;
        const real = fs.realpathSync(candidate);
        if (real.startsWith(cacheRoot())) continue;
        if (
            printedVersion(candidate) === `v${version}` &&
            fs.existsSync(path.join(path.dirname(real), "pulumi-language-nodejs"))
        )
            return path.dirname(real);
        return undefined;
    }
    return undefined;
}

function goCommand() {
    for (const candidate of ["go", "/usr/local/go/bin/go"]) {
        if (spawnSync(candidate, ["version"], { stdio: "ignore" }).status === 0) return candidate;
    }
    throw new Error(
        "Building the Pulumi CLI needs Go 1.25 or later (https://go.dev/dl), or a Pulumi CLI of version " +
            `${sdkVersion()} on PATH.`,
    );
}

function build(binDir, version) {
    const go = goCommand();
    const staging = `${binDir}.building-${process.pid}`;
    fs.rmSync(staging, { recursive: true, force: true });
    fs.mkdirSync(staging, { recursive: true });
    const started = Date.now();
    process.stderr.write(
        `Building the Pulumi CLI v${version} and its Node.js language host from the Go module proxy ` +
            `into ${binDir} (once per machine; several minutes the first time)...\n`,
    );
    // The release build's flags (Pulumi's .goreleaser.yml): static, trimmed, and stamped so `pulumi version` prints it.
    const ldflags = `-s -w -X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=v${version}`;
    const env = { ...process.env, CGO_ENABLED: "0" };
    const goBuild = (out, pkg) =>
        execFileSync(
            go,
            [
                "build",
                "-trimpath",
                "-tags",
                "osusergo,grpcnotrace",
                "-ldflags",
                ldflags,
                "-o",
                path.join(staging, out),
                pkg,
            ],
            { cwd: TOOLS, env, stdio: ["ignore", 2, 2] },
        );
    goBuild("pulumi", "github.com/pulumi/pulumi/pkg/v3/cmd/pulumi");
    goBuild("pulumi-language-nodejs", "./language-nodejs");
    const shim = path.join(ROOT, "node_modules", "@pulumi", "pulumi", "pulumi-resource-pulumi-nodejs");
    fs.copyFileSync(shim, path.join(staging, "pulumi-resource-pulumi-nodejs"));
    fs.chmodSync(path.join(staging, "pulumi-resource-pulumi-nodejs"), 0o755);
    fs.rmSync(binDir, { recursive: true, force: true });
    fs.renameSync(staging, binDir);
    process.stderr.write(`Built in ${Math.round((Date.now() - started) / 1000)} s.\n`);
}

/**
 * The folder holding `pulumi`, `pulumi-language-nodejs` and `pulumi-resource-pulumi-nodejs` of the pinned version:
 * a matching CLI on PATH, else the cached build, built now if it is missing or incomplete.
 */
function ensurePulumiCli() {
    const version = sdkVersion();
    const onPath = pulumiOnPath(version);
    if (onPath) return onPath;
    const binDir = path.join(cacheRoot(), `pulumi-${version}`, "bin");
    const complete =
        ["pulumi-language-nodejs", "pulumi-resource-pulumi-nodejs"].every((name) =>
            fs.existsSync(path.join(binDir, name)),
        ) && printedVersion(path.join(binDir, "pulumi")) === `v${version}`;
    if (!complete) build(binDir, version);
    return binDir;
}

module.exports = { cacheRoot, ensurePulumiCli, sdkVersion };

if (require.main === module) {
    try {
        process.stdout.write(`${ensurePulumiCli()}\n`);
    } catch (error) {
        process.stderr.write(`${error.message}\n`);
        process.exit(1);
    }
}
