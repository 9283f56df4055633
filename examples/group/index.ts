// A group by object id: everyone in an Entra ID group may read (or edit) one folder.
//
// Sharing with a group instead of people means joiners and leavers are handled in Entra ID, where HR processes
// already live: nobody has to touch this program when the team changes. Security groups and Microsoft 365 groups
// both work. Find the group's object id in the Entra admin center (Groups > the group > Object ID) or with
//   az ad group show --group "Finance team" --query id -o tsv
//
// Settings (from this folder, after `pulumi stack init`):
//   pulumi config set driveId 'b!...'                               the library's drive id
//   pulumi config set itemId 01...                                  the folder's item id
//   pulumi config set groupObjectId 0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0
//   pulumi config set role write                                    optional: "read" (the default) or "write"
// and the sign-in, as in the quick start (driveShare:tenantId, driveShare:clientId, driveShare:clientSecret).
import * as pulumi from "@pulumi/pulumi";
import { DriveItemShare } from "driveitemshare";

const config = new pulumi.Config();

const role = config.get("role") ?? "read";
if (role !== "read" && role !== "write") {
    throw new Error(`config "role" is "${role}": use "read" or "write"`);
}

const team = new DriveItemShare("finance-team", {
    driveId: config.require("driveId"),
    itemId: config.require("itemId"),
    // { objectId } names a user, a security group or a Microsoft 365 group; a plain string would be an email.
    recipients: [{ objectId: config.require("groupObjectId") }],
    roles: [role],
});

/** The Graph permission that grants the group access, keyed by the group's object id. */
export const grants = team.grants;
