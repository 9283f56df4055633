// A stand-in for the Pulumi engine's lifecycle of one dynamic resource, so tests read like `pulumi preview`,
// `up`, `refresh` and `destroy` while every provider call goes through the real host (host.ts).
//
// Sources (pulumi/pulumi, Go engine), cited where each rule is applied:
// - pkg/resource/deploy/step_generator.go   generateSteps, generateStepsFromDiff, diffResource
// - pkg/resource/deploy/step.go             SameStep, CreateStep, UpdateStep, DeleteStep, RefreshStep
// - pkg/resource/deploy/deployment_executor.go  retirePendingDeletes
// - pkg/engine/update.go                    OnResourceStepPost (partially failed updates)
// - sdk/go/common/resource/plugin/provider_plugin.go  parseError, InitError, Read
// Not modelled: ignoreChanges, replaceOnChanges, protect, targets, aliases, dependents, secrets marking.
import type { CheckFailure, DiffResult, ProviderHost } from "./host";
import { DEFAULT_PROJECT, HostCallError, PROVIDER_KEY, UNKNOWN } from "./host";

/** Type token of the product's resource: `pulumi-nodejs:dynamic/<module>:<type>`. */
export const DEFAULT_TYPE = "pulumi-nodejs:dynamic/driveShare:DriveItemShare";

/** The record Pulumi keeps in the stack state for the resource. */
export interface EngineState {
    id: string;
    /** Checked inputs, without `__provider`. */
    inputs: any;
    /** Outputs, without `__provider`. */
    outputs: any;
    /** `__provider` stored with the inputs: the provider text of the run that last checked them. */
    inputsProvider?: string;
    /**
     * `__provider` stored with the outputs. Read and Delete load the provider from it, so they run the code the
     * resource was created or last updated with. Absent after an ErrorResourceInitFailed whose properties did
     * not carry it: the engine then sends outputs without `__provider`, and the host cannot load a provider.
     */
    outputsProvider?: string;
    /** Reasons of the last ErrorResourceInitFailed; while set, an unchanged `up` still calls Update. */
    initErrors?: string[];
}

/** What `up` does to the resource. */
export type UpOp = "create" | "update" | "replace" | "same";

/** What `preview` found: the operation, the checked inputs it would use, check failures and the diff. */
export interface PreviewResult {
    /** "invalid" when Check reported failures: the engine stops there (no Diff). */
    op: UpOp | "invalid";
    /** Checked inputs (for "replace", those of the second Check, which has no olds). */
    checked: any;
    failures: CheckFailure[];
    /** The diff, when there was prior state; "unknown" already resolved the way the engine does. */
    diff?: DiffResult;
}

/** `up` stopped because Check reported failures; `message` has one line per failure, as the engine prints them. */
export class CheckFailedError extends Error {
    /** @param failures  the failures Check returned. */
    constructor(
        message: string,
        readonly failures: CheckFailure[],
    ) {
        super(message);
        this.name = "CheckFailedError";
    }
}

/**
 * Create or Update threw an error carrying an `id` (ErrorResourceInitFailed). The step failed, but the engine
 * kept the resource; `message` is what the engine reports: the reasons, not the thrown error's message
 * (provider_plugin.go parseError replaces the error with InitError{Reasons}).
 */
export class InitFailedError extends Error {
    /**
     * @param hostError  the call's error; `hostError.initFailed` holds id, properties and reasons.
     * @param state  the state the engine recorded for the partially created resource.
     */
    constructor(
        readonly hostError: HostCallError,
        readonly state: EngineState,
    ) {
        super(initErrorMessage(hostError.initFailed?.reasons ?? []));
        this.name = "InitFailedError";
    }
}

/** One resource driven through the engine's lifecycle against a ProviderHost. */
export class EngineResource {
    /** urn:pulumi:<stack>::<project>::<type>::<name>. */
    readonly urn: string;
    /** What Pulumi keeps in the stack state; undefined before create and after delete. */
    state?: EngineState;
    /**
     * Replaced resources the engine marked Delete=true and still has to delete: after a create-before-delete
     * replacement until its delete succeeds. Every `up` and `destroy` first deletes them, as the engine does.
     */
    pendingDeletes: EngineState[] = [];

