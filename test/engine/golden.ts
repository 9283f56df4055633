/**
 * Golden files of what the real CLI prints, normalised for what changes from run to run (ids, times, folders).
 * A person reads them when they change: `DRIVESHARE_UPDATE_GOLDEN=1 npm test` rewrites them, and the diff shows in
 * review exactly what a pull-request reviewer would now see.
 */
import * as fs from "fs";
import * as path from "path";

const GOLDEN_DIR = path.join(__dirname, "golden");

/** Replaces each literal with its stand-in, then the run-specific parts Pulumi prints. */
export function normalise(text: string, literals: Record<string, string> = {}): string {
    let out = text;
    for (const [literal, standIn] of Object.entries(literals).sort(([a], [b]) => b.length - a.length)) {
        out = out.split(literal).join(standIn);
    }
    return (
        out
            .replace(/\[id=[^\]]+\]/g, "[id=<id>]")
            .replace(/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z/g, "<time>")
            .replace(/^Duration: .*$/gm, "Duration: <duration>")
            .replace(/[ \t]+$/gm, "")
            .trim() + "\n"
    );
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
