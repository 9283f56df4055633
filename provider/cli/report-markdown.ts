/**
 * The access report as Markdown, for a pull-request comment or a GitHub Actions job summary: a heading, one summary
 * line and a table. Every cell is escaped, so that a name or address cannot break the table or inject markup into the
 * page that shows it.
 */
import type { AccessReport } from "./access-report";

/** The heading the report starts with. */
export const MARKDOWN_HEADING = "## Who has access";

/** What a recipient's `since` reads as when the state does not record it. */
const UNKNOWN_SINCE = "unknown";

/** The report as GitHub-flavoured Markdown, ending with a newline. */
export function reportMarkdown(report: AccessReport): string {
    const lines = [MARKDOWN_HEADING, ""];
    if (report.shares === 0) {
        lines.push("Nothing is managed: the stack has no DriveItemShare.");
        return lines.join("\n") + "\n";
    }
    lines.push(
        `${count(report.items, "item")}, ${count(report.shares, "share")}, ${count(report.grants, "grant")}; ` +
            `${report.notAsDeclared} not as declared.`,
        "",
        "| Item | Resource | Recipient | Role | Since | Until | Status |",
        "| --- | --- | --- | --- | --- | --- | --- |",
        ...report.rows.map((row) =>
            tableRow([
                row.item,
                row.resource,
                row.recipient,
                row.role,
                row.since ?? UNKNOWN_SINCE,
                row.until ?? "",
                row.status,
            ]),
        ),
    );
    return lines.join("\n") + "\n";
}

function count(n: number, noun: string): string {
    return `${n} ${noun}${n === 1 ? "" : "s"}`;
}

function tableRow(cells: string[]): string {
    return `| ${cells.map(markdownCell).join(" | ")} |`;
}

/**
 * A table cell's text: line breaks become spaces (a table row is one line), and Markdown's punctuation, `|` and
 * HTML's `<`, `>` and `&` are backslash-escaped, so the cell shows exactly its text.
 */
export function markdownCell(text: string): string {
    return text.replace(/\r\n|[\r\n]/g, " ").replace(/[\\`*_[\]<>|~&]/g, "\\$&");
}
