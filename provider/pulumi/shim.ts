/**
 * The dynamic provider Pulumi serializes into each DriveItemShare's state.
 */
import type { dynamic } from "@pulumi/pulumi";
import type { StackConfig, readStackConfig } from "../graph/settings";
import type { ShareInputs, StoredShareOutputs } from "../model/share";
import type * as Operations from "./operations";

/** What `require("driveitemshare/runtime")` returns: the operations, and how configure reads the stack config. */
type Runtime = typeof Operations & { readonly readStackConfig: typeof readStackConfig };

/**
 * The serialized provider. It captures nothing but code: every method requires the installed package's runtime by
 * name when it runs, so that connection settings are read at run time, heavy modules are never copied into state,
 * and an upgraded package serves resources created by an older one.
 */
// The SDK's default type parameters: check takes raw arguments and read may answer partial outputs, which
// ResourceProvider<ShareInputs, StoredShareOutputs> cannot say; each method states its own shapes.
export const driveItemShareProvider: dynamic.ResourceProvider & { stackConfig?: StackConfig } = {
    // Only code that requires the package by name may be captured here: a value imported from a file of the package
    // would be serialized as a require of that file, which the package's exports map forbids. Types are erased.
    async configure(request: dynamic.ConfigureRequest) {
        this.stackConfig = (require("driveitemshare/runtime") as Runtime).readStackConfig(request.config);
    },
    async check(olds: object, news: object) {
        return (require("driveitemshare/runtime") as Runtime).check(olds, news);
    },
    async diff(_id: string, olds: StoredShareOutputs, news: ShareInputs) {
        return (require("driveitemshare/runtime") as Runtime).diff(olds, news, this.stackConfig ?? {});
    },
    async create(inputs: ShareInputs) {
        return (require("driveitemshare/runtime") as Runtime).create(inputs, this.stackConfig ?? {});
    },
    async update(id: string, olds: StoredShareOutputs, news: ShareInputs) {
        return (require("driveitemshare/runtime") as Runtime).update(id, olds, news, this.stackConfig ?? {});
    },
    async read(id: string, props?: StoredShareOutputs) {
        return (require("driveitemshare/runtime") as Runtime).read(id, props!, this.stackConfig ?? {});
    },
    async delete(id: string, props: StoredShareOutputs) {
        return (require("driveitemshare/runtime") as Runtime).remove(id, props, this.stackConfig ?? {});
    },
};
