// The jest run StrykerJS repeats for every mutant (stryker.config.json): only the unit tests beside the code in
// provider/, and without the global setup that packs and installs the package, which they do not use.
const base = require("./jest.config.js");

/** @type {import('jest').Config} */
module.exports = {
    ...base,
    roots: ["<rootDir>/provider"],
    globalSetup: undefined,
    globalTeardown: undefined,
};
