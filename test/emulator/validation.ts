/**
 * Field validation shared by invite and PATCH permission.
 */
import { invalidRequest } from "./errors";

/**
 * Roles that can be granted: "read" and "write" only ("owner", "sp.owner"... -> "Invalid value for role").
 * SharePoint keeps one role per principal, so ["read","write"] becomes ["write"].
 */
export function parseRoles(value: unknown): string[] {
    if (!Array.isArray(value) || value.length === 0) throw invalidRequest("At least one role is required.");
    const roles = value.map((r) => (typeof r === "string" ? r.toLowerCase() : r));
    if (roles.some((r) => r !== "read" && r !== "write")) throw invalidRequest("Invalid value for role");
    return roles.includes("write") ? ["write"] : ["read"];
}

/** Graph's date-time form: ISO 8601 UTC without fractional seconds. */
export function graphDateTime(date: Date): string {
    return date.toISOString().replace(/\.\d{3}Z$/, "Z");
}

/** A future expirationDateTime (judged at `now`, the emulator's clock), normalised to UTC. */
export function parseExpiration(value: unknown, now: number): string {
    const time = typeof value === "string" ? Date.parse(value) : NaN;
    if (Number.isNaN(time)) throw invalidRequest(`Invalid value for expirationDateTime: '${String(value)}'.`);
    if (time <= now) throw invalidRequest("The expirationDateTime can't be in the past.");
    return graphDateTime(new Date(time));
}
