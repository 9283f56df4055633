import type { AccessReport, AccessRow } from "./access-report";
import { csvField, reportCsv } from "./report-csv";

const ROW: AccessRow = {
    item: 'siteUrl "https://contoso.sharepoint.com/sites/f", path "Q3" (driveId "b!lib", itemId "01ITEM")',
    driveId: "b!lib",
    itemId: "01ITEM",
    resource: "finance-readers",
    recipient: "alice@contoso.com",
    role: "read",
    since: "2025-05-01T10:00:00Z",
    status: "not declared, removal pending",
};

const report = (rows: AccessRow[]): AccessReport => ({ rows, items: 1, shares: 1, grants: 1, notAsDeclared: 0 });

describe("reportCsv", () => {
    test("a header row, then one record per row, CRLF after each (RFC 4180)", () => {
        expect(reportCsv(report([ROW]))).toBe(
            "item,driveId,itemId,resource,recipient,role,since,until,status\r\n" +
                '"siteUrl ""https://contoso.sharepoint.com/sites/f"", path ""Q3"" (driveId ""b!lib"", itemId ""01ITEM"")",' +
                'b!lib,01ITEM,finance-readers,alice@contoso.com,read,2025-05-01T10:00:00Z,,"not declared, removal pending"\r\n',
        );
    });

    test("an empty stack gives the header alone", () => {
        expect(reportCsv(report([]))).toBe("item,driveId,itemId,resource,recipient,role,since,until,status\r\n");
    });
});

describe("csvField", () => {
    test.each([
        ["plain", "plain"],
        ["", ""],
        ["a,b", '"a,b"'],
        ['say "hi"', '"say ""hi"""'],
        ["two\nlines", '"two\nlines"'],
        ["cr\rhere", '"cr\rhere"'],
    ])("quotes only what RFC 4180 requires: %j", (text, field) => {
        expect(csvField(text)).toBe(field);
    });

    test.each([
        ['=HYPERLINK("http://x")', `"'=HYPERLINK(""http://x"")"`],
        ["+1", "'+1"],
        ["-2+3", "'-2+3"],
        ["@SUM(A1)", "'@SUM(A1)"],
        ["\tTAB", "'\tTAB"],
        ["=1,2", '"\'=1,2"'],
    ])("a cell a spreadsheet would read as a formula starts with ': %j", (text, field) => {
        expect(csvField(text)).toBe(field);
    });

    test("a formula character after the start is left as it is", () => {
        expect(csvField("a=b")).toBe("a=b");
        expect(csvField("alice+tag@contoso.com")).toBe("alice+tag@contoso.com");
    });
});
