/**
 * GET {item}/children (https://learn.microsoft.com/graph/api/driveitem-list-children): the driveItems below a folder,
 * paged with @odata.nextLink. The method "supports the $expand, $select, $skipToken, $top and $orderby OData query
 * parameters"; the emulator honours $select, $skipToken and $top (a page is the smaller of $top and listPageSize,
 * standing in for the service's own page size). "DriveItems with a non-null folder or package facet can have one or
 * more child driveItems": a file answers an empty collection (inferred: the page documents folders only). Children
 * come in name order, as OneDrive lists a folder by default (inferred; $orderby is not modelled). The permission is
 * Files.Read.All for an app (the page's permissions table), which the read-role check in graph.ts applies.
 */
import type { GraphCall } from "./call";
import type { EmulatorContext } from "./context";
import { invalidRequest, type HttpAnswer } from "./errors";
import { pagedCollection } from "./paging";
import { renderItem } from "./render";
import type { StoredDrive, StoredItem } from "./store";

/** `$top` as a page size; Graph's 400 for a value that is not a positive integer (inferred wording). */
function topOf(call: GraphCall): number | undefined {
    const top = call.query.get("$top");
    if (top === null) return undefined;
    if (!/^\d+$/.test(top) || Number(top) < 1) throw invalidRequest(`Invalid value '${top}' for $top.`);
    return Number(top);
}

/** GET {item}/children. */
export function listChildren(ctx: EmulatorContext, drive: StoredDrive, item: StoredItem, call: GraphCall): HttpAnswer {
    const children = [...drive.items.values()]
        .filter((child) => child.parentId === item.id)
        .sort((a, b) =>
            a.name.toLowerCase() < b.name.toLowerCase() ? -1 : a.name.toLowerCase() > b.name.toLowerCase() ? 1 : 0,
        );
    const top = topOf(call);
    const body = pagedCollection(
        ctx,
        call,
        `drives('${drive.id}')/items('${item.id}')/children`,
        children,
        Math.min(top ?? Infinity, ctx.settings.listPageSize),
        (child) => renderItem(ctx.render, drive, child),
    );
    return { status: 200, body };
}
