/**
 * What `pulumi refresh` records: the grants as they are now. Pure.
 */
import type { GraphPermission } from "../model/graph";
import { grantedRoles } from "../model/permission";
import type { Recipient } from "../model/recipient";
import { grantOf } from "../model/share";
import type { Grant } from "../model/share";
import { sortedKeys } from "../model/values";
import { locateGrants } from "./reconcile";

/**
 * The live grant of each declared recipient, and the recorded grants of recipients no longer declared (a removal
 * that failed) while their permission still exists, so that the next update removes them.
 */
export function refreshedGrants(
    declared: Record<string, Recipient>,
    recorded: Record<string, Grant>,
    live: readonly GraphPermission[],
): Record<string, Grant> {
    const grants: Record<string, Grant> = {};
    for (const [key, permission] of Object.entries(locateGrants(declared, recorded, live))) {
        grants[key] = grantOf(permission.id, grantedRoles(permission), recorded[key]);
    }
    const byId = new Map(live.map((p) => [p.id, p]));
    for (const [key, grant] of Object.entries(recorded)) {
        const permission = byId.get(grant.permissionId);
        if (!(key in declared) && permission) grants[key] = { ...grant, roles: grantedRoles(permission) };
    }
    return sortedKeys(grants);
}
