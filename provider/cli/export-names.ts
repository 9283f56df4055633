/**
 * Resource names for the exported program: readable (from the item's path), stable (the same tree gives the same
 * names, so a second export writes the same program and `pulumi up` finds the same resources) and unique (items
 * whose paths read the same once slugged get a suffix from their Graph id).
 */
import { createHash } from "crypto";

/** Longest slug kept from a path, so that URNs stay readable. */
const MAX_SLUG = 60;

/** `Finance/Q3 Reports` -> `finance-q3-reports`; accents dropped, anything else but letters and digits a dash. */
export function slug(text: string): string {
    const plain = text
        .normalize("NFKD")
        .replace(/[\u0300-\u036f]/g, "")
        .toLowerCase()
        .replace(/[^a-z0-9]+/g, "-")
        .replace(/^-+|-+$/g, "");
    return plain.slice(0, MAX_SLUG).replace(/-+$/, "") || "item";
}

/** A name per item id: the slug of its label, with `-<6 hex of its id>` where two labels slug alike. */
export function resourceNames(items: readonly { readonly id: string; readonly label: string }[]): Map<string, string> {
    const counts = new Map<string, number>();
    for (const item of items) counts.set(slug(item.label), (counts.get(slug(item.label)) ?? 0) + 1);
    return new Map(
        items.map((item) => {
            const base = slug(item.label);
            const suffix =
                counts.get(base)! > 1 ? `-${createHash("sha256").update(item.id).digest("hex").slice(0, 6)}` : "";
            return [item.id, `${base}${suffix}`];
        }),
    );
}
