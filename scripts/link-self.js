// Links node_modules/driveitemshare to this checkout, so that examples, tests and the serialized
// provider resolve `require("driveitemshare/...")` here exactly as they do in a user's project.
// Skipped when the package is installed as a dependency (then it already lives in node_modules).
const fs = require("fs");
const path = require("path");

const root = path.resolve(__dirname, "..");
if (path.basename(path.dirname(root)) === "node_modules") process.exit(0);
const link = path.join(root, "node_modules", "driveitemshare");
fs.rmSync(link, { recursive: true, force: true });
fs.symlinkSync("..", link, "dir");
