/**
 * The policy pack as a pull-request preview runs it: the Preview job's command of .github/workflows/drive-sharing.yml
 * (`pulumi preview --diff --refresh --policy-pack policy --policy-pack-config policy/config.example.json`), read from
 * the workflow, through the real CLI, on the quick start installed as a user installs it. What policy/README.md calls
 * mandatory blocks the preview; what it calls advisory is printed and lets it pass.
 */
import { driveSharingCommand } from "../workflows/workflow";
import { exampleFiles, projectFile, type PulumiProject, useEngineSuite } from "./cli";

jest.setTimeout(180_000);

const PREVIEW = driveSharingCommand("preview");

const suite = useEngineSuite();
let project: PulumiProject;

beforeAll(async () => {
    project = await suite.project("policy", exampleFiles("quickstart"));
    await project.config({ ...suite.folder(), "readers[0]": "alice@contoso.com", "editors[0]": "bob@contoso.com" });
}, 120_000);

test("a share that keeps to the documented configuration passes", async () => {
    const result = await project.run(PREVIEW);
    expect(result.status).toBe(0);
    expect(result.stdout).not.toMatch(/mandatory|advisory/);
});

test("write access for an outside domain is mandatory: the preview fails naming the recipient", async () => {
    await project.config({ "editors[0]": "mallory@fabrikam.com" });
    const result = await project.run(PREVIEW);
    expect(result.status).not.toBe(0);
    expect(result.stdout).toMatch(/mandatory.*write-within-allowed-domains/);
    expect(result.stdout).toMatch(/mallory@fabrikam\.com gains write/);
    await project.config({ "editors[0]": "bob@contoso.com" });
});

test("an external reader without an expiration is mandatory in the example configuration", async () => {
    await project.config({ "readers[1]": "erin@fabrikam.com" });
    const result = await project.run(PREVIEW);
    expect(result.status).not.toBe(0);
    expect(result.stdout).toMatch(/mandatory.*external-needs-expiration/);
    expect(result.stdout).toMatch(/erin@fabrikam\.com/);
    await project.ok(["config", "rm", "--path", "readers[1]"]);
});

test("too many recipients on one share is advisory: printed, and the preview passes", async () => {
    const many: Record<string, string> = {};
    for (let i = 0; i < 16; i++) many[`readers[${i}]`] = `reader${i}@contoso.com`;
    await project.config(many);
    const result = await project.run(PREVIEW);
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/advisory.*max-recipients-per-share/);
});

test("a share of a protected folder, written the way the README writes shares, is blocked by the documented example", async () => {
    const payroll = await suite.project("policy-payroll", {
        "Pulumi.yaml": projectFile("driveitemshare-payroll"),
        "index.ts": [
            'import { DriveItemShare } from "driveitemshare";',
            'new DriveItemShare("payroll-readers", {',
            '    siteUrl: "https://contoso.sharepoint.com/sites/finance",',
            '    path: "Payroll/2026",',
            '    recipients: ["alice@contoso.com"],',
            '    roles: ["read"],',
            "});",
        ].join("\n"),
    });
    const result = await payroll.run(PREVIEW);
    expect(result.status).not.toBe(0);
    expect(result.stdout).toMatch(/mandatory.*no-sharing-of-protected-items/);
    expect(result.stdout).toMatch(
        /Item "Payroll\/2026" on site https:\/\/contoso\.sharepoint\.com\/sites\/finance is under protected path "Payroll"/,
    );
});
