/**
 * `driveitemshare report`: who has access to every item a stack manages, from the stack's state, as Markdown (a
 * pull-request comment, a job summary) or CSV (auditors).
 *
 *     pulumi stack export | npx driveitemshare report --format markdown
 *     npx driveitemshare report --state state.json --format csv > access.csv
 *
 * It reads the state only: no Graph call, no sign-in, so it runs wherever `pulumi stack export` does and reports
 * what the last `pulumi up` or `pulumi refresh` found.
 */
import * as fs from "fs";
import { redact } from "../model/redact";
import { accessReport } from "./access-report";
import { splitFlag, UsageError } from "./command";
import type { Command } from "./command";
import { reportCsv } from "./report-csv";
import { reportMarkdown } from "./report-markdown";
import { managedShares, parseStackExport, secretTexts } from "./stack-state";

/** The formats `--format` takes, and what writes each. */
const FORMATS = {
    markdown: reportMarkdown,
    csv: reportCsv,
} as const;

export type ReportFormat = keyof typeof FORMATS;

export interface ReportOptions {
    readonly format: ReportFormat;
    /** The exported state's file; undefined (or `-`) for stdin. */
    readonly state?: string;
    readonly help: boolean;
}

export const REPORT_USAGE = [
    "Usage: driveitemshare report [--format markdown|csv] [--state <file>]",
    "",
    "Who has access to each item the stack's DriveItemShare resources manage, from `pulumi stack export`.",
    "",
    "Options:",
    "  --format <format>  markdown (default) or csv",
    "  --state <file>     the output of `pulumi stack export`; default (or -) stdin",
    "  -h, --help         this help",
    "",
    "Example: pulumi stack export | npx driveitemshare report --format markdown",
].join("\n");

/** The options of `report`, from the arguments after its name. */
export function parseReportArguments(args: readonly string[]): ReportOptions {
    let format: string | undefined;
    let state: string | undefined;
    let help = false;
    for (let i = 0; i < args.length; i++) {
        const arg = args[i];
        if (arg === "-h" || arg === "--help") {
            help = true;
            continue;
        }
        const [flag, inline] = splitFlag(arg);
        if (flag !== "--format" && flag !== "--state") {
            throw new UsageError(
                arg.startsWith("-") ? `unknown option "${arg}"` : `unexpected argument "${arg}" (options take flags)`,
            );
        }
        const value = inline ?? args[++i];
        if (value === undefined || (inline === undefined && value.startsWith("--"))) {
            throw new UsageError(`${flag} needs a value`);
        }
        if (flag === "--format") {
            if (format !== undefined) throw new UsageError("--format is given twice");
            if (!Object.prototype.hasOwnProperty.call(FORMATS, value)) {
                throw new UsageError(`--format "${value}" is not a format; use ${Object.keys(FORMATS).join(" or ")}`);
            }
            format = value;
        } else {
            if (state !== undefined) throw new UsageError("--state is given twice");
            state = value;
        }
    }
    return { format: (format ?? "markdown") as ReportFormat, state: state === "-" ? undefined : state, help };
}

/**
 * The report of an exported state's text. `source` names it in errors. Every secret the state holds is cut out of
 * the result as well, though the report never reads one: a second guard.
 */
export function renderReport(text: string, source: string, format: ReportFormat): string {
    const state = parseStackExport(text, source);
    const report = FORMATS[format](accessReport(managedShares(state, source)));
    return redact(report, secretTexts(state));
}

async function readStdin(): Promise<string> {
    if (process.stdin.isTTY) {
        throw new UsageError("no state: pipe `pulumi stack export` into it, or name a file with --state <file>");
    }
    const chunks: Buffer[] = [];
    for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks).toString("utf8");
}

function readState(file: string): string {
    try {
        return fs.readFileSync(file, "utf8");
    } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        throw new Error(`--state "${file}" cannot be read (${code ?? (error as Error).message})`);
    }
}

export const command: Command = {
    summary: "who has access to each managed item, from `pulumi stack export` (Markdown or CSV)",
    usage: REPORT_USAGE,
    async run(args) {
        const options = parseReportArguments(args);
        if (options.help) {
            process.stdout.write(REPORT_USAGE + "\n");
            return 0;
        }
        const text = options.state === undefined ? await readStdin() : readState(options.state);
        const source = options.state === undefined ? "stdin" : `--state "${options.state}"`;
        process.stdout.write(renderReport(text, source, options.format));
        return 0;
    },
};
