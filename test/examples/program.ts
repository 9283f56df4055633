/**
 * Runs an example program under Pulumi's mocks, the way `pulumi up` would run it, and collects
 * what it registers. No Pulumi CLI, no Graph: the mocks stand in for the engine, and nothing is created.
 */
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";

/** The type token every DriveItemShare registers with. */
export const DRIVE_ITEM_SHARE = "pulumi-nodejs:dynamic/driveShare:DriveItemShare";

/** The `4dabf18193072939515e22adb298388d` marker Pulumi puts on a secret value, and the value it wraps. */
export const SECRET_SIG_KEY = "4dabf18193072939515e22adb298388d";
export const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";

/** One resource the program registered: its type, name and inputs as the engine receives them. */
export interface Registered {
    readonly type: string;
    readonly name: string;
    readonly inputs: Record<string, any>;
}

export interface RunOptions {
    /** The project name, which is also the namespace of `new pulumi.Config()` keys. */
    readonly project: string;
    /** Config values without the namespace; objects and arrays are passed as JSON, like `pulumi config set --path`. */
    readonly config?: Record<string, unknown>;
    /** Keys of `config` that are secrets (`pulumi config set --secret`). */
    readonly secrets?: readonly string[];
}

export interface RunResult {
    /** Every resource the program registered, in registration order. */
    readonly resources: Registered[];
    /** The program's stack outputs (its module exports), resolved. */
    readonly outputs: Record<string, unknown>;
}

/**
 * Sets the mocks and the config, loads `program` in a fresh module registry, resolves its exports (the stack
 * outputs) and waits until every registration has reached the mocks.
 */
export async function runProgram(program: string, options: RunOptions): Promise<RunResult> {
    const resources: Registered[] = [];
    const outputs: Record<string, unknown> = {};
    await pulumi.runtime.setMocks(
        {
            newResource(args) {
                resources.push({ type: args.type, name: args.name, inputs: args.inputs });
                // What the provider's create returns: the inputs, and a grant (here, one made-up permission) in the
                // form state keeps it (provider/model/stored-grant.ts), which the resource's `grants` output decodes.
                const grants = { mock: `${args.inputs.roles.join(",")} ${args.name}-permission` };
                return { id: `${args.name}-id`, state: { ...args.inputs, grants } };
            },
            call(args) {
                return args.inputs;
            },
        },
        options.project,
        "test",
        false,
    );
    const config: Record<string, string> = {};
    for (const [key, value] of Object.entries(options.config ?? {})) {
        config[`${options.project}:${key}`] = typeof value === "string" ? value : JSON.stringify(value);
    }
    pulumi.runtime.setAllConfig(
        config,
        (options.secrets ?? []).map((key) => `${options.project}:${key}`),
    );

    // A fresh copy of the program and of "driveitemshare" for every run, sharing this file's @pulumi/pulumi (the
    // one the mocks are set on; loading a fresh SDK for every run would also cost a second or two each time).
    try {
        let exports: Record<string, unknown> = {};
        jest.isolateModules(() => {
            jest.doMock("@pulumi/pulumi", () => pulumi);
            exports = require(path.resolve(program));
        });
        for (const [name, value] of Object.entries(exports)) {
            outputs[name] = pulumi.Output.isInstance(value) ? await outputValue(value) : value;
        }
    } finally {
        await pulumi.runtime.disconnect();
    }
    return { resources, outputs };
}

function outputValue<T>(output: pulumi.Output<T>): Promise<T> {
    return new Promise((resolve) => output.apply((value) => resolve(value)));
}

/** The value inside a secret as the engine receives it, or a failure when the value is not marked secret. */
export function unwrapSecret(value: unknown): unknown {
    if (typeof value !== "object" || value === null || (value as any)[SECRET_SIG_KEY] !== SECRET_SIG) {
        throw new Error(`expected a secret, got ${JSON.stringify(value)}`);
    }
    return (value as any).value;
}
