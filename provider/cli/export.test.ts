import { UsageError } from "./command";
import { EXPORT_USAGE, parseExportArguments } from "./export";

describe("parseExportArguments", () => {
    test.each([
        [["--drive-id", "b!x", "--path", "/Finance/", "--out", "o"], { driveId: "b!x", path: "Finance" }, 0],
        [["--drive-id=b!x", "--item-id=01A", "--out=o", "--recursive"], { driveId: "b!x", itemId: "01A" }, Infinity],
        [
            ["--user", "olga@contoso.com", "--path", "Handover", "--out", "o", "--depth", "2"],
            { userPrincipalName: "olga@contoso.com", path: "Handover" },
            2,
        ],
        [
            [
                "--group",
                "0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0",
                "--path",
                "A",
                "--out",
                "o",
                "--recursive",
                "--depth",
                "1",
            ],
            { groupId: "0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0", path: "A" },
            1,
        ],
        [
            [
                "--site-url",
                "https://contoso.sharepoint.com/sites/fin",
                "--drive",
                "Reports",
                "--path",
                "Q3",
                "--out",
                "o",
            ],
            { siteUrl: "https://contoso.sharepoint.com/sites/fin", drive: "Reports", path: "Q3" },
            0,
        ],
    ])("%j", (args, locator, depth) => {
        expect(parseExportArguments(args)).toEqual({ locator, depth, out: "o", newProject: false, help: false });
    });

    test("--new-project and --help", () => {
        expect(
            parseExportArguments(["--drive-id", "b!x", "--item-id", "1", "--out", "o", "--new-project"]).newProject,
        ).toBe(true);
        expect(parseExportArguments(["--help"]).help).toBe(true);
    });

    test.each([
        [["--drive-id", "b!x", "--out", "o"], /--drive-id: name the item one way: driveId \+ itemId, .*got driveId/],
        [
            ["--drive-id", "b!x", "--path", "a/../b", "--out", "o"],
            /--path: path "a\/..\/b" must be a path below the drive's root/,
        ],
        [["--group", "finance", "--path", "A", "--out", "o"], /--group: groupId "finance" is not a GUID/],
        [["--drive-id", "b!x", "--path", "A"], /--out <dir> is needed/],
        [["--drive-id", "b!x", "--path", "A", "--out", "o", "--depth", "-1"], /--depth "-1" is not a number of levels/],
        [["--drive-id", "b!x", "--path", "A", "--out", "o", "--depth", "x"], /--depth "x" is not a number/],
        [["--drive-id", "b!x", "--path", "A", "--path", "B", "--out", "o"], /--path is given twice/],
        [["--drive-id", "b!x", "--path", "A", "--out", "o", "--depht", "1"], /unknown option "--depht"/],
        [["Finance"], /unexpected argument "Finance"/],
    ])("%j is a usage error", (args, message) => {
        expect(() => parseExportArguments(args)).toThrow(UsageError);
        expect(() => parseExportArguments(args)).toThrow(message);
    });
});

test("--help names every address form, the flags outside tests rely on, and how own permissions are told", () => {
    for (const text of [
        "--drive-id <id> --path",
        "--drive-id <id> --item-id",
        "--site-url <url> [--drive <library>] --path",
        "--user <upn> --path",
        "--group <id> --path",
        "--recursive",
        "--depth <n>",
        "--out <dir>",
        "--new-project",
        "parent folder does not have with the same id and roles",
        "Files.Read.All",
        "Sites.Read.All",
        "MSGRAPH_ENDPOINT",
    ])
        expect(EXPORT_USAGE).toContain(text);
});
