import type { ExportedItem } from "./export-items";
import { exportProgram } from "./export-program";
import type { ProgramInput } from "./export-program";

const GROUP = "0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0";
const items: ExportedItem[] = [
    {
        id: "01TOP",
        path: "",
        name: "Finance",
        grants: [
            { role: "read", recipient: { email: "alice@contoso.com" }, who: "Alice <alice@contoso.com>" },
            { role: "write", recipient: { objectId: GROUP }, who: `Finance (${GROUP})`, displayName: "Finance" },
        ],
        notes: ["owner: Olga <owner@contoso.com>", "sharing link (view, organization): read"],
    },
    {
        id: "01REP",
        path: "Reports",
        name: "Reports",
        grants: [{ role: "write", recipient: { email: "bob@contoso.com" }, who: "bob@contoso.com" }],
        notes: [],
    },
    { id: "01PUB", path: "Public", name: "Public", grants: [], notes: ["sharing link (view, anonymous): read"] },
];

const input = (more: Partial<ProgramInput> = {}): ProgramInput => ({
    locator: { driveId: "b!lib", path: "Finance" },
    rootName: "Finance",
    driveId: "b!lib",
    items,
    depth: Infinity,
    notWalked: 0,
    ...more,
});

test("one DriveItemShare per item and role, addressed as the folder was, with the rest as comments", () => {
    expect(exportProgram(input())).toBe(
        [
            '// Sharing of driveId "b!lib", path "Finance" and everything below it, as `driveitemshare export` found it.',
            "// Each declaration names direct grants the item already has, a DriveItemShare per role (a DriveItemAccess where",
            "// an item has both readers and editors): `pulumi up` adopts them, inviting nobody and changing nothing.",
            "// An item's own permissions are those its parent folder does not have with the same id and roles; items not",
            "// named here have only their parent's. Owners, inherited permissions and sharing links are comments: no",
            "// resource manages them.",
            'import { DriveItemAccess, DriveItemShare } from "driveitemshare";',
            "",
            '// Finance (itemId "01TOP")',
            "//   owner: Olga <owner@contoso.com>",
            "//   sharing link (view, organization): read",
            'new DriveItemAccess("finance", {',
            '    driveId: "b!lib",',
            '    path: "Finance",',
            "    read: [",
            '        "alice@contoso.com",',
            "    ],",
            "    write: [",
            `        { objectId: "${GROUP}" }, // Finance`,
            "    ],",
            "});",
            "",
            '// Finance/Reports (itemId "01REP")',
            'new DriveItemShare("finance-reports-write", {',
            '    driveId: "b!lib",',
            '    path: "Finance/Reports",',
            "    recipients: [",
            '        "bob@contoso.com",',
            "    ],",
            '    roles: ["write"],',
            "});",
            "",
            '// Finance/Public (itemId "01PUB")',
            "//   sharing link (view, anonymous): read",
            "",
        ].join("\n"),
    );
});

test("a folder given by id names every item by id; a site's library and path keep their form", () => {
    const byId = exportProgram(input({ locator: { driveId: "b!lib", itemId: "01TOP" }, depth: 1, notWalked: 3 }));
    expect(byId).toContain('// Sharing of driveId "b!lib", itemId "01TOP" and 1 level below it');
    expect(byId).toContain("// Not walked: the items of 3 folders below the depth limit.");
    expect(byId).toContain("// Finance/Public\n");
    expect(byId).toContain('    driveId: "b!lib",\n    itemId: "01TOP",\n');
    const site = exportProgram(
        input({ locator: { siteUrl: "https://contoso.sharepoint.com/sites/fin", drive: "Reports", path: "Finance" } }),
    );
    expect(site).toContain(
        '    siteUrl: "https://contoso.sharepoint.com/sites/fin",\n    drive: "Reports",\n    path: "Finance",\n',
    );
    const odd = exportProgram(input({ items: [{ ...items[1], id: "01HASH", path: "C# notes" }] }));
    expect(odd).toContain('// Finance/C# notes (itemId "01HASH")\n');
    expect(odd).toContain('    driveId: "b!lib",\n    itemId: "01HASH",\n');
    const none = exportProgram(input({ items: [], depth: 0 }));
    expect(none).not.toContain("import");
    expect(none).toMatch(/path "Finance" alone, .*\n\n\/\/ Nothing here has permissions of its own\.\n$/s);
});
