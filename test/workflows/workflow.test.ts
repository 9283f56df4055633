/**
 * What workflow.ts makes of a workflow: the expressions it evaluates as GitHub does, the ones it refuses, and the
 * Pulumi command line a pulumi/actions step stands for.
 */
import { actionName, evaluate, pulumiCommand, readLocalAction, type Step, stepUsing } from "./workflow";

const context = { workspace: "/checkout", vars: { SET: "value", SCOPE: "USER:bot" } };

describe("evaluate", () => {
    test.each([
        ["${{ github.workspace }}/policy", "/checkout/policy"],
        ["${{ vars.SET }}", "value"],
        ["${{ vars.UNSET }}", ""],
        ["${{ vars.SET || '.' }}", "value"],
        ["${{ vars.UNSET || '.' }}", "."],
        ["type:${{ startsWith(vars.SCOPE, 'user:') && 'personal' || 'team' }}", "type:personal"],
        ["type:${{ startsWith(vars.UNSET, 'user:') && 'personal' || 'team' }}", "type:team"],
        ["no expression", "no expression"],
        [true, "true"],
    ])("%p is %p", (value, expected) => {
        expect(evaluate(value, context)).toBe(expected);
    });

    test.each(["${{ secrets.TOKEN }}", "${{ vars.SET && 'x' }}", "${{ github.ref }}"])(
        "refuses a form it does not know: %p",
        (value) => {
            expect(() => evaluate(value, context)).toThrow(/does not evaluate/);
        },
    );
});

describe("pulumiCommand", () => {
    const step = (inputs: Step["with"]): Step => ({ uses: "pulumi/actions@0", with: inputs });

    test("up is the Automation API's up, each input its flag; where and what to report add none", () => {
        const inputs = { command: "up", "stack-name": "s", "work-dir": ".", diff: true, refresh: false };
        expect(pulumiCommand(step(inputs), context)).toEqual(["up", "--yes", "--skip-preview", "--diff"]);
    });

    test("policy packs and their settings are evaluated paths", () => {
        const inputs = {
            command: "preview",
            policyPacks: "${{ github.workspace }}/${{ vars.UNSET || 'policy' }}",
            policyPackConfigs: "${{ github.workspace }}/c.json",
        };
        expect(pulumiCommand(step(inputs), context)).toEqual([
            "preview",
            "--policy-pack",
            "/checkout/policy",
            "--policy-pack-config",
            "/checkout/c.json",
        ]);
    });

    test("an input it does not translate throws, so that no flag goes untested", () => {
        expect(() => pulumiCommand(step({ command: "preview", target: "urn" }), context)).toThrow(/target/);
        expect(() => pulumiCommand(step({ command: "destroy" }), context)).toThrow(/destroy/);
    });
});

test("stepUsing finds the one step of an action, and throws for none or several", () => {
    const job = { steps: [{ uses: "a/b@1" }, { run: "x" }, { uses: "c/d@2" }, { uses: "c/d@3" }] };
    expect(stepUsing(job, "a/b")).toBe(job.steps[0]);
    expect(() => stepUsing(job, "c/d")).toThrow(/2 steps/);
    expect(() => stepUsing(job, "e/f")).toThrow(/0 steps/);
    expect(actionName("actions/checkout@abc")).toBe("actions/checkout");
});

test("readLocalAction reads only actions of .github/actions", () => {
    expect(readLocalAction("./.github/actions/entra-federated-token").runs.using).toBe("composite");
    expect(() => readLocalAction("./.github/../package.json")).toThrow(/not a local action/);
});
