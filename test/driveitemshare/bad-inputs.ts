/**
 * Bad DriveItemShare arguments and what check must say of each: the property, and a reason naming the value. Used by
 * the unit tests of check (provider/check/arguments.test.ts) and by the tests that send them through the provider host.
 */
import { MAX_MESSAGE_LENGTH } from "../../provider/check/arguments";

/** Arguments that pass check, which each bad case changes one way. */
export const VALID = { driveId: "b!abc", itemId: "01ABC", recipients: ["alice@contoso.com"], roles: ["read"] };

const GROUP = "0F1E2D3C-4B5A-6978-8796-A5B4C3D2E1F0";
const long = "x".repeat(MAX_MESSAGE_LENGTH + 1);

/** [what is wrong, the change to VALID, the property check names, the reason it gives]. */
export const BAD_INPUTS: [string, Record<string, unknown>, string, RegExp][] = [
    ["malformed email", { recipients: ["bob@"] }, "recipients[0]", /"bob@" is not a valid email/],
    ["email with a space", { recipients: ["bob smith@contoso.com"] }, "recipients[0]", /"bob smith@contoso.com"/],
    ["email without a domain dot", { recipients: [{ email: "bob@contoso" }] }, "recipients[0].email", /"bob@contoso"/],
    ["two at signs", { recipients: ["a@b@contoso.com"] }, "recipients[0]", /"a@b@contoso.com"/],
    ["empty email", { recipients: [""] }, "recipients[0]", /"" is not a valid email/],
    ["role owner", { roles: ["owner"] }, "roles[0]", /"owner" is not a role/],
    ["role Read in capitals", { roles: ["Read"] }, "roles[0]", /"Read" is not a role/],
    ["empty role", { roles: [""] }, "roles[0]", /"" is not a role/],
    ["sp.owner", { roles: ["sp.owner"] }, "roles[0]", /"sp.owner"/],
    ["both roles", { roles: ["read", "write"] }, "roles", /\["read","write"\] gives both/],
    ["empty roles", { roles: [] }, "roles", /roles is empty/],
    ["roles as a number", { roles: 1 }, "roles", /got 1/],
    ["roles as a string", { roles: "read" }, "roles", /got "read"/],
    ["empty recipients", { recipients: [] }, "recipients", /recipients is empty/],
    ["recipients as a string", { recipients: "alice@contoso.com" }, "recipients", /got "alice@contoso.com"/],
    ["recipients missing", { recipients: undefined }, "recipients", /got nothing/],
    [
        "recipient with two identifiers",
        { recipients: [{ email: "a@contoso.com", objectId: GROUP }] },
        "recipients[0]",
        /gives email and objectId/,
    ],
    ["recipient with none", { recipients: [{}] }, "recipients[0]", /names nobody/],
    ["recipient with an unknown field", { recipients: [{ mail: "a@contoso.com" }] }, "recipients[0].mail", /"mail"/],
    ["recipient as a number", { recipients: [42] }, "recipients[0]", /got 42/],
    [
        "non-GUID object id",
        { recipients: [{ objectId: "not-a-guid" }] },
        "recipients[0].objectId",
        /"not-a-guid" is not a GUID/,
    ],
    ["object id as a number", { recipients: [{ objectId: 7 }] }, "recipients[0].objectId", /got 7/],
    ["alias with spaces", { recipients: [{ alias: "fin ance" }] }, "recipients[0].alias", /"fin ance"/],
    ["message too long", { message: long }, "message", /2001 characters long; Graph accepts at most 2000/],
    ["message not a string", { message: 5 }, "message", /got 5/],
    [
        "expiration malformed",
        { expirationDateTime: "30/06/2027" },
        "expirationDateTime",
        /"30\/06\/2027" is not an ISO 8601/,
    ],
    [
        "expiration without a time zone",
        { expirationDateTime: "2027-06-30T00:00:00" },
        "expirationDateTime",
        /"2027-06-30T00:00:00" is not an ISO 8601/,
    ],
    [
        "expiration in the past",
        { expirationDateTime: "2020-01-01T00:00:00Z" },
        "expirationDateTime",
        /"2020-01-01T00:00:00Z" is in the past/,
    ],
    [
        "expiration impossible date",
        { expirationDateTime: "2027-02-30T99:00:00Z" },
        "expirationDateTime",
        /"2027-02-30T99:00:00Z"/,
    ],
    ["requireSignIn false without an invitation", { requireSignIn: false }, "requireSignIn", /sendInvitation true/],
    ["requireSignIn not a boolean", { requireSignIn: "yes" }, "requireSignIn", /got "yes"/],
    ["sendInvitation not a boolean", { sendInvitation: 1 }, "sendInvitation", /got 1/],
    [
        "retainInheritedPermissions not a boolean",
        { retainInheritedPermissions: "false" },
        "retainInheritedPermissions",
        /got "false"/,
    ],
    [
        "misspelled argument",
        { recipents: ["a@contoso.com"] },
        "recipents",
        /unknown argument "recipents"; did you mean "recipients"/,
    ],
    ["misspelled role argument", { role: ["read"] }, "role", /did you mean "roles"/],
    ["unknown argument", { notify: true }, "notify", /unknown argument "notify"/],
    ["password on a business drive", { password: "pw" }, "password", /driveId "b!abc" is a OneDrive for Business/],
    ["empty password", { driveId: "0f040a8f1e1f5d3c", password: "" }, "password", /non-empty/],
    ["driveId empty", { driveId: "" }, "driveId", /got ""/],
    [
        "itemId a path",
        { itemId: "Finance/Q3" },
        "itemId",
        /"Finance\/Q3" must be a Graph item id, not a path or URL; use path/,
    ],
    ["two addresses", { path: "Finance" }, "driveId", /name the item one way: .*; got driveId, itemId, path/],
    ["no address", { driveId: undefined, itemId: undefined }, "driveId", /name the item one way: .*; got none/],
    ["path alone", { driveId: undefined, itemId: undefined, path: "Finance" }, "path", /got path/],
    ["path with ..", { itemId: undefined, path: "Finance/../HR" }, "path", /"Finance\/..\/HR" must be a path below/],
    ["path with a colon", { itemId: undefined, path: "Fin:ance" }, "path", /"Fin:ance" contains a character/],
    [
        "userPrincipalName malformed",
        { driveId: undefined, itemId: undefined, userPrincipalName: "alice", path: "Q3" },
        "userPrincipalName",
        /"alice" is not a user principal name/,
    ],
    [
        "groupId not a GUID",
        { driveId: undefined, itemId: undefined, groupId: "finance", path: "Q3" },
        "groupId",
        /"finance" is not a GUID/,
    ],
    [
        "siteUrl not https",
        { driveId: undefined, itemId: undefined, siteUrl: "http://contoso.sharepoint.com/sites/x", path: "Q3" },
        "siteUrl",
        /must be an https URL/,
    ],
    ["drive without siteUrl", { drive: "Documents" }, "driveId", /name the item one way/],
    [
        "password on a site's library",
        {
            driveId: undefined,
            itemId: undefined,
            siteUrl: "https://contoso.sharepoint.com/sites/x",
            path: "Q3",
            password: "pw",
        },
        "password",
        /only supported on personal OneDrive/,
    ],
    ["driveId a number", { driveId: 12 }, "driveId", /got 12/],
];
