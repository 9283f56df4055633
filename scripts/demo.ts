/**
 * `npm run demo`: the main job on an embedded default. Starts the Graph + Entra ID emulator with its demo tenant,
 * creates a throwaway stack of the quick start (this checkout's Pulumi.yaml) on a local file backend in a temporary
 * folder, runs the real `pulumi preview --diff` and `pulumi up`, prints who now has what access as the emulator sees
 * it, runs `pulumi destroy`, and removes everything it made, whatever happens (Ctrl-C included). No Pulumi account,
 * no tenant, no network.
 */
import { spawn, type ChildProcess } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { CLIENT_ID, CLIENT_SECRET, DEMO_TENANT, TENANT_ID } from "../test/emulator/demo-tenant";
import { EMULATOR_CA_CERT_PATH, type GraphEmulator, startEmulator } from "../test/emulator";

const { ensurePulumiCli } = require("./pulumi-cli.js") as { ensurePulumiCli(): string };

const ROOT = path.resolve(__dirname, "..");
const FOLDER = "/Projects";
const READERS = ["carol@fabrikam.com"];
const EDITORS = ["bob@contoso.com"];

let running: ChildProcess | undefined;
let interrupted = false;

function pulumi(binDir: string, env: NodeJS.ProcessEnv, args: string[]): Promise<void> {
    process.stdout.write(`\n$ pulumi ${args.join(" ")}\n`);
    return new Promise((resolve, reject) => {
        running = spawn(path.join(binDir, "pulumi"), [...args, "--non-interactive"], {
            cwd: ROOT,
            env,
            stdio: "inherit",
        });
        running.on("error", reject);
        running.on("exit", (code, signal) => {
            running = undefined;
            if (code === 0) resolve();
            else reject(new Error(`pulumi ${args[0]} ${signal ? `was stopped by ${signal}` : `exited with ${code}`}`));
        });
    });
}

/** Who holds which role on the item, as Graph lists it: a short table. */
function accessTable(emulator: GraphEmulator, driveId: string, itemId: string): string {
    const rows = emulator.permissions(driveId, itemId).map((permission) => {
        const who =
            permission.grantedToV2?.user?.email ??
            permission.grantedTo?.user?.email ??
            permission.grantedToV2?.group?.displayName ??
            permission.link?.scope ??
            "?";
        const how = permission.inheritedFrom ? "inherited" : permission.link ? "sharing link" : "direct";
        return [who, permission.roles.join(", "), how];
    });
    const header = ["who", "role", "how"];
    const widths = header.map((title, i) => Math.max(title.length, ...rows.map((row) => row[i].length)));
    const line = (cells: string[]) =>
        cells
            .map((cell, i) => cell.padEnd(widths[i]))
            .join("  ")
            .trimEnd();
    return [line(header), line(widths.map((width) => "-".repeat(width))), ...rows.map(line)].join("\n");
}

async function main(): Promise<void> {
    const binDir = ensurePulumiCli();
    const emulator = await startEmulator();
    const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "driveitemshare-demo-"));
    const stack = `emulator-demo-${process.pid}`;
    const stackFile = path.join(ROOT, `Pulumi.${stack}.yaml`);
    const stop = () => {
        interrupted = true;
        running?.kill("SIGINT");
    };
    process.on("SIGINT", stop);
    process.on("SIGTERM", stop);
    try {
        const seeded = emulator.seed(DEMO_TENANT);
        const drive = seeded.drives[0];
        const itemId = drive.items[FOLDER];
        // Shared by hand before Pulumi: the stack does not declare dave, so nothing it does touches his access.
        emulator.addPermission(drive.id, itemId, { kind: "user", user: "dave@contoso.com", roles: ["read"] });
        process.stdout.write(
            `Graph + Entra ID emulator on ${emulator.url}, demo tenant ${TENANT_ID}.\n` +
                `Sharing ${FOLDER} of drive ${drive.id}: ${READERS.join(", ")} may read, ${EDITORS.join(", ")} may edit; ` +
                "dave@contoso.com already reads it (shared by hand).\n",
        );
        const env: NodeJS.ProcessEnv = {
            ...process.env,
            PATH: [binDir, path.dirname(process.execPath), process.env.PATH ?? ""].join(path.delimiter),
            PULUMI_HOME: path.join(scratch, "home"),
            PULUMI_BACKEND_URL: `file://${scratch}`,
            PULUMI_CONFIG_PASSPHRASE: "demo",
            PULUMI_SKIP_UPDATE_CHECK: "true",
            PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
            NODE_EXTRA_CA_CERTS: EMULATOR_CA_CERT_PATH,
            AZURE_TENANT_ID: TENANT_ID,
            AZURE_CLIENT_ID: CLIENT_ID,
            AZURE_CLIENT_SECRET: CLIENT_SECRET,
            AZURE_AUTHORITY_HOST: emulator.url,
            MSGRAPH_ENDPOINT: emulator.url,
        };
        const steps: string[][] = [
            ["stack", "init", stack],
            [
                "config",
                "set-all",
                "--path",
                "--plaintext",
                `driveId=${drive.id}`,
                "--plaintext",
                `itemId=${itemId}`,
                ...READERS.flatMap((email, i) => ["--plaintext", `readers[${i}]=${email}`]),
                ...EDITORS.flatMap((email, i) => ["--plaintext", `editors[${i}]=${email}`]),
            ],
            ["preview", "--diff"],
            ["up", "--yes", "--skip-preview"],
        ];
        for (const step of steps) {
            if (interrupted) throw new Error("interrupted");
            await pulumi(binDir, env, step);
        }
        process.stdout.write(
            `\nWho has access to ${FOLDER} now, as Graph lists it:\n${accessTable(emulator, drive.id, itemId)}\n`,
        );
        await pulumi(binDir, env, ["destroy", "--yes", "--skip-preview"]);
        process.stdout.write(`\nAfter destroy:\n${accessTable(emulator, drive.id, itemId)}\n`);
    } finally {
        await emulator.close();
        fs.rmSync(scratch, { recursive: true, force: true });
        fs.rmSync(stackFile, { force: true });
    }
}

main().catch((error: unknown) => {
    process.stderr.write(`demo: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
});
