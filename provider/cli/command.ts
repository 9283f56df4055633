/** What a command of `driveitemshare` (main.ts) is. */
export interface Command {
    /** One line for the list of commands. */
    readonly summary: string;
    /** Runs with the arguments after the command's name; resolves to the exit status (0 on success). */
    run(args: readonly string[]): Promise<number>;
}

/** A command line a command does not take; the command exits 2, as the dispatcher's usage errors do. */
export class UsageError extends Error {}

/** `--flag=value` as `["--flag", "value"]`; any other argument as itself, with no inline value. */
export function splitFlag(arg: string): [string, string | undefined] {
    if (!arg.startsWith("--") || !arg.includes("=")) return [arg, undefined];
    const at = arg.indexOf("=");
    return [arg.slice(0, at), arg.slice(at + 1)];
}
