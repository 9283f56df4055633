/**
 * The GitHub Actions workflow of examples/github-actions: preview with a comment on pull requests, up on main, signed
 * in with OIDC and no stored secret. GitHub cannot be run here, so this reads the workflow and checks the parts
 * that make it work (js-yaml is @pulumi/pulumi's own YAML parser).
 */
import * as fs from "fs";
import * as path from "path";

const yaml: { load(text: string): unknown } = require("js-yaml");

const FILE = path.resolve(__dirname, "../../.github/workflows/drive-sharing.yml");
const text = fs.readFileSync(FILE, "utf8");
const workflow = yaml.load(text) as any;

type Step = { uses?: string; run?: string; with?: Record<string, unknown>; name?: string };

function step(job: string, uses: string): Step {
    const found = (workflow.jobs[job].steps as Step[]).filter((s) => s.uses?.startsWith(`${uses}@`));
    expect(found).toHaveLength(1);
    return found[0];
}

test("runs on pull requests and on pushes to main", () => {
    expect(Object.keys(workflow.on).sort()).toEqual(["pull_request", "push"]);
    expect(workflow.on.push.branches).toEqual(["main"]);
    expect(workflow.permissions).toEqual({});
});

test("no stored secret: nothing reads secrets.*, and no client secret or access token is set", () => {
    expect(text).not.toMatch(/secrets\./);
    expect(text).not.toMatch(/AZURE_CLIENT_SECRET|PULUMI_ACCESS_TOKEN|clientSecret/);
});

test("preview: pull requests of this repository only, --diff, posted as a comment", () => {
    const job = workflow.jobs.preview;
    expect(job.if).toContain("github.event_name == 'pull_request'");
    expect(job.if).toContain("github.event.pull_request.head.repo.full_name == github.repository");
    expect(job.permissions).toEqual({ contents: "read", "id-token": "write", "pull-requests": "write" });
    expect(step("preview", "pulumi/actions").with).toMatchObject({
        command: "preview",
        diff: true,
        "comment-on-pr": true,
        "stack-name": "${{ vars.PULUMI_STACK }}",
    });
});

test("up: pushes to main only, one at a time, and it cannot comment", () => {
    const job = workflow.jobs.up;
    expect(job.if).toContain("github.event_name == 'push' && github.ref == 'refs/heads/main'");
    expect(job.permissions).toEqual({ contents: "read", "id-token": "write" });
    expect(job.concurrency["cancel-in-progress"]).toBe(false);
    expect(step("up", "pulumi/actions").with).toMatchObject({
        command: "up",
        "stack-name": "${{ vars.PULUMI_STACK }}",
    });
});

// Which Pulumi token each job gets, the Node version and where dependencies are installed: test/workflows/workflows.test.ts.
test.each(["preview", "up"])("%s signs in to Entra ID through a federated token file, before Pulumi runs", (name) => {
    const job = workflow.jobs[name];
    // What DefaultAzureCredential's WorkloadIdentityCredential reads.
    expect({ ...workflow.env, ...job.env }).toMatchObject({
        AZURE_TENANT_ID: "${{ vars.AZURE_TENANT_ID }}",
        AZURE_CLIENT_ID: expect.stringMatching(/^\$\{\{ vars\.AZURE_(PREVIEW_)?CLIENT_ID \}\}$/),
        AZURE_TOKEN_CREDENTIALS: "WorkloadIdentityCredential",
    });
    const steps = job.steps as Step[];
    const signIn = steps.findIndex((s) => s.uses === "./.github/actions/entra-federated-token");
    const pulumi = steps.findIndex((s) => s.uses?.startsWith("pulumi/actions@"));
    expect(signIn).toBeGreaterThan(-1);
    expect(signIn).toBeLessThan(pulumi);
});

test("the federated token file holds GitHub's OIDC token for Entra ID, and its path reaches the later steps", () => {
    const action = yaml.load(
        fs.readFileSync(path.resolve(__dirname, "../../.github/actions/entra-federated-token/action.yml"), "utf8"),
    ) as any;
    const run: string = action.runs.steps.map((s: Step) => s.run ?? "").join("\n");
    expect(run).toContain("$ACTIONS_ID_TOKEN_REQUEST_URL&audience=api%3A%2F%2FAzureADTokenExchange");
    expect(run).toContain('echo "AZURE_FEDERATED_TOKEN_FILE=$TOKEN_FILE" >> "$GITHUB_ENV"');
});
