/**
 * The request log: every Entra, Graph and $batch-part request in arrival order, with secrets redacted so
 * a test can print the log without leaking what it checks.
 */
import type { LoggedRequest } from "./types";

const SECRET_FIELDS = new Set(["client_secret", "client_assertion", "password"]);

/** A copy of `value` with every client_secret/client_assertion/password value replaced by "<redacted>". */
function redact(value: unknown): unknown {
    if (Array.isArray(value)) return value.map(redact);
    if (typeof value !== "object" || value === null) return value;
    return Object.fromEntries(
        Object.entries(value).map(([k, v]) => [k, SECRET_FIELDS.has(k.toLowerCase()) ? "<redacted>" : redact(v)]),
    );
}

/** Fields of a request when it arrives; status and authenticated are filled in when it is answered. */
export type ArrivingRequest = Omit<LoggedRequest, "seq" | "receivedAt" | "status" | "authenticated">;

/** Append-only list of requests. */
export class RequestLog {
    readonly entries: LoggedRequest[] = [];
    private seq = 0;

    /** Records an arriving request; its status is 0 until {@link finish}. */
    start(request: ArrivingRequest): LoggedRequest {
        const entry: LoggedRequest = {
            ...request,
            body: redact(request.body),
            seq: ++this.seq,
            receivedAt: Date.now(),
            status: 0,
            authenticated: false,
        };
        this.entries.push(entry);
        return entry;
    }

    /** Records the answer's status (0 = the connection was dropped). */
    finish(entry: LoggedRequest, status: number): void {
        entry.status = status;
    }

    /** Empties the log; numbering goes on, so seq stays unique. */
    clear(): void {
        this.entries.length = 0;
    }
}
