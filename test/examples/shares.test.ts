/**
 * The shares.csv reader of examples/from-csv: what it accepts, and that every mistake names the line and column.
 */
import * as fs from "fs";
import * as path from "path";
import { COLUMNS, parseShares, SharesFileError } from "../../examples/from-csv/shares";

const HEADER = COLUMNS.join(",");
const DRIVE = "b!x3FhQ2Z0a3J5cGxhY2Vob2xkZXI";
const GROUP = "0F1E2D3C-4B5A-6978-8796-A5B4C3D2E1F0";

function parse(...lines: string[]) {
    return parseShares(lines.join("\n"), "access.csv");
}

function failure(...lines: string[]): SharesFileError {
    try {
        parse(...lines);
    } catch (error) {
        expect(error).toBeInstanceOf(SharesFileError);
        return error as SharesFileError;
    }
    throw new Error("parseShares accepted the file");
}

test("the checked-in shares.csv reads", () => {
    const file = path.resolve(__dirname, "../../examples/from-csv/shares.csv");
    expect(parseShares(fs.readFileSync(file, "utf8")).map((share) => share.name)).toEqual([
        "finance-readers",
        "finance-editors",
        "external-audit",
    ]);
});

test("a line: trimmed fields, emails lower-cased, object ids as { objectId }, optional expiry", () => {
    expect(
        parse(
            "# comment",
            "",
            ` ${HEADER} `,
            `finance , ${DRIVE} , 01ABC , write , Alice@Contoso.com ; ${GROUP} , 2027-06-30T00:00:00Z`,
            "   # indented comment",
            `hr,${DRIVE},01HR,read,bob@contoso.com,`,
        ),
    ).toEqual([
        {
            line: 4,
            name: "finance",
            driveId: DRIVE,
            itemId: "01ABC",
            role: "write",
            recipients: ["alice@contoso.com", { objectId: GROUP.toLowerCase() }],
            accessUntil: "2027-06-30T00:00:00Z",
        },
        { line: 6, name: "hr", driveId: DRIVE, itemId: "01HR", role: "read", recipients: ["bob@contoso.com"] },
    ]);
});

test("Windows line ends and a byte-order mark are fine; a header alone means no shares", () => {
    expect(
        parseShares(`\uFEFF${HEADER}\r\nhr,${DRIVE},01HR,read,bob@contoso.com,\r\n`).map((s) => [s.line, s.name]),
    ).toEqual([[2, "hr"]]);
    expect(parse(HEADER)).toEqual([]);
});

const row = (fields: Partial<Record<(typeof COLUMNS)[number], string>>) =>
    [
        fields.name ?? "finance",
        fields.driveId ?? DRIVE,
        fields.itemId ?? "01ABC",
        fields.role ?? "read",
        fields.recipients ?? "alice@contoso.com",
        fields.expires ?? "",
    ].join(",");

test.each<[string, string[], number, number, RegExp]>([
    [
        "an empty file",
        ["", "# nothing"],
        2,
        1,
        /the file is empty: it needs the header "name,driveId,itemId,role,recipients,expires"/,
    ],
    ["a missing header", [row({})], 1, 1, /the first line must be the header/],
    ["a misspelt header", ["name,driveId,itemID,role,recipients,expires"], 1, 14, /the first line must be the header/],
    ["a header with an extra column", [`${HEADER},notes`], 1, 45, /the first line must be the header/],
    [
        "Excel's ';' between fields",
        [HEADER.replace(/,/g, ";")],
        1,
        5,
        /fields are separated by ';': save the file with ','/,
    ],
    ["quotes", [HEADER, `"finance",${DRIVE},01ABC,read,alice@contoso.com,`], 2, 1, /quotes are not supported/],
    ["too few fields", [HEADER, `finance,${DRIVE},01ABC,read`], 2, 49, /expected 6 fields \(.*\), found 4/],
    ["too many fields", [HEADER, `${row({})},extra`], 2, 69, /expected 6 fields \(.*\), found 7/],
    ["a bad name", [HEADER, row({ name: "Finance Team" })], 2, 1, /name "Finance Team" must be 1 to 64 lower-case/],
    [
        "a name used twice",
        [HEADER, row({}), row({ itemId: "01OTHER" })],
        3,
        1,
        /name "finance" is already used on line 2/,
    ],
    ["an empty driveId", [HEADER, row({ driveId: " " })], 2, 9, /driveId is empty/],
    [
        "a path for itemId",
        [HEADER, row({ itemId: "Shared Documents/Finance" })],
        2,
        39,
        /itemId "Shared Documents\/Finance" must be a Graph id, not a path or URL/,
    ],
    ["a bad role", [HEADER, row({ role: "owner" })], 2, 45, /role "owner" must be "read" or "write"/],
    ["no recipients", [HEADER, row({ recipients: "" })], 2, 50, /recipients is empty/],
    [
        "an empty recipient",
        [HEADER, row({ recipients: "alice@contoso.com;;bob@contoso.com" })],
        2,
        68,
        /empty recipient \(two ';' in a row, or one at the end\)/,
    ],
    ["a trailing ';'", [HEADER, row({ recipients: "alice@contoso.com; " })], 2, 68, /empty recipient/],
    [
        "a bad recipient",
        [HEADER, row({ recipients: "alice@contoso.com; bob@ " })],
        2,
        69,
        /recipient "bob@" is neither an email address nor an Entra ID object id \(GUID\)/,
    ],
    [
        "a recipient listed twice",
        [HEADER, row({ recipients: "alice@contoso.com;ALICE@contoso.com" })],
        2,
        68,
        /recipient "ALICE@contoso.com" is listed twice/,
    ],
    [
        "one person twice on one item",
        [HEADER, row({}), row({ name: "finance-editors", role: "write" })],
        3,
        59,
        /recipient "alice@contoso.com" is already declared on this item on line 2: give each person one role per item/,
    ],
    [
        "an expiry without a time zone",
        [HEADER, row({ expires: "2027-06-30T00:00:00" })],
        2,
        68,
        /expires "2027-06-30T00:00:00" must be empty or an ISO 8601 date-time with a time zone/,
    ],
    ["a date for expiry", [HEADER, row({ expires: "30/06/2027" })], 2, 68, /expires "30\/06\/2027"/],
])("%s is refused at the line and column", (_, lines, line, column, reason) => {
    const error = failure(...lines);
    expect([error.line, error.column]).toEqual([line, column]);
    expect(error.reason).toMatch(reason);
    expect(error.message).toBe(`access.csv, line ${line}, column ${column}: ${error.reason}`);
});

test("the same person on two different items is fine", () => {
    expect(parse(HEADER, row({}), row({ name: "hr", itemId: "01HR" }))).toHaveLength(2);
});
