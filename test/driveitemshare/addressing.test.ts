// Items named the way admins know them, resolved to Graph ids when the provider runs, through the real host.
import type { TestStack } from "./stack";
import { ALICE, BOB, FINANCE_GROUP_ID, OWNER, startStack } from "./stack";

let stack: TestStack;
let library: { driveId: string; folderId: string };
let reports: { driveId: string; folderId: string };
let onedrive: { driveId: string; folderId: string };
let groupDrive: { driveId: string; folderId: string };
const SITE_URL = "https://contoso.sharepoint.com/sites/finance";
const ONEDRIVE_OWNER = "olivia@contoso.com";

beforeAll(async () => {
    stack = await startStack();
    const e = stack.emulator;
    const site = e.addSite({ hostname: "contoso.sharepoint.com", path: "/sites/finance" });
    const folder = (driveId: string, name: string, parentId?: string) =>
        e.addItem({ driveId, name, parentId, folder: true }).id;
    const documents = e.addDrive({ siteId: site.id, name: "Documents" }).id;
    library = { driveId: documents, folderId: folder(documents, "Q3", folder(documents, "Budgets")) };
    const reportsDrive = e.addDrive({ siteId: site.id, name: "Reports" }).id;
    reports = { driveId: reportsDrive, folderId: folder(reportsDrive, "Q3", folder(reportsDrive, "Budgets")) };
    e.addUser({ email: ONEDRIVE_OWNER });
    const personal = e.addDrive({ driveType: "business", name: "OneDrive", ownerUserId: ONEDRIVE_OWNER }).id;
    onedrive = { driveId: personal, folderId: folder(personal, "Shared with finance") };
    const group = e.addDrive({ name: "Documents", ownerGroupId: FINANCE_GROUP_ID }).id;
    groupDrive = { driveId: group, folderId: folder(group, "Plans") };
});
afterAll(() => stack.close());
beforeEach(() => stack.takeGraphRequests());

function grantedOn(target: { driveId: string; folderId: string }): string[] {
    return stack.emulator
        .permissions(target.driveId, target.folderId)
        .map((p: any) => (p.grantedToV2 ?? p.grantedTo)?.user?.email)
        .filter((e: string) => e && e !== OWNER && e !== ONEDRIVE_OWNER)
        .sort();
}

test.each([
    ["driveId + path", () => ({ driveId: library.driveId, path: "Budgets/Q3" }), () => library],
    [
        "driveId + path with slashes and another case",
        () => ({ driveId: library.driveId, path: "budgets/q3" }),
        () => library,
    ],
    [
        "userPrincipalName + path (that user's OneDrive)",
        () => ({ userPrincipalName: ONEDRIVE_OWNER, path: "Shared with finance" }),
        () => onedrive,
    ],
    [
        "groupId + path (a Microsoft 365 group's drive)",
        () => ({ groupId: FINANCE_GROUP_ID, path: "Plans" }),
        () => groupDrive,
    ],
    ["siteUrl + path (the site's default library)", () => ({ siteUrl: SITE_URL, path: "Budgets/Q3" }), () => library],
    ["siteUrl + drive + path", () => ({ siteUrl: SITE_URL, drive: "reports", path: "Budgets/Q3" }), () => reports],
])("%s resolves to the item's ids, kept in the outputs", async (name, address, target) => {
    const share = stack.resource(`address ${name}`);
    const written = address();
    // Leading and trailing slashes are the admin's to add: the checked path drops them.
    await share.up({
        ...written,
        ...(written.path ? { path: `/${written.path}/` } : {}),
        recipients: [ALICE],
        roles: ["read"],
    });
    expect(share.state!.outputs).toMatchObject({ ...address(), driveId: target().driveId, itemId: target().folderId });
    expect(grantedOn(target())).toEqual([ALICE]);
    await share.destroy();
    expect(grantedOn(target())).toEqual([]);
});

test("the address is resolved once at create; update, refresh and delete use the recorded ids", async () => {
    const share = stack.resource("resolved-once");
    const args = { siteUrl: SITE_URL, drive: "Reports", path: "Budgets/Q3", roles: ["read"] };
    await share.up({ ...args, recipients: [ALICE] });
    const lookups = () => stack.takeGraphRequests().filter((r) => /\/sites\/|root:/.test(r));
    expect(lookups()).toHaveLength(3);
    await share.up({ ...args, recipients: [ALICE, BOB] });
    await share.refresh();
    // Refresh keeps the inputs as declared: no resolved ids among them.
    expect(share.state!.inputs.driveId).toBeUndefined();
    expect(share.state!.inputs).toMatchObject({ siteUrl: SITE_URL, drive: "Reports", path: "Budgets/Q3" });
    await share.destroy();
    expect(lookups()).toEqual([]);
});

