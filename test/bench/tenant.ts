/**
 * The bench's tenant-scale scenario: a department's rollout, hundreds of items with 20 people each, created, updated
 * (5 % churn) and deleted under a small tenant's SharePoint budget, where the binding limit is resource units (RU),
 * not latency. DriveItemShare runs every item through one provider host, as one `pulumi up` does; the per-recipient
 * baseline (baseline.ts) runs 16 items at a time (DriveItemShare's default in-flight limit) and retries 429s after
 * Retry-After, as the existing tools do.
 *
 * The emulator charges Microsoft's costs ("Avoid getting throttled or blocked in SharePoint Online",
 * https://learn.microsoft.com/sharepoint/dev/general-development/how-to-avoid-getting-throttled-or-blocked-in-sharepoint-online):
 * 5 RU for "All permission resource operations", "requests in a batch are evaluated individually", "Throttled requests
 * count towards usage limits", against "App 1 minute" 1,200 RU for a tenant of up to 1,000 licences, with the minute
 * compressed (test/emulator/resource-units.ts).
 *
 * Per phase: RU spent against the lower bound (the fewest permission operations that do the job, at 5 RU each), wall
 * time against the RU-bound time (RU spent / the budget's rate), failed steps and 429s received (top-level requests and
 * $batch parts). Targets, for DriveItemShare: RU spent = the lower bound and no failed step in each phase; the wall time
 * of the three phases within 1.2× of their RU-bound time (per phase the host's Check and Diff of every resource come
 * before its first Graph request, which a phase of a few windows cannot hide).
 */
import { performance } from "perf_hooks";
import type { GraphEmulator } from "../emulator";
import { startEmulator } from "../emulator";
import {
    BUSINESS_DRIVE,
    CLIENT_ID,
    CLIENT_SECRET,
    TENANT_ID,
    providerText,
    seedTenant,
    stackEnvironment,
} from "../driveitemshare/stack";
import { DEFAULT_TYPE, EngineResource } from "../harness/engine";
import type { ProviderHost } from "../harness/host";
import { startProviderHost } from "../harness/host";
import { BaselineReconciler, baselineClient } from "./baseline";
import type { Folder, Unit } from "./scenario";
import { ROLE_BEFORE, accessProblem, email, expectedAfter, roleAfter, scenario } from "./scenario";
import { budgetPerWindow } from "../emulator/resource-units";
import { grantFromStored } from "../../provider/model/stored-grant";

/** The scenario's settings. */
export interface TenantOptions {
    readonly items: number;
    readonly recipients: number;
    readonly licences: number;
    /** The "1 minute" window, compressed. */
    readonly windowMs: number;
    readonly latencyMs: number;
}

type Phase = "create" | "update" | "delete";
const PHASES: readonly Phase[] = ["create", "update", "delete"];
const PERMISSION_RU = 5;
const RECIPIENTS_PER_INVITE = 30;
const BASELINE_PARALLEL = 16;
const RU_TARGET_RATIO = 1;
const TIME_TARGET_RATIO = 1.2;

interface PhaseResult {
    ru: number;
    lowerBound: number;
    ms: number;
    /** RU spent / the budget's rate. */
    ruBoundMs: number;
    failed: number;
    throttled: number;
    problems: string[];
}

/**
 * The fewest permission operations for one item's phase, in RU: no list where the job needs none. Create's job
 * includes telling access that exists from access it grants, which only the list can: on a business drive an invite of
 * someone who holds access through the parent (which Graph does not mark there) turns it into a grant of the item, and
 * delete would then remove access that predates the resource (test/driveitemshare/lifecycle.test.ts, "inherited access
 * on business drives"). The per-recipient baseline skips the list and does not do that part of the job.
 */
function lowerBound(unit: Unit, phase: Phase): number {
    const operations =
        phase === "create"
            ? 1 + Math.ceil(unit.before.length / RECIPIENTS_PER_INVITE) // the list, then invite: it answers each id
            : phase === "update"
              ? // the list finds the drift (role changes made outside) that the update repairs; the rest one apiece
                1 + Math.ceil(unit.churn.adds / RECIPIENTS_PER_INVITE) + unit.churn.roleChanges + unit.churn.removals
              : unit.after.length; // one DELETE per recorded grant
    return operations * PERMISSION_RU;
}

/** What one contender does to one item in a phase. */
interface Side {
    readonly label: string;
    /** Items run at once: all (the engine), or a pool. */
    readonly parallel: number;
    run(index: number, phase: Phase, recipients: string[], role: string): Promise<void>;
    grantId(index: number, recipient: string): string;
}

