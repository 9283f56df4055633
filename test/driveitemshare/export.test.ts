/**
 * `driveitemshare export` against the emulator, in this process: what it asks Graph (the budget: `$batch` of GETs,
 * one per level and 20 lists), paging, throttled parts, the depth limit, the address forms, and errors that name
 * the address and the missing permission. What `pulumi up` of the program does is test/engine/export.test.ts.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { parseExportArguments, runExport } from "../../provider/cli/export";
import { type GraphEmulator, startEmulator } from "../emulator";
import { seedExportTree } from "./export-tree";
import { ALICE, BUSINESS_DRIVE, FINANCE_GROUP_ID, seedTenant, stackEnvironment } from "./stack";

let emulator: GraphEmulator;
let out: string;
let tree: Record<string, string>;
let runs = 0;

beforeAll(async () => {
    emulator = await startEmulator();
    seedTenant(emulator);
    tree = seedExportTree(emulator, "Tree");
    out = fs.mkdtempSync(path.join(os.tmpdir(), "driveitemshare-export-"));
});
afterAll(async () => {
    await emulator.close();
    fs.rmSync(out, { recursive: true, force: true });
});
beforeEach(() => {
    emulator.clearRequests();
    emulator.clearFaults();
    emulator.settings.listPageSize = 200;
});

/** Exports with these address and walk flags; resolves to index.ts. */
async function exported(args: string[], env: Record<string, string> = {}): Promise<string> {
    const dir = path.join(out, `export-${++runs}`);
    const stderr = jest.spyOn(process.stderr, "write").mockImplementation(() => true);
    try {
        await runExport(parseExportArguments([...args, "--out", dir]), { ...stackEnvironment(emulator), ...env });
    } finally {
        stderr.mockRestore();
    }
    return fs.readFileSync(path.join(dir, "index.ts"), "utf8");
}

const treeArgs = ["--drive-id", BUSINESS_DRIVE, "--path", "Tree", "--recursive"];

test("a walk asks one $batch per level: every item's permissions and every folder's children, once each", async () => {
    await exported(treeArgs);
    const graph = emulator.requests.filter((r) => r.kind === "graph").map((r) => `${r.method} ${r.path}`);
    expect(graph).toEqual([
        `GET /v1.0/drives/${BUSINESS_DRIVE}/root:/Tree:`,
        `GET /v1.0/drives/${BUSINESS_DRIVE}/items/${tree.Tree}`,
        // Tree (and its parent, the root); Budgets, Public, Team; notes.txt, Q3; report.xlsx.
        "POST /v1.0/$batch",
        "POST /v1.0/$batch",
        "POST /v1.0/$batch",
        "POST /v1.0/$batch",
    ]);
    const parts = emulator.requests.filter((r) => r.kind === "batch-part");
    expect(parts.every((r) => r.method === "GET" && r.status === 200)).toBe(true);
    const lists = parts.map((r) => r.path.split("/").slice(-2).join("/"));
    // 7 items' permissions, the root's (what Tree inherits), 5 folders' children.
    expect(lists.filter((l) => l.endsWith("/permissions"))).toHaveLength(8);
    expect(lists.filter((l) => l.endsWith("/children")).sort()).toEqual(
        ["Tree", "Tree/Budgets", "Tree/Budgets/Q3", "Tree/Public", "Tree/Team"]
            .map((p) => `${tree[p]}/children`)
            .sort(),
    );
    expect(new Set(lists).size).toBe(lists.length);
});

test("lists longer than a page are followed by their next links, in $batch too; the program is the same", async () => {
    const whole = await exported(treeArgs);
    emulator.settings.listPageSize = 2;
    emulator.clearRequests();
    expect(await exported(treeArgs)).toBe(whole);
    expect(
        emulator.requests.filter((r) => r.kind === "batch-part" && r.path.includes("/permissions")).length,
    ).toBeGreaterThan(8);
});

test("a throttled part is sent again after Graph's Retry-After; a level of more than 20 lists is several batches", async () => {
    const whole = await exported(treeArgs);
    emulator.injectFault({
        kind: "batch-part",
        path: "/children",
        times: 2,
        response: { status: 429, retryAfterSeconds: 0 },
    });
    expect(await exported(treeArgs)).toBe(whole);
    const wide = emulator.addItem({ driveId: BUSINESS_DRIVE, name: "Wide", folder: true }).id;
    for (let i = 0; i < 25; i++) emulator.addItem({ driveId: BUSINESS_DRIVE, name: `f${i}`, parentId: wide });
    emulator.clearRequests();
    await exported(["--drive-id", BUSINESS_DRIVE, "--path", "Wide", "--recursive"]);
    // Wide (+ the root) in one; 25 files' permissions in two.
    expect(emulator.requests.filter((r) => r.kind === "graph" && r.path.endsWith("$batch"))).toHaveLength(3);
});