    /**
     * @param host  the host to call; assign another one to model a program whose provider code changed (new
     *   `__provider` text): news then carry the new text, while state keeps the old one where the engine does.
     */
    constructor(
        public host: ProviderHost,
        name: string,
        type: string = DEFAULT_TYPE,
        stack: string = "dev",
        project: string = DEFAULT_PROJECT,
    ) {
        this.urn = `urn:pulumi:${stack}::${project}::${type}::${name}`;
    }

    /**
     * `pulumi preview`: Check and Diff only, since the host does not support previews of Create/Update.
     * Inputs may contain UNKNOWN. Resolves to what `up` would do; changes nothing.
     */
    async preview(inputs: object): Promise<PreviewResult> {
        return this.plan(inputs);
    }

    /**
     * `pulumi up`: deletes pending deletes, then Check (olds = state inputs, or none), Diff against the stored
     * outputs, and create / update / replace / same. Check failures throw CheckFailedError; a provider error
     * throws the HostCallError (the state keeps what it had) or InitFailedError (the state records the
     * partially created resource). Inputs must not contain UNKNOWN: the engine only allows them in previews.
     */
    async up(inputs: object): Promise<{ op: UpOp; diff?: DiffResult }> {
        if (containsUnknown(inputs)) throw new Error("unknown values are only possible during preview");
        await this.retirePendingDeletes();
        const plan = await this.plan(inputs);
        if (plan.op === "invalid") {
            throw new CheckFailedError(checkFailureMessage(this.urn, inputs, plan.failures), plan.failures);
        }
        const old = this.state;
        switch (plan.op) {
            case "create":
                await this.record(() => this.create(plan.checked));
                break;
            case "same":
                // step.go SameStep.Apply: the new state keeps the old id and outputs with the new checked inputs.
                this.state = { ...old!, inputs: plan.checked, inputsProvider: this.host.providerText };
                break;
            case "update":
                await this.update(old!, plan.checked);
                break;
            case "replace":
                await this.replace(old!, plan.checked, plan.diff!.deleteBeforeReplace);
                break;
        }
        return { op: plan.op, diff: plan.diff };
    }

    /**
     * `pulumi refresh`: Read(id, old outputs, old inputs). An empty id removes the resource ("delete").
     * Otherwise the state takes the read outputs (and inputs, if returned) and, as the engine does since
     * pulumi/pulumi#16146, the op comes from Diff(olds = read outputs, news = old inputs): "same" or "update".
     */
    async refresh(): Promise<{ op: "same" | "update" | "delete" }> {
        const old = this.state;
        if (!old) throw new Error(`${this.urn} has no state to refresh`);
        // step.go RefreshStep.Apply
        let read: { id: string; props: any; inputs?: any };
        let outputsProvider = old.outputsProvider;
        let initErrors: string[] | undefined;
        try {
            read = await this.host.read(old.id, this.urn, outputsBag(old), inputsBag(old));
        } catch (err) {
            const init = err instanceof HostCallError ? err.initFailed : undefined;
            if (!init) throw err;
            // A partial failure does not fail a refresh: the outputs are kept and the reasons become init errors.
            read = { id: init.id, props: init.properties };
            outputsProvider = init.provider;
            initErrors = init.reasons;
        }
        if (!read.id) {
            this.state = undefined;
            return { op: "delete" };
        }
        // The host copies the request's `__provider` (the stored outputs' one) into returned props and inputs.
        const next: EngineState = {
            id: read.id,
            inputs: read.inputs ?? old.inputs,
            outputs: read.props,
            inputsProvider: read.inputs ? old.outputsProvider : old.inputsProvider,
            outputsProvider,
        };
        if (initErrors) next.initErrors = initErrors;
        // The refresh diff is the diff an `up` with unchanged inputs would see, with the read state as olds.
        const diff = await this.diff(next, inputsBag(old));
        this.state = next;
        return { op: diff.changes === "none" ? "same" : "update" };
    }

