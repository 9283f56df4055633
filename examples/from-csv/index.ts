// Many shares from one checked-in file: each line of shares.csv gives one folder, one role and who gets it.
//
// Admins change access by editing shares.csv in a pull request; the preview in the pull request shows who gains
// and who loses access before anyone approves (see examples/github-actions). Each line becomes one DriveItemShare
// named by its `name` column, so reordering lines or inserting one changes nothing else. The file format is
// described at the top of shares.ts; a mistake stops `pulumi preview` with the line and column.
//
// Settings (from this folder, after `pulumi stack init`):
//   pulumi config set sharesFile access/finance.csv       optional: another file, relative to this folder
// and the sign-in, as in the quick start.
import * as fs from "fs";
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import { DriveItemShare } from "driveitemshare";
import { parseShares } from "./shares";

const config = new pulumi.Config();
const file = path.resolve(__dirname, config.get("sharesFile") ?? "shares.csv");
const lines = parseShares(fs.readFileSync(file, "utf8"), path.relative(process.cwd(), file) || file);

const shares = lines.map(
    (line) =>
        new DriveItemShare(line.name, {
            driveId: line.driveId,
            itemId: line.itemId,
            recipients: line.recipients,
            roles: [line.role],
            accessUntil: line.accessUntil,
        }),
);

/** For each line's name, the Graph permission of each recipient. */
export const grants = pulumi.all(Object.fromEntries(shares.map((share, i) => [lines[i].name, share.grants])));
