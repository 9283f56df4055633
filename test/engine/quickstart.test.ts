/**
 * The quick start as a user runs it: the packed package installed into a fresh project, the real Pulumi CLI
 * (`preview`, `up`, `refresh`, `destroy`) on a local backend, against the Graph suite.emulator.
 */
import { grantsFromStored } from "../../provider/model/stored-grant";
import { ALICE, BOB, CAROL, CLIENT_SECRET, DAVE } from "../driveitemshare/stack";
import * as fs from "fs";
import * as path from "path";
import { DRIVE_ITEM_SHARE_TYPE, directGrants, exampleFiles, type PulumiProject, useEngineSuite } from "./cli";
import { expectGolden, normalise } from "./golden";

jest.setTimeout(180_000);

const suite = useEngineSuite();
let project: PulumiProject;
let folder: { driveId: string; itemId: string };
let foreignPermissionId: string;

/** Who holds which roles on the folder directly, as Graph lists it (owner and inherited permissions apart). */
const access = () => directGrants(suite.emulator, folder);

/** Graph requests since the last call, as "METHOD path". */
function takeRequests(): string[] {
    const lines = suite.emulator.graphRequests().map((request) => `${request.method} ${request.path}`);
    suite.emulator.clearRequests();
    return lines;
}

function writes(requests: string[]): string[] {
    return requests.filter((line) => !line.startsWith("GET "));
}

function grantOf(email: string) {
    return suite.emulator
        .permissions(folder.driveId, folder.itemId)
        .find((permission) => (permission.grantedToV2?.user?.email ?? permission.grantedTo?.user?.email) === email)!;
}

beforeAll(async () => {
    folder = suite.folder();
    foreignPermissionId = suite.sharedByHand(folder, ["write"]);
    project = await suite.project("quickstart", exampleFiles("quickstart"));
    await project.config({ ...folder, "readers[0]": ALICE, "editors[0]": BOB });
}, 120_000);

const literals = () => ({ [folder.itemId]: "<itemId>", [folder.driveId]: "<driveId>" });

test("preview shows the two shares to create and calls Graph for nothing", async () => {
    takeRequests();
    expectGolden("quickstart-create", normalise(await project.previewDiff(), literals()));
    const plan = await project.previewJson();
    expect(
        plan.steps
            .filter((step) => step.op === "create")
            .map((step) => step.urn.split("::").pop())
            .sort(),
    ).toEqual(["driveitemshare-quickstart-test", "finance-editors", "finance-readers"]);
    expect(writes(takeRequests())).toEqual([]);
});

test("up grants alice read and bob write, and leaves dave's own grant alone", async () => {
    await project.up();
    expect(access()).toEqual([`${ALICE}:read`, `${BOB}:write`, `${DAVE}:write`]);
    const shares = await project.resources();
    expect(Object.keys(shares).sort()).toEqual(["finance-editors", "finance-readers"]);
    expect(grantsFromStored(shares["finance-readers"].outputs!.grants)[ALICE]).toMatchObject({
        permissionId: grantOf(ALICE).id,
        roles: ["read"],
    });
    // The state keeps each grant as one string; the program's `grants` output reads it as an object.
    expect(shares["finance-readers"].outputs!.grants[ALICE]).toEqual(expect.stringMatching(/^read \S+ \d{4}-/));
    const exported = JSON.parse((await project.ok(["stack", "output", "readerGrants", "--json"])).stdout);
    expect(exported).toEqual({
        [ALICE]: { permissionId: grantOf(ALICE).id, roles: ["read"], since: expect.any(String) },
    });
    expect(suite.emulator.permissions(folder.driveId, folder.itemId).some((p) => p.id === foreignPermissionId)).toBe(
        true,
    );
});

test("a second up reports no changes and writes nothing to Graph", async () => {
    takeRequests();
    const result = await project.up();
    expect(result.stdout).toMatch(/3 unchanged/);
    expect(result.stdout).not.toMatch(/to update|updated|created|deleted/);
    expect(writes(takeRequests())).toEqual([]);
    expect(normalise(await project.previewDiff(), literals())).toMatch(/Resources:\n\s+3 unchanged/);
});

test("what reviewers read: one recipient added, one removed, a role changed, nothing else", async () => {
    await project.config({ "readers[1]": CAROL });
    expectGolden("quickstart-add-reader", normalise(await project.previewDiff(), literals()));
    const added = await project.previewJson();
    expect(added.changeSummary).toEqual({ same: 2, update: 1 });

    await project.up();
    await project.ok(["config", "rm", "--path", "readers[1]"]);
    expectGolden("quickstart-remove-reader", normalise(await project.previewDiff(), literals()));
    expect((await project.previewJson()).changeSummary).toEqual({ same: 2, update: 1 });
    await project.up();

    await project.config({ "editors[0]": CAROL });
    expectGolden("quickstart-replace-editor", normalise(await project.previewDiff(), literals()));

    await project.config({ "editors[0]": BOB });
    expect((await project.previewJson()).changeSummary).toEqual({ same: 3 });
});