    /** `pulumi destroy`: deletes pending deletes, then Delete(id, outputs); the state is removed on success. */
    async destroy(): Promise<void> {
        await this.retirePendingDeletes();
        if (!this.state) return;
        await this.delete(this.state);
        this.state = undefined;
    }

    // step_generator.go generateSteps / generateStepsFromDiff, without executing anything.
    private async plan(inputs: object): Promise<PreviewResult> {
        const old = this.state;
        // Creates are checked with no olds; updates with the old inputs.
        const checked = await this.host.check(this.urn, old ? inputsBag(old) : {}, inputs);
        if (checked.failures.length > 0) return { op: "invalid", checked: checked.inputs, failures: checked.failures };
        if (!old) return { op: "create", checked: checked.inputs, failures: [] };
        const diff = await this.diff(old, checked.inputs);
        if (diff.changes === "some" && diff.replaces.length > 0) {
            // A replacement recomputes the inputs from scratch: Check again with no olds.
            const fresh = await this.host.check(this.urn, {}, inputs);
            const op = fresh.failures.length > 0 ? "invalid" : "replace";
            return { op, checked: fresh.inputs, failures: fresh.failures, diff };
        }
        // Unchanged but with init errors: an update "continues" the initialization.
        const op = diff.changes === "some" || old.initErrors?.length ? "update" : "same";
        return { op, checked: checked.inputs, failures: [], diff };
    }

    // step_generator.go diffResource: Diff(olds = old outputs, news); DIFF_UNKNOWN (what the host answers when
    // the provider has no diff or returns `changes: undefined`) becomes a comparison of old and new inputs.
    // A bag without its own `__provider` gets the current host's text, as checked inputs carry it.
    private async diff(old: EngineState, news: object): Promise<DiffResult> {
        const result = await this.host.diff(old.id, this.urn, outputsBag(old), news, inputsBag(old));
        if (result.changes !== "unknown") return result;
        const withProvider = Object.prototype.hasOwnProperty.call(news, PROVIDER_KEY)
            ? news
            : { ...news, [PROVIDER_KEY]: this.host.providerText };
        return { ...result, changes: canonical(inputsBag(old)) === canonical(withProvider) ? "none" : "some" };
    }

    // step.go CreateStep.Apply: on ErrorResourceInitFailed the engine keeps the id and properties it carried.
    private async create(checked: any): Promise<EngineState> {
        const provider = this.host.providerText;
        try {
            const { id, outs } = await this.host.create(this.urn, checked);
            return { id, inputs: checked, outputs: outs, inputsProvider: provider, outputsProvider: provider };
        } catch (err) {
            const init = err instanceof HostCallError ? err.initFailed : undefined;
            if (!init) throw err;
            throw new InitFailedError(err as HostCallError, {
                id: init.id,
                inputs: checked,
                outputs: init.properties,
                inputsProvider: provider,
                outputsProvider: init.provider,
                initErrors: init.reasons,
            });
        }
    }

    // Runs a create and records its result, including a partially created resource, as the new state.
    private async record(create: () => Promise<EngineState>): Promise<void> {
        try {
            this.state = await create();
        } catch (err) {
            if (err instanceof InitFailedError) this.state = err.state;
            throw err;
        }
    }

    // step.go UpdateStep.Apply; pkg/engine/update.go OnResourceStepPost: a partially failed update is saved with
    // the OLD inputs and the outputs from the error; a plain failure leaves the state as it was.
    private async update(old: EngineState, checked: any): Promise<void> {
        const provider = this.host.providerText;
        try {
            const outs = await this.host.update(old.id, this.urn, outputsBag(old), checked, inputsBag(old));
            this.state = {
                id: old.id,
                inputs: checked,
                outputs: outs,
                inputsProvider: provider,
                outputsProvider: provider,
            };
        } catch (err) {
            const init = err instanceof HostCallError ? err.initFailed : undefined;
            if (!init) throw err;
            const partial: EngineState = {
                ...old,
                outputs: init.properties,
                outputsProvider: init.provider,
                initErrors: init.reasons,
            };
            this.state = partial;
            throw new InitFailedError(err as HostCallError, partial);
        }
    }

