/**
 * Recorded grants that Graph's list does not show. Each is either gone (removed by hand: drift) or listed late, and
 * only a read of the permission itself tells which (graph/confirm.ts): a clock cannot, since a removal may come a
 * second after the grant. Pure.
 */
import type { GraphPermission } from "../model/graph";
import type { Grant } from "../model/share";

/** The permission ids this resource recorded that the list does not show, each once. */
export function unlistedRecordedIds(listed: readonly GraphPermission[], recorded: Record<string, Grant>): string[] {
    const ids = new Set(listed.map((p) => p.id));
    return [...new Set(Object.values(recorded).map((g) => g.permissionId))].filter((id) => !ids.has(id));
}
