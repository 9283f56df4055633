/**
 * The files of a new Pulumi project around the exported program (`--new-project`), laid out as `pulumi new
 * typescript` lays one out: Pulumi.yaml (Node.js runtime, TypeScript), package.json depending on this package at the
 * running version and on the Pulumi SDK it supports, and tsconfig.json. Pure.
 */
import { slug } from "./export-names";

/** File name -> content. */
export function projectFiles(
    name: string,
    versions: { readonly driveitemshare: string; readonly pulumi: string },
): Record<string, string> {
    const project = slug(name);
    return {
        "Pulumi.yaml": [
            `name: ${project}`,
            "description: OneDrive and SharePoint sharing, exported by driveitemshare export",
            "runtime:",
            "  name: nodejs",
            "  options:",
            "    typescript: true",
            "main: index.ts",
            "",
        ].join("\n"),
        "package.json": json({
            name: project,
            private: true,
            main: "index.ts",
            dependencies: { "@pulumi/pulumi": versions.pulumi, driveitemshare: `^${versions.driveitemshare}` },
            devDependencies: { "@types/node": "^20.0.0", typescript: "^5.0.0" },
        }),
        "tsconfig.json": json({
            compilerOptions: {
                strict: true,
                target: "es2020",
                module: "commonjs",
                moduleResolution: "node",
                outDir: "bin",
                skipLibCheck: true,
            },
            files: ["index.ts"],
        }),
    };
}

function json(value: unknown): string {
    return JSON.stringify(value, null, 2) + "\n";
}
