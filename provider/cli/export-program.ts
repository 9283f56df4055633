/**
 * The Pulumi TypeScript program the export writes: one DriveItemShare per item and role, declaring the item's direct
 * grants, and around each a comment of what no declaration manages there (owners, inherited permissions, sharing
 * links), so that a reviewer sees the whole picture. Pure, and deterministic: no date, no count that changes
 * without the tree changing, everything sorted, so that a second export of an unchanged tree writes the same bytes.
 */
import { itemPathProblem } from "../check/address";
import { addressOf, describeAddress } from "../model/address";
import type { ItemLocator } from "../model/address";
import type { Recipient } from "../model/recipient";
import type { ExportedGrant, ExportedItem } from "./export-items";
import { resourceNames } from "./export-names";

/** What the program is written from. */
export interface ProgramInput {
    /** The folder as the command line named it (checked). */
    readonly locator: ItemLocator;
    /** The walked folder's name, which names the items when the folder was given by id. */
    readonly rootName: string;
    readonly driveId: string;
    /** Items with permissions of their own, sorted by path (export-items.ts). */
    readonly items: readonly ExportedItem[];
    /** Levels walked below the folder; Infinity for all. */
    readonly depth: number;
    /** Folders at the depth limit whose items were not walked. */
    readonly notWalked: number;
}

/** The program's index.ts. */
export function exportProgram(input: ProgramInput): string {
    const label = (item: ExportedItem) => joinPath(input.locator.path ?? input.rootName, item.path);
    const names = resourceNames(input.items.map((item) => ({ id: item.id, label: label(item) })));
    const scope =
        input.depth === Infinity
            ? "and everything below it"
            : input.depth === 0
              ? "alone"
              : `and ${plural(input.depth, "level")} below it`;
    const header = [
        `// Sharing of ${describeAddress(input.locator)} ${scope}, as \`driveitemshare export\` found it.`,
        "// Each declaration names direct grants the item already has, a DriveItemShare per role (a DriveItemAccess where",
        "// an item has both readers and editors): `pulumi up` adopts them, inviting nobody and changing nothing.",
        "// An item's own permissions are those its parent folder does not have with the same id and roles; items not",
        "// named here have only their parent's. Owners, inherited permissions and sharing links are comments: no",
        "// resource manages them.",
        ...(input.notWalked > 0
            ? [`// Not walked: the items of ${plural(input.notWalked, "folder")} below the depth limit.`]
            : []),
    ];
    const lines: string[] = [];
    const used = new Set<string>();
    for (const item of input.items) {
        const address = addressFor(input, item);
        lines.push(
            "",
            `// ${label(item)}${input.locator.path === undefined ? "" : ` (itemId ${JSON.stringify(item.id)})`}`,
        );
        // Names come from Graph: a line break in one must not end the comment.
        for (const note of item.notes) lines.push(`//   ${note.replace(/[\r\n\u2028\u2029]+/g, " ")}`);
        const lists = {
            read: item.grants.filter((g) => g.role === "read"),
            write: item.grants.filter((g) => g.role === "write"),
        };
        const fields = Object.entries(address).map(([key, value]) => `    ${key}: ${JSON.stringify(value)},`);
        if (lists.read.length > 0 && lists.write.length > 0) {
            // Readers and editors in one declaration: nobody can be listed under both.
            used.add("DriveItemAccess");
            lines.push(
                `new DriveItemAccess(${JSON.stringify(names.get(item.id))}, {`,
                ...fields,
                ...recipientList("read", lists.read),
                ...recipientList("write", lists.write),
                "});",
            );
            continue;
        }
        for (const role of ["read", "write"] as const) {
            if (lists[role].length === 0) continue;
            used.add("DriveItemShare");
            lines.push(
                `new DriveItemShare(${JSON.stringify(`${names.get(item.id)}-${role}`)}, {`,
                ...fields,
                ...recipientList("recipients", lists[role]),
                `    roles: [${JSON.stringify(role)}],`,
                "});",
            );
        }
    }
    if (input.items.length === 0) lines.push("", "// Nothing here has permissions of its own.");
    const imports = used.size === 0 ? [] : [`import { ${[...used].sort().join(", ")} } from "driveitemshare";`];
    return [...header, ...imports, ...lines].join("\n") + "\n";
}

/**
 * The item's address in the form the folder was given: by path below it, or (given by id) by its id. A path the
 * provider refuses (a name with `#` or `%`, which SharePoint allows) is replaced by the item's ids.
 */
function addressFor(input: ProgramInput, item: ExportedItem): Record<string, string> {
    if (input.locator.path === undefined || itemPathProblem(joinPath(input.locator.path, item.path)) !== undefined)
        return { driveId: input.driveId, itemId: item.id };
    const form = Object.entries(addressOf(input.locator)).filter(
        (entry): entry is [string, string] => entry[1] !== undefined,
    );
    return Object.fromEntries([
        ...form.filter(([key]) => key !== "path"),
        ["path", joinPath(input.locator.path, item.path)],
    ]);
}

/** `    <property>: [` ... `    ],` with one recipient a line. */
function recipientList(property: string, grants: readonly ExportedGrant[]): string[] {
    return [
        `    ${property}: [`,
        ...grants.map(
            (g) =>
                `        ${recipientLiteral(g.recipient)},${g.recipient.email || !g.displayName ? "" : ` // ${g.displayName}`}`,
        ),
        "    ],",
    ];
}

function recipientLiteral(recipient: Recipient): string {
    return recipient.email !== undefined
        ? JSON.stringify(recipient.email)
        : `{ objectId: ${JSON.stringify(recipient.objectId)} }`;
}

function joinPath(base: string, rest: string): string {
    return rest === "" ? base : `${base}/${rest}`;
}

function plural(count: number, noun: string): string {
    return `${count} ${noun}${count === 1 ? "" : "s"}`;
}
