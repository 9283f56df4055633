// The standalone emulator (`npm run emulator` = ts-node test/emulator/main.ts): prints its URL, ids and
// environment, serves the demo tenant, and stops cleanly on SIGTERM.
import { type ChildProcess, spawn } from "node:child_process";
import { join } from "node:path";

function waitForOutput(child: ChildProcess, pattern: RegExp): Promise<string> {
    return new Promise((resolve, reject) => {
        let out = "";
        child.stdout?.on("data", (chunk: Buffer) => {
            out += chunk.toString();
            if (pattern.test(out)) resolve(out);
        });
        child.once("exit", (code) => reject(new Error(`exited with ${code}: ${out}`)));
    });
}

test("prints how to connect, serves the demo tenant, exits 0 on SIGTERM", async () => {
    const child = spawn(process.execPath, ["-r", "ts-node/register/transpile-only", join(__dirname, "main.ts")], {
        env: { ...process.env, EMULATOR_PORT: "0" },
        stdio: ["ignore", "pipe", "inherit"],
    });
    try {
        const out = await waitForOutput(child, /Control: /);
        const env = Object.fromEntries([...out.matchAll(/export (\w+)=(\S+)/g)].map((m) => [m[1], m[2]]));
        expect(Object.keys(env)).toEqual([
            "NODE_EXTRA_CA_CERTS",
            "AZURE_TENANT_ID",
            "AZURE_CLIENT_ID",
            "AZURE_CLIENT_SECRET",
            "AZURE_AUTHORITY_HOST",
            "MSGRAPH_ENDPOINT",
        ]);
        const url = env.AZURE_AUTHORITY_HOST;
        const token = await fetch(`${url}/${env.AZURE_TENANT_ID}/oauth2/v2.0/token`, {
            method: "POST",
            body: new URLSearchParams({
                grant_type: "client_credentials",
                client_id: env.AZURE_CLIENT_ID,
                client_secret: env.AZURE_CLIENT_SECRET,
                scope: "https://graph.microsoft.com/.default",
            }),
        }).then((r) => r.json() as Promise<{ access_token: string }>);
        const driveId = /drive business (\S+)/.exec(out)?.[1];
        const res = await fetch(`${url}/v1.0/drives/${driveId}/root:/Projects/plan.docx:/permissions`, {
            headers: { authorization: `Bearer ${token.access_token}` },
        });
        expect(((await res.json()) as { value: Array<{ roles: string[] }> }).value.map((p) => p.roles)).toEqual([
            ["read"],
        ]);
    } finally {
        if (child.exitCode === null) {
            const exited = new Promise<number | null>((resolve) => child.once("exit", resolve));
            child.kill("SIGTERM");
            expect(await exited).toBe(0);
        }
    }
});
