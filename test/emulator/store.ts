/**
 * Drives, items and their permissions as the emulator keeps them (not as Graph renders them: see render.ts).
 *
 * Inheritance is not computed from the folder tree: a permission is inherited when it was seeded so
 * (`inherited: true`). That keeps every item's list exactly what a test put there.
 */
import { businessDriveId, businessItemId, personalDriveId } from "./ids";
import type { DriveSeed, EmulatedDrive, EmulatedItem, ItemSeed } from "./types";

/** Who a direct grant or a link member is. */
export type Grantee =
    | { readonly kind: "user"; readonly userId: string }
    | { readonly kind: "group"; readonly groupId: string }
    | { readonly kind: "siteGroup"; readonly id: string; readonly displayName: string }
    | { readonly kind: "external"; readonly email: string };

/** A permission as stored. Exactly one of `grantee` and `link` is set. */
export interface StoredPermission {
    readonly id: string;
    roles: string[];
    inherited: boolean;
    readonly inheritedFromItemId?: string;
    readonly owner: boolean;
    readonly grantee?: Grantee;
    readonly link?: {
        readonly type: string;
        readonly scope: string;
        readonly webUrl: string;
        readonly preventsDownload: boolean;
        members: Grantee[];
    };
    invitation?: { readonly email: string; readonly signInRequired: boolean };
    expirationDateTime?: string;
    readonly hasPassword?: boolean;
    readonly shareId?: string;
    /** Epoch ms before which list/get do not show it (eventual consistency of invite). */
    readonly visibleAfter: number;
}

/** A drive item as stored. */
export interface StoredItem extends EmulatedItem {
    readonly permissions: StoredPermission[];
    /** Bumped by every permission change; part of the item's eTag. */
    version: number;
    readonly createdDateTime: string;
    /** Counts permissions created on this item, for deterministic ids. */
    permissionCounter: number;
}

/** A drive as stored. */
export interface StoredDrive extends EmulatedDrive {
    /** Moves to another drive of the site when that one is made the default. */
    defaultLibrary?: boolean;
    readonly items: Map<string, StoredItem>;
    /** SharePoint's per-site numeric ids of the people and groups that appear in permissions. */
    readonly siteUserIds: Map<string, number>;
    /** Counts items ever created, for deterministic ids that deletions never make collide. */
    itemCounter: number;
}

/** All drives of the emulator. */
export class DriveStore {
    private readonly drives = new Map<string, StoredDrive>();
    private counter = 0;

    /** Adds a drive with its root item. */
    addDrive(seed: DriveSeed): StoredDrive {
        const n = ++this.counter;
        const driveType = seed.driveType ?? "business";
        const id = seed.id ?? (driveType === "business" ? businessDriveId(String(n)) : personalDriveId(String(n)));
        if (this.drives.has(id)) throw new Error(`emulator: drive ${id} already exists`);
        const rootItemId = driveType === "business" ? businessItemId(`${id}:root`) : `${id}!101`;
        const drive: StoredDrive = {
            id,
            driveType,
            name: seed.name ?? (driveType === "business" ? "Documents" : "OneDrive"),
            ownerUserId: seed.ownerUserId,
            ownerGroupId: seed.ownerGroupId,
            siteId: seed.siteId,
            rootItemId,
            items: new Map(),
            siteUserIds: new Map(),
            itemCounter: 101,
        };
        if (seed.siteId !== undefined) {
            const others = this.siteDrives(seed.siteId);
            if (seed.defaultLibrary === true) for (const other of others) other.defaultLibrary = false;
            drive.defaultLibrary = seed.defaultLibrary ?? !others.some((o) => o.defaultLibrary);
        }
        drive.items.set(rootItemId, newItem({ id: rootItemId, driveId: id, name: "root", folder: true, path: "" }));
        this.drives.set(id, drive);
        return drive;
    }

    /** Adds an item under its parent (default: the root). */
    addItem(seed: ItemSeed): StoredItem {
        const drive = this.requireDrive(seed.driveId);
        const parent = this.requireItem(drive, seed.parentId ?? drive.rootItemId);
        if (!parent.folder) throw new Error(`emulator: parent ${parent.id} is not a folder`);
        const n = ++drive.itemCounter;
        const id =
            seed.id ?? (drive.driveType === "business" ? businessItemId(`${drive.id}:${n}`) : `${drive.id}!${n}`);
        if (drive.items.has(id)) throw new Error(`emulator: item ${id} already exists in drive ${drive.id}`);
        const item = newItem({
            id,
            driveId: drive.id,
            name: seed.name,
            parentId: parent.id,
            folder: seed.folder ?? false,
            path: `${parent.path}/${seed.name}`,
        });
        drive.items.set(id, item);
        return item;
    }

    /** A drive by id (case-sensitive, as Graph drive ids are). */
    drive(id: string): StoredDrive | undefined {
        return this.drives.get(id);
    }

    /** Every drive, in creation order. */
    allDrives(): StoredDrive[] {
        return [...this.drives.values()];
    }

    /** The drives (document libraries) of a site, in creation order; siteId compares case-insensitively. */
    siteDrives(siteId: string): StoredDrive[] {
        return this.allDrives().filter(
            (d) => d.siteId !== undefined && d.siteId.toLowerCase() === siteId.toLowerCase(),
        );
    }

    /** A live item by id. */
    item(drive: StoredDrive, itemId: string): StoredItem | undefined {
        return drive.items.get(itemId);
    }

    /** A live item by its path below the root; names compare case-insensitively as OneDrive's do. */
    itemByPath(drive: StoredDrive, names: readonly string[]): StoredItem | undefined {
        const path = names
            .map((n) => `/${n}`)
            .join("")
            .toLowerCase();
        return [...drive.items.values()].find((i) => i.path.toLowerCase() === path);
    }

    /** Removes an item and everything below it. */
    deleteItem(drive: StoredDrive, itemId: string): void {
        const item = this.requireItem(drive, itemId);
        for (const other of [...drive.items.values()]) {
            if (other === item || other.path.toLowerCase().startsWith(`${item.path.toLowerCase()}/`))
                drive.items.delete(other.id);
        }
    }

    /** The drive, or a programming error of the test that names it. */
    requireDrive(id: string): StoredDrive {
        const drive = this.drives.get(id);
        if (!drive) throw new Error(`emulator: no drive ${id}`);
        return drive;
    }

    /** The item, or a programming error of the test that names it. */
    requireItem(drive: StoredDrive, itemId: string): StoredItem {
        const item = drive.items.get(itemId);
        if (!item) throw new Error(`emulator: no item ${itemId} in drive ${drive.id}`);
        return item;
    }

    /** Forgets every drive. */
    reset(): void {
        this.drives.clear();
        this.counter = 0;
    }
}

function newItem(fields: EmulatedItem): StoredItem {
    return { ...fields, permissions: [], version: 1, createdDateTime: new Date().toISOString(), permissionCounter: 0 };
}