test("the depth limit: --depth 1 walks the folder's own items, and the program says what it did not walk", async () => {
    const program = await exported(["--drive-id", BUSINESS_DRIVE, "--path", "Tree", "--depth", "1"]);
    expect(program).toContain('path "Tree" and 1 level below it');
    // Budgets; Public and Team are empty.
    expect(program).toContain("// Not walked: the items of 1 folder below the depth limit.");
    expect(program).toContain("// Tree/Budgets ");
    expect(program).not.toContain("Tree/Budgets/Q3");
    const alone = await exported(["--drive-id", BUSINESS_DRIVE, "--path", "Tree"]);
    // Tree alone: its readers and editors in one DriveItemAccess.
    expect(alone.match(/new DriveItem\w+\("[^"]+"/g)).toEqual(['new DriveItemAccess("tree"']);
});

test("a folder given by id names every item by id", async () => {
    const program = await exported(["--drive-id", BUSINESS_DRIVE, "--item-id", tree.Tree, "--recursive"]);
    expect(program).toContain(`    driveId: "${BUSINESS_DRIVE}",\n    itemId: "${tree["Tree/Budgets/Q3"]}",\n`);
    expect(program).toContain("// Tree/Budgets/Q3\n");
    expect(program).not.toContain("path:");
});

test("a site's library, a user's OneDrive and a group's drive, by path, are written in the form they were named", async () => {
    emulator.addSite({ hostname: "contoso.sharepoint.com", path: "/sites/finance" });
    const site = emulator.sites().find((s) => s.webUrl.endsWith("/sites/finance"))!;
    const reports = emulator.addDrive({ siteId: site.id, name: "Reports" }).id;
    const mine = emulator.addDrive({ driveType: "business", name: "OneDrive", ownerUserId: ALICE }).id;
    const group = emulator.addDrive({ name: "Documents", ownerGroupId: FINANCE_GROUP_ID }).id;
    for (const driveId of [reports, mine, group]) {
        const item = emulator.addItem({ driveId, name: "Plans", folder: true }).id;
        emulator.addPermission(driveId, item, { kind: "user", user: "bob@contoso.com", roles: ["write"] });
    }
    const bySite = await exported(["--site-url", site.webUrl, "--drive", "Reports", "--path", "Plans", "--recursive"]);
    expect(bySite).toContain(`    siteUrl: "${site.webUrl}",\n    drive: "Reports",\n    path: "Plans",\n`);
    expect(bySite).toContain('new DriveItemShare("plans-write"');
    expect(await exported(["--user", ALICE, "--path", "Plans"])).toContain(
        `    userPrincipalName: "${ALICE}",\n    path: "Plans",\n`,
    );
    expect(await exported(["--group", FINANCE_GROUP_ID, "--path", "Plans"])).toContain(
        `    groupId: "${FINANCE_GROUP_ID}",\n    path: "Plans",\n`,
    );
});

test("on a terminal, a progress line counts items and permissions, rewritten in place, before the summary", async () => {
    const written: string[] = [];
    const tty = Object.getOwnPropertyDescriptor(process.stderr, "isTTY");
    Object.defineProperty(process.stderr, "isTTY", { value: true, configurable: true });
    const stderr = jest.spyOn(process.stderr, "write").mockImplementation((chunk) => {
        written.push(String(chunk));
        return true;
    });
    try {
        await runExport(
            parseExportArguments([...treeArgs, "--out", path.join(out, "tty")]),
            stackEnvironment(emulator),
        );
    } finally {
        stderr.mockRestore();
        if (tty) Object.defineProperty(process.stderr, "isTTY", tty);
        else delete (process.stderr as { isTTY?: boolean }).isTTY;
    }
    expect(written).toEqual([
        "\rdriveitemshare export: 1 items scanned, 4 permissions found",
        "\rdriveitemshare export: 4 items scanned, 19 permissions found",
        "\rdriveitemshare export: 6 items scanned, 33 permissions found",
        "\rdriveitemshare export: 7 items scanned, 41 permissions found",
        "\n",
        expect.stringMatching(
            /^driveitemshare export: 7 items scanned, 41 permissions found; 7 direct grants on 4 items declared; wrote .*index\.ts\n$/,
        ),
    ]);
});

test("errors name the address, and for a 403 the permission to grant", async () => {
    await expect(exported(["--drive-id", BUSINESS_DRIVE, "--path", "Nowhere"])).rejects.toThrow(
        `driveId "${BUSINESS_DRIVE}", path "Nowhere" cannot be exported: Nothing was found at driveId "${BUSINESS_DRIVE}", path "Nowhere"`,
    );
    await expect(exported(["--drive-id", BUSINESS_DRIVE, "--item-id", "01NOPE"])).rejects.toThrow(
        `Nothing was found at driveId "${BUSINESS_DRIVE}", itemId "01NOPE"`,
    );
    emulator.injectFault({
        path: "/root:/Tree",
        response: { status: 403, code: "accessDenied", message: "Access denied" },
    });
    await expect(exported(treeArgs)).rejects.toThrow(
        new RegExp(
            `^driveId "${BUSINESS_DRIVE}", path "Tree" cannot be read: Graph GET .* answered 403 accessDenied\\. ` +
                "Reading items and their permissions needs the Microsoft Graph application permission Files.Read.All or Sites.Read.All\\.$",
        ),
    );
    emulator.injectFault({
        kind: "batch-part",
        path: "/children",
        response: { status: 403, code: "accessDenied", message: "Access denied" },
    });
    await expect(exported(treeArgs)).rejects.toThrow(
        /^driveId "b!finance-library", path "Tree" cannot be exported: Graph GET \/drives\/.*\/children\?\$select=id,name,folder,parentReference&\$top=200 answered 403 accessDenied: Access denied \(request-id .*\)\. Reading items and their permissions needs the Microsoft Graph application permission Files\.Read\.All or Sites\.Read\.All\.$/,
    );
    emulator.injectFault({
        path: /^\/v1\.0\/sites\//,
        response: { status: 403, code: "accessDenied", message: "Access denied" },
    });
    await expect(
        exported(["--site-url", "https://contoso.sharepoint.com/sites/finance", "--path", "Plans"]),
    ).rejects.toThrow(
        /^siteUrl "https:\/\/contoso.sharepoint.com\/sites\/finance", path "Plans" cannot be read: Graph GET \/sites\/.* answered 403 accessDenied\. Looking a site up by its URL needs the Microsoft Graph application permission Sites\.Read\.All\.$/,
    );
    await expect(exported(treeArgs, { AZURE_CLIENT_SECRET: "wrong" })).rejects.toThrow(/Sign-in failed/);
});
