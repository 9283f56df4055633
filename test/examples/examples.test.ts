/**
 * Every example program, run as `pulumi up` would run it but under Pulumi's mocks: its settings come from
 * `new pulumi.Config()`, it imports "driveitemshare" as a user's program does, and the test asserts what it
 * registers. The inputs are also put through the provider's own argument checks, so an example cannot declare
 * something `pulumi preview` would refuse. (Type-checking is `tsc -p tsconfig.json`, which includes examples/.)
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { checkInputs } from "../../provider/check/arguments";
import type { Registered } from "./program";
import { DRIVE_ITEM_SHARE, runProgram, unwrapSecret } from "./program";

const ROOT = path.resolve(__dirname, "../..");
const EXAMPLES = path.join(ROOT, "examples");
/** A fixed "now" for the provider's checks, so that the examples' dates do not expire in the test. */
const NOW = new Date("2026-01-01T00:00:00Z");

/** The project name (the config namespace) of an example, from the Pulumi.yaml that runs it. */
function projectOf(example: string): string {
    const yaml =
        example === "quickstart" ? path.join(ROOT, "Pulumi.yaml") : path.join(EXAMPLES, example, "Pulumi.yaml");
    const text = fs.readFileSync(yaml, "utf8");
    const main = /^main:\s*(\S+)\s*$/m.exec(text)?.[1] ?? "index.ts";
    expect(path.resolve(path.dirname(yaml), main)).toBe(path.join(EXAMPLES, example, "index.ts"));
    return /^name:\s*(\S+)\s*$/m.exec(text)![1];
}

function run(example: string, config: Record<string, unknown>, secrets: string[] = []) {
    return runProgram(path.join(EXAMPLES, example, "index.ts"), { project: projectOf(example), config, secrets });
}

/** The inputs as the provider's check sees them, or the failures it would report. */
function checked(resource: Registered, now = NOW) {
    const news = { ...resource.inputs };
    delete news.__provider;
    if (news.password !== undefined) news.password = unwrapSecret(news.password);
    return checkInputs({}, news, now);
}

function byName(resources: Registered[]): Record<string, Registered> {
    return Object.fromEntries(resources.map((r) => [r.name, r]));
}

const DRIVE = "b!x3FhQ2Z0a3J5cGxhY2Vob2xkZXI";
const ITEM = "01FINANCEFOLDERPLACEHOLDER";
const GROUP = "0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0";
const QUICKSTART = {
    driveId: DRIVE,
    itemId: ITEM,
    readers: ["alice@contoso.com", "carol@contoso.com"],
    editors: ["bob@contoso.com"],
};
const GUEST = { driveId: DRIVE, itemId: ITEM, guestEmail: "auditor@fabrikam.com", accessUntil: "2027-06-30" };

test("every example folder has a program, and each is run below", () => {
    const examples = fs.readdirSync(EXAMPLES).filter((name) => fs.existsSync(path.join(EXAMPLES, name, "index.ts")));
    expect(examples.sort()).toEqual(["from-csv", "group", "guest", "quickstart"]);
});

describe("quick start", () => {
    test("readers and editors of one folder, as two resources", async () => {
        const { resources } = await run("quickstart", QUICKSTART);
        expect(resources.map((r) => [r.type, r.name]).sort()).toEqual([
            [DRIVE_ITEM_SHARE, "finance-editors"],
            [DRIVE_ITEM_SHARE, "finance-readers"],
        ]);
        const { "finance-readers": readers, "finance-editors": editors } = byName(resources);
        expect(readers.inputs).toMatchObject({
            driveId: DRIVE,
            itemId: ITEM,
            recipients: ["alice@contoso.com", "carol@contoso.com"],
            roles: ["read"],
            __resourceName: "finance-readers",
        });
        expect(editors.inputs).toMatchObject({
            driveId: DRIVE,
            itemId: ITEM,
            recipients: ["bob@contoso.com"],
            roles: ["write"],
            __resourceName: "finance-editors",
        });
        for (const share of resources) {
            expect(share.inputs).not.toHaveProperty("password");
            expect(typeof share.inputs.__provider).toBe("string");
            expect(checked(share).failures).toEqual([]);
        }
    });

    test("a missing setting stops the program and names it", async () => {
        await expect(run("quickstart", { driveId: DRIVE, readers: [], editors: [] })).rejects.toThrow(
            /driveitemshare-quickstart:itemId/,
        );
    });
});

