/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: "node",
  roots: ["<rootDir>/provider", "<rootDir>/test", "<rootDir>/examples", "<rootDir>/policy"],
  testMatch: ["**/*.test.ts"],
  transform: { "^.+\\.ts$": "ts-jest" },
  // Tests that start the provider host or the emulator take a few hundred milliseconds each.
  testTimeout: 60000,
  coverageProvider: "v8",
};
