/**
 * Walking a folder for the export: the folder, then each level below it, listing every item's permissions and every
 * folder's children in `$batch` requests of GETs (20 a request, under the process-wide in-flight limit, throttled
 * parts sent again: session.ts), following each list's @odata.nextLink. Listing a level at a time, top-down, gives
 * each item its parent folder's permissions, which is how the export tells an item's own permissions from inherited
 * ones (cli/export-items.ts).
 */
import type { ItemAddress } from "../model/address";
import type { GraphDriveItem, GraphPage, GraphPermission } from "../model/graph";
import { partAnswer } from "./batch";
import { readAccessHint } from "./errors";
import { itemPath } from "./session";
import type { BatchPart, GraphSession } from "./session";

/** One item the walk found. */
export interface ScannedItem {
    readonly id: string;
    readonly name: string;
    /** Below the walked folder, "/"-separated; "" for the folder itself. */
    readonly path: string;
    readonly permissions: readonly GraphPermission[];
    /**
     * The permissions of the folder that holds it, as listed in the same walk; undefined for a drive's root, which
     * inherits nothing.
     */
    readonly parentPermissions?: readonly GraphPermission[];
}

/** What the walk found. */
export interface TreeScan {
    /** Top-down: the folder first, then each level in Graph's order. */
    readonly items: readonly ScannedItem[];
    /** Folders at the depth limit that hold items the walk did not list. */
    readonly notWalked: number;
}

/** Counts so far, for a progress line. */
export interface ScanProgress {
    readonly items: number;
    readonly permissions: number;
}

/** The driveItem fields the walk reads (`$select`). */
const ITEM_FIELDS = "id,name,folder,parentReference";
/** Graph's largest documented page of children is 200 (`$top`); fewer pages, fewer requests. */
const CHILDREN_PAGE = 200;

/**
 * Walks `root` and up to `maxDepth` levels below it (Infinity for all). Resolves to undefined when the item does not
 * exist. Throws on any answer but 200 or 404, naming the request and the permission to grant.
 */
export async function scanTree(
    session: GraphSession,
    root: ItemAddress,
    maxDepth: number,
    onProgress: (progress: ScanProgress) => void = () => {},
): Promise<TreeScan | undefined> {
    const top = await session.get<GraphDriveItem>(`${itemPath(root)}?$select=${ITEM_FIELDS}`);
    if (!top) return undefined;
    const at = (itemId: string) => itemPath({ driveId: root.driveId, itemId });
    const items: ScannedItem[] = [];
    let permissionCount = 0;
    let notWalked = 0;
    interface Found {
        readonly item: GraphDriveItem;
        readonly path: string;
        readonly parentPermissions?: readonly GraphPermission[];
    }
    const parentId = top.parentReference?.id;
    let level: Found[] = [{ item: top, path: "" }];
    for (let depth = 0; level.length > 0; depth++) {
        const walkOn = depth < maxDepth;
        const lists = [
            ...level.map((found) => `${at(found.item.id)}/permissions`),
            ...level.map((found) =>
                walkOn && found.item.folder
                    ? `${at(found.item.id)}/children?$select=${ITEM_FIELDS}&$top=${CHILDREN_PAGE}`
                    : undefined,
            ),
            // The folder's own parent: what the folder itself inherits.
            ...(depth === 0 && parentId !== undefined ? [`${at(parentId)}/permissions`] : []),
        ];
        const answers = await listAll(session, lists);
        const rootParent = depth === 0 && parentId !== undefined ? answers[2 * level.length] : undefined;
        const next: Found[] = [];
        level.forEach((found, i) => {
            const permissions = answers[i] as GraphPermission[] | undefined;
            // Gone since its folder was listed: nothing to export.
            if (permissions === undefined) return;
            const children = (answers[level.length + i] ?? []) as GraphDriveItem[];
            if (!walkOn && found.item.folder && (found.item.folder.childCount ?? 0) > 0) notWalked++;
            items.push({
                id: found.item.id,
                name: found.item.name ?? found.item.id,
                path: found.path,
                permissions,
                parentPermissions:
                    depth === 0 ? (rootParent as GraphPermission[] | undefined) : found.parentPermissions,
            });
            permissionCount += permissions.length;
            for (const child of children) {
                const name = child.name ?? child.id;
                next.push({
                    item: child,
                    path: found.path ? `${found.path}/${name}` : name,
                    parentPermissions: permissions,
                });
            }
        });
        onProgress({ items: items.length, permissions: permissionCount });
        level = next;
    }
    return { items, notWalked };
}

/**
 * Every value of each collection `urls` names (undefined where there is no url, or where Graph answered 404), in
 * `$batch` requests, following @odata.nextLink until each list is complete.
 */
async function listAll(
    session: GraphSession,
    urls: readonly (string | undefined)[],
): Promise<(unknown[] | undefined)[]> {
    const values: (unknown[] | undefined)[] = urls.map((url) => (url === undefined ? undefined : []));
    let pending = urls.flatMap((url, index) =>
        url === undefined ? [] : [{ index, part: { method: "GET", url } as BatchPart }],
    );
    while (pending.length > 0) {
        const byPart = new Map(pending.map((p) => [p.part, p.index]));
        const results = await session.batch(pending.map((p) => p.part));
        pending = [];
        for (const result of results) {
            const index = byPart.get(result.part)!;
            if (result.status === 404) {
                values[index] = undefined;
                continue;
            }
            if (result.status !== 200)
                throw new Error(`${partAnswer(result)}${readAccessHint(result.status, result.part.url)}`);
            const page = result.body as unknown as GraphPage<unknown>;
            values[index]!.push(...page.value);
            const link = page["@odata.nextLink"];
            if (link !== undefined)
                pending.push({ index, part: { method: "GET", url: versionRelative(session, link) } });
        }
    }
    return values;
}

/**
 * A next link as a `$batch` part takes it: relative to the version root. Only a link to the Graph endpoint the
 * settings name is followed, as the session follows links only there (the token goes with the batch).
 */
function versionRelative(session: GraphSession, link: string): string {
    const url = new URL(link, session.settings.graphEndpoint);
    if (url.origin !== session.settings.graphEndpoint)
        throw new Error(`Graph answered with a next link to another host: ${url.origin}`);
    return `${url.pathname.replace(/^\/(v1\.0|beta)(?=\/)/, "")}${url.search}`;
}