test("drift done in SharePoint shows in refresh, and the next up repairs it", async () => {
    suite.emulator.removePermission(folder.driveId, folder.itemId, grantOf(ALICE).id);
    suite.emulator.setPermissionRoles(folder.driveId, folder.itemId, grantOf(BOB).id, ["read"]);
    const refreshed = await project.refresh();
    expect(refreshed.stdout).toMatch(/2 updated/);
    const shares = await project.resources();
    expect(shares["finance-readers"].outputs!.grants).not.toHaveProperty([ALICE]);
    expect(grantsFromStored(shares["finance-editors"].outputs!.grants)[BOB].roles).toEqual(["read"]);

    suite.emulator.clearRequests();
    await project.up();
    expect(access()).toEqual([`${ALICE}:read`, `${BOB}:write`, `${DAVE}:write`]);
    // Alice is granted again with one invite that emails nobody; bob's role is set back.
    const invites = suite.emulator.graphRequests().filter((request) => request.path.endsWith("/invite"));
    expect(invites.map((request) => request.body)).toEqual([
        expect.objectContaining({
            recipients: [{ email: ALICE }],
            roles: ["read"],
            sendInvitation: false,
        }),
    ]);
    expect(grantOf(BOB).roles).toEqual(["write"]);
});

test("a share created before the recipients' compact form keeps its form: the preview shows only who changes", async () => {
    const shares = await project.resources();
    expect(shares["finance-readers"].inputs!.recipients).toEqual({ [ALICE]: true });
    expect(shares["finance-readers"].outputs!.recipients).toEqual({ [ALICE]: true });

    // As 0.1.0 wrote them: an object per recipient, in the inputs and in the outputs.
    const state = await project.exportStack();
    for (const resource of state.deployment.resources ?? []) {
        for (const bag of [resource.inputs, resource.outputs]) {
            if (resource.type !== DRIVE_ITEM_SHARE_TYPE || !bag) continue;
            bag.recipients = Object.fromEntries(Object.keys(bag.recipients).map((key) => [key, { email: key }]));
        }
    }
    const file = path.join(project.dir, "from-0.1.0.json");
    fs.writeFileSync(file, JSON.stringify(state));
    await project.ok(["stack", "import", "--file", file]);
    expect(normalise(await project.previewDiff(), literals())).toMatch(/Resources:\n\s+3 unchanged/);
    // A refresh that finds no drift rewrites nothing either.
    expect((await project.refresh()).stdout).not.toMatch(/updated/);
    expect((await project.resources())["finance-readers"].outputs!.recipients).toEqual({ [ALICE]: { email: ALICE } });

    await project.config({ "readers[1]": CAROL });
    const preview = normalise(await project.previewDiff(), literals());
    expect(preview).toMatch(/\+ carol@contoso\.com: \{\n\s+\+ email: "carol@contoso\.com"/);
    expect(preview).toMatch(/\n\s+alice@contoso\.com: \{\n\s+email: "alice@contoso\.com"/);
    expect(preview).not.toMatch(/[-+~] alice@contoso/);
    await project.up();
    const after = await project.resources();
    expect(after["finance-readers"].inputs!.recipients).toEqual({
        [ALICE]: { email: ALICE },
        [CAROL]: { email: CAROL },
    });
    expect(after["finance-readers"].outputs!.recipients).toEqual(after["finance-readers"].inputs!.recipients);
    expect(access()).toEqual([`${ALICE}:read`, `${BOB}:write`, `${CAROL}:read`, `${DAVE}:write`]);

    await project.ok(["config", "rm", "--path", "readers[1]"]);
    await project.up();
    expect(access()).toEqual([`${ALICE}:read`, `${BOB}:write`, `${DAVE}:write`]);
});

test("the stack's state holds no client secret and no token", async () => {
    const exported = JSON.stringify(await project.exportStack());
    expect(exported).not.toContain(CLIENT_SECRET);
    // Entra ID access tokens are JWTs: three base64url parts starting with a JSON header.
    expect(exported).not.toMatch(/eyJ[\w-]+\.eyJ[\w-]+\.[\w-]+/);
});

test("destroy removes what the stack granted and leaves exactly the foreign permission", async () => {
    const before = suite.emulator
        .permissions(folder.driveId, folder.itemId)
        .filter((p) => p.inheritedFrom || p.roles.includes("owner"))
        .map((p) => p.id);
    await project.destroy();
    expect(access()).toEqual([`${DAVE}:write`]);
    const after = suite.emulator
        .permissions(folder.driveId, folder.itemId)
        .map((p) => p.id)
        .sort();
    expect(after).toEqual([...before, foreignPermissionId].sort());
});
