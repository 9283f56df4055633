/**
 * Values as the engine sends them, and as errors show them.
 */

/** The value the engine sends for a property that is not known yet (during preview). */
export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

/** True when the value, or anything inside it, is not known yet. */
export function containsUnknown(value: unknown): boolean {
    if (value === UNKNOWN) return true;
    if (Array.isArray(value)) return value.some(containsUnknown);
    if (value !== null && typeof value === "object") return Object.values(value).some(containsUnknown);
    return false;
}

/** The value as it should appear in an error: JSON for data, its type for anything odd. */
export function describeValue(value: unknown): string {
    if (value === undefined) return "nothing";
    if (typeof value === "function") return "a function";
    const json = JSON.stringify(value);
    return json.length > 80 ? `${json.slice(0, 77)}...` : json;
}

/** The record with its keys sorted: the same declaration always gives the same state, whatever order built it. */
export function sortedKeys<T>(record: Record<string, T>): Record<string, T> {
    return Object.fromEntries(
        Object.keys(record)
            .sort()
            .map((k) => [k, record[k]]),
    );
}
