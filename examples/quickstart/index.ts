// Quick start: the readers and the editors of one folder, as two resources.
// Run from the repository root: the root Pulumi.yaml points here. Set the folder and the people with
//   pulumi config set driveId b!...    pulumi config set itemId 01...
//   pulumi config set --path 'readers[0]' alice@contoso.com
//   pulumi config set --path 'editors[0]' bob@contoso.com
// and the sign-in with driveShare:tenantId, driveShare:clientId and driveShare:clientSecret (--secret).
import * as pulumi from "@pulumi/pulumi";
import { DriveItemShare } from "driveitemshare";

const config = new pulumi.Config();
const folder = { driveId: config.require("driveId"), itemId: config.require("itemId") };

const readers = new DriveItemShare("finance-readers", {
    ...folder,
    recipients: config.requireObject<string[]>("readers"),
    roles: ["read"],
});

const editors = new DriveItemShare("finance-editors", {
    ...folder,
    recipients: config.requireObject<string[]>("editors"),
    roles: ["write"],
});

/** The Graph permission that grants each reader and editor, by email. */
export const readerGrants = readers.grants;
export const editorGrants = editors.grants;
