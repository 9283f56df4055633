/**
 * A tiny, strict reader of shares.csv: one line per folder and recipient list.
 *
 *   name,driveId,itemId,role,recipients,expires
 *   finance-readers,b!x3F...,01ABC...,read,alice@contoso.com;0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0,
 *
 * - `name`: the Pulumi resource name, unique in the file (lower-case letters, digits and dashes). Keep it when you
 *   edit a line: the name, not the line's position, ties the line to its share, so lines can be reordered freely.
 * - `driveId`, `itemId`: Graph ids of the drive and of the folder or file.
 * - `role`: `read` or `write`.
 * - `recipients`: emails and Entra ID object ids (users or groups), separated by `;`.
 * - `expires`: empty, or when the access ends (`accessUntil`): an ISO 8601 date-time with a time zone, e.g.
 *   2027-06-30T00:00:00Z. The provider removes the grants after it, on every kind of drive.
 *
 * Blank lines and lines starting with `#` are ignored. Fields are trimmed. There is no quoting: no field needs a
 * comma. Anything else is an error that names the file, the line and the column, so a typo fails `pulumi preview`
 * before anyone's access changes.
 */
import type { RecipientArg, Role } from "driveitemshare";
import { EMAIL, GUID } from "driveitemshare/check";

/** The header the file must start with (after comments and blank lines). */
export const COLUMNS = ["name", "driveId", "itemId", "role", "recipients", "expires"] as const;

/** One share, as read from one line. */
export interface ShareLine {
    /** 1-based line number in the file. */
    readonly line: number;
    readonly name: string;
    readonly driveId: string;
    readonly itemId: string;
    readonly role: Role;
    /** Emails lower-cased, object ids as `{ objectId }` lower-cased. */
    readonly recipients: RecipientArg[];
    /** When the recipients' access ends: the provider removes their grants after it. */
    readonly accessUntil?: string;
}

/** A problem in the file, at a line and column (both 1-based). */
export class SharesFileError extends Error {
    constructor(
        readonly file: string,
        readonly line: number,
        readonly column: number,
        readonly reason: string,
    ) {
        super(`${file}, line ${line}, column ${column}: ${reason}`);
        this.name = "SharesFileError";
    }
}

