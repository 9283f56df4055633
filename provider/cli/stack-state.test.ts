import { DRIVE_ITEM_SHARE_TYPE } from "../model/share";
import { isSecret, managedShares, parseStackExport, SECRET, secretTexts, StackStateError } from "./stack-state";

const ALICE = "alice@contoso.com";
const BOB = "bob@contoso.com";
const SIGNATURE = { "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270" };
const URN = `urn:pulumi:dev::sharing::${DRIVE_ITEM_SHARE_TYPE}::finance-readers`;

/** A resource as `pulumi stack export` writes one, with outputs as the provider records them. */
function share(outputs: Record<string, unknown>, extra: Record<string, unknown> = {}) {
    return {
        urn: URN,
        type: DRIVE_ITEM_SHARE_TYPE,
        inputs: { ...outputs },
        outputs: {
            __provider: "exports.handler = __f0;",
            __resourceName: "finance-readers",
            __resourceUrn: URN,
            driveId: "b!lib",
            itemId: "01ITEM",
            recipients: { [ALICE]: { email: ALICE } },
            roles: ["read"],
            requireSignIn: true,
            sendInvitation: false,
            grants: { [ALICE]: "read p-alice" },
            ...outputs,
        },
        created: "2025-05-01T10:00:00.000Z",
        modified: "2025-05-02T10:00:00.000Z",
        ...extra,
    };
}

const exported = (...resources: unknown[]) => ({
    version: 3,
    deployment: { manifest: { time: "2025-05-02T10:00:00Z" }, resources },
});

describe("managedShares", () => {
    test("reads each DriveItemShare's address, ids, role, recipients and grants; other resources are skipped", () => {
        const stack = { urn: "urn:pulumi:dev::sharing::pulumi:pulumi:Stack::sharing-dev", type: "pulumi:pulumi:Stack" };
        expect(managedShares(exported(stack, share({})))).toEqual([
            {
                name: "finance-readers",
                urn: URN,
                address: { driveId: "b!lib", itemId: "01ITEM" },
                driveId: "b!lib",
                itemId: "01ITEM",
                roles: ["read"],
                accessUntil: undefined,
                recipients: { [ALICE]: {} },
                accessEnded: {},
                grants: { [ALICE]: { roles: ["read"], since: undefined } },
                secretProperties: [],
            },
        ]);
    });

    test("reads the end dates and the grant times when the state records them", () => {
        const [read] = managedShares(
            exported(
                share({
                    accessUntil: "2027-06-30T23:59:59Z",
                    recipients: { [ALICE]: { email: ALICE, accessUntil: "2027-01-01T00:00:00Z" } },
                    accessEnded: { [BOB]: { email: BOB, accessUntil: "2025-01-01T00:00:00Z" } },
                    grants: { [ALICE]: "read p 2025-05-01T10:00:00Z" },
                }),
            ),
        );
        expect(read).toMatchObject({
            accessUntil: "2027-06-30T23:59:59Z",
            recipients: { [ALICE]: { accessUntil: "2027-01-01T00:00:00Z" } },
            accessEnded: { [BOB]: { accessUntil: "2025-01-01T00:00:00Z" } },
            grants: { [ALICE]: { roles: ["read"], since: "2025-05-01T10:00:00Z" } },
        });
    });

    test("reads recipients kept as true or their own end date, and names a malformed one", () => {
        const [read] = managedShares(
            exported(share({ recipients: { [ALICE]: true, [BOB]: "2027-01-01T00:00:00Z" }, grants: {} })),
        );
        expect(read.recipients).toEqual({ [ALICE]: {}, [BOB]: { accessUntil: "2027-01-01T00:00:00Z" } });
        expect(() => managedShares(exported(share({ recipients: { [ALICE]: 7 } })))).toThrow(
            `deployment.resources[0]: outputs.recipients["${ALICE}"] is 7, which is not a declared recipient`,
        );
    });

    test("takes the name from the URN when the state has no __resourceName, and keeps a path address", () => {
        const [read] = managedShares(
            exported(
                share({ __resourceName: undefined, siteUrl: "https://contoso.sharepoint.com/sites/f", path: "Q3" }),
            ),
        );
        expect(read.name).toBe("finance-readers");
        expect(read.address).toEqual({
            driveId: "b!lib",
            itemId: "01ITEM",
            siteUrl: "https://contoso.sharepoint.com/sites/f",
            path: "Q3",
        });
    });

    test("leaves out a resource pending deletion (the old half of a replacement)", () => {
        expect(managedShares(exported(share({}, { delete: true })))).toEqual([]);
    });

    test("an empty stack, with or without a resources list, has no shares", () => {
        expect(managedShares(exported())).toEqual([]);
        expect(managedShares({ version: 3, deployment: { manifest: {} } })).toEqual([]);
    });

    test("never reads a secret: the password is not in the record, and a secret property reads as [secret]", () => {
        const password = { ...SIGNATURE, plaintext: '"hunter2"' };
        const recipients = { ...SIGNATURE, ciphertext: "v1:abc" };
        const [read] = managedShares(
            exported(share({ password, recipients, path: { ...SIGNATURE, plaintext: '"x"' } })),
        );
        expect(JSON.stringify(read)).not.toMatch(/hunter2|v1:abc|"x"/);
        expect(read.secretProperties).toEqual(["recipients"]);
        expect(read.recipients).toEqual({});
        expect(read.address.path).toBe(SECRET);
    });

    test.each([
        [[], /not a stack export: expected an object with "deployment"/],
        [{ resources: [] }, /not a stack export/],
        [{ version: 4, deployment: {} }, /is a version 4 deployment; this report reads version 3/],
        [{ version: 3, deployment: { resources: {} } }, /deployment\.resources is not a list/],
        [{ version: 3, deployment: { resources: [7] } }, /deployment\.resources\[0\] is not an object/],
    ])("refuses what is not a stack export: %j", (state, message) => {
        expect(() => managedShares(state, "stdin")).toThrow(StackStateError);
        expect(() => managedShares(state, "stdin")).toThrow(message);
    });

    test("reads grants recorded by 0.1.0 as objects", () => {
        const grants = { [ALICE]: { permissionId: "p", roles: ["write"], since: "2025-05-01T10:00:00Z" } };
        const [read] = managedShares(exported(share({ grants })));
        expect(read.grants).toEqual({ [ALICE]: { roles: ["write"], since: "2025-05-01T10:00:00Z" } });
    });

    test("refuses a share whose recorded grants are malformed, naming where and the value", () => {
        expect(() => managedShares(exported(share({ grants: { [ALICE]: 7 } })), "stdin")).toThrow(
            'stdin: deployment.resources[0]: outputs.grants["alice@contoso.com"] is 7, which is not a recorded grant',
        );
        expect(() => managedShares(exported(share({ grants: { [ALICE]: "p" } })), "stdin")).toThrow(
            'outputs.grants["alice@contoso.com"] is "p", which is not a recorded grant',
        );
    });
});