describe("a group by object id", () => {
    test("the group reads the folder by default", async () => {
        const { resources } = await run("group", { driveId: DRIVE, itemId: ITEM, groupObjectId: GROUP });
        expect(resources).toHaveLength(1);
        const [team] = resources;
        expect(team.type).toBe(DRIVE_ITEM_SHARE);
        expect(team.name).toBe("finance-team");
        expect(team.inputs).toMatchObject({
            driveId: DRIVE,
            itemId: ITEM,
            recipients: [{ objectId: GROUP }],
            roles: ["read"],
            __resourceName: "finance-team",
        });
        const { inputs, failures } = checked(team);
        expect(failures).toEqual([]);
        expect(inputs.recipients).toEqual({ [GROUP]: true });
    });

    test("role write makes the group editors; any other role is refused by the program", async () => {
        const { resources } = await run("group", { driveId: DRIVE, itemId: ITEM, groupObjectId: GROUP, role: "write" });
        expect(resources[0].inputs.roles).toEqual(["write"]);
        await expect(
            run("group", { driveId: DRIVE, itemId: ITEM, groupObjectId: GROUP, role: "owner" }),
        ).rejects.toThrow('config "role" is "owner": use "read" or "write"');
    });
});

describe("time-boxed access for an external guest", () => {
    test("read until the end of the given day, invited with a message, sign-in required, no password", async () => {
        const { resources, outputs } = await run("guest", GUEST);
        expect(resources).toHaveLength(1);
        const [guest] = resources;
        expect([guest.type, guest.name]).toEqual([DRIVE_ITEM_SHARE, "external-reviewer"]);
        expect(guest.inputs).toMatchObject({
            driveId: DRIVE,
            itemId: ITEM,
            recipients: ["auditor@fabrikam.com"],
            roles: ["read"],
            accessUntil: "2027-06-30T23:59:59Z",
            sendInvitation: true,
            requireSignIn: true,
            message: "You can read these files until 2027-06-30T23:59:59Z.",
            __resourceName: "external-reviewer",
        });
        expect(guest.inputs).not.toHaveProperty("password");
        expect(checked(guest).failures).toEqual([]);
        expect(outputs.expires).toBe("2027-06-30T23:59:59Z");
    });

    test("a date-time with a time zone is kept as written; anything else is refused", async () => {
        const { resources } = await run("guest", {
            ...GUEST,
            accessUntil: "2027-06-30T17:00:00+02:00",
            message: "Q2 audit",
        });
        expect(resources[0].inputs).toMatchObject({
            accessUntil: "2027-06-30T17:00:00+02:00",
            message: "Q2 audit",
        });
        for (const bad of ["30/06/2027", "2027-06-30T17:00:00", "2027-13-45"]) {
            await expect(run("guest", { ...GUEST, accessUntil: bad })).rejects.toThrow(
                `config "accessUntil" is "${bad}"`,
            );
        }
    });

    test("on personal OneDrive, a password is passed on as a secret and never lands in the provider's code", async () => {
        const personal = "8f2c1a0b3d4e5f60";
        const { resources } = await run("guest", { ...GUEST, driveId: personal, password: "s3cret-Pa55" }, [
            "password",
        ]);
        const [guest] = resources;
        expect(unwrapSecret(guest.inputs.password)).toBe("s3cret-Pa55");
        expect(guest.inputs.__provider).not.toContain("s3cret-Pa55");
        const { inputs, failures } = checked(guest);
        expect(failures).toEqual([]);
        expect(inputs.password).toBe("s3cret-Pa55");
    });
});

