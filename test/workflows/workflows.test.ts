/**
 * The properties issue #13 asks of the workflows, read from the files GitHub runs: the users' drive-sharing workflow
 * (least Pulumi and Graph access for pull requests, current Node.js, the policy pack in both jobs, a federated token
 * that stays fresh, dependencies installed where the program is) and the project's CI (the Node.js versions users
 * run); both with every action pinned by commit and the Pulumi CLI of the version the project develops against.
 */
import * as fs from "fs";
import * as path from "path";
import { REPO_ROOT } from "../installed/project";
import {
    actionName,
    type CompositeAction,
    evaluate,
    type ExpressionContext,
    githubFile,
    type Job,
    pulumiCommand,
    readLocalAction,
    readWorkflow,
    reportStep,
    stepUsing,
    type Workflow,
} from "./workflow";

const { sdkVersion } = require("../../scripts/pulumi-cli.js") as { sdkVersion(): string };

const WORKFLOW_FILES = fs.readdirSync(path.join(REPO_ROOT, ".github", "workflows")).sort();
const workflows: Record<string, Workflow> = Object.fromEntries(
    WORKFLOW_FILES.map((file) => [file, readWorkflow(file)]),
);
const driveSharing = workflows["drive-sharing.yml"];
const ci = workflows["ci.yml"];
const { preview, up } = driveSharing.jobs;

/** A freshly set-up repository: the variables the set-up guide tells to set, the optional ones unset. */
const SET_UP: ExpressionContext = {
    workspace: "/checkout",
    vars: { PULUMI_ORG: "contoso", PULUMI_STACK: "contoso/drive-sharing/prod", PULUMI_PREVIEW_SCOPE: "team:preview" },
};

const ORGANIZATION_TOKEN = "urn:pulumi:token-type:access_token:organization";

/** Every job of every workflow, and every composite action they use, as [where, steps]. */
function everySteps(): [string, Job["steps"]][] {
    const all: [string, Job["steps"]][] = [];
    for (const [file, workflow] of Object.entries(workflows)) {
        for (const [id, job] of Object.entries(workflow.jobs)) {
            all.push([`${file} ${id}`, job.steps]);
            for (const step of job.steps) {
                if (step.uses?.startsWith("./")) all.push([step.uses, readLocalAction(step.uses).runs.steps]);
            }
        }
    }
    return all;
}

const NEEDS_NO_PIN = (uses: string) => uses.startsWith("./");

describe("the drive-sharing workflow gives pull requests no more than a preview needs", () => {
    test("the Preview job runs on pull requests only, and Update on pushes to main only", () => {
        expect(preview.if).toMatch(/github\.event_name == 'pull_request'/);
        expect(up.if).toMatch(/github\.event_name == 'push' && github\.ref == 'refs\/heads\/main'/);
    });

    test("only a job that runs on main alone requests an organization token", () => {
        for (const [id, job] of Object.entries(driveSharing.jobs)) {
            const auth = stepUsing(job, "pulumi/auth-actions");
            const tokenTypes = [SET_UP, { ...SET_UP, vars: { ...SET_UP.vars, PULUMI_PREVIEW_SCOPE: "user:bot" } }].map(
                (context) => evaluate(auth.with!["requested-token-type"], context),
            );
            if (tokenTypes.includes(ORGANIZATION_TOKEN)) {
                expect([id, job.if]).toEqual([id, expect.stringMatching(/github\.ref == 'refs\/heads\/main'/)]);
                expect(job.if).not.toMatch(/pull_request/);
            }
        }
    });

    test.each([
        ["team:drive-sharing-preview", "team"],
        ["user:drive-sharing-bot", "personal"],
        ["User:drive-sharing-bot", "personal"],
        ["", "team"],
        ["organization", "team"],
    ])("Preview requests a token of the scope's type, never organization: scope %p gives %p", (scope, type) => {
        const auth = stepUsing(preview, "pulumi/auth-actions");
        const context = { ...SET_UP, vars: { ...SET_UP.vars, PULUMI_PREVIEW_SCOPE: scope } };
        expect(evaluate(auth.with!["requested-token-type"], context)).toBe(
            `urn:pulumi:token-type:access_token:${type}`,
        );
        expect(evaluate(auth.with!.scope, context)).toBe(scope);
    });

    test("Update requests the organization token", () => {
        expect(stepUsing(up, "pulumi/auth-actions").with!["requested-token-type"]).toBe(ORGANIZATION_TOKEN);
    });

    test("Preview signs in to Entra ID as the read-only app alone, Update as the app that changes access", () => {
        expect(preview.env!.AZURE_CLIENT_ID).toBe("${{ vars.AZURE_PREVIEW_CLIENT_ID }}");
        expect(up.env!.AZURE_CLIENT_ID).toBe("${{ vars.AZURE_CLIENT_ID }}");
    });

    test("Preview checks both pull-request identities are set before anything else runs", () => {
        const check = preview.steps[0];
        expect(check.run).toContain("$PULUMI_SCOPE");
        expect(check.run).toContain("$AZURE_CLIENT_ID");
        expect(check.env).toEqual({ PULUMI_SCOPE: "${{ vars.PULUMI_PREVIEW_SCOPE }}" });
    });
});

