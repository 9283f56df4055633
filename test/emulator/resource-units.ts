/**
 * SharePoint's resource-unit (RU) budget per app per tenant, as Microsoft documents it in "Avoid getting throttled or
 * blocked in SharePoint Online"
 * (https://learn.microsoft.com/sharepoint/dev/general-development/how-to-avoid-getting-throttled-or-blocked-in-sharepoint-online):
 *
 * - "Every application has its own limits in a tenant, which are based on the number of licenses purchased per
 *   organization": App 1 minute 1,200 / 2,400 / 3,600 / 4,800 / 6,000 RU for 0–1k / 1k–5k / 5k–15k / 15k–50k / 50k+
 *   licences (newer copies of the page give 1,250–6,250; "Microsoft reserves the right to change the resource unit
 *   limits"). The daily cap (1,200,000–6,000,000) is not modelled: no test spends a thousand minutes of budget.
 * - Graph "have a predetermined resource unit cost per request": 1 for a "Single item query, such as get item"; 2 for a
 *   "Multi item query, such as list children" and for "Create, update, delete and upload"; 5 for "All permission
 *   resource operations, including $expand=permissions". So list, get, invite, PATCH, DELETE and revokeGrants of
 *   permissions cost 5 each.
 * - "In batching, requests in a batch are evaluated individually by resource units": each part is charged; the
 *   `$batch` envelope itself is not (inferred: the page charges the requests, and the envelope is none of them).
 * - "Throttled requests count towards usage limits": a request refused with 429 is charged too.
 * - RateLimit headers (preview): "When an application consumes 80% or more of its app 1-minute limit, the limit,
 *   remaining, and reset are returned"; on a throttled request "The `Retry-After` matches the `RateLimit-Reset`".
 *
 * Inferred: the window is fixed (it opens with the first charge and refills whole, "the number of seconds until the
 * quota is refilled"); a request is refused when its charge takes the window past the budget. The window length is a
 * setting so that tests and the bench compress a minute into less (the budget per window stays Microsoft's); seconds
 * are then written with three decimals, as Graph's own throttling sample does (`Retry-After: 2.128`,
 * https://learn.microsoft.com/graph/throttling).
 */
import { parseGraphPath } from "./routes";

/** The RU budget of an app in a tenant, per the page's table; 0 licences or fewer is still the smallest tenant. */
export function budgetPerWindow(licences: number): number {
    if (licences <= 1_000) return 1_200;
    if (licences <= 5_000) return 2_400;
    if (licences <= 15_000) return 3_600;
    if (licences <= 50_000) return 4_800;
    return 6_000;
}

/** What one request costs, per the page's table; the `$batch` envelope costs nothing (its parts are charged apiece). */
export function resourceUnitCost(request: { method: string; path: string }): number {
    const below = request.path.replace(/^\/(v1\.0|beta)(?=\/|$)/i, "");
    if (/^\/(\$|%24)batch\/?$/i.test(below)) return 0;
    let route;
    try {
        route = parseGraphPath(below);
    } catch {
        return 1; // refused as a bad path: charged as the cheapest query
    }
    if (route.kind === "item" && route.targets.some((t) => t.action.kind !== "self")) return 5;
    if (route.kind === "drives") return 2;
    return request.method === "GET" ? 1 : 2;
}

/** The RU meter's settings: tenant size and the length of the "1 minute" window. */
export interface ResourceUnitSettings {
    readonly licences: number;
    /** 60,000 on a real tenant; less compresses time. */
    readonly windowMs: number;
}

/** A charge's outcome: refused (429) or not, and the headers the answer carries. */
export interface Charge {
    readonly throttled: boolean;
    readonly headers: Record<string, string>;
}

interface Window {
    readonly opened: number;
    used: number;
}

/** Charges requests against each app's budget in each tenant. */
export class ResourceUnitMeter {
    private readonly windows = new Map<string, Window>();

    constructor(private readonly now: () => number = Date.now) {}

    /** Charges `cost` RU to the app (client id) in the tenant; a throttled charge counts too. */
    charge(settings: ResourceUnitSettings, tenantId: string, appId: string, cost: number): Charge {
        const window = this.window(settings, `${tenantId}|${appId}`);
        window.used += cost;
        const budget = budgetPerWindow(settings.licences);
        const throttled = cost > 0 && window.used > budget;
        return { throttled, headers: this.headers(settings, window, throttled) };
    }

    /** The RateLimit headers an answer carries now (after its charge and, for `$batch`, its parts' charges). */
    current(settings: ResourceUnitSettings, tenantId: string, appId: string): Record<string, string> {
        return this.headers(settings, this.window(settings, `${tenantId}|${appId}`), false);
    }

    /** Forgets every window. */
    reset(): void {
        this.windows.clear();
    }

    private window(settings: ResourceUnitSettings, key: string): Window {
        const now = this.now();
        let window = this.windows.get(key);
        if (!window || now >= window.opened + settings.windowMs) {
            window = { opened: now, used: 0 };
            this.windows.set(key, window);
        }
        return window;
    }

    private headers(settings: ResourceUnitSettings, window: Window, throttled: boolean): Record<string, string> {
        const budget = budgetPerWindow(settings.licences);
        if (window.used < 0.8 * budget) return {};
        const reset = seconds(window.opened + settings.windowMs - this.now(), settings.windowMs < 60_000);
        return {
            "RateLimit-Limit": String(budget),
            "RateLimit-Remaining": String(Math.max(0, budget - window.used)),
            "RateLimit-Reset": reset,
            ...(throttled ? { "Retry-After": reset } : {}),
        };
    }
}

/** Seconds from milliseconds: whole seconds rounded up, as Microsoft's examples show, or three decimals when compressed. */
function seconds(ms: number, compressed: boolean): string {
    const s = Math.max(0, ms) / 1000;
    return compressed ? s.toFixed(3) : String(Math.ceil(s));
}
