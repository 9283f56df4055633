// Lint for every TypeScript file of the project: types are imported with `import type`, so that what a file needs at
// run time is what its value imports say (provider/rooms.test.ts and the serialized shim rely on it).
const tseslint = require("typescript-eslint");

module.exports = [
    { ignores: ["dist/**", "node_modules/**", ".stryker-tmp/**", "reports/**"] },
    {
        files: ["**/*.ts"],
        languageOptions: { parser: tseslint.parser },
        plugins: { "@typescript-eslint": tseslint.plugin },
        rules: {
            "@typescript-eslint/consistent-type-imports": [
                "error",
                { prefer: "type-imports", fixStyle: "separate-type-imports" },
            ],
            "@typescript-eslint/no-import-type-side-effects": "error",
        },
    },
];