describe("the drive-sharing workflow runs on today's GitHub", () => {
    test.each(["preview", "up"])("%s runs on an active Node.js LTS (22 or later)", (id) => {
        const node = Number(stepUsing(driveSharing.jobs[id], "actions/setup-node").with!["node-version"]);
        expect(node).toBeGreaterThanOrEqual(22);
    });

    test.each(["preview", "up"])("%s runs the policy pack of this repository, with its settings", (id) => {
        const command = pulumiCommand(stepUsing(driveSharing.jobs[id], "pulumi/actions"), SET_UP);
        expect(command).toEqual(
            expect.arrayContaining([
                "--policy-pack",
                "/checkout/policy",
                "--policy-pack-config",
                "/checkout/policy/config.example.json",
            ]),
        );
        expect(fs.existsSync(path.join(REPO_ROOT, "policy", "PulumiPolicy.yaml"))).toBe(true);
        expect(fs.existsSync(path.join(REPO_ROOT, "policy", "config.example.json"))).toBe(true);
    });

    test("Preview runs `pulumi preview --diff --refresh`, Update `pulumi up --diff --refresh`", () => {
        expect(pulumiCommand(stepUsing(preview, "pulumi/actions"), SET_UP).slice(0, 3)).toEqual([
            "preview",
            "--diff",
            "--refresh",
        ]);
        expect(pulumiCommand(stepUsing(up, "pulumi/actions"), SET_UP).slice(0, 5)).toEqual([
            "up",
            "--yes",
            "--skip-preview",
            "--diff",
            "--refresh",
        ]);
    });

    test("Update then adds who has access to the job summary, from the state it wrote, secrets encrypted", () => {
        const pulumi = up.steps.indexOf(stepUsing(up, "pulumi/actions"));
        const report = reportStep(up);
        expect(up.steps.indexOf(report)).toBe(pulumi + 1);
        expect(report.run).toBe(
            'pulumi stack export --stack "$PULUMI_STACK" | npx --no-install driveitemshare report --format markdown ' +
                '>> "$GITHUB_STEP_SUMMARY"',
        );
        expect(report.env).toEqual({ PULUMI_STACK: "${{ vars.PULUMI_STACK }}" });
        for (const vars of [{}, { PULUMI_WORK_DIR: "examples/from-csv" }] as Record<string, string>[]) {
            const context = { ...SET_UP, vars: { ...SET_UP.vars, ...vars } };
            expect(evaluate(report["working-directory"]!, context)).toBe(
                evaluate(up.steps[pulumi].with!["work-dir"], context),
            );
            expect(evaluate(report.env!.PULUMI_STACK, context)).toBe(
                evaluate(up.steps[pulumi].with!["stack-name"], context),
            );
        }
    });

    test.each(["preview", "up"])("%s installs the dependencies in the folder it runs Pulumi in, first", (id) => {
        const job = driveSharing.jobs[id];
        const install = job.steps.findIndex((step) => step.run === "npm ci");
        const pulumi = job.steps.indexOf(stepUsing(job, "pulumi/actions"));
        expect(install).toBeGreaterThanOrEqual(0);
        expect(install).toBeLessThan(pulumi);
        for (const vars of [{}, { PULUMI_WORK_DIR: "examples/from-csv" }] as Record<string, string>[]) {
            const context = { ...SET_UP, vars: { ...SET_UP.vars, ...vars } };
            expect(evaluate(job.steps[install]["working-directory"]!, context)).toBe(
                evaluate(job.steps[pulumi].with!["work-dir"], context),
            );
        }
    });

    test.each(["preview", "up"])("%s refreshes the federated token file every 60 to 120 s", (id) => {
        const signIn = stepUsing(driveSharing.jobs[id], "./.github/actions/entra-federated-token");
        const action: CompositeAction = readLocalAction(signIn.uses!);
        const loops = action.runs.steps.flatMap((step) => [...(step.run ?? "").matchAll(/while sleep (\d+);/g)]);
        expect(loops).toHaveLength(1);
        const seconds = Number(loops[0][1]);
        expect(seconds).toBeGreaterThanOrEqual(60);
        expect(seconds).toBeLessThanOrEqual(120);
    });
});

