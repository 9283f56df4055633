import { BAD_INPUTS, VALID } from "../../test/driveitemshare/bad-inputs";
import { UNKNOWN } from "../model/values";
import { MAX_MESSAGE_LENGTH, checkInputs } from "./arguments";

const NOW = new Date("2026-11-28T00:00:00Z");
const GROUP = "0F1E2D3C-4B5A-6978-8796-A5B4C3D2E1F0";

function check(news: Record<string, unknown>, olds: Record<string, unknown> = {}) {
    return checkInputs(olds, news, NOW);
}

describe("checkInputs normalizes", () => {
    test("emails trimmed and lower-cased, duplicates merged, keyed and sorted by recipient", () => {
        const { inputs, failures } = check({
            ...VALID,
            recipients: [
                " Bob@Fabrikam.com ",
                "alice@contoso.com",
                { email: "ALICE@contoso.com" },
                { objectId: GROUP },
                { alias: "finance" },
            ],
        });
        expect(failures).toEqual([]);
        expect(inputs.recipients).toEqual({
            "0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0": true,
            "alias:finance": true,
            "alice@contoso.com": true,
            "bob@fabrikam.com": true,
        });
        expect(Object.keys(inputs.recipients as object)).toEqual(Object.keys(inputs.recipients as object).sort());
    });

    test("defaults that email nobody: requireSignIn true, sendInvitation false", () => {
        const { inputs } = check(VALID);
        expect(inputs).toStrictEqual({
            ...VALID,
            recipients: { "alice@contoso.com": true },
            requireSignIn: true,
            sendInvitation: false,
        });
    });

    test("the same program always checks to the same inputs, whatever the recipients' order", () => {
        const a = check({ ...VALID, recipients: ["b@contoso.com", "a@contoso.com"] }).inputs;
        const b = check({ ...VALID, recipients: ["a@contoso.com", "b@contoso.com"] }).inputs;
        expect(JSON.stringify(a)).toBe(JSON.stringify(b));
    });

    test.each([
        [
            { driveId: "b!abc", path: "/Finance/Q3/" },
            { driveId: "b!abc", path: "Finance/Q3" },
        ],
        [
            { userPrincipalName: "alice@contoso.com", path: "Q3" },
            { userPrincipalName: "alice@contoso.com", path: "Q3" },
        ],
        [
            { groupId: "0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0", path: "Shared/Q3" },
            { groupId: "0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0", path: "Shared/Q3" },
        ],
        [
            { siteUrl: "https://contoso.sharepoint.com/sites/finance", drive: "Reports", path: "Q3" },
            { siteUrl: "https://contoso.sharepoint.com/sites/finance", drive: "Reports", path: "Q3" },
        ],
    ])("the item address %j", (address, checked) => {
        const { inputs, failures } = check({ recipients: ["a@contoso.com"], roles: ["read"], ...address });
        expect(failures).toEqual([]);
        expect(inputs).toMatchObject(checked);
    });

    test("the resource name is kept under __resourceName, which previews never print, also when older state names it resourceName", () => {
        expect(check({ ...VALID, __resourceName: "readers" }).inputs).toMatchObject({ __resourceName: "readers" });
        const legacy = check({ ...VALID, resourceName: "readers" });
        expect(legacy.failures).toEqual([]);
        expect(legacy.inputs.__resourceName).toBe("readers");
        expect(legacy.inputs).not.toHaveProperty("resourceName");
    });

    test("null counts as not given, for every optional argument and recipient field (undefined too)", () => {
        const nulls = { path: null, message: null, expirationDateTime: null, password: null };
        const more = { retainInheritedPermissions: null, requireSignIn: null, sendInvitation: null };
        const { inputs, failures } = check({
            ...VALID,
            ...nulls,
            ...more,
            recipients: [{ email: "a@contoso.com", objectId: undefined, alias: null }],
        });
        expect(failures).toEqual([]);
        expect(inputs).toStrictEqual({
            ...VALID,
            recipients: { "a@contoso.com": true },
            requireSignIn: true,
            sendInvitation: false,
        });
    });

    test("the properties the engine and the DriveItemShare class add are no unknown arguments", () => {
        const added = {
            __provider: "exports.handler = ...",
            grants: {},
            __resourceName: "readers",
            __resourceUrn: "urn",
        };
        expect(check({ ...VALID, ...added }).failures).toEqual([]);
    });

    test("the resource's URN is kept under __resourceUrn", () => {
        const urn = "urn:pulumi:dev::shares::pulumi-nodejs:dynamic:Resource::readers";
        expect(check({ ...VALID, __resourceUrn: urn }).inputs.__resourceUrn).toBe(urn);
    });

    test.each([
        [
            { driveId: " b!abc ", itemId: " 01ABC " },
            { driveId: "b!abc", itemId: "01ABC" },
        ],
        [
            { driveId: "b!abc", path: "//Finance\\Q3//" },
            { driveId: "b!abc", path: "Finance/Q3" },
        ],
        [
            { userPrincipalName: "me", path: "Q3" },
            { userPrincipalName: "me", path: "Q3" },
        ],
        [
            { siteUrl: " https://contoso.sharepoint.com/sites/finance/ ", drive: "Reports", path: "Q3/" },
            { siteUrl: "https://contoso.sharepoint.com/sites/finance/", drive: "Reports", path: "Q3" },
        ],
    ])("the item address %j, trimmed, and only a path normalized further", (address, checked) => {
        const { inputs, failures } = check({ recipients: ["a@contoso.com"], roles: ["read"], ...address });
        expect(failures).toEqual([]);
        expect(inputs).toMatchObject(checked);
    });

    test("aliases trimmed, their case kept", () => {
        expect(check({ ...VALID, recipients: [{ alias: " Finance " }] }).inputs.recipients).toEqual({
            "alias:Finance": true,
        });
    });

    test.each([
        ["a message", "Q3 numbers"],
        ["a message as long as Graph accepts", "x".repeat(MAX_MESSAGE_LENGTH)],
    ])("%s: kept as given", (_name, message) => {
        const { inputs, failures } = check({ ...VALID, message });
        expect(failures).toEqual([]);
        expect(inputs.message).toBe(message);
    });

    test("an empty message is no message", () => {
        expect(check({ ...VALID, message: "" }).inputs).not.toHaveProperty("message");
    });

    test.each([
        "2027-06-30T00:00Z",
        "2027-06-30T00:00:00.1234567Z",
        "2027-06-30T00:00:00+02:00",
        "2027-06-30T00:00-05:30",
    ])("an expiration in the future, %s, kept as given", (expirationDateTime) => {
        const { inputs, failures } = check({ ...VALID, expirationDateTime });
        expect(failures).toEqual([]);
        expect(inputs.expirationDateTime).toBe(expirationDateTime);
    });

    test("an expiration of this very moment is refused as past", () => {
        const { failures } = check({ ...VALID, expirationDateTime: NOW.toISOString() });
        expect(failures).toEqual([{ property: "expirationDateTime", reason: expect.stringMatching(/in the past/) }]);
    });

    test("a password on a personal OneDrive", () => {
        const { inputs, failures } = check({ ...VALID, driveId: "0f040a8f1e1f5d3c", password: "pw" });
        expect(failures).toEqual([]);
        expect(inputs.password).toBe("pw");
    });

    test.each([true, false, UNKNOWN])("retainInheritedPermissions %s kept", (retainInheritedPermissions) => {
        const { inputs, failures } = check({ ...VALID, retainInheritedPermissions });
        expect(failures).toEqual([]);
        expect(inputs.retainInheritedPermissions).toBe(retainInheritedPermissions);
    });

    test("duplicate roles merged", () => {
        expect(check({ ...VALID, roles: ["write", "write"] }).inputs.roles).toEqual(["write"]);
    });

    test("unknown values during preview pass through unchecked", () => {
        const { inputs, failures } = check({
            driveId: UNKNOWN,
            itemId: UNKNOWN,
            recipients: ["a@contoso.com", UNKNOWN],
            roles: UNKNOWN,
            message: UNKNOWN,
            expirationDateTime: UNKNOWN,
            password: UNKNOWN,
        });
        expect(failures).toEqual([]);
        expect(inputs.recipients).toEqual(["a@contoso.com", UNKNOWN]);
        expect(inputs.roles).toBe(UNKNOWN);
    });

    test("recipients, a role or a site not known yet pass through unchecked", () => {
        const site = { driveId: undefined, itemId: undefined, siteUrl: UNKNOWN, path: "Q3" };
        const { inputs, failures } = check({ ...VALID, ...site, recipients: UNKNOWN, roles: ["read", UNKNOWN] });
        expect(failures).toEqual([]);
        expect(inputs).toMatchObject({ siteUrl: UNKNOWN, recipients: UNKNOWN, roles: ["read", UNKNOWN] });
    });

    test("sendInvitation and requireSignIn not known yet stay unknown, so a preview shows them as computed", () => {
        const { inputs, failures } = check({ ...VALID, sendInvitation: UNKNOWN, requireSignIn: UNKNOWN });
        expect(failures).toEqual([]);
        expect(inputs.sendInvitation).toBe(UNKNOWN);
        expect(inputs.requireSignIn).toBe(UNKNOWN);
        // Either unknown beside a known false is not refused: the pair is checked once both are known.
        expect(check({ ...VALID, sendInvitation: UNKNOWN, requireSignIn: false }).failures).toEqual([]);
        expect(check({ ...VALID, sendInvitation: false, requireSignIn: UNKNOWN }).failures).toEqual([]);
    });

    test("an expiration that has passed since it was applied is still accepted", () => {
        const old = "2026-01-01T00:00:00Z";
        expect(check({ ...VALID, expirationDateTime: old }, { expirationDateTime: old }).failures).toEqual([]);
    });
});

describe("checkInputs refuses, naming the property and the value", () => {
    test.each(BAD_INPUTS)("%s", (_name, change, property, reason) => {
        const { failures } = check({ ...VALID, ...change });
        const failure = failures.find((f) => f.property === property);
        expect(failure).toBeDefined();
        expect(failure!.reason).toMatch(reason);
    });

    test("never echoes the password", () => {
        const { failures } = check({ ...VALID, password: "Sup3r-Secret!" });
        expect(JSON.stringify(failures)).not.toContain("Sup3r-Secret!");
    });
});