test("a new address that resolves to the same item is an update, another item a replacement", async () => {
    const share = stack.resource("moving");
    await share.up({ driveId: library.driveId, path: "Budgets/Q3", recipients: [ALICE], roles: ["read"] });
    expect(
        (await share.preview({ siteUrl: SITE_URL, path: "Budgets/Q3", recipients: [ALICE], roles: ["read"] })).op,
    ).toBe("update");
    expect(
        (
            await share.preview({
                driveId: library.driveId,
                itemId: library.folderId,
                recipients: [ALICE],
                roles: ["read"],
            })
        ).op,
    ).toBe("update");
    const elsewhere = await share.preview({
        siteUrl: SITE_URL,
        drive: "Reports",
        path: "Budgets/Q3",
        recipients: [ALICE],
        roles: ["read"],
    });
    expect(elsewhere.op).toBe("replace");
    expect(elsewhere.diff!.replaces).toEqual(expect.arrayContaining(["siteUrl", "drive"]));

    await share.up({ siteUrl: SITE_URL, path: "Budgets/Q3", recipients: [ALICE], roles: ["read"] });
    expect(share.state!.outputs).toMatchObject({
        siteUrl: SITE_URL,
        driveId: library.driveId,
        itemId: library.folderId,
    });
    await share.destroy();
});

test.each([
    [
        "a missing path",
        { driveId: "b!nowhere-but-valid", path: "Budgets/Q3" },
        /Nothing was found at driveId "b!nowhere-but-valid", path "Budgets\/Q3"/,
    ],
    [
        "a path not in the library",
        { siteUrl: SITE_URL, path: "Budgets/Q9" },
        /Nothing was found at siteUrl "https:\/\/contoso.sharepoint.com\/sites\/finance", path "Budgets\/Q9"/,
    ],
    [
        "an unknown site",
        { siteUrl: "https://contoso.sharepoint.com/sites/nope", path: "Q3" },
        /The site siteUrl "https:\/\/contoso.sharepoint.com\/sites\/nope" was not found/,
    ],
    [
        "an unknown library",
        { siteUrl: SITE_URL, drive: "Archive", path: "Q3" },
        /has no document library drive "Archive"; it has "Documents", "Reports"/,
    ],
    [
        "a user without a OneDrive",
        { userPrincipalName: "nobody@contoso.com", path: "Q3" },
        /Nothing was found at userPrincipalName "nobody@contoso.com", path "Q3"/,
    ],
])("%s fails with an error naming the address, and creates nothing", async (_name, address, message) => {
    const share = stack.resource(`unresolvable ${_name}`);
    await expect(share.up({ ...address, recipients: [ALICE], roles: ["read"] })).rejects.toThrow(message);
    expect(share.state).toBeUndefined();
});

test("a folder deleted and created again at its path: the update says so, and a refresh takes the share to the new one", async () => {
    const e = stack.emulator;
    const parent = e.addItem({ driveId: library.driveId, name: "Recreated", folder: true }).id;
    const first = e.addItem({ driveId: library.driveId, name: "Plans", parentId: parent, folder: true }).id;
    const share = stack.resource("recreated");
    const args = { driveId: library.driveId, path: "Recreated/Plans", roles: ["read"] };
    await share.up({ ...args, recipients: [ALICE] });

    e.deleteItem(library.driveId, first);
    const second = e.addItem({ driveId: library.driveId, name: "Plans", parentId: parent, folder: true }).id;
    const error: Error = await share.up({ ...args, recipients: [ALICE, BOB] }).catch((failure) => failure);
    expect(error.message).toBe(
        `The drive item this share was created on (driveId "${library.driveId}", itemId "${first}") no longer exists; ` +
            `its address (driveId "${library.driveId}", path "Recreated/Plans") may now name another item, as when a ` +
            "folder is deleted and created again. Run pulumi refresh, or pulumi up --refresh: the refresh drops this " +
            "share from the stack, and the up grants the declared access again on the item the address names now.",
    );

    await expect(share.refresh()).resolves.toMatchObject({ op: "delete" });
    await share.up({ ...args, recipients: [ALICE, BOB] });
    expect(share.state!.outputs).toMatchObject({ driveId: library.driveId, itemId: second });
    expect(grantedOn({ driveId: library.driveId, folderId: second })).toEqual([ALICE, BOB]);
});
