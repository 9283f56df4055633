// Runs ./index.js (the quick start, compiled) under Pulumi's mocks in a project where driveitemshare was installed
// from its tarball, then prints as JSON what it registered, what the package's own runtime `check` says about each
// resource, and where the modules were loaded from. Copied into the temporary project by pack.test.ts.
const pulumi = require("@pulumi/pulumi");

async function main() {
    const registered = [];
    await pulumi.runtime.setMocks({
        newResource(args) {
            registered.push({ type: args.type, name: args.name, inputs: args.inputs });
            return { id: `${args.name}-id`, state: args.inputs };
        },
        call(args) {
            return args.inputs;
        },
    }, "driveitemshare-quickstart", "test", false);
    pulumi.runtime.setAllConfig(JSON.parse(process.env.QUICKSTART_CONFIG));

    require("./index.js");
    await pulumi.runtime.disconnect();

    // The serialized provider requires "driveitemshare/runtime" by name when the engine runs it: it must load here.
    const runtime = require("driveitemshare/runtime");
    const checks = registered.map(({ inputs }) => {
        const { __provider, ...news } = inputs;
        return runtime.check({}, news).failures;
    });
    const resolved = {};
    for (const name of ["driveitemshare", "driveitemshare/runtime", "@pulumi/pulumi"]) resolved[name] = require.resolve(name);
    process.stdout.write(JSON.stringify({ registered, checks, resolved }));
}

main().catch((error) => {
    console.error(error);
    process.exit(1);
});
