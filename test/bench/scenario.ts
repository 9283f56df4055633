/**
 * What the bench's scenarios declare and how their outcome is checked: recipients per resource, the update's churn,
 * and who holds which role on an item afterwards. Shared by the latency scenarios (run.ts) and the tenant-scale one
 * (tenant.ts).
 */
import type { GraphEmulator } from "../emulator";

export type Op = "create" | "update" | "refresh" | "delete";
export const OPS: readonly Op[] = ["create", "update", "refresh", "delete"];
// ---------------------------------------------------------------------------------------------------------------------
// Churn: what the update changes

export interface Churn {
    adds: number;
    removals: number;
    roleChanges: number;
    /** N = 1: the role change is the declaration's role changing (read -> write). */
    flipRole: boolean;
}

export const CHURN_DEFINITION =
    "Update churn at N recipients: N = 1: the declared role changes read -> write (1 role change). " +
    "N >= 2: k = max(1, round(N / 30)) recipients are added, the last k are removed, and the grants of the first k " +
    "were changed to write outside Pulumi just before the update, which sets them back to read (k role changes; " +
    "DriveItemShare declares one role per resource, so a per-recipient role change is drift that the update repairs). " +
    "N = 10: 1+1+1, N = 100: 3+3+3 (9%), N = 1000: 33+33+33 (9.9%), fleet (5 per resource): 1+1+1 per resource.";

export function churnFor(n: number): Churn {
    if (n === 1) return { adds: 0, removals: 0, roleChanges: 1, flipRole: true };
    const k = Math.max(1, Math.round(n / 30));
    return { adds: k, removals: k, roleChanges: k, flipRole: false };
}

export interface Folder {
    driveId: string;
    itemId: string;
}

/** One resource's declaration before and after the update. */
export interface Unit {
    before: string[];
    after: string[];
    drift: string[];
    churn: Churn;
}

export interface Scenario {
    name: string;
    /** Recipients per resource. */
    n: number;
    units: Unit[];
    users: number;
}

export function email(index: number): string {
    return `user${String(index + 1).padStart(4, "0")}@contoso.com`;
}

export function scenario(name: string, resources: number, n: number): Scenario {
    const churn = churnFor(n);
    const stride = n + churn.adds;
    const units: Unit[] = [];
    for (let r = 0; r < resources; r++) {
        const before = Array.from({ length: n }, (_, i) => email(r * stride + i));
        const added = Array.from({ length: churn.adds }, (_, i) => email(r * stride + n + i));
        const kept = before.slice(0, n - churn.removals);
        const drift = churn.flipRole ? [] : kept.slice(0, churn.roleChanges);
        units.push({ before, after: [...kept, ...added], drift, churn });
    }
    return { name, n, units, users: resources * stride };
}

/** Who holds which role on the item, by email: direct user grants only (owner and inherited left out). */
export function access(emulator: GraphEmulator, folder: Folder): Map<string, string> {
    const result = new Map<string, string>();
    for (const p of emulator.permissions(folder.driveId, folder.itemId) as any[]) {
        if (p.inheritedFrom || (p.roles ?? []).includes("owner")) continue;
        const who = (p.grantedToV2 ?? p.grantedTo)?.user?.email;
        if (who) result.set(who.toLowerCase(), [...p.roles].sort().join(","));
    }
    return result;
}

/** Why the item does not hold exactly the expected grants, or undefined when it does. */
export function accessProblem(
    emulator: GraphEmulator,
    folder: Folder,
    expected: string[],
    role: string,
): string | undefined {
    const live = access(emulator, folder);
    const missing = expected.filter((e) => live.get(e) !== role);
    const extra = [...live.keys()].filter((e) => !expected.includes(e));
    if (missing.length === 0 && extra.length === 0) return undefined;
    return (
        `item ${folder.itemId}: ${missing.length} recipients without ${role} (e.g. ${missing.slice(0, 3).join(", ")}), ` +
        `${extra.length} unexpected grants (e.g. ${extra.slice(0, 3).join(", ")})`
    );
}

export const ROLE_BEFORE = "read";

export function roleAfter(unit: Unit): "read" | "write" {
    return unit.churn.flipRole ? "write" : "read";
}

/** The recipients and role the item must show after an operation. */
export function expectedAfter(unit: Unit, op: Op): { recipients: string[]; role: string } {
    if (op === "create") return { recipients: unit.before, role: ROLE_BEFORE };
    if (op === "delete") return { recipients: [], role: ROLE_BEFORE };
    return { recipients: unit.after, role: roleAfter(unit) };
}
