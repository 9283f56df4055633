/**
 * The npm scripts as users run them, on Windows too (many Microsoft 365 admins do): npm runs scripts with cmd.exe
 * there, where the POSIX form `VAR=value command` is an error, so no script sets a variable that way.
 */
import * as fs from "fs";
import * as path from "path";

const manifest = JSON.parse(fs.readFileSync(path.join(__dirname, "../../package.json"), "utf8"));

test.each(Object.entries<string>(manifest.scripts))(
    "npm run %s sets no variable in the POSIX form",
    (_name, script) => {
        expect(script.split(/&&|\|\||;/).filter((command) => /^\s*[A-Z_][A-Z0-9_]*=/.test(command))).toEqual([]);
    },
);
