// serializeProvider against what the SDK itself stores, and what ends up (or not) in that text.
import { createHash } from "crypto";
import * as pulumi from "@pulumi/pulumi";
import { DEFAULT_TYPE } from "./engine";
import { startProviderHost } from "./host";
import { serializeProvider } from "./serialize";

const URN = `urn:pulumi:dev::driveitemshare-test::${DEFAULT_TYPE}::secretive`;
const SECRET = "harness-client-secret-6f1d";

// Reads its credential from the environment when called, like the product must.
const atCallTime: pulumi.dynamic.ResourceProvider = {
    async create() {
        const secret = process.env.HARNESS_CLIENT_SECRET ?? "";
        return {
            id: "s-1",
            outs: { secretSha256: require("crypto").createHash("sha256").update(secret).digest("hex") },
        };
    },
};

describe("serializeProvider", () => {
    test("produces exactly the __provider text pulumi.dynamic.Resource registers", async () => {
        const registered: pulumi.runtime.MockResourceArgs[] = [];
        await pulumi.runtime.setMocks(
            {
                newResource: (args) => {
                    registered.push(args);
                    return { id: "mock-id", state: args.inputs };
                },
                call: (args) => args.inputs,
            },
            "driveitemshare-test",
            "dev",
        );
        class Share extends pulumi.dynamic.Resource {
            constructor(name: string) {
                super(atCallTime, name, { folder: "Finance" }, undefined, "driveShare", "DriveItemShare");
            }
        }
        const share = new Share("finance");
        await new Promise<void>((resolve) => share.urn.apply(() => resolve()));

        expect(registered).toHaveLength(1);
        expect(registered[0].type).toBe(DEFAULT_TYPE);
        expect(registered[0].inputs.__provider).toBe(await serializeProvider(atCallTime));
    });

    test("a provider that reads env at call time carries no secret in its text, yet gets it in the host", async () => {
        const providerText = await serializeProvider(atCallTime);
        expect(providerText).not.toContain(SECRET);
        const host = await startProviderHost({ providerText, env: { HARNESS_CLIENT_SECRET: SECRET } });
        try {
            await expect(host.create(URN, {})).resolves.toEqual({
                id: "s-1",
                outs: { secretSha256: createHash("sha256").update(SECRET).digest("hex") },
            });
        } finally {
            await host.stop();
        }
    });

    test("a value captured from the program's scope is copied into the text", async () => {
        const captured = { clientSecret: SECRET };
        const leaky: pulumi.dynamic.ResourceProvider = {
            async create() {
                return { id: "l-1", outs: { length: captured.clientSecret.length } };
            },
        };
        expect(await serializeProvider(leaky)).toContain(SECRET);
    });
});
