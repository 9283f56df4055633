/**
 * Delete without listing the item first, where the recorded ids say all there is to do. A list costs 5 of
 * SharePoint's resource units, like each removal ("All permission resource operations", https://learn.microsoft.com/
 * sharepoint/dev/general-development/how-to-avoid-getting-throttled-or-blocked-in-sharepoint-online), and the
 * ownership rules (ownership.ts) need it only to tell a direct grant from a link, an owner or an inherited permission:
 * - On a OneDrive for Business or SharePoint drive, invite grants each recipient a permission of their own, and create
 *   adopts only direct grants: every recorded id is a direct grant to its recipient alone, and `DELETE` of it removes
 *   exactly this resource's grant. Graph answers 404 for one already gone, and notAllowed for one inherited from a
 *   parent (business drives do not list inheritance either): both are nothing to remove (graph/batch.ts).
 * - One id recorded for two recipients is a permission they share (a link): the list decides, so that only this
 *   resource's recipients leave it (revokeGrants). So does a personal OneDrive, where invite creates links, and a
 *   grant last seen with an owner role, which is never touched.
 * Recipients another resource declares on the item are handed over, as in reconcile.ts.
 */
import type { Removal } from "../model/changes";
import { isBusinessDrive } from "../model/address";
import { recipientFromKey } from "../model/recipient";
import type { Grant } from "../model/share";

/** The removals of a delete by the recorded ids alone; undefined when the item's permissions must be listed. */
export function removalsByRecord(
    driveId: string,
    recorded: Record<string, Grant>,
    declaredElsewhere: ReadonlySet<string>,
): Removal[] | undefined {
    if (!isBusinessDrive(driveId)) return undefined;
    const grants = Object.entries(recorded);
    const ids = new Set(grants.map(([, grant]) => grant.permissionId));
    if (ids.size !== grants.length) return undefined;
    const owner = grants.some(([, grant]) => grant.roles.some((r) => ["owner", "sp.owner"].includes(r.toLowerCase())));
    if (owner) return undefined;
    return grants
        .filter(([key]) => !declaredElsewhere.has(key))
        .map(([key, grant]) => ({
            permissionId: grant.permissionId,
            method: "delete",
            recipients: [recipientFromKey(key)],
        }));
}
