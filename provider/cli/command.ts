/** What a command of `driveitemshare` (main.ts) is. */
export interface Command {
    /** One line for the list of commands. */
    readonly summary: string;
    /** Runs with the arguments after the command's name; resolves to the exit status (0 on success). */
    run(args: readonly string[]): Promise<number>;
}
