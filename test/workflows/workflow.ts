/**
 * The GitHub Actions files of this repository as data: a workflow's jobs and steps, a composite action's steps, the
 * few forms of `${{ }}` expression they use, and the Pulumi CLI command a step of pulumi/actions runs. Tests read the
 * workflows through this module so that what they check, and what the engine tests run, is what GitHub runs.
 */
import * as fs from "fs";
import * as path from "path";
import { REPO_ROOT } from "../installed/project";

const { load } = require("js-yaml") as { load(text: string): unknown };

export const GITHUB_DIR = path.join(REPO_ROOT, ".github");

/** An input, `env` or `if` value as YAML gives it. */
export type Scalar = string | number | boolean;

export interface Step {
    readonly name?: string;
    readonly uses?: string;
    readonly run?: string;
    readonly with?: Record<string, Scalar>;
    readonly env?: Record<string, Scalar>;
    readonly "working-directory"?: string;
}

export interface Job {
    readonly name?: string;
    readonly if?: string;
    readonly env?: Record<string, Scalar>;
    readonly permissions?: Record<string, string>;
    readonly strategy?: { readonly matrix?: Record<string, Scalar[]> };
    readonly steps: Step[];
}

export interface Workflow {
    /** The events that start it, with their filters. */
    readonly on: Record<string, unknown>;
    /** The token permissions every job starts from. */
    readonly permissions?: Record<string, string>;
    readonly jobs: Record<string, Job>;
}

export interface CompositeAction {
    readonly runs: { readonly using: string; readonly steps: Step[] };
}

/** The text of a file below .github, e.g. `workflows/ci.yml`. */
export function githubFile(file: string): string {
    return fs.readFileSync(path.join(GITHUB_DIR, file), "utf8");
}

/** A workflow of .github/workflows, by file name. */
export function readWorkflow(file: string): Workflow {
    return load(githubFile(path.join("workflows", file))) as Workflow;
}

/** The composite action a step names with `uses: ./.github/actions/<name>`. */
export function readLocalAction(uses: string): CompositeAction {
    const dir = path.relative(".github", uses);
    if (!uses.startsWith("./.github/actions/") || dir.startsWith("..")) throw new Error(`not a local action: ${uses}`);
    return load(githubFile(path.join(dir, "action.yml"))) as CompositeAction;
}

/** `owner/repo` of a step's `uses: owner/repo@ref`. */
export function actionName(uses: string): string {
    return uses.split("@")[0];
}

/** The one step of a job that uses an action (`owner/repo`, or a local `./...` path). */
export function stepUsing(job: Job, action: string): Step {
    const steps = job.steps.filter((step) => step.uses !== undefined && actionName(step.uses) === action);
    if (steps.length !== 1) throw new Error(`${steps.length} steps use ${action}, expected 1`);
    return steps[0];
}

/** What expressions can read: the checkout's folder and the repository variables (missing ones are empty). */
export interface ExpressionContext {
    readonly workspace: string;
    readonly vars: Record<string, string>;
}

const STRING = "'([^']*)'";
const VARIABLE = "vars\\.([A-Za-z_][A-Za-z0-9_]*)";
const EXPRESSION = /\$\{\{\s*(.*?)\s*\}\}/g;

/** One expression of the forms the workflows use; any other form throws, so that a new one is taught here first. */
function evaluateExpression(expression: string, context: ExpressionContext): string {
    const variable = (name: string) => context.vars[name] ?? "";
    let match: RegExpMatchArray | null;
    if (expression === "github.workspace") return context.workspace;
    if ((match = expression.match(new RegExp(`^${VARIABLE}$`)))) return variable(match[1]);
    // `a || 'b'`: a when it is not empty.
    if ((match = expression.match(new RegExp(`^${VARIABLE} \\|\\| ${STRING}$`)))) return variable(match[1]) || match[2];
    // `startsWith(a, 'p') && 'x' || 'y'`: x when a starts with p (case-insensitively, as GitHub compares), else y.
    match = expression.match(new RegExp(`^startsWith\\(${VARIABLE}, ${STRING}\\) && ${STRING} \\|\\| ${STRING}$`));
    if (match) return variable(match[1]).toLowerCase().startsWith(match[2].toLowerCase()) ? match[3] : match[4];
    throw new Error(`an expression this module does not evaluate: \${{ ${expression} }}`);
}

/** A value with each `${{ }}` in it evaluated. */
export function evaluate(value: Scalar, context: ExpressionContext): string {
    return String(value).replace(EXPRESSION, (_, expression: string) => evaluateExpression(expression, context));
}

/**
 * Inputs of pulumi/actions that choose where and with what the command runs, or what is done with its output, and
 * add no flag to the command itself.
 */
const PLACE_AND_REPORT_INPUTS = new Set([
    "stack-name",
    "work-dir",
    "pulumi-version",
    "comment-on-pr",
    "edit-pr-comment",
    "always-include-summary",
    "comment-on-summary",
]);

/**
 * The `pulumi` command line a step of pulumi/actions runs: the action hands its inputs to the Automation API, whose
 * `up` is `pulumi up --yes --skip-preview` and whose `preview` is `pulumi preview`, each input adding its flag. An
 * input not known here throws, so that no flag the workflow gains goes untested.
 */
export function pulumiCommand(step: Step, context: ExpressionContext): string[] {
    const inputs = step.with ?? {};
    const value = (name: string) => evaluate(inputs[name], context);
    const args: Record<string, string[]> = { up: ["up", "--yes", "--skip-preview"], preview: ["preview"] };
    const command = args[value("command")];
    if (!command) throw new Error(`a command this module does not run: ${value("command")}`);
    for (const name of Object.keys(inputs)) {
        if (name === "command" || PLACE_AND_REPORT_INPUTS.has(name)) continue;
        if (name === "diff" || name === "refresh") {
            if (value(name) === "true") command.push(`--${name}`);
        } else if (name === "policyPacks") command.push("--policy-pack", value(name));
        else if (name === "policyPackConfigs") command.push("--policy-pack-config", value(name));
        else throw new Error(`an input of pulumi/actions this module does not translate: ${name}: ${value(name)}`);
    }
    return command;
}

/**
 * The Pulumi command a job of the drive-sharing workflow runs, in a checkout of this repository with the optional
 * repository variables unset: what the engine tests run.
 */
export function driveSharingCommand(job: "preview" | "up"): string[] {
    const step = stepUsing(readWorkflow("drive-sharing.yml").jobs[job], "pulumi/actions");
    return pulumiCommand(step, { workspace: REPO_ROOT, vars: {} });
}

/** The step of a job that runs `driveitemshare report`. */
export function reportStep(job: Job): Step {
    const steps = job.steps.filter((step) => /\bdriveitemshare report\b/.test(step.run ?? ""));
    if (steps.length !== 1) throw new Error(`${steps.length} steps run driveitemshare report, expected 1`);
    return steps[0];
}

/**
 * The Update job's report step as a shell runs it in a checkout of this repository: its script, and its environment
 * with `${{ }}` evaluated, for a stack named `stack`.
 */
export function driveSharingReport(stack: string): { run: string; env: Record<string, string> } {
    const step = reportStep(readWorkflow("drive-sharing.yml").jobs.up);
    const context = { workspace: REPO_ROOT, vars: { PULUMI_STACK: stack } };
    const env = Object.fromEntries(
        Object.entries(step.env ?? {}).map(([key, value]) => [key, evaluate(value, context)]),
    );
    return { run: step.run!, env };
}
