/**
 * `driveitemshare export`: brings an existing tree under code. It signs in as the provider does (the environment's
 * `AZURE_*`, `MSGRAPH_ENDPOINT`, `DRIVESHARE_*`), walks a folder (graph/tree.ts), and writes a Pulumi TypeScript
 * program declaring the direct grants it found (export-items.ts, export-program.ts), so that `pulumi up` of it adopts
 * them without inviting anyone or changing anything.
 *
 *     npx driveitemshare export --drive-id <id> --path Finance --recursive --out sharing
 */
import * as fs from "fs";
import * as path from "path";
import { checkAddress } from "../check/address";
import { resolveItem } from "../graph/address";
import { GraphRequestError, readAccessHint } from "../graph/errors";
import { GraphSession, packageManifest } from "../graph/session";
import { resolveSettings } from "../graph/settings";
import { scanTree } from "../graph/tree";
import type { ScanProgress } from "../graph/tree";
import { describeAddress } from "../model/address";
import type { AddressProperty, ItemLocator } from "../model/address";
import { splitFlag, UsageError } from "./command";
import type { Command } from "./command";
import { exportedItems } from "./export-items";
import { exportProgram } from "./export-program";
import { projectFiles } from "./export-project";

/** The address flags and the argument each stands for. */
const ADDRESS_FLAGS: Record<string, AddressProperty> = {
    "--drive-id": "driveId",
    "--item-id": "itemId",
    "--path": "path",
    "--user": "userPrincipalName",
    "--group": "groupId",
    "--site-url": "siteUrl",
    "--drive": "drive",
};

export interface ExportOptions {
    readonly locator: ItemLocator;
    /** Levels below the folder to walk: 0 without --recursive, Infinity with it, or --depth's. */
    readonly depth: number;
    readonly out: string;
    readonly newProject: boolean;
    readonly help: boolean;
}

export const EXPORT_USAGE = [
    "Usage: driveitemshare export <folder> [--recursive] [--depth <n>] --out <dir> [--new-project]",
    "",
    "Writes <dir>/index.ts, a Pulumi program declaring the direct grants of a folder (and, walking, of every item",
    "below it) as DriveItemShare resources, one per item and role: `pulumi up` of it adopts them, inviting nobody.",
    "Owners, inherited permissions and sharing links are written as comments; no resource manages them.",
    "",
    "The folder, in one of the provider's address forms:",
    "  --drive-id <id> --path <path>            a path in a drive",
    "  --drive-id <id> --item-id <id>           an item by its Graph ids (items below are then named by id)",
    "  --site-url <url> [--drive <library>] --path <path>",
    "                                           a path in a SharePoint site's library (default: its default one)",
    "  --user <upn> --path <path>               a path in a user's OneDrive",
    "  --group <id> --path <path>               a path in a Microsoft 365 group's drive",
    "",
    "Options:",
    "  --recursive      walk every item below the folder",
    "  --depth <n>      walk n levels below the folder (0: the folder alone, the default without --recursive)",
    "  --out <dir>      where to write index.ts (created if missing; index.ts is overwritten)",
    "  --new-project    also write Pulumi.yaml, package.json and tsconfig.json, named after <dir>",
    "  -h, --help       this help",
    "",
    "An item's own permissions are those its parent folder does not have with the same id and roles: on OneDrive",
    "for Business and SharePoint, Graph does not mark inherited permissions, and an inherited one keeps the id it has",
    "where it was granted. Items with only their parent's permissions are left out of the program.",
    "",
    "Sign-in and Graph settings come from the environment, as the provider's do: AZURE_TENANT_ID, AZURE_CLIENT_ID,",
    "AZURE_CLIENT_SECRET (or AZURE_CLIENT_CERTIFICATE_PATH, or DefaultAzureCredential), DRIVESHARE_CLOUD,",
    "AZURE_AUTHORITY_HOST, MSGRAPH_ENDPOINT, DRIVESHARE_MAX_CONCURRENCY, DRIVESHARE_MAX_THROTTLE_WAIT_SECONDS,",
    "DRIVESHARE_RU_PER_MINUTE.",
    "The app needs Files.Read.All (or Sites.Read.All); --site-url also needs Sites.Read.All.",
    "",
    "Exits 0 when the program is written, 1 when Graph or the sign-in fails, 2 for a wrong option.",
].join("\n");

