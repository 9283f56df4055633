/**
 * Golden files of what the real CLI prints, normalised for what changes from run to run (ids, times, folders).
 * A person reads them when they change: `DRIVESHARE_UPDATE_GOLDEN=1 npm test` rewrites them, and the diff shows in
 * review exactly what a pull-request reviewer would now see.
 */
import * as fs from "fs";
import * as path from "path";

const GOLDEN_DIR = path.join(__dirname, "golden");

/**
 * Replaces each literal with its stand-in, then the run-specific parts Pulumi prints, and puts sibling resources in
 * URN order: Pulumi prints them in registration order, which varies because each DriveItemShare serializes its
 * provider asynchronously before it registers.
 */
export function normalise(text: string, literals: Record<string, string> = {}): string {
    let out = text;
    for (const [literal, standIn] of Object.entries(literals).sort(([a], [b]) => b.length - a.length)) {
        out = out.split(literal).join(standIn);
    }
    out = out
        .replace(/\[id=[^\]]+\]/g, "[id=<id>]")
        .replace(/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z/g, "<time>")
        .replace(/^Duration: .*$/gm, "Duration: <duration>")
        .replace(/[ \t]+$/gm, "")
        .trim();
    return sortSiblingResources(out.split("\n")).join("\n") + "\n";
}

/** A resource's first line in a preview: indent, optional change sign, type token, `(step)`. */
const RESOURCE_HEADER = /^( *)(?:[-+~]{1,2} )?[\w-]+:[\w/.-]+:\w+: \([\w-]+\)$/;

const leadingSpaces = (line: string): number => line.length - line.trimStart().length;

/** Reorders each run of adjacent resource blocks at one indent by URN, recursively inside each block. */
function sortSiblingResources(lines: string[]): string[] {
    const out: string[] = [];
    let i = 0;
    while (i < lines.length) {
        const header = RESOURCE_HEADER.exec(lines[i]);
        if (!header) {
            out.push(lines[i++]);
            continue;
        }
        const indent = header[1].length;
        const run: string[][] = [];
        while (i < lines.length && RESOURCE_HEADER.exec(lines[i])?.[1].length === indent) {
            let end = i + 1;
            while (end < lines.length && lines[end].trim() !== "" && leadingSpaces(lines[end]) > indent) end++;
            run.push([lines[i], ...sortSiblingResources(lines.slice(i + 1, end))]);
            i = end;
        }
        const urn = (block: string[]): string => block.find((line) => line.includes("[urn=")) ?? block[0];
        run.sort((a, b) => (urn(a) < urn(b) ? -1 : urn(a) > urn(b) ? 1 : 0));
        out.push(...run.flat());
    }
    return out;
}

/** Asserts `actual` equals the golden file `name` (or writes it, with DRIVESHARE_UPDATE_GOLDEN=1). */
export function expectGolden(name: string, actual: string): void {
    const file = path.join(GOLDEN_DIR, `${name}.txt`);
    if (process.env.DRIVESHARE_UPDATE_GOLDEN) {
        fs.mkdirSync(GOLDEN_DIR, { recursive: true });
        fs.writeFileSync(file, actual);
        return;
    }
    if (!fs.existsSync(file))
        throw new Error(`no golden file ${file}: run with DRIVESHARE_UPDATE_GOLDEN=1 and read it`);
    expect(actual).toBe(fs.readFileSync(file, "utf8"));
}
