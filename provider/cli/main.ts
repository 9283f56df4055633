#!/usr/bin/env node
/**
 * `npx driveitemshare <command> [options]`: the package's command line, for work that is not a Pulumi resource
 * (bringing an existing tree under code, reporting on a stack). Each command lives in its own file and is required
 * only when asked for, so that `--help` loads nothing heavy.
 */
import { packageVersion } from "../graph/session";
import { UsageError } from "./command";
import type { Command } from "./command";

/** The commands by name; each file exports `command`. */
const COMMANDS: Record<string, () => Command> = {
    export: () => require("./export").command,
    report: () => require("./report").command,
};

function usage(): string {
    const names = Object.keys(COMMANDS).sort();
    const width = Math.max(0, ...names.map((name) => name.length));
    return [
        "Usage: driveitemshare <command> [options]",
        "",
        "Commands:",
        ...names.map((name) => `  ${name.padEnd(width)}  ${COMMANDS[name]().summary}`),
        "",
        "Run `driveitemshare <command> --help` for a command's options.",
    ].join("\n");
}

/** Runs the command `argv` names; resolves to the exit status. */
export async function main(argv: readonly string[]): Promise<number> {
    const [name, ...rest] = argv;
    if (name === undefined || name === "--help" || name === "-h" || name === "help") {
        process.stdout.write(usage() + "\n");
        return name === undefined ? 2 : 0;
    }
    if (name === "--version") {
        process.stdout.write(packageVersion() + "\n");
        return 0;
    }
    const command = Object.prototype.hasOwnProperty.call(COMMANDS, name) ? COMMANDS[name] : undefined;
    if (!command) {
        process.stderr.write(`driveitemshare: unknown command "${name}"\n\n${usage()}\n`);
        return 2;
    }
    const chosen = command();
    try {
        return await chosen.run(rest);
    } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        if (error instanceof UsageError) {
            process.stderr.write(`driveitemshare ${name}: ${message}\n\n${chosen.usage}\n`);
            return 2;
        }
        process.stderr.write(`driveitemshare ${name}: ${message}\n`);
        return 1;
    }
}

if (require.main === module) {
    main(process.argv.slice(2)).then((status) => {
        process.exitCode = status;
    });
}
