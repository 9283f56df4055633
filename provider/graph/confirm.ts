/**
 * Reading recorded permissions the list does not show, one GET by id each in `$batch` requests: 200 means the grant
 * exists and the list is late (it must not be granted, nor its recipient emailed, again); 404 means it is gone.
 */
import type { ItemAddress } from "../model/address";
import type { GraphPermission } from "../model/graph";
import { partAnswer } from "./batch";
import { itemPath } from "./session";
import type { GraphSession } from "./session";

/** The permissions of `ids` that exist; throws when Graph answers one of them with anything but 200 or 404. */
export async function confirmPermissions(
    session: GraphSession,
    item: ItemAddress,
    ids: readonly string[],
): Promise<GraphPermission[]> {
    if (ids.length === 0) return [];
    const base = `${itemPath(item)}/permissions`;
    const results = await session.batch(ids.map((id) => ({ method: "GET", url: `${base}/${encodeURIComponent(id)}` })));
    const found: GraphPermission[] = [];
    for (const result of results) {
        if (result.status === 200) found.push(result.body as unknown as GraphPermission);
        else if (result.status !== 404) {
            throw new Error(
                `${partAnswer(result)}; a recorded grant the list does not show could not be confirmed, so nothing ` +
                    "was changed. Run pulumi up again.",
            );
        }
    }
    return found;
}