async function runPhases(emulator: GraphEmulator, units: Unit[], folders: Folder[], side: Side, rate: number) {
    const results = {} as Record<Phase, PhaseResult>;
    for (const phase of PHASES) {
        if (phase === "update") {
            for (const [i, unit] of units.entries()) {
                for (const who of unit.drift)
                    emulator.setPermissionRoles(folders[i].driveId, folders[i].itemId, side.grantId(i, who), ["write"]);
            }
        }
        emulator.clearRequests();
        let failed = 0;
        const problems: string[] = [];
        const start = performance.now();
        let next = 0;
        const worker = async () => {
            while (next < units.length) {
                const i = next++;
                const unit = units[i];
                try {
                    await side.run(
                        i,
                        phase,
                        phase === "create" ? unit.before : unit.after,
                        phase === "create" ? ROLE_BEFORE : roleAfter(unit),
                    );
                } catch (error) {
                    if (failed++ === 0) problems.push(`${side.label} ${phase} failed: ${String(error).split("\n")[0]}`);
                }
            }
        };
        await Promise.all(Array.from({ length: Math.min(side.parallel, units.length) }, worker));
        const ms = performance.now() - start;
        const charged = emulator.requests.filter((r) => r.kind !== "entra");
        const ru = charged.reduce((sum, r) => sum + (r.resourceUnits ?? 0), 0);
        for (const [i, unit] of units.entries()) {
            const expected = expectedAfter(unit, phase);
            const problem = accessProblem(emulator, folders[i], expected.recipients, expected.role);
            if (problem) {
                problems.push(`${side.label} ${phase} left the wrong grants: ${problem}`);
                break;
            }
        }
        results[phase] = {
            ru,
            lowerBound: units.reduce((sum, unit) => sum + lowerBound(unit, phase), 0),
            ms,
            ruBoundMs: ru / rate,
            failed,
            throttled: charged.filter((r) => r.status === 429).length,
            problems,
        };
        process.stderr.write(
            `[tenant] ${side.label} ${phase}: ${ru} RU in ${Math.round(ms)} ms, ${failed} failed, ` +
                `${results[phase].throttled} 429s\n`,
        );
    }
    return results;
}

/** Runs the scenario for both contenders; resolves to the markdown table, the check lines and whether one failed. */
export async function runTenant(
    options: TenantOptions,
): Promise<{ markdown: string; checks: string[]; failed: boolean }> {
    const s = scenario("tenant", options.items, options.recipients);
    const budget = budgetPerWindow(options.licences);
    const rate = budget / options.windowMs; // RU per ms
    const emulator = await startEmulator({
        latencyMs: options.latencyMs,
        resourceUnits: { licences: options.licences, windowMs: options.windowMs },
    });
    let host: ProviderHost | undefined;
    const results: Record<string, Record<Phase, PhaseResult>> = {};
    try {
        seedTenant(emulator);
        for (let i = 0; i < s.users; i++) emulator.addUser({ email: email(i) });
        const folders = (side: string) =>
            s.units.map((_, i) => {
                const item = emulator.addItem({ driveId: BUSINESS_DRIVE, name: `${side} ${i}`, folder: true });
                return { driveId: BUSINESS_DRIVE, itemId: item.id };
            });

        host = await startProviderHost({
            providerText: await providerText(),
            env: stackEnvironment(emulator),
            callTimeoutMs: 3_600_000,
        });
        const ours = folders("DriveItemShare");
        const resources = ours.map((_, i) => new EngineResource(host!, `item-${i}`, DEFAULT_TYPE));
        results.DriveItemShare = await runPhases(
            emulator,
            s.units,
            ours,
            {
                label: "DriveItemShare",
                parallel: s.units.length,
                async run(i, phase, recipients, role) {
                    if (phase === "delete") return resources[i].destroy();
                    const { op } = await resources[i].up({ ...ours[i], recipients, roles: [role] });
                    if (op !== phase) throw new Error(`the engine planned ${op}, not ${phase}`);
                },
                grantId: (i, who) => grantFromStored(resources[i].state!.outputs.grants[who], who).permissionId,
            },
            rate,
        );
        await host.stop();
        host = undefined;
        // The baseline starts with a full budget, as ours did.
        await new Promise((resolve) => setTimeout(resolve, options.windowMs));

        const client = baselineClient({
            url: emulator.url,
            tenantId: TENANT_ID,
            clientId: CLIENT_ID,
            clientSecret: CLIENT_SECRET,
        });
        const theirs = folders("Baseline");
        const reconcilers = theirs.map((folder) => new BaselineReconciler(client, folder));
        results.baseline = await runPhases(
            emulator,
            s.units,
            theirs,
            {
                label: "baseline",
                parallel: BASELINE_PARALLEL,
                run: (i, phase, recipients, role) =>
                    phase === "delete" ? reconcilers[i].delete() : reconcilers[i][phase](recipients, role),
                grantId: (i, who) => reconcilers[i].grants.get(who)!,
            },
            rate,
        );
    } finally {
        await host?.stop();
        await emulator.close();
    }
    return report(options, budget, results);
}

function seconds(ms: number): string {
    return `${(ms / 1000).toFixed(1)} s`;
}

