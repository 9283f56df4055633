/**
 * Resolving an address to the Graph ids of its item: a site by URL, a library by name, a user's or group's drive,
 * then the path below the drive's root.
 */
import { describeAddress } from "../model/address";
import type { ItemAddress, ItemLocator } from "../model/address";
import type { GraphPage } from "../model/graph";
import type { GraphSession } from "./session";

/**
 * The Graph ids of the item the address names, looked up when needed (none for driveId + itemId). Throws an error
 * naming the address when nothing is there.
 */
export async function resolveItem(session: GraphSession, locator: ItemLocator): Promise<ItemAddress> {
    if (locator.path === undefined) return { driveId: locator.driveId!, itemId: locator.itemId! };
    let driveRoot: string;
    if (locator.siteUrl !== undefined) {
        const url = new URL(locator.siteUrl);
        const site = await session.get<{ id: string }>(
            `/sites/${url.hostname}:${url.pathname.replace(/\/+$/, "") || "/"}`,
        );
        if (!site) throw new Error(`The site siteUrl "${locator.siteUrl}" was not found, or the app cannot see it`);
        const siteRoot = `/sites/${encodeURIComponent(site.id)}`;
        if (locator.drive !== undefined) {
            const drives = await session.get<GraphPage<{ id: string; name: string }>>(`${siteRoot}/drives`);
            const drive = drives?.value.find((d) => d.name.toLowerCase() === locator.drive!.toLowerCase());
            if (!drive) {
                throw new Error(
                    `The site siteUrl "${locator.siteUrl}" has no document library drive "${locator.drive}"` +
                        `${drives ? `; it has ${drives.value.map((d) => `"${d.name}"`).join(", ")}` : ""}`,
                );
            }
            driveRoot = `/drives/${encodeURIComponent(drive.id)}`;
        } else {
            driveRoot = `${siteRoot}/drive`;
        }
    } else if (locator.userPrincipalName === "me") {
        // The signed-in user's own OneDrive: only a delegated sign-in (e.g. the Azure CLI) has one.
        driveRoot = "/me/drive";
    } else if (locator.userPrincipalName !== undefined) {
        driveRoot = `/users/${encodeURIComponent(locator.userPrincipalName)}/drive`;
    } else if (locator.groupId !== undefined) {
        driveRoot = `/groups/${encodeURIComponent(locator.groupId)}/drive`;
    } else {
        driveRoot = `/drives/${encodeURIComponent(locator.driveId!)}`;
    }
    const encodedPath = locator.path.split("/").map(encodeURIComponent).join("/");
    const item = await session.get<{ id: string; parentReference?: { driveId?: string } }>(
        `${driveRoot}/root:/${encodedPath}:`,
    );
    if (!item)
        throw new Error(
            `Nothing was found at ${describeAddress(locator)}: check the path, and that the app can see the drive`,
        );
    const driveId = item.parentReference?.driveId ?? locator.driveId;
    if (!driveId) throw new Error(`Graph did not say which drive holds ${describeAddress(locator)}`);
    return { driveId, itemId: item.id };
}