describe("every workflow", () => {
    test("pins every action it uses by a full commit, with the release in a comment", () => {
        const uses = everySteps().flatMap(([, steps]) => steps.flatMap((step) => (step.uses ? [step.uses] : [])));
        expect(uses.length).toBeGreaterThan(0);
        for (const action of uses.filter((u) => !NEEDS_NO_PIN(u))) {
            expect(action).toMatch(/^[\w.-]+\/[\w.\/-]+@[0-9a-f]{40}$/);
        }
        const files = [...WORKFLOW_FILES.map((file) => `workflows/${file}`), ...localActionFiles()];
        for (const file of files) {
            for (const line of githubFile(file)
                .split("\n")
                .filter((l) => /^\s*(- )?uses: [^.]/.test(l))) {
                expect(line).toMatch(/uses: \S+@[0-9a-f]{40} # v\d+\.\d+\.\d+$/);
            }
        }
    });

    test("pins each action to one commit throughout", () => {
        const commits = new Map<string, Set<string>>();
        for (const [, steps] of everySteps()) {
            for (const step of steps.filter((s) => s.uses && !NEEDS_NO_PIN(s.uses))) {
                const name = actionName(step.uses!);
                commits.set(name, (commits.get(name) ?? new Set()).add(step.uses!));
            }
        }
        for (const [name, pins] of commits) expect([name, [...pins]]).toEqual([name, [expect.any(String)]]);
    });

    test("installs the Pulumi CLI of the version scripts/pulumi-cli.js builds and the tests run", () => {
        const versions = Object.values(workflows).flatMap((workflow) =>
            Object.values(workflow.jobs).map((job) => stepUsing(job, "pulumi/actions").with!["pulumi-version"]),
        );
        const jobs = Object.values(workflows).flatMap((workflow) => Object.values(workflow.jobs));
        expect(versions).toHaveLength(jobs.length);
        expect(new Set(versions)).toEqual(new Set([sdkVersion()]));
    });
});

describe("the project's CI", () => {
    test("tests on each Node.js version users run: 20, 22 and 24", () => {
        const { test: job } = ci.jobs;
        expect(job.strategy!.matrix!.node).toEqual([20, 22, 24]);
        expect(stepUsing(job, "actions/setup-node").with!["node-version"]).toBe("${{ matrix.node }}");
        const engines = require(path.join(REPO_ROOT, "package.json")).engines.node as string;
        expect(engines).toBe(`>=${Math.min(...(job.strategy!.matrix!.node as number[]))}`);
    });

    test("runs the project's own test command", () => {
        expect(ci.jobs.test.steps.map((step) => step.run).filter(Boolean)).toEqual(["npm ci", "npm test"]);
    });
});

describe("the release workflow", () => {
    const release = workflows["release.yml"];
    const { publish } = release.jobs;
    const runs = publish.steps.map((step) => step.run ?? "");
    const at = (pattern: RegExp) => runs.findIndex((run) => pattern.test(run));

    test("runs on version tags alone, and only the publishing job may get an OIDC token", () => {
        expect(release.on).toEqual({ push: { tags: ["v*.*.*"] } });
        expect(release.permissions).toEqual({});
        expect(publish.permissions).toEqual({ contents: "read", "id-token": "write" });
    });

    test("publishes with provenance through trusted publishing, with no stored token", () => {
        expect(runs[runs.length - 1]).toBe("npm publish --provenance --access public");
        expect(githubFile("workflows/release.yml")).not.toMatch(/secrets\.|NODE_AUTH_TOKEN|NPM_TOKEN/);
        const npm = /npm install -g npm@(\d+)\.(\d+)\.(\d+)$/.exec(runs[at(/npm install -g npm@/)])!;
        // Trusted publishing needs npm 11.5.1 or later.
        expect(Number(npm[1]) * 1e6 + Number(npm[2]) * 1e3 + Number(npm[3])).toBeGreaterThanOrEqual(11_005_001);
    });

    test("checks the tag against package.json and CHANGELOG.md, and runs the tests, before it publishes", () => {
        const publishing = at(/^npm publish/);
        expect(at(/GITHUB_REF_NAME/)).toBeGreaterThan(-1);
        expect(at(/GITHUB_REF_NAME/)).toBeLessThan(at(/^npm ci$/));
        expect(at(/^npm ci$/)).toBeLessThan(at(/^npm test$/));
        expect(at(/^npm test$/)).toBeLessThan(publishing);
        expect(at(/repository\.url=/)).toBeLessThan(publishing);
    });
});

test("CHANGELOG.md has a section for package.json's version, as the release workflow requires", () => {
    const { version } = require(path.join(REPO_ROOT, "package.json")) as { version: string };
    expect(fs.readFileSync(path.join(REPO_ROOT, "CHANGELOG.md"), "utf8")).toMatch(new RegExp(`^## ${version}$`, "m"));
});

test("Dependabot proposes updates of the pinned actions and of the npm packages", () => {
    const config = githubFile("dependabot.yml");
    expect(config).toMatch(/package-ecosystem: github-actions\n\s+directory: \/\n/);
    expect(config).toMatch(/package-ecosystem: npm\n\s+directory: \/\n/);
});

/** The action.yml files of .github/actions, relative to .github. */
function localActionFiles(): string[] {
    const dir = path.join(REPO_ROOT, ".github", "actions");
    return fs.readdirSync(dir).map((name) => path.join("actions", name, "action.yml"));
}
