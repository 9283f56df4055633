// `npm run pulumi -- <args>`: the real Pulumi CLI of the pinned version (see pulumi-cli.js), run in the folder npm
// was started from, with its language host and the dynamic-provider shim on PATH. It never goes online by itself:
// no update check and no plugin downloads; where no backend is chosen (PULUMI_BACKEND_URL or `pulumi login`) it keeps
// state in a local file backend under .pulumi-state/ of this checkout. Stdout is the CLI's alone.
"use strict";
const { spawn } = require("child_process");
const fs = require("fs");
const path = require("path");
const { ensurePulumiCli } = require("./pulumi-cli");

function main() {
    let binDir;
    try {
        binDir = ensurePulumiCli();
    } catch (error) {
        process.stderr.write(`${error.message}\n`);
        process.exit(1);
    }
    const env = {
        PULUMI_SKIP_UPDATE_CHECK: "true",
        PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
        ...process.env,
        PATH: [binDir, path.dirname(process.execPath), process.env.PATH || ""].join(path.delimiter),
    };
    const credentials = path.join(env.PULUMI_HOME || path.join(require("os").homedir(), ".pulumi"), "credentials.json");
    if (!env.PULUMI_BACKEND_URL && !fs.existsSync(credentials)) {
        const state = path.resolve(__dirname, "..", ".pulumi-state");
        fs.mkdirSync(state, { recursive: true });
        env.PULUMI_BACKEND_URL = `file://${state}`;
    }
    const child = spawn(path.join(binDir, "pulumi"), process.argv.slice(2), {
        cwd: process.env.INIT_CWD || process.cwd(),
        env,
        stdio: "inherit",
    });
    for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => child.kill(signal));
    child.on("exit", (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}

main();
