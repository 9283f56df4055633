/**
 * The rooms of provider/ and which may use which (see README.md, Layout). Every file's imports, type-only ones
 * included, are read from its source; an arrow that points up, or any circle between files, fails.
 */
import * as fs from "fs";
import * as path from "path";
import * as ts from "typescript";

/** What each room may import, besides itself. The entry files (index.ts, runtime.ts) may import every room. */
const MAY_IMPORT: Record<string, readonly string[]> = {
    model: [],
    check: ["model"],
    plan: ["model"],
    graph: ["model"],
    pulumi: ["model", "check", "plan", "graph"],
    cli: ["model", "check", "plan", "graph"],
};
/** Rooms that are pure: no package and no Node.js module, so that they run anywhere, the policy pack included. */
const PURE = ["model", "check", "plan"];

const PROVIDER = __dirname;

interface Import {
    /** The imported file, relative to provider/ without extension, or the package name. */
    readonly target: string;
    readonly typeOnly: boolean;
}

function sourceFiles(): string[] {
    return (fs.readdirSync(PROVIDER, { recursive: true }) as string[])
        .map((file) => file.split(path.sep).join("/"))
        .filter((file) => file.endsWith(".ts") && !file.endsWith(".test.ts"))
        .sort();
}

function importsOf(file: string): Import[] {
    const text = fs.readFileSync(path.join(PROVIDER, file), "utf8");
    const source = ts.createSourceFile(file, text, ts.ScriptTarget.ES2022, true);
    const found: Import[] = [];
    const add = (specifier: string, typeOnly: boolean) =>
        found.push({
            target: specifier.startsWith(".")
                ? path.posix.normalize(path.posix.join(path.posix.dirname(file), specifier))
                : specifier,
            typeOnly,
        });
    const visit = (node: ts.Node): void => {
        if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier)) {
            add(node.moduleSpecifier.text, !!node.importClause?.isTypeOnly);
        } else if (ts.isExportDeclaration(node) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
            add(node.moduleSpecifier.text, node.isTypeOnly);
        } else if (
            ts.isImportTypeNode(node) &&
            ts.isLiteralTypeNode(node.argument) &&
            ts.isStringLiteral(node.argument.literal)
        ) {
            add(node.argument.literal.text, true);
        } else if (
            ts.isCallExpression(node) &&
            node.expression.getText(source) === "require" &&
            node.arguments.length === 1 &&
            ts.isStringLiteral(node.arguments[0])
        ) {
            add(node.arguments[0].text, false);
        }
        ts.forEachChild(node, visit);
    };
    visit(source);
    return found;
}

const roomOf = (file: string) => (file.includes("/") ? file.slice(0, file.indexOf("/")) : undefined);
const files = sourceFiles();
const graph = new Map(files.map((file) => [file.slice(0, -".ts".length), importsOf(file)]));

describe("the rooms of provider/", () => {
    test("every file lives in a room, except the entry files", () => {
        expect(files.filter((file) => !roomOf(file))).toEqual(["index.ts", "runtime.ts"]);
        expect(files.filter((file) => roomOf(file) && !(roomOf(file)! in MAY_IMPORT))).toEqual([]);
    });

    test("arrows point down only: pulumi -> check, plan, graph -> model", () => {
        const upward: string[] = [];
        for (const [file, imports] of graph) {
            const room = roomOf(file);
            if (!room) continue;
            for (const { target } of imports) {
                if (!graph.has(target)) continue;
                const to = roomOf(target);
                if (to === undefined || (to !== room && !MAY_IMPORT[room].includes(to)))
                    upward.push(`${file} -> ${target}`);
            }
        }
        expect(upward).toEqual([]);
    });

    test("no import names a file that does not exist", () => {
        const missing = [...graph]
            .flatMap(([file, imports]) =>
                imports
                    .filter(({ target }) => target.includes("/") && !target.startsWith("@") && !graph.has(target))
                    .map(({ target }) => `${file} -> ${target}`),
            )
            .filter((arrow) => !arrow.endsWith("-> driveitemshare/runtime"));
        expect(missing).toEqual([]);
    });

    test("no circle between files, counting type-only imports", () => {
        const circles: string[] = [];
        const state = new Map<string, "open" | "done">();
        const walk = (file: string, trail: string[]): void => {
            if (state.get(file) === "done") return;
            if (state.get(file) === "open") {
                circles.push([...trail.slice(trail.indexOf(file)), file].join(" -> "));
                return;
            }
            state.set(file, "open");
            for (const { target } of graph.get(file)!) if (graph.has(target)) walk(target, [...trail, file]);
            state.set(file, "done");
        };
        for (const file of graph.keys()) walk(file, []);
        expect(circles).toEqual([]);
    });

    test(`${PURE.join(", ")} use no package and no Node.js module`, () => {
        const outside = [...graph]
            .filter(([file]) => PURE.includes(roomOf(file) ?? ""))
            .flatMap(([file, imports]) =>
                imports.filter(({ target }) => !graph.has(target)).map(({ target }) => `${file} -> ${target}`),
            );
        expect(outside).toEqual([]);
    });

    test("the serialized shim imports types only, and requires nothing but driveitemshare/runtime", () => {
        // Pulumi serializes its methods: a value imported from a file of the package would be captured as a require
        // of that file, which the package's exports map forbids.
        expect(
            graph
                .get("pulumi/shim")!
                .filter(({ typeOnly, target }) => !typeOnly && target !== "driveitemshare/runtime"),
        ).toEqual([]);
    });
});
