/**
 * Paged collections, as Graph answers GET {item}/permissions and GET {item}/children: a page of values, `$select`
 * applied to each, and an absolute @odata.nextLink carrying a `$skiptoken` (and the `$select`) when more follow.
 */
import type { GraphCall } from "./call";
import type { EmulatorContext } from "./context";
import { invalidRequest } from "./errors";

/** Keeps only the $select-ed properties (and annotations of selected properties). */
function applySelect(value: object, select: string[] | undefined): object {
    if (!select) return value;
    const wanted = new Set(select.map((s) => s.toLowerCase()));
    return Object.fromEntries(
        Object.entries(value).filter(([k]) =>
            wanted.has((k.startsWith("@") ? (k.split(".").pop() ?? k) : k).toLowerCase()),
        ),
    );
}

function decodeSkipToken(token: string): number {
    const match = /^offset-(\d+)$/.exec(Buffer.from(token, "base64url").toString("utf8"));
    if (!match) throw invalidRequest("The $skiptoken is not valid.");
    return Number(match[1]);
}

/**
 * One page of `all` (rendered by `render`) for the call: `pageSize` values from the `$skiptoken`'s offset, each cut
 * to the `$select`, with the collection's @odata.context and a next link that keeps the `$select` and `$top`.
 */
export function pagedCollection<T>(
    ctx: EmulatorContext,
    call: GraphCall,
    context: string,
    all: readonly T[],
    pageSize: number,
    render: (value: T) => object,
): Record<string, unknown> {
    const skipToken = call.query.get("$skiptoken");
    const offset = skipToken === null ? 0 : decodeSkipToken(skipToken);
    const size = Math.max(1, pageSize);
    const selectParam = call.query.get("$select");
    const select =
        selectParam === null
            ? undefined
            : selectParam
                  .split(",")
                  .map((s) => s.trim())
                  .filter((s) => s !== "");
    const body: Record<string, unknown> = {
        "@odata.context": `${ctx.origin}/${call.version}/$metadata#${context}`,
        value: all.slice(offset, offset + size).map((v) => applySelect(render(v), select)),
    };
    if (offset + size < all.length) {
        const token = Buffer.from(`offset-${offset + size}`).toString("base64url");
        const keep = (name: string) => {
            const value = call.query.get(name);
            return value === null ? "" : `${name}=${encodeURIComponent(value).replace(/%2C/gi, ",")}&`;
        };
        body["@odata.nextLink"] =
            `${ctx.origin}/${call.version}${call.path}?${keep("$select")}${keep("$top")}$skiptoken=${token}`;
    }
    return body;
}
