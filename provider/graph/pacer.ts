/**
 * Keeps this process within SharePoint's resource-unit budget instead of running into 429s. SharePoint gives each app
 * in a tenant a budget per minute (1,200 RU in a tenant of up to 1,000 licences), counts throttled requests against it
 * too, and warns: "When an application consumes 80% or more of its app 1-minute limit, the limit, remaining, and reset
 * are returned" as `RateLimit-Limit`, `RateLimit-Remaining` and `RateLimit-Reset` (seconds "until the quota is
 * refilled"), and asks apps to "take advantage of these headers to avoid hitting throttle"
 * (https://learn.microsoft.com/sharepoint/dev/general-development/how-to-avoid-getting-throttled-or-blocked-in-sharepoint-online).
 *
 * The provider host serves every resource of a `pulumi up` from one process, so one pacer per app and tenant sees all
 * of its requests. Each request reserves its cost (resource-units.ts) before it is sent:
 * - Before Graph has sent a RateLimit header, at most a fifth of the app's budget is in flight, so that the 80 %
 *   warning always arrives while what is in flight still fits in the rest. The budget is the one the settings give
 *   (`DRIVESHARE_RU_PER_MINUTE`), else the smallest Microsoft lists ({@link UNKNOWN_BUDGET_IN_FLIGHT} RU in flight).
 *   It is not guessed from answers without the headers: where Graph's window begins is unknown, so their absence says
 *   little about the budget.
 * - Once the headers have told the budget, the pacer counts what it sent in the current window and holds a request that
 *   would pass the budget until the window refills, then goes on at full speed. Graph's own count wins (limit minus
 *   remaining, plus what was sent after the request it answered), higher as when another process of the same app
 *   spends too, or lower: an answer without the headers says Graph had counted less than 80 %, as when its window
 *   began later than this process reckoned.
 * Throttling that happens anyway (other limits, another app) is still handled by the session's Retry-After retries.
 */

/** The smallest app budget Microsoft lists: 1,200 RU a minute, in a tenant of up to 1,000 licences. */
const SMALLEST_BUDGET_PER_MINUTE = 1200;

/** RU in flight at most before Graph has sent a RateLimit header: a fifth of the budget (the warning comes at 80 %). */
export function inFlightBeforeHeaders(budgetPerMinute: number = SMALLEST_BUDGET_PER_MINUTE): number {
    return budgetPerMinute / 5;
}

/** What is in flight before the headers when the app's budget is not given: 240 RU. */
export const UNKNOWN_BUDGET_IN_FLIGHT = inFlightBeforeHeaders();

/** What Graph's RateLimit headers said. */
export interface RateLimit {
    readonly limit: number;
    readonly remaining: number;
    /** Seconds until the budget refills. */
    readonly resetSeconds: number;
}

/** A request's reservation: its cost, its place in sending order, the window it was sent in and when. */
export interface Reservation {
    readonly cost: number;
    readonly seq: number;
    readonly window: number;
    readonly sentAt: number;
}

/** RateLimit headers of an answer, if it has all three. */
export function rateLimitOf(get: (name: string) => string | null | undefined): RateLimit | undefined {
    const limit = Number(get("ratelimit-limit") ?? NaN);
    const remaining = Number(get("ratelimit-remaining") ?? NaN);
    const resetSeconds = Number(get("ratelimit-reset") ?? NaN);
    if (![limit, remaining, resetSeconds].every(Number.isFinite)) return undefined;
    return { limit, remaining, resetSeconds };
}

/** One app's budget in one tenant, as this process reckons it. */
export class Pacer {
    private limit: number | undefined;
    /** When the current window refills (ms since the epoch), once Graph has said. */
    private resetAt: number | undefined;
    /**
     * How much earlier than {@link resetAt} Graph's window may have refilled: the round trip of the answer that told
     * it (Graph reckoned the seconds when it answered, and this process read them on arrival, later).
     */
    private resetSlack = 0;
    /** The answers of this window since its refill was told: when each arrived, and its reservation's cost. */
    private answered: { at: number; cost: number }[] = [];
    private window = 0;
    /** RU sent in the current window. */
    private spent = 0;
    private readonly inFlight = new Map<number, Reservation>();
    private seq = 0;
    private readonly waiting: (() => void)[] = [];
    private timer: ReturnType<typeof setTimeout> | undefined;
    /** The window a wait was last announced in (one notice a window). */
    private announced = -1;

