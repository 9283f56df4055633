/**
 * Role changes and removals as Graph `$batch` requests, and what each answer means for the share: which changes
 * took, which removals are still pending, and what failed.
 */
import type { ItemAddress } from "../model/address";
import type { Removal, RoleChange } from "../model/changes";
import type { PermissionPatch, RevokeGrantsRequest } from "../model/graph";
import { recipientKey } from "../model/recipient";
import { correlation } from "./errors";
import { itemPath } from "./session";
import type { BatchPart, BatchResult, GraphSession } from "./session";

/** What a batch did: role changes that took (by key), removals still pending (by permission id), failures. */
export interface BatchOutcome {
    readonly patched: Set<string>;
    /**
     * Keys whose role change Graph refused as notAllowed: the permission is inherited from a parent (business drives
     * do not say so in the list) and can be changed only where it is defined. Not a failure: grant them directly.
     */
    readonly inherited: Set<string>;
    readonly leaving: Set<string>;
    readonly failures: string[];
}

/**
 * Sends role changes and removals in `$batch` requests. Reports which role changes took, which were refused as
 * inherited, which removals are still pending (by permission id), and a line per failure.
 */
export async function runBatch(
    session: GraphSession,
    item: ItemAddress,
    changes: readonly RoleChange[],
    removals: readonly Removal[],
): Promise<BatchOutcome> {
    const base = `${itemPath(item)}/permissions`;
    const parts: { part: BatchPart; key?: string; removal?: Removal }[] = [
        ...changes.map((c) => ({
            key: c.key,
            part: {
                method: "PATCH" as const,
                url: `${base}/${encodeURIComponent(c.permissionId)}`,
                body: { roles: c.roles } satisfies PermissionPatch,
            },
        })),
        ...removals.map((removal) => ({
            removal,
            part:
                removal.method === "delete"
                    ? { method: "DELETE" as const, url: `${base}/${encodeURIComponent(removal.permissionId)}` }
                    : {
                          method: "POST" as const,
                          url: `${base}/${encodeURIComponent(removal.permissionId)}/revokeGrants`,
                          body: { grantees: removal.recipients.map((r) => ({ ...r })) } satisfies RevokeGrantsRequest,
                      },
        })),
    ];
    const patched = new Set<string>();
    const inheritedKeys = new Set<string>();
    const leaving = new Set(removals.map((r) => r.permissionId));
    const failures: string[] = [];
    if (parts.length === 0) return { patched, inherited: inheritedKeys, leaving, failures };

    let results: BatchResult[];
    try {
        results = await session.batch(parts.map((p) => p.part));
    } catch (error) {
        return { patched, inherited: inheritedKeys, leaving, failures: [(error as Error).message] };
    }
    for (const result of results) {
        const entry = parts.find((p) => p.part === result.part)!;
        const ok = result.status >= 200 && result.status < 300;
        // notAllowed means the grant is inherited from a parent (business drives do not say so in the list).
        const inherited = result.status === 403 && result.body?.error?.code === "notAllowed";
        if (entry.removal) {
            // Already gone is what we wanted; an inherited grant was never this item's to remove.
            if (ok || result.status === 404 || inherited) leaving.delete(entry.removal.permissionId);
            else failures.push(batchFailure(result, `remove ${entry.removal.recipients.map(recipientKey).join(", ")}`));
        } else if (ok) {
            patched.add(entry.key!);
        } else if (inherited) {
            inheritedKeys.add(entry.key!);
        } else {
            failures.push(batchFailure(result, `change the roles of ${entry.key}`));
        }
    }
    return { patched, inherited: inheritedKeys, leaving, failures };
}

function batchFailure(result: BatchResult, what: string): string {
    return `could not ${what}: ${partAnswer(result)}`;
}

/** How a part of a `$batch` was answered: `Graph DELETE /drives/.../permissions/p answered 403 accessDenied: ...`. */
export function partAnswer(result: BatchResult): string {
    const error = result.body?.error;
    return (
        `Graph ${result.part.method} ${result.part.url} answered ${result.status}` +
        `${error?.code ? ` ${error.code}` : ""}${error?.message ? `: ${error.message}` : ""}${correlation(error)}`
    );
}
