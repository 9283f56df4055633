import { accessReport, itemOf, roleDiffers, rowsOf, STATUS } from "./access-report";
import type { ManagedShare } from "./stack-state";
import { SECRET } from "./stack-state";

const ALICE = "alice@contoso.com";
const BOB = "bob@contoso.com";
const CAROL = "carol@contoso.com";
const GROUP = "0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0";

function share(fields: Partial<ManagedShare> = {}): ManagedShare {
    return {
        name: "finance-readers",
        urn: "urn:pulumi:dev::sharing::pulumi-nodejs:dynamic/driveShare:DriveItemShare::finance-readers",
        address: { driveId: "b!lib", itemId: "01ITEM" },
        driveId: "b!lib",
        itemId: "01ITEM",
        roles: ["read"],
        recipients: {},
        accessEnded: {},
        grants: {},
        secretProperties: [],
        ...fields,
    };
}

const statuses = (s: ManagedShare) => Object.fromEntries(rowsOf(s).map((row) => [row.recipient, row.status]));

describe("rowsOf: one row per recipient, with how its access stands", () => {
    test.each([
        ["a grant with the declared role", { [ALICE]: {} }, { [ALICE]: { roles: ["read"] } }, {}, STATUS.asDeclared],
        ["no grant recorded: the last refresh found it removed", { [ALICE]: {} }, {}, {}, STATUS.missing],
        ["a grant with another role", { [ALICE]: {} }, { [ALICE]: { roles: ["write"] } }, {}, roleDiffers(["write"])],
        ["a grant recorded with no role", { [ALICE]: {} }, { [ALICE]: { roles: [] } }, {}, "role differs (found none)"],
        ["ended, no grant left", {}, {}, { [ALICE]: { accessUntil: "2025-01-01T00:00:00Z" } }, STATUS.ended],
        [
            "ended, a grant still recorded",
            {},
            { [ALICE]: { roles: ["read"] } },
            { [ALICE]: { accessUntil: "2025-01-01T00:00:00Z" } },
            STATUS.endedRemovalPending,
        ],
        [
            "ended and still listed among the recipients",
            { [ALICE]: {} },
            {},
            { [ALICE]: { accessUntil: "2025-01-01T00:00:00Z" } },
            STATUS.ended,
        ],
        ["a grant of someone no longer declared", {}, { [ALICE]: { roles: ["read"] } }, {}, STATUS.notDeclared],
    ])("%s", (_, recipients, grants, accessEnded, status) => {
        expect(statuses(share({ recipients, grants, accessEnded }))).toEqual({ [ALICE]: status });
    });

    test("the wording scripts and auditors read stays as documented", () => {
        expect(Object.values(STATUS)).toEqual([
            "as declared",
            "missing",
            "ended",
            "ended, removal pending",
            "not declared, removal pending",
            "secret, not shown",
        ]);
        expect(roleDiffers(["write"])).toBe("role differs (found write)");
    });

    test("since is the grant's time when recorded; until the recipient's date, else the resource's", () => {
        const rows = rowsOf(
            share({
                accessUntil: "2027-06-30T23:59:59Z",
                recipients: { [ALICE]: { accessUntil: "2027-01-01T00:00:00Z" }, [BOB]: {} },
                grants: {
                    [ALICE]: { roles: ["read"], since: "2025-05-01T10:00:00Z" },
                    [BOB]: { roles: ["read"] },
                    [CAROL]: { roles: ["write"], since: "2025-04-01T10:00:00Z" },
                },
            }),
        );
        expect(rows.map(({ recipient, role, since, until }) => ({ recipient, role, since, until }))).toEqual([
            { recipient: ALICE, role: "read", since: "2025-05-01T10:00:00Z", until: "2027-01-01T00:00:00Z" },
            { recipient: BOB, role: "read", since: undefined, until: "2027-06-30T23:59:59Z" },
            // No longer declared: the role it grants, and no end date of the declaration's.
            { recipient: CAROL, role: "write", since: "2025-04-01T10:00:00Z", until: undefined },
        ]);
    });

    test("an ended recipient shows its own end date and the declared role", () => {
        const [row] = rowsOf(
            share({
                accessUntil: "2027-06-30T23:59:59Z",
                accessEnded: { [ALICE]: { accessUntil: "2025-01-01T00:00:00Z" } },
            }),
        );
        expect(row).toMatchObject({ role: "read", until: "2025-01-01T00:00:00Z", status: STATUS.ended });
    });

    test("a share whose recipients are secret gets one row that names nobody", () => {
        expect(rowsOf(share({ secretProperties: ["recipients"], grants: { [ALICE]: { roles: ["read"] } } }))).toEqual([
            expect.objectContaining({ recipient: SECRET, status: STATUS.secret }),
        ]);
    });
});

describe("itemOf", () => {
    test("an item declared by ids is those ids", () => {
        expect(itemOf(share())).toBe('driveId "b!lib", itemId "01ITEM"');
    });

    test("an item declared by a path shows the path, then the ids it resolved to", () => {
        const address = { siteUrl: "https://contoso.sharepoint.com/sites/f", drive: "Reports", path: "Q3" };
        expect(itemOf(share({ address: { ...address, driveId: "b!lib", itemId: "01ITEM" } }))).toBe(
            'siteUrl "https://contoso.sharepoint.com/sites/f", drive "Reports", path "Q3" (driveId "b!lib", itemId "01ITEM")',
        );
        expect(itemOf(share({ address: { driveId: "b!lib", path: "Q3", itemId: "01ITEM" } }))).toBe(
            'driveId "b!lib", path "Q3" (itemId "01ITEM")',
        );
    });

    test("a state without an address shows the recorded ids", () => {
        expect(itemOf(share({ address: {} }))).toBe('driveId "b!lib", itemId "01ITEM"');
    });
});

describe("accessReport", () => {
    test("sorts by item, resource and recipient, and counts items, shares, grants and rows not as declared", () => {
        const editors = share({
            name: "finance-editors",
            roles: ["write"],
            recipients: { [BOB]: {} },
            grants: { [BOB]: { roles: ["write"] } },
        });
        const readers = share({
            recipients: { [GROUP]: {}, [ALICE]: {} },
            grants: { [GROUP]: { roles: ["read"] }, [CAROL]: { roles: ["read"] } },
        });
        const other = share({ name: "a-other", driveId: "b!zzz", address: { driveId: "b!zzz", itemId: "01ITEM" } });
        const report = accessReport([readers, other, editors]);
        expect(report.rows.map((row) => `${row.item} ${row.resource} ${row.recipient} ${row.status}`)).toEqual([
            'driveId "b!lib", itemId "01ITEM" finance-editors bob@contoso.com as declared',
            `driveId "b!lib", itemId "01ITEM" finance-readers ${GROUP} as declared`,
            'driveId "b!lib", itemId "01ITEM" finance-readers alice@contoso.com missing',
            'driveId "b!lib", itemId "01ITEM" finance-readers carol@contoso.com not declared, removal pending',
        ]);
        expect(report).toMatchObject({ items: 2, shares: 3, grants: 3, notAsDeclared: 2 });
    });

    test("ended access counts as declared: it ended on the date the declaration gave", () => {
        const report = accessReport([share({ accessEnded: { [ALICE]: { accessUntil: "2025-01-01T00:00:00Z" } } })]);
        expect(report).toMatchObject({ grants: 0, notAsDeclared: 0 });
    });

    test("an empty stack has no rows", () => {
        expect(accessReport([])).toEqual({ rows: [], items: 0, shares: 0, grants: 0, notAsDeclared: 0 });
    });
});