/** The options of `export`, from the arguments after its name. */
export function parseExportArguments(args: readonly string[]): ExportOptions {
    const address: Record<string, string> = {};
    let recursive = false;
    let depth: number | undefined;
    let out: string | undefined;
    let newProject = false;
    let help = false;
    for (let i = 0; i < args.length; i++) {
        const arg = args[i];
        if (arg === "-h" || arg === "--help") help = true;
        else if (arg === "--recursive") recursive = true;
        else if (arg === "--new-project") newProject = true;
        else {
            const [flag, inline] = splitFlag(arg);
            if (!(flag in ADDRESS_FLAGS) && flag !== "--depth" && flag !== "--out") {
                throw new UsageError(
                    arg.startsWith("-")
                        ? `unknown option "${arg}"`
                        : `unexpected argument "${arg}" (options take flags)`,
                );
            }
            const value = inline ?? args[++i];
            if (value === undefined || (inline === undefined && value.startsWith("--"))) {
                throw new UsageError(`${flag} needs a value`);
            }
            const seen = flag === "--depth" ? depth : flag === "--out" ? out : address[ADDRESS_FLAGS[flag]];
            if (seen !== undefined) throw new UsageError(`${flag} is given twice`);
            if (flag === "--depth") {
                if (!/^\d+$/.test(value))
                    throw new UsageError(`--depth "${value}" is not a number of levels (0 or more)`);
                depth = Number(value);
            } else if (flag === "--out") out = value;
            else address[ADDRESS_FLAGS[flag]] = value;
        }
    }
    if (help) return { locator: {}, depth: 0, out: out ?? "", newProject, help };
    const failures: string[] = [];
    const locator = checkAddress(address, (property, message) => failures.push(`${flagOf(property)}: ${message}`));
    if (failures.length > 0) throw new UsageError(failures.join("; "));
    if (out === undefined) throw new UsageError("--out <dir> is needed: the folder to write index.ts to");
    return { locator, depth: depth ?? (recursive ? Infinity : 0), out, newProject, help };
}

/** The flag of an address argument, for usage errors (check/address.ts names the argument). */
function flagOf(property: string): string {
    return Object.keys(ADDRESS_FLAGS).find((flag) => ADDRESS_FLAGS[flag] === property) ?? property;
}

/** A progress line, rewritten in place, on a terminal only: logs and tests get the final summary alone. */
function progressLine(): { update(progress: ScanProgress): void; end(): void } {
    const tty = !!process.stderr.isTTY;
    let shown = false;
    return {
        update(progress) {
            if (!tty) return;
            shown = true;
            process.stderr.write(
                `\rdriveitemshare export: ${progress.items} items scanned, ${progress.permissions} permissions found`,
            );
        },
        end() {
            if (shown) process.stderr.write("\n");
        },
    };
}

/** Walks the folder and writes the program; resolves to the files written. */
export async function runExport(options: ExportOptions, env: NodeJS.ProcessEnv = process.env): Promise<string[]> {
    const { locator } = options;
    const session = new GraphSession(resolveSettings({}, env));
    const progress = progressLine();
    let scan;
    let driveId: string;
    try {
        const root = await resolveItem(session, locator);
        driveId = root.driveId;
        scan = await scanTree(session, root, options.depth, progress.update);
    } catch (error) {
        if (error instanceof GraphRequestError && error.status === 403) {
            throw new Error(
                `${describeAddress(locator)} cannot be read: Graph ${error.method} ${error.path} answered 403 ` +
                    `${error.code}${readAccessHint(403, error.path)}`,
            );
        }
        throw new Error(`${describeAddress(locator)} cannot be exported: ${(error as Error).message}`);
    } finally {
        progress.end();
    }
    if (!scan)
        throw new Error(
            `Nothing was found at ${describeAddress(locator)}: check the id, and that the app can see the drive`,
        );
    const items = exportedItems(scan.items);
    const files: Record<string, string> = {
        "index.ts": exportProgram({
            locator,
            rootName: scan.items[0].name,
            driveId,
            items,
            depth: options.depth,
            notWalked: scan.notWalked,
        }),
    };
    if (options.newProject) {
        const manifest = packageManifest();
        Object.assign(
            files,
            projectFiles(path.basename(path.resolve(options.out)), {
                driveitemshare: manifest?.version ?? "0.0.0",
                pulumi: manifest?.peerDependencies?.["@pulumi/pulumi"] ?? "^3.0.0",
            }),
        );
    }
    fs.mkdirSync(options.out, { recursive: true });
    const written = Object.entries(files).map(([name, content]) => {
        const file = path.join(options.out, name);
        fs.writeFileSync(file, content);
        return file;
    });
    const permissions = scan.items.reduce((sum, item) => sum + item.permissions.length, 0);
    const grants = items.reduce((sum, item) => sum + item.grants.length, 0);
    process.stderr.write(
        `driveitemshare export: ${scan.items.length} items scanned, ${permissions} permissions found; ` +
            `${grants} direct grants on ${items.filter((i) => i.grants.length > 0).length} items declared; ` +
            `wrote ${written.join(", ")}\n`,
    );
    return written;
}

export const command: Command = {
    summary: "write a Pulumi program declaring the direct grants of an existing folder and what is below it",
    usage: EXPORT_USAGE,
    async run(args) {
        const options = parseExportArguments(args);
        if (options.help) {
            process.stdout.write(EXPORT_USAGE + "\n");
            return 0;
        }
        await runExport(options);
        return 0;
    },
};
