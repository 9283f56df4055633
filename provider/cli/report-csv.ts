/**
 * The access report as CSV, for auditors: RFC 4180 (a header row, CRLF line ends, fields quoted when they hold a
 * comma, a quote or a line break, quotes doubled), one row per recipient and share. A cell a spreadsheet would read
 * as a formula gets a leading `'`, so that opening the file never runs what a name or address holds (OWASP, CSV
 * injection).
 */
import type { AccessReport, AccessRow } from "./access-report";

/** The columns, in order, with the header each has. */
export const CSV_COLUMNS: readonly (readonly [header: string, cell: (row: AccessRow) => string])[] = [
    ["item", (row) => row.item],
    ["driveId", (row) => row.driveId],
    ["itemId", (row) => row.itemId],
    ["resource", (row) => row.resource],
    ["recipient", (row) => row.recipient],
    ["role", (row) => row.role],
    ["since", (row) => row.since ?? ""],
    ["until", (row) => row.until ?? ""],
    ["status", (row) => row.status],
];

/** The report as CSV: the header row, then one line per row; an empty stack gives the header alone. */
export function reportCsv(report: AccessReport): string {
    const lines = [
        CSV_COLUMNS.map(([header]) => header),
        ...report.rows.map((row) => CSV_COLUMNS.map(([, cell]) => cell(row))),
    ];
    return lines.map((fields) => fields.map(csvField).join(",") + "\r\n").join("");
}

/** Characters that make a spreadsheet read a cell as a formula when they start it. */
const FORMULA_START = /^[=+\-@\t\r]/;

/** One field: guarded against formulas, then quoted if RFC 4180 requires it. */
export function csvField(text: string): string {
    const guarded = FORMULA_START.test(text) ? `'${text}` : text;
    return /[",\r\n]/.test(guarded) ? `"${guarded.replace(/"/g, '""')}"` : guarded;
}