describe("many shares from a checked-in CSV file", () => {
    test("one share per line of shares.csv, named by its name column", async () => {
        const { resources } = await run("from-csv", {});
        expect(resources.map((r) => [r.type, r.name]).sort()).toEqual([
            [DRIVE_ITEM_SHARE, "external-audit"],
            [DRIVE_ITEM_SHARE, "finance-editors"],
            [DRIVE_ITEM_SHARE, "finance-readers"],
        ]);
        const shares = byName(resources);
        expect(shares["finance-readers"].inputs).toMatchObject({
            driveId: DRIVE,
            itemId: ITEM,
            roles: ["read"],
            __resourceName: "finance-readers",
            recipients: ["alice@contoso.com", { objectId: GROUP }],
        });
        expect(shares["finance-readers"].inputs).not.toHaveProperty("accessUntil");
        expect(shares["finance-editors"].inputs).toMatchObject({ recipients: ["bob@contoso.com"], roles: ["write"] });
        expect(shares["external-audit"].inputs).toMatchObject({
            itemId: "01AUDITFOLDERPLACEHOLDER00",
            recipients: ["auditor@fabrikam.com"],
            roles: ["read"],
            accessUntil: "2030-06-30T23:59:59Z",
        });
        for (const share of resources) expect(checked(share).failures).toEqual([]);
    });

    describe("with another file (config sharesFile)", () => {
        let dir: string;
        beforeAll(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), "driveitemshare-csv-"))));
        afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

        function write(name: string, lines: string[]): string {
            const file = path.join(dir, name);
            fs.writeFileSync(file, lines.join("\r\n"));
            return file;
        }

        test("reordering or inserting lines changes no resource's name or inputs", async () => {
            const original = fs
                .readFileSync(path.join(EXAMPLES, "from-csv", "shares.csv"), "utf8")
                .split("\n")
                .filter((line) => line.trim() !== "" && !line.startsWith("#"));
            const [header, ...rows] = original;
            const inserted = `legal-readers,${DRIVE},01LEGALFOLDERPLACEHOLDER00,read,dana@contoso.com,`;
            const shuffled = write("shuffled.csv", [header, rows[2], inserted, rows[0], rows[1]]);

            const before = byName((await run("from-csv", {})).resources);
            const after = byName((await run("from-csv", { sharesFile: shuffled })).resources);
            expect(Object.keys(after).sort()).toEqual([...Object.keys(before), "legal-readers"].sort());
            for (const name of Object.keys(before)) expect(after[name].inputs).toEqual(before[name].inputs);
        });

        test("a mistake in the file stops the program, naming the file, line and column", async () => {
            const broken = write("broken.csv", [
                "name,driveId,itemId,role,recipients,expires",
                `finance-readers,${DRIVE},${ITEM},read,alice@contoso.com;bob@,`,
            ]);
            await expect(run("from-csv", { sharesFile: broken })).rejects.toThrow(
                /broken\.csv, line 2, column \d+: recipient "bob@" is neither an email address nor an Entra ID object id/,
            );
        });
    });
});

describe("stack outputs: each program exports what its resources report back", () => {
    /** The grants the mocks report for a resource (see program.ts). */
    const grants = (name: string, role: string) => ({ mock: { permissionId: `${name}-permission`, roles: [role] } });

    test("quick start", async () => {
        expect((await run("quickstart", QUICKSTART)).outputs).toEqual({
            readerGrants: grants("finance-readers", "read"),
            editorGrants: grants("finance-editors", "write"),
        });
    });

    test("group", async () => {
        const { outputs } = await run("group", { driveId: DRIVE, itemId: ITEM, groupObjectId: GROUP });
        expect(outputs).toEqual({ grants: grants("finance-team", "read") });
    });

    test("guest", async () => {
        expect((await run("guest", GUEST)).outputs).toEqual({
            expires: "2027-06-30T23:59:59Z",
            grants: grants("external-reviewer", "read"),
        });
    });

    test("CSV", async () => {
        expect((await run("from-csv", {})).outputs).toEqual({
            grants: {
                "finance-readers": grants("finance-readers", "read"),
                "finance-editors": grants("finance-editors", "write"),
                "external-audit": grants("external-audit", "read"),
            },
        });
    });
});
