#!/usr/bin/env node
/**
 * Runs a command with NODE_EXTRA_CA_CERTS naming the emulator's test CA (`node scripts/with-test-ca.js jest ...`).
 * Node reads the variable only when it starts, and npm runs scripts with cmd.exe on Windows, where the POSIX form
 * `NODE_EXTRA_CA_CERTS=... jest` does not work.
 */
const { spawn } = require("child_process");
const path = require("path");

const [command, ...args] = process.argv.slice(2);
const child = spawn(command, args, {
    stdio: "inherit",
    env: { ...process.env, NODE_EXTRA_CA_CERTS: path.join(__dirname, "..", "test", "emulator", "tls", "cert.pem") },
    // npm's .bin entries are .cmd files on Windows, which only a shell runs.
    shell: process.platform === "win32",
});
// Ctrl-C reaches the whole process group: the command decides how to stop, and this waits for it.
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => {});
child.on("exit", (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
