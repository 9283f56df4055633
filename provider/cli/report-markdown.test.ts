import type { AccessReport, AccessRow } from "./access-report";
import { markdownCell, MARKDOWN_HEADING, reportMarkdown } from "./report-markdown";

const ROW: AccessRow = {
    item: 'driveId "b!lib", itemId "01ITEM"',
    driveId: "b!lib",
    itemId: "01ITEM",
    resource: "finance-readers",
    recipient: "alice@contoso.com",
    role: "read",
    since: "2025-05-01T10:00:00Z",
    until: "2027-06-30T23:59:59Z",
    status: "as declared",
};

const report = (rows: AccessRow[], counts: Partial<AccessReport> = {}): AccessReport => ({
    rows,
    items: 1,
    shares: 1,
    grants: rows.length,
    notAsDeclared: 0,
    ...counts,
});

describe("reportMarkdown", () => {
    test("a heading, the summary line and one table row per recipient", () => {
        const missing = { ...ROW, recipient: "bob@contoso.com", since: undefined, until: undefined, status: "missing" };
        expect(reportMarkdown(report([ROW, missing], { grants: 1, notAsDeclared: 1 }))).toBe(
            [
                MARKDOWN_HEADING,
                "",
                "1 item, 1 share, 1 grant; 1 not as declared.",
                "",
                "| Item | Resource | Recipient | Role | Since | Until | Status |",
                "| --- | --- | --- | --- | --- | --- | --- |",
                '| driveId "b!lib", itemId "01ITEM" | finance-readers | alice@contoso.com | read | 2025-05-01T10:00:00Z | 2027-06-30T23:59:59Z | as declared |',
                '| driveId "b!lib", itemId "01ITEM" | finance-readers | bob@contoso.com | read | unknown |  | missing |',
                "",
            ].join("\n"),
        );
    });

    test("counts in the plural", () => {
        expect(reportMarkdown(report([ROW, ROW], { items: 2, shares: 3, grants: 2 }))).toContain(
            "2 items, 3 shares, 2 grants; 0 not as declared.",
        );
    });

    test("an empty stack says nothing is managed", () => {
        expect(reportMarkdown(report([], { items: 0, shares: 0 }))).toBe(
            `${MARKDOWN_HEADING}\n\nNothing is managed: the stack has no DriveItemShare.\n`,
        );
    });

    test("a cell cannot break the table or carry markup", () => {
        expect(markdownCell("a|b\nc\r\nd")).toBe("a\\|b c d");
        expect(markdownCell("<img src=x> *bold* _it_ `code` [link](u) ~~s~~ \\ &amp;")).toBe(
            "\\<img src=x\\> \\*bold\\* \\_it\\_ \\`code\\` \\[link\\](u) \\~\\~s\\~\\~ \\\\ \\&amp;",
        );
        const row = { ...ROW, resource: "x | y\nz" };
        const line = reportMarkdown(report([row]))
            .split("\n")
            .find((l) => l.includes("x \\| y"))!;
        expect(line.split(/(?<!\\)\|/)).toHaveLength(9);
    });
});
