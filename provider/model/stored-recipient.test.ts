import fc from "fast-check";
import { recipientKey } from "./recipient";
import type { DeclaredRecipient } from "./share";
import { recipientFromStored, recipientsFromStored, storedRecipients } from "./stored-recipient";

const ALICE = "alice@contoso.com";
const GROUP = "0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0";

describe("storedRecipients", () => {
    test("keeps, per key, true or the recipient's own end date, keys in the same order", () => {
        const stored = storedRecipients({
            [GROUP]: { objectId: GROUP },
            "alias:finance": { alias: "finance" },
            [ALICE]: { email: ALICE, accessUntil: "2027-03-31T17:00:00Z" },
        });
        expect(stored).toEqual({ [GROUP]: true, "alias:finance": true, [ALICE]: "2027-03-31T17:00:00Z" });
        expect(Object.keys(stored)).toEqual([GROUP, "alias:finance", ALICE]);
    });

    test("keeps the objects of 0.1.0 when the recipients it follows hold them, and only then", () => {
        const declared = { [ALICE]: { email: ALICE }, "bob@contoso.com": { email: "bob@contoso.com" } };
        expect(storedRecipients(declared, { [ALICE]: { email: ALICE } })).toEqual(declared);
        for (const previous of [undefined, {}, { [ALICE]: true }, { [ALICE]: "2027-01-01T00:00:00Z" }, ["x"]]) {
            expect(storedRecipients(declared, previous)).toEqual({ [ALICE]: true, "bob@contoso.com": true });
        }
    });

    test("reads back every recipient it stores (property)", () => {
        const recipient = fc.oneof(
            fc.emailAddress().map((email) => ({ email: email.toLowerCase() })),
            fc.uuid().map((objectId) => ({ objectId })),
            fc.stringMatching(/^[a-z0-9.]{1,20}$/).map((alias) => ({ alias })),
        );
        const declared = fc
            .array(fc.tuple(recipient, fc.option(fc.date({ noInvalidDate: true }), { nil: undefined })))
            .map((entries) =>
                Object.fromEntries(
                    entries.map(([who, until]): [string, DeclaredRecipient] => [
                        recipientKey(who),
                        until === undefined ? who : { ...who, accessUntil: until.toISOString() },
                    ]),
                ),
            );
        fc.assert(fc.property(declared, (d) => expect(recipientsFromStored(storedRecipients(d))).toEqual(d)));
    });
});

describe("recipientFromStored", () => {
    test("reads who from the key, and until when from the value", () => {
        expect(recipientFromStored(ALICE, true, "r")).toEqual({ email: ALICE });
        expect(recipientFromStored(GROUP, "2027-01-01T00:00:00Z", "r")).toEqual({
            objectId: GROUP,
            accessUntil: "2027-01-01T00:00:00Z",
        });
        expect(recipientFromStored("alias:finance", true, "r")).toEqual({ alias: "finance" });
    });

    test("reads the objects state written by 0.1.0 holds", () => {
        const recipient = { email: ALICE, accessUntil: "2027-01-01T00:00:00Z" };
        expect(recipientFromStored(ALICE, recipient, "r")).toEqual(recipient);
    });

    test.each([[false], [7], [null], [["x"]]])("refuses %j, naming where and the value", (value) => {
        expect(() => recipientFromStored(ALICE, value, `recipients["${ALICE}"]`)).toThrow(
            `recipients["${ALICE}"] is ${JSON.stringify(value)}, which is not a declared recipient`,
        );
    });
});

describe("recipientsFromStored", () => {
    test("reads either form, and names the key of a malformed value", () => {
        expect(recipientsFromStored({ [ALICE]: true, "bob@contoso.com": { email: "bob@contoso.com" } })).toEqual({
            [ALICE]: { email: ALICE },
            "bob@contoso.com": { email: "bob@contoso.com" },
        });
        expect(() => recipientsFromStored({ [ALICE]: 7 } as never)).toThrow(`recipients["${ALICE}"] is 7`);
    });

    test("gives back what is not a map: a list check passed through, an unknown value, nothing", () => {
        const list = [ALICE, { email: "04da6b54-80e4-46f7-96ec-b56ff0331ba9" }];
        expect(recipientsFromStored(list)).toBe(list);
        expect(recipientsFromStored("04da6b54-80e4-46f7-96ec-b56ff0331ba9")).toBe(
            "04da6b54-80e4-46f7-96ec-b56ff0331ba9",
        );
        expect(recipientsFromStored(undefined)).toBeUndefined();
    });
});
