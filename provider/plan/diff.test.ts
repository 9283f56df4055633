import type { ShareInputs, ShareOutputs } from "../model/share";
import { UNKNOWN } from "../model/values";
import { compareDeclarations } from "./diff";

const ALICE = "alice@contoso.com";
const BOB = "bob@contoso.com";

const NEWS: ShareInputs = {
    driveId: "b!d",
    path: "Finance",
    recipients: { [ALICE]: { email: ALICE } },
    roles: ["read"],
    requireSignIn: true,
    sendInvitation: false,
};
const OLDS: ShareOutputs = {
    ...NEWS,
    driveId: "b!d",
    itemId: "i",
    grants: { [ALICE]: { permissionId: "p", roles: ["read"] } },
};

describe("compareDeclarations", () => {
    test.each<[string, Partial<ShareOutputs>, Partial<ShareInputs>, { moved: string[]; changes: boolean }]>([
        ["nothing changed and every grant is as declared", {}, {}, { moved: [], changes: false }],
        ["the path moved", {}, { path: "Finance/Q3" }, { moved: ["path"], changes: true }],
        ["another address form", {}, { path: undefined, itemId: "i" }, { moved: ["itemId", "path"], changes: true }],
        [
            "a recipient added",
            {},
            { recipients: { [ALICE]: { email: ALICE }, [BOB]: { email: BOB } } },
            { moved: [], changes: true },
        ],
        [
            "the same recipients, stored as objects before and plainly now",
            {},
            { recipients: { [ALICE]: true } },
            { moved: [], changes: false },
        ],
        [
            "a recipient's own end date, stored as an object before and plainly now, changed",
            { recipients: { [ALICE]: { email: ALICE, accessUntil: "2027-01-01T00:00:00Z" } } },
            { recipients: { [ALICE]: "2027-02-01T00:00:00Z" } },
            { moved: [], changes: true },
        ],
        ["the role changed", {}, { roles: ["write"] }, { moved: [], changes: true }],
        ["only the invitation message changed", {}, { message: "Q3 numbers" }, { moved: [], changes: true }],
        [
            "roles declared in the order Graph lists them, not sorted",
            { roles: ["write", "read"], grants: { [ALICE]: { permissionId: "p", roles: ["write", "read"] } } },
            { roles: ["write", "read"] },
            { moved: [], changes: false },
        ],
        [
            "Graph lists the declared roles in another order",
            { roles: ["read", "write"], grants: { [ALICE]: { permissionId: "p", roles: ["write", "read"] } } },
            { roles: ["read", "write"] },
            { moved: [], changes: false },
        ],
        [
            "refresh found one of two grants gone",
            { recipients: { [ALICE]: { email: ALICE }, [BOB]: { email: BOB } } },
            { recipients: { [ALICE]: { email: ALICE }, [BOB]: { email: BOB } } },
            { moved: [], changes: true },
        ],
        ["refresh found a grant gone", { grants: {} }, {}, { moved: [], changes: true }],
        [
            "refresh found a role changed",
            { grants: { [ALICE]: { permissionId: "p", roles: ["write"] } } },
            {},
            { moved: [], changes: true },
        ],
        [
            "a grant is still recorded for a dropped recipient",
            {
                grants: {
                    [ALICE]: { permissionId: "p", roles: ["read"] },
                    [BOB]: { permissionId: "q", roles: ["read"] },
                },
            },
            {},
            { moved: [], changes: true },
        ],
        ["the recipients are not known yet", {}, { recipients: UNKNOWN as never }, { moved: [], changes: true }],
    ])("%s", (_name, olds, news, expected) => {
        expect(compareDeclarations({ ...OLDS, ...olds }, { ...NEWS, ...news })).toEqual(expected);
    });
});
