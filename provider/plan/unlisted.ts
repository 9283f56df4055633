/**
 * Grants invite created that Graph's list does not show yet. The list can lag behind invite; without stand-ins for
 * them, a refresh right after an update would report false drift and the next update would invite the same people
 * again.
 */
import type { GraphPermission } from "../model/graph";
import type { Grant } from "../model/share";

/** A permission as the plan sees it: listed by Graph, or a stand-in for a recorded grant not listed yet. */
export interface LivePermission extends GraphPermission {
    /** True for a stand-in: the grant was created moments ago and the list does not show it yet. */
    readonly unlisted?: boolean;
}

/**
 * The live permissions, plus a stand-in for each recorded grant that invite created less than `windowSeconds` ago
 * and the list does not show yet.
 */
export function withUnlistedGrants(
    live: readonly GraphPermission[],
    recorded: Record<string, Grant>,
    now: Date,
    windowSeconds: number,
): LivePermission[] {
    const listed = new Set(live.map((p) => p.id));
    const standIns = new Map<string, LivePermission>();
    for (const grant of Object.values(recorded)) {
        if (!grant.grantedAt || listed.has(grant.permissionId)) continue;
        const age = (now.getTime() - Date.parse(grant.grantedAt)) / 1000;
        if (age >= 0 && age < windowSeconds) {
            standIns.set(grant.permissionId, { id: grant.permissionId, roles: [...grant.roles], unlisted: true });
        }
    }
    return [...live, ...standIns.values()];
}
