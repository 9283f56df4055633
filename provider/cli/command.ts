/** What a command of `driveitemshare` (main.ts) is. */
export interface Command {
    /** One line for the list of commands. */
    readonly summary: string;
    /** The command's options, printed by `--help` and after a {@link UsageError}. */
    readonly usage: string;
    /** Runs with the arguments after the command's name; resolves to the exit status (0 on success). */
    run(args: readonly string[]): Promise<number>;
}

/** A command line a command does not take: the dispatcher prints it with the command's usage and exits 2. */
export class UsageError extends Error {}

/** `--flag=value` as `["--flag", "value"]`; any other argument as itself, with no inline value. */
export function splitFlag(arg: string): [string, string | undefined] {
    if (!arg.startsWith("--") || !arg.includes("=")) return [arg, undefined];
    const at = arg.indexOf("=");
    return [arg.slice(0, at), arg.slice(at + 1)];
}
