import * as pulumi from "@pulumi/pulumi";

/**
 * Serializes a dynamic provider exactly as `pulumi.dynamic.Resource` does before storing the text in the
 * resource's `__provider` property: `runtime.serializeFunction(() => provider, { allowSecrets: true })`
 * (node_modules/@pulumi/pulumi/dynamic/index.js, serializeFunctionMaybeSecret). Resolves to the module text,
 * whose `handler()` returns the provider once the host loads it with require-from-string.
 *
 * The SDK would mark `__provider` secret when the text captured a secret; the text is the same either way.
 */
export async function serializeProvider(provider: pulumi.dynamic.ResourceProvider): Promise<string> {
    const serialized = await pulumi.runtime.serializeFunction(() => provider, { allowSecrets: true });
    return serialized.text;
}