    constructor(
        /** RU in flight at most until Graph has sent a RateLimit header: see {@link inFlightBeforeHeaders}. */
        private readonly headerlessInFlight: number = UNKNOWN_BUDGET_IN_FLIGHT,
        private readonly onWait: (seconds: number, limit: number) => void = () => {},
        private readonly now: () => number = Date.now,
    ) {}

    /** Waits until `cost` RU may be spent, and reserves them. */
    async reserve(cost: number): Promise<Reservation> {
        while (!this.admits(cost)) await new Promise<void>((resolve) => this.wait(resolve));
        const reservation = { cost, seq: ++this.seq, window: this.window, sentAt: this.now() };
        this.spent += cost;
        this.inFlight.set(reservation.seq, reservation);
        return reservation;
    }

    /** The request is answered; `rateLimit` is what its answer's headers said. */
    settle(reservation: Reservation, rateLimit: RateLimit | undefined): void {
        this.inFlight.delete(reservation.seq);
        const unknownReset = this.limit !== undefined && this.resetAt === undefined;
        if (reservation.window === this.window && (rateLimit || unknownReset)) {
            // Graph counted every request that reached it before this one; those sent later may be uncounted.
            let later = 0;
            for (const r of this.inFlight.values()) if (r.seq > reservation.seq) later += r.cost;
            if (rateLimit) {
                this.limit = rateLimit.limit;
                this.resetAt = this.now() + rateLimit.resetSeconds * 1000;
                this.resetSlack = this.now() - reservation.sentAt;
                this.spent = rateLimit.limit - rateLimit.remaining + later;
            } else {
                // No headers yet in this window: Graph had counted less than 80 % of the budget. Its window may have
                // begun later than this process reckoned, so not all it counted since is in Graph's window. (Once
                // the headers came, an answer without them is one that was overtaken, and says nothing new.)
                this.spent = Math.min(this.spent, 0.8 * this.limit! + later);
            }
        }
        // Kept only while a refill is expected: without the headers there is none to count them into.
        if (this.resetAt !== undefined) this.answered.push({ at: this.now(), cost: reservation.cost });
        this.wake();
    }

    private admits(cost: number): boolean {
        const now = this.now();
        if (this.resetAt !== undefined && now >= this.resetAt) {
            // Refilled. What is still in flight may reach Graph in the new window: counted there. So is what was
            // answered since Graph's window may have refilled: it may have been counted in the new one.
            const since = this.resetAt - this.resetSlack;
            const answeredSince = this.answered.filter((a) => a.at >= since).reduce((sum, a) => sum + a.cost, 0);
            this.window++;
            this.resetAt = undefined;
            this.answered = [];
            this.spent = [...this.inFlight.values()].reduce((sum, r) => sum + r.cost, answeredSince);
        }
        if (this.inFlight.size === 0 && (this.resetAt === undefined || this.spent === 0)) return true;
        if (this.limit === undefined) {
            const inFlight = [...this.inFlight.values()].reduce((sum, r) => sum + r.cost, 0);
            return inFlight + cost <= this.headerlessInFlight;
        }
        if (this.spent + cost <= this.limit) return true;
        if (this.resetAt !== undefined && this.announced !== this.window) {
            this.announced = this.window;
            const seconds = (this.resetAt - now) / 1000;
            if (seconds >= 1) this.onWait(Math.ceil(seconds), this.limit);
        }
        return false;
    }

    /** Waits for an answer, or for the window to refill. */
    private wait(resolve: () => void): void {
        this.waiting.push(resolve);
        if (this.resetAt !== undefined && this.timer === undefined) {
            this.timer = setTimeout(
                () => {
                    this.timer = undefined;
                    this.wake();
                },
                Math.max(0, this.resetAt - this.now()),
            );
        }
    }

    private wake(): void {
        if (this.timer !== undefined) {
            clearTimeout(this.timer);
            this.timer = undefined;
        }
        for (const resolve of this.waiting.splice(0)) resolve();
    }
}
