import * as fs from "fs";
import * as path from "path";
import { DRIVE_ITEM_SHARE_TYPE } from "../model/share";
import { UsageError } from "./command";
import { parseReportArguments, renderReport } from "./report";

const SIGNATURE = { "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270" };
const PASSWORD = "test-only-Sh4ring-pw";

describe("parseReportArguments", () => {
    test("Markdown from stdin by default", () => {
        expect(parseReportArguments([])).toEqual({ format: "markdown", state: undefined, help: false });
        expect(parseReportArguments(["--state", "-"])).toEqual({ format: "markdown", state: undefined, help: false });
    });

    test.each([
        [["--format", "csv", "--state", "s.json"]],
        [["--format=csv", "--state=s.json"]],
        [["--state", "s.json", "--format", "csv"]],
    ])("takes --format and --state, with or without =: %j", (args) => {
        expect(parseReportArguments(args)).toEqual({ format: "csv", state: "s.json", help: false });
    });

    test("--help and -h", () => {
        expect(parseReportArguments(["--help"]).help).toBe(true);
        expect(parseReportArguments(["-h", "--format", "csv"]).help).toBe(true);
    });

    test.each([
        [["--format", "xml"], '--format "xml" is not a format; use markdown or csv'],
        [["--format=Markdown"], '--format "Markdown" is not a format; use markdown or csv'],
        [["--format"], "--format needs a value"],
        [["--state", "--format", "csv"], "--state needs a value"],
        [["--format", "csv", "--format", "markdown"], "--format is given twice"],
        [["--stat", "s.json"], 'unknown option "--stat"'],
        [["-f", "csv"], 'unknown option "-f"'],
        [["s.json"], 'unexpected argument "s.json"'],
    ])("refuses %j naming the flag and value", (args, message) => {
        expect(() => parseReportArguments(args)).toThrow(UsageError);
        expect(() => parseReportArguments(args)).toThrow(message);
    });
});

/** A stack exported with `--show-secrets`: a personal-OneDrive share with a password, and a secret stack output. */
function shownSecrets(): string {
    const urn = `urn:pulumi:dev::sharing::${DRIVE_ITEM_SHARE_TYPE}::external-reviewer`;
    const password = { ...SIGNATURE, plaintext: JSON.stringify(PASSWORD) };
    const bag = {
        driveId: "0f040a8f1e1f5d3c",
        itemId: "0F040A8F1E1F5D3C!101",
        recipients: { "erin@fabrikam.com": { email: "erin@fabrikam.com" } },
        roles: ["read"],
        expirationDateTime: "2030-06-30T23:59:59Z",
        password,
        __resourceName: "external-reviewer",
        __resourceUrn: urn,
    };
    return JSON.stringify({
        version: 3,
        deployment: {
            manifest: {},
            secrets_providers: { type: "passphrase", state: { salt: "v1:salt-value:v1:x" } },
            resources: [
                {
                    urn: "urn:pulumi:dev::sharing::pulumi:pulumi:Stack::sharing-dev",
                    type: "pulumi:pulumi:Stack",
                    outputs: { token: { ...SIGNATURE, plaintext: '"stack-output-plaintext"' } },
                },
                {
                    urn,
                    type: DRIVE_ITEM_SHARE_TYPE,
                    inputs: bag,
                    outputs: {
                        ...bag,
                        __provider: "exports.handler = __f0;",
                        grants: { "erin@fabrikam.com": { permissionId: "aTowIy5m", roles: ["read"] } },
                    },
                },
            ],
        },
    });
}

describe("renderReport", () => {
    test.each(["markdown", "csv"] as const)("%s: never shows a secret of the state, shown or not", (format) => {
        const report = renderReport(shownSecrets(), "stdin", format);
        expect(report).toContain("erin@fabrikam.com");
        expect(report).toContain("as declared");
        expect(report).not.toContain(PASSWORD);
        expect(report).not.toContain("stack-output-plaintext");
        expect(report).not.toMatch(/plaintext|ciphertext|1b47061264138c4ac30d75fd1eb44270|exports\.handler|salt/);
    });

    test("cuts a secret out even where a declared value holds it", () => {
        const state = JSON.parse(shownSecrets());
        state.deployment.resources[1].outputs.__resourceName = `named-${PASSWORD}`;
        expect(renderReport(JSON.stringify(state), "stdin", "csv")).toContain("named-<redacted>");
    });

    test("an empty stack: Markdown says nothing is managed, CSV is the header alone", () => {
        const empty = JSON.stringify({ version: 3, deployment: { manifest: {} } });
        expect(renderReport(empty, "stdin", "markdown")).toContain("Nothing is managed");
        expect(renderReport(empty, "stdin", "csv").split("\r\n")).toEqual([expect.stringMatching(/^item,/), ""]);
    });

    test("names the source of a bad state", () => {
        expect(() => renderReport("{", '--state "s.json"', "csv")).toThrow(/^--state "s.json" is not JSON/);
        expect(() => renderReport("[]", "stdin", "csv")).toThrow(/^stdin is not a stack export/);
    });
});

/** The state behind the README's example: two shares on a site, with each status but the secret one. */
const README_EXAMPLE = {
    version: 3,
    deployment: {
        resources: [
            {
                urn: "urn:pulumi:prod::sharing::pulumi-nodejs:dynamic/driveShare:DriveItemShare::finance-readers",
                type: "pulumi-nodejs:dynamic/driveShare:DriveItemShare",
                outputs: {
                    __resourceName: "finance-readers",
                    siteUrl: "https://contoso.sharepoint.com/sites/finance",
                    path: "Budgets/Q3",
                    driveId: "b!x3F",
                    itemId: "01ABC",
                    recipients: {
                        "alice@contoso.com": { email: "alice@contoso.com" },
                        "bob@contoso.com": { email: "bob@contoso.com" },
                    },
                    roles: ["read"],
                    grants: {
                        "alice@contoso.com": { permissionId: "p1", roles: ["read"], since: "2025-05-01T10:00:00Z" },
                    },
                },
            },
            {
                urn: "urn:pulumi:prod::sharing::pulumi-nodejs:dynamic/driveShare:DriveItemShare::external-reviewer",
                type: "pulumi-nodejs:dynamic/driveShare:DriveItemShare",
                outputs: {
                    __resourceName: "external-reviewer",
                    siteUrl: "https://contoso.sharepoint.com/sites/finance",
                    path: "Audit",
                    driveId: "b!x3F",
                    itemId: "01DEF",
                    recipients: { "auditor@fabrikam.com": { email: "auditor@fabrikam.com" } },
                    roles: ["read"],
                    accessUntil: "2026-06-30T23:59:59Z",
                    accessEnded: {
                        "erin@fabrikam.com": { email: "erin@fabrikam.com", accessUntil: "2025-03-31T23:59:59Z" },
                    },
                    grants: {
                        "auditor@fabrikam.com": { permissionId: "p2", roles: ["write"], since: "2025-04-02T08:30:00Z" },
                        "dave@contoso.com": { permissionId: "p3", roles: ["read"] },
                    },
                },
            },
        ],
    },
};

test("the README's example is what the report writes for its state", () => {
    const readme = fs.readFileSync(path.join(__dirname, "..", "..", "README.md"), "utf8");
    const section = readme.slice(readme.indexOf("## Who has access: `driveitemshare report`"));
    const example = /```markdown\n([\s\S]*?)```/.exec(section)![1];
    expect(renderReport(JSON.stringify(README_EXAMPLE), "stdin", "markdown")).toBe(example);
});