function report(options: TenantOptions, budget: number, results: Record<string, Record<Phase, PhaseResult>>) {
    const checks: string[] = [];
    let failed = false;
    const check = (ok: boolean, line: string) => {
        checks.push(`${ok ? "PASS" : "FAIL"}  ${line}`);
        if (!ok) failed = true;
        return ok ? "PASS" : "FAIL";
    };
    const table = [
        "| Tenant scale | Phase | RU spent | Lower bound | RU / bound | Wall time | RU-bound time | Time / RU-bound | Failed steps | 429s | Check |",
        "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---|",
    ];
    for (const [label, phases] of Object.entries(results)) {
        const total: PhaseResult = { ru: 0, lowerBound: 0, ms: 0, ruBoundMs: 0, failed: 0, throttled: 0, problems: [] };
        for (const phase of PHASES) {
            const r = phases[phase];
            for (const key of ["ru", "lowerBound", "ms", "ruBoundMs", "failed", "throttled"] as const)
                total[key] += r[key];
            total.problems.push(...r.problems);
            const status =
                label === "DriveItemShare"
                    ? check(
                          r.ru <= r.lowerBound * RU_TARGET_RATIO && r.failed === 0 && r.problems.length === 0,
                          `tenant ${phase}: ${r.ru} RU (lower bound ${r.lowerBound}), ${r.failed} failed, ` +
                              `${r.throttled} 429s; ${seconds(r.ms)} (RU-bound ${seconds(r.ruBoundMs)})` +
                              `${r.problems.length ? ` — ${r.problems.join("; ")}` : ""}`,
                      )
                    : r.problems.join("; ");
            table.push(row(label, phase, r, status));
        }
        const status =
            label === "DriveItemShare"
                ? check(
                      total.ms <= total.ruBoundMs * TIME_TARGET_RATIO,
                      `tenant create + update + delete: ${seconds(total.ms)}, RU-bound ${seconds(total.ruBoundMs)} ` +
                          `(target <= ${TIME_TARGET_RATIO}×: ${(total.ms / total.ruBoundMs).toFixed(2)}×)`,
                  )
                : "";
        table.push(row(label, "**all**", total, status));
    }
    const window = options.windowMs / 1000;
    const markdown = [
        `Tenant scale: ${options.items} items × ${options.recipients} recipients (update: churn of scenario.ts, at 20 ` +
            "recipients 1 added, 1 removed and 1 role changed outside Pulumi per item: 3 of 20, 15 %), a tenant of " +
            `${options.licences} licences: ${budget} RU per "1 minute" window, compressed to ${window} s ` +
            `(${(60 / window).toFixed(0)}× faster than real time: ${Math.round(budget / window)} RU/s), emulator latency ` +
            `${options.latencyMs} ms. DriveItemShare: all items through one provider host at once; baseline: ` +
            `${BASELINE_PARALLEL} items at a time, each recipient change one request, 429s retried after Retry-After.`,
        "",
        ...table,
        "",
        "Lower bound per item, at 5 RU a permission operation: create 1 list (to adopt access that exists rather than " +
            "take it over) + 1 invite (30 recipients a call); update 1 list " +
            "(to see the drift it repairs) + 1 invite + 1 PATCH + 1 DELETE; delete 1 DELETE per grant. RU-bound time = RU " +
            "spent / the budget's rate; a fixed window grants its budget at once, so a phase can finish before it. " +
            "429s count top-level requests and `$batch` parts.",
        "",
        'Costs and budget as Microsoft\'s "Avoid getting throttled or blocked in SharePoint Online" states them ' +
            "(https://learn.microsoft.com/sharepoint/dev/general-development/how-to-avoid-getting-throttled-or-blocked-in-sharepoint-online): " +
            '"App 1 minute" 1,200 / 2,400 / 3,600 / 4,800 / 6,000 resource units for 0–1k / 1k–5k / 5k–15k / 15k–50k / 50k+ ' +
            'licences; 1 RU for a "Single item query, such as get item", 2 for a "Multi item query" and for "Create, ' +
            'update, delete and upload", 5 for "All permission resource operations, including $expand=permissions"; ' +
            '"In batching, requests in a batch are evaluated individually by resource units" (the `$batch` envelope is ' +
            'charged nothing); "Throttled requests count towards usage limits"; RateLimit headers "When an application ' +
            'consumes 80% or more of its app 1-minute limit", and on a 429 "The `Retry-After` matches the ' +
            '`RateLimit-Reset`". The daily cap is not modelled (the scenario spends far less).',
    ].join("\n");
    return { markdown, checks, failed };
}

function row(label: string, phase: string, r: PhaseResult, status: string): string {
    return (
        `| ${label} | ${phase} | ${r.ru} | ${r.lowerBound} | ${(r.ru / r.lowerBound).toFixed(2)}× | ${seconds(r.ms)} | ` +
        `${seconds(r.ruBoundMs)} | ${(r.ms / r.ruBoundMs).toFixed(2)}× | ${r.failed} | ${r.throttled} | ${status} |`
    );
}