    // step_generator.go generateStepsFromDiff. Create-before-delete: create the new resource, mark the old one
    // for deletion (step.go CreateStep.Apply, also on a partial failure) and delete it after the creates.
    // Delete-before-replace: delete, then create. The engine keeps the deleted resource as PendingReplacement
    // until that create succeeds; here the state is simply empty, so a failed create is retried as a create.
    private async replace(old: EngineState, checked: any, deleteBeforeReplace: boolean): Promise<void> {
        if (deleteBeforeReplace) {
            await this.delete(old);
            this.state = undefined;
            await this.record(() => this.create(checked));
            return;
        }
        try {
            this.state = await this.create(checked);
        } catch (err) {
            if (!(err instanceof InitFailedError)) throw err;
            this.state = err.state;
            this.pendingDeletes.push(old);
            throw err;
        }
        this.pendingDeletes.push(old);
        await this.retirePendingDeletes();
    }

    // deployment_executor.go retirePendingDeletes; a failed delete keeps the resource pending.
    private async retirePendingDeletes(): Promise<void> {
        while (this.pendingDeletes.length > 0) {
            await this.delete(this.pendingDeletes[0]);
            this.pendingDeletes.shift();
        }
    }

    // step.go DeleteStep.Apply: Delete(id, outputs) with the old inputs alongside.
    private async delete(victim: EngineState): Promise<void> {
        await this.host.delete(victim.id, this.urn, outputsBag(victim), inputsBag(victim));
    }
}

// State bags as the engine stores them: with `__provider` only where the state has one.
function inputsBag(state: EngineState): object {
    return { ...state.inputs, [PROVIDER_KEY]: state.inputsProvider };
}

function outputsBag(state: EngineState): object {
    return { ...state.outputs, [PROVIDER_KEY]: state.outputsProvider };
}

function containsUnknown(value: unknown): boolean {
    if (value === UNKNOWN) return true;
    if (value && typeof value === "object") return Object.values(value).some(containsUnknown);
    return false;
}

// Key-order independent JSON, for the engine's own input comparison.
function canonical(value: unknown): string {
    return JSON.stringify(value, (_key, v) =>
        v && typeof v === "object" && !Array.isArray(v)
            ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
            : v,
    );
}

// Diag 2003 / 2002 of sdk/go/common/diag/errors.go, as step_generator.go issueCheckErrors prints them.
function checkFailureMessage(urn: string, inputs: any, failures: CheckFailure[]): string {
    const name = urn.slice(urn.lastIndexOf("::") + 2);
    const type = urn.split("::")[2];
    return failures
        .map((f) => {
            if (!f.property) return `${type} resource '${name}' has a problem: ${f.reason}`;
            const value = formatValue(inputs[f.property]);
            return `${type} resource '${name}'s property '${f.property}' value {${value}} has a problem: ${f.reason}`;
        })
        .join("\n");
}

function formatValue(value: unknown): string {
    return typeof value === "object" && value !== null ? JSON.stringify(value) : String(value);
}

// plugin.InitError.Error(): the reasons through go-multierror's list format.
function initErrorMessage(reasons: string[]): string {
    if (reasons.length === 0) {
        return "ErrorResourceInitFailed without reasons: the engine's InitError has no message to show";
    }
    if (reasons.length === 1) return `1 error occurred:\n\t* ${reasons[0]}\n\n`;
    return `${reasons.length} errors occurred:\n\t${reasons.map((r) => `* ${r}`).join("\n\t")}\n\n`;
}
