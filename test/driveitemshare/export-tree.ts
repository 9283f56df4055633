/**
 * A tree to export, seeded on the test tenant's business drive: nested folders, a file, the owner's and inherited
 * permissions, direct grants to people, a group and an unredeemed guest, and sharing links. The emulator does not
 * compute inheritance, so what each item inherits is seeded on it as SharePoint lists it: with the id (claim-based on
 * business drives) and roles it has on the folder that grants it, and no inheritedFrom.
 *
 *     <name>/                 owner (inherited from the root); alice read, Finance write, an organization view link
 *       Budgets/              inherits <name>'s; bob write, erin (guest) read
 *         Q3/                 inherits Budgets'; carol read, a users link shared with dave
 *           report.xlsx       inherits Q3's only
 *         notes.txt           inherits Budgets' only
 *       Public/               inherits <name>'s; an anonymous view link
 *       Team/                 inherits Finance write only; alice write (above her read on <name>), carol read
 */
import type { GraphEmulator } from "../emulator";
import type { PermissionSeed } from "../emulator/types";
import { ALICE, BOB, BUSINESS_DRIVE, CAROL, DAVE, FINANCE_GROUP_ID, GUEST, OWNER } from "./stack";

/** Item ids by path below the drive's root (`<name>`, `<name>/Budgets`, ...). */
export type SeededTree = Record<string, string>;

/** The link ids of a parent repeat on the children that inherit them. */
function inherit(seeds: readonly PermissionSeed[], ids: readonly string[]): PermissionSeed[] {
    return seeds.map((seed, i) => ({ ...seed, id: ids[i], inherited: true }));
}

export function seedExportTree(emulator: GraphEmulator, name: string): SeededTree {
    const ids: SeededTree = {};
    const folder = (path: string, parentId?: string, isFolder = true) => {
        const item = emulator.addItem({
            driveId: BUSINESS_DRIVE,
            name: path.split("/").pop()!,
            parentId,
            folder: isFolder,
        });
        ids[path] = item.id;
        return item.id;
    };
    const add = (itemId: string, seeds: readonly PermissionSeed[]) =>
        seeds.map((seed) => emulator.addPermission(BUSINESS_DRIVE, itemId, seed).id);

    const top = folder(name);
    const topSeeds: PermissionSeed[] = [
        { kind: "owner", user: OWNER, inherited: true },
        { kind: "user", user: ALICE, roles: ["read"] },
        { kind: "group", group: FINANCE_GROUP_ID, roles: ["write"] },
        { kind: "link", linkType: "view", scope: "organization" },
    ];
    const topIds = add(top, topSeeds);

    const budgets = folder(`${name}/Budgets`, top);
    const budgetSeeds: PermissionSeed[] = [
        ...inherit(topSeeds, topIds),
        { kind: "user", user: BOB, roles: ["write"] },
        { kind: "user", user: GUEST, roles: ["read"] },
    ];
    const budgetIds = add(budgets, budgetSeeds);

    const q3 = folder(`${name}/Budgets/Q3`, budgets);
    const q3Seeds: PermissionSeed[] = [
        ...inherit(budgetSeeds, budgetIds),
        { kind: "user", user: CAROL, roles: ["read"] },
        { kind: "link", linkType: "edit", scope: "users", grantees: [DAVE] },
    ];
    const q3Ids = add(q3, q3Seeds);
    add(folder(`${name}/Budgets/Q3/report.xlsx`, q3, false), inherit(q3Seeds, q3Ids));
    add(folder(`${name}/Budgets/notes.txt`, budgets, false), inherit(budgetSeeds, budgetIds));

    const open = folder(`${name}/Public`, top);
    add(open, [...inherit(topSeeds, topIds), { kind: "link", linkType: "view", scope: "anonymous" }]);

    const team = folder(`${name}/Team`, top);
    add(team, [
        ...inherit([topSeeds[0], topSeeds[2]], [topIds[0], topIds[2]]),
        { kind: "user", user: ALICE, roles: ["write"] },
        { kind: "user", user: CAROL, roles: ["read"] },
    ]);
    return ids;
}
