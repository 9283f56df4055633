/** @type {import('jest').Config} */
module.exports = {
    testEnvironment: "node",
    roots: ["<rootDir>/provider", "<rootDir>/test", "<rootDir>/examples", "<rootDir>/policy"],
    testMatch: ["**/*.test.ts"],
    transform: { "^.+\\.ts$": "ts-jest" },
    // The packed package installed into a fresh project, once per run (test/installed/project.ts).
    globalSetup: "<rootDir>/test/installed/global-setup.ts",
    globalTeardown: "<rootDir>/test/installed/global-teardown.ts",
    // Tests that start the provider host or the emulator take a few hundred milliseconds each.
    testTimeout: 60000,
    coverageProvider: "v8",
};
