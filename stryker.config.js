// Mutation testing (`npm run mutate`, not part of `npm test`): StrykerJS changes the pure rooms and the error that
// carries the grants of a partial failure one mutant at a time, and runs the unit tests beside them against each.
/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
module.exports = {
    packageManager: "npm",
    testRunner: "jest",
    // Only the unit tests beside the code, without packing the package (see the file).
    jest: { configFile: "jest.mutate.config.js" },
    // Each mutant runs only the tests that reach it: a full run takes about a minute and a half instead of an hour.
    coverageAnalysis: "perTest",
    // The machines have 2 CPUs.
    concurrency: 2,
    mutate: [
        "provider/check/**/*.ts",
        "provider/plan/**/*.ts",
        "provider/pulumi/grants-after-apply.ts",
        "provider/pulumi/partial-failure.ts",
        "!provider/**/*.test.ts",
    ],
    // The report lands in reports/mutation/mutation.html.
    reporters: ["clear-text", "progress", "html"],
};
