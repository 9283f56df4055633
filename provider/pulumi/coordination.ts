/**
 * What the resources of one deployment declare, shared between them. Pulumi runs every dynamic resource of a
 * `pulumi up` in one provider host process, and Graph keeps one permission per person per item, so resources on the
 * same item can collide on a person's permission. Check records each resource's declaration here; removals consult it.
 *
 * - A recipient moved from one resource to another on the same item in one `up`, or a resource renamed without
 *   `aliases` (create the new, then delete the old): the leaving resource hands the grant over instead of removing it,
 *   whichever step runs first.
 * - The same recipient declared by two resources on one item: the second check fails, naming both.
 *
 * Resources are told apart by identity (their URN; see resourceIdentityOf in model/share.ts), not by name: two
 * resources may share a name under different parents.
 */

/** What one resource declares on an item. */
interface Declaration {
    /** How an error names the resource. */
    readonly label: string;
    readonly recipientKeys: ReadonlySet<string>;
}

/** Declarations by item (its address key, see model/address.ts), then by resource identity. */
const declarations = new Map<string, Map<string, Declaration>>();

/**
 * Records what a resource declares on an item (replacing what it declared before on any item) and returns, for each
 * of its recipients that another resource already declares there, that resource's label.
 */
export function declare(
    identity: string,
    label: string,
    item: string,
    recipientKeys: readonly string[],
): Map<string, string> {
    for (const byResource of declarations.values()) byResource.delete(identity);
    const byResource = declarations.get(item) ?? new Map<string, Declaration>();
    declarations.set(item, byResource);
    const conflicts = new Map<string, string>();
    for (const other of byResource.values()) {
        for (const key of recipientKeys) {
            if (other.recipientKeys.has(key) && !conflicts.has(key)) conflicts.set(key, other.label);
        }
    }
    byResource.set(identity, { label, recipientKeys: new Set(recipientKeys) });
    return conflicts;
}

/** The recipient keys that resources other than the one of `identity` declare on the item in this deployment. */
export function declaredByOthers(identity: string | undefined, item: string): Set<string> {
    const result = new Set<string>();
    for (const [other, declaration] of declarations.get(item) ?? []) {
        if (other !== identity) for (const key of declaration.recipientKeys) result.add(key);
    }
    return result;
}

/**
 * Forgets what a deleted resource declared on its item, so that a later resource in the same process may declare
 * those recipients. Only that item's: a replacement of the resource on another item keeps its new declaration.
 */
export function withdraw(identity: string | undefined, item: string): void {
    if (identity !== undefined) declarations.get(item)?.delete(identity);
}