const NAME = /^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$/;
const GRAPH_ID = /^[^/\\?#\s]+$/;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,7})?)?(Z|[+-]\d{2}:\d{2})$/;

/** A field of a line: its trimmed text and the column where that text starts. */
interface Field {
    readonly text: string;
    readonly column: number;
}

/** Splits `text` on `separator` into trimmed fields, remembering where each starts (1-based, from `offset`). */
function split(text: string, separator: string, offset: number): Field[] {
    const fields: Field[] = [];
    let start = 0;
    for (;;) {
        const end = text.indexOf(separator, start);
        const raw = text.slice(start, end === -1 ? undefined : end);
        const lead = raw.length - raw.trimStart().length;
        fields.push({ text: raw.trim(), column: offset + start + (raw.trim() === "" ? 0 : lead) });
        if (end === -1) return fields;
        start = end + separator.length;
    }
}

/**
 * Reads the text of a shares file.
 *
 * @param text the file's content.
 * @param file the name used in error messages.
 * @throws SharesFileError at the first problem.
 */
export function parseShares(text: string, file = "shares.csv"): ShareLine[] {
    function fail(line: number, column: number, reason: string): never {
        throw new SharesFileError(file, line, column, reason);
    }
    const lines = text.replace(/^\uFEFF/, "").split(/\r?\n/);
    const shares: ShareLine[] = [];
    const names = new Map<string, number>();
    /** Who is declared on each item, for the one-permission-per-person-per-item rule: key -> line. */
    const declared = new Map<string, number>();
    let header = false;

    lines.forEach((content, index) => {
        const line = index + 1;
        if (content.trim() === "" || content.trimStart().startsWith("#")) return;
        const quote = content.indexOf('"');
        if (quote !== -1) {
            fail(line, quote + 1, "quotes are not supported (no field needs one: separate recipients with ';')");
        }
        const fields = split(content, ",", 1);

        if (!header) {
            const expected = COLUMNS.join(",");
            const mismatch = COLUMNS.findIndex((column, i) => fields[i]?.text !== column);
            if (mismatch !== -1 || fields.length !== COLUMNS.length) {
                // Excel writes ';' between fields where the decimal separator is a comma.
                const bySemicolon = split(content, ";", 1).map((field) => field.text);
                if (bySemicolon.join(",") === expected) {
                    fail(
                        line,
                        content.indexOf(";") + 1,
                        "fields are separated by ';': save the file with ',' between fields",
                    );
                }
                const at =
                    mismatch !== -1 ? (fields[mismatch]?.column ?? content.length + 1) : fields[COLUMNS.length].column;
                fail(line, at, `the first line must be the header "${expected}"`);
            }
            header = true;
            return;
        }

        if (fields.length !== COLUMNS.length) {
            const at = fields.length > COLUMNS.length ? fields[COLUMNS.length].column : content.length + 1;
            fail(line, at, `expected ${COLUMNS.length} fields (${COLUMNS.join(",")}), found ${fields.length}`);
        }
        const [name, driveId, itemId, role, recipients, expires] = fields;

        if (!NAME.test(name.text)) {
            fail(
                line,
                name.column,
                `name "${name.text}" must be 1 to 64 lower-case letters, digits and dashes, ` +
                    "starting and ending with a letter or digit",
            );
        }
        const first = names.get(name.text);
        if (first !== undefined) fail(line, name.column, `name "${name.text}" is already used on line ${first}`);
        names.set(name.text, line);

        for (const [field, label] of [
            [driveId, "driveId"],
            [itemId, "itemId"],
        ] as const) {
            if (field.text === "") fail(line, field.column, `${label} is empty`);
            if (!GRAPH_ID.test(field.text)) {
                fail(line, field.column, `${label} "${field.text}" must be a Graph id, not a path or URL`);
            }
        }

        if (role.text !== "read" && role.text !== "write") {
            fail(line, role.column, `role "${role.text}" must be "read" or "write"`);
        }

        const list: RecipientArg[] = [];
        const seen = new Set<string>();
        if (recipients.text === "") fail(line, recipients.column, "recipients is empty");
        for (const recipient of split(recipients.text, ";", recipients.column)) {
            const value = recipient.text.toLowerCase();
            if (value === "") fail(line, recipient.column, "empty recipient (two ';' in a row, or one at the end)");
            let key: string;
            if (GUID.test(value)) {
                list.push({ objectId: value });
                key = value;
            } else if (EMAIL.test(value)) {
                list.push(value);
                key = value;
            } else {
                fail(
                    line,
                    recipient.column,
                    `recipient "${recipient.text}" is neither an email address nor an Entra ID object id (GUID)`,
                );
            }
            if (seen.has(key)) fail(line, recipient.column, `recipient "${recipient.text}" is listed twice`);
            seen.add(key);
            // Graph keeps one permission per person per item: two lines cannot both declare someone on one item.
            const itemKey = JSON.stringify([driveId.text, itemId.text, key]);
            const other = declared.get(itemKey);
            if (other !== undefined) {
                fail(
                    line,
                    recipient.column,
                    `recipient "${recipient.text}" is already declared on this item on ` +
                        `line ${other}: give each person one role per item`,
                );
            }
            declared.set(itemKey, line);
        }

        if (expires.text !== "" && (!DATE_TIME.test(expires.text) || isNaN(Date.parse(expires.text)))) {
            fail(
                line,
                expires.column,
                `expires "${expires.text}" must be empty or an ISO 8601 date-time with a ` +
                    "time zone, e.g. 2027-06-30T00:00:00Z",
            );
        }

        shares.push({
            line,
            name: name.text,
            driveId: driveId.text,
            itemId: itemId.text,
            role: role.text as Role,
            recipients: list,
            ...(expires.text === "" ? {} : { accessUntil: expires.text }),
        });
    });

    if (!header) fail(lines.length, 1, `the file is empty: it needs the header "${COLUMNS.join(",")}"`);
    return shares;
}
