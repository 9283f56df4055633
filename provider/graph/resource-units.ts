/**
 * What a request costs in SharePoint's resource units (RU), the budget SharePoint gives each app in a tenant per
 * minute. Microsoft's table ("Avoid getting throttled or blocked in SharePoint Online",
 * https://learn.microsoft.com/sharepoint/dev/general-development/how-to-avoid-getting-throttled-or-blocked-in-sharepoint-online):
 * 1 RU for a "Single item query, such as get item"; 2 for a "Multi item query, such as list children" and for
 * "Create, update, delete and upload"; 5 for "All permission resource operations, including $expand=permissions". And
 * "In batching, requests in a batch are evaluated individually by resource units". The pacer (pacer.ts) reserves a
 * request's cost before sending it; Microsoft may change the costs ("We reserve the right to change the API resource
 * unit cost"), and the RateLimit headers Graph sends correct the reckoning.
 */

/** The RU one request costs; a `$batch` costs the sum of its parts. */
export function resourceUnits(
    method: string,
    url: string,
    parts: readonly { method: string; url: string }[] = [],
): number {
    const path = url.split("?")[0];
    if (/\/\$batch$/.test(path)) return parts.reduce((sum, part) => sum + resourceUnits(part.method, part.url), 0);
    if (/\/(permissions|invite|revokeGrants)(\/|$)/.test(path)) return 5;
    if (method !== "GET" || /\/drives$/.test(path)) return 2;
    return 1;
}
