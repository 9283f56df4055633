// Time-boxed access for an external guest: one outside reviewer may read one folder until a fixed date.
//
// The end date is a setting, not "today + 30 days": a date computed at run time would move on every `pulumi up`.
// The provider enforces it (`accessUntil`) on every kind of drive: Graph keeps no end date for a direct grant on
// OneDrive for Business or SharePoint, so the first `pulumi up` after the date removes the guest's grant, and the
// program stays valid as it is. Run `pulumi up` on a schedule (or after the date) for the removal to happen; every
// preview in the two weeks before says that the access is about to end. Set a later date to extend it: before the
// end the grant stays as it is, after it the guest is granted again without a second invitation email.
//
// Settings (from this folder, after `pulumi stack init`):
//   pulumi config set driveId 'b!...'                     the library's drive id
//   pulumi config set itemId 01...                        the folder's item id
//   pulumi config set guestEmail auditor@fabrikam.com
//   pulumi config set accessUntil 2027-06-30              a date (access ends at the end of that day, UTC) or an
//                                                         ISO 8601 date-time with a time zone
//   pulumi config set message 'The Q2 audit files, as agreed.'        optional: the invitation text
//   pulumi config set --secret password '...'             optional, personal OneDrive only (Graph refuses it on
//                                                         SharePoint and OneDrive for Business drives)
// and the sign-in, as in the quick start.
//
// The guest is emailed an invitation (sendInvitation) and must sign in to open the folder (requireSignIn), so a
// forwarded link is useless to anyone else. App-only sign-in cannot invite someone new to the tenant: add the guest
// in Entra ID first (Users > Invite external user), then run `pulumi up`.
import * as pulumi from "@pulumi/pulumi";
import { DriveItemShare } from "driveitemshare";

const config = new pulumi.Config();

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;

/** "2027-06-30" becomes the last second of that day in UTC; a date-time with a time zone is kept as written. */
function expiration(value: string): string {
    const expires = DATE.test(value) ? `${value}T23:59:59Z` : value;
    if (!DATE_TIME.test(expires) || isNaN(Date.parse(expires))) {
        throw new Error(
            `config "accessUntil" is "${value}": use a date such as 2027-06-30, or a date-time with a ` +
                "time zone such as 2027-06-30T17:00:00+02:00",
        );
    }
    return expires;
}

const guestEmail = config.require("guestEmail");
const accessUntil = expiration(config.require("accessUntil"));

const guest = new DriveItemShare("external-reviewer", {
    driveId: config.require("driveId"),
    itemId: config.require("itemId"),
    recipients: [guestEmail],
    // Read only: a guest who can edit can also delete. The policy pack (policy/) refuses write outside your domains.
    roles: ["read"],
    accessUntil,
    sendInvitation: true,
    requireSignIn: true,
    message: config.get("message") ?? `You can read these files until ${accessUntil}.`,
    // Undefined unless set; when set it is a secret in the config, the state and every preview.
    password: config.getSecret("password"),
});

/** When the guest's access ends, and the Graph permission that grants it. */
export const expires = accessUntil;
export const grants = guest.grants;