describe("parseStackExport", () => {
    test("parses JSON, and names the source of what is not JSON or empty", () => {
        expect(parseStackExport('{"version":3}', "stdin")).toEqual({ version: 3 });
        expect(() => parseStackExport("Resources:\n  + 2 to create", "stdin")).toThrow(
            /^stdin is not JSON \(.*\): expected the output of `pulumi stack export`$/,
        );
        expect(() => parseStackExport(" \n", '--state "s.json"')).toThrow('--state "s.json" is empty');
    });
});

describe("secrets", () => {
    test("isSecret knows Pulumi's signature, encrypted or shown", () => {
        expect(isSecret({ ...SIGNATURE, ciphertext: "c" })).toBe(true);
        expect(isSecret({ ...SIGNATURE, plaintext: '"p"' })).toBe(true);
        expect(isSecret({ ciphertext: "c" })).toBe(false);
        expect(isSecret("1b47061264138c4ac30d75fd1eb44270")).toBe(false);
    });

    test("secretTexts finds every ciphertext and plaintext, decoded too, anywhere in the state, longest first", () => {
        const state = exported(
            share({ password: { ...SIGNATURE, plaintext: '"hunter2"' } }),
            { outputs: { deep: [{ x: { ...SIGNATURE, plaintext: '{"a":["inner-secret"]}' } }] } },
            { outputs: { c: { ...SIGNATURE, ciphertext: "v1:cipher" } } },
        );
        expect(secretTexts(state)).toEqual([
            '{"a":["inner-secret"]}',
            "inner-secret",
            '"hunter2"',
            "v1:cipher",
            "hunter2",
        ]);
    });
});
