import fc from "fast-check";
import { VALID } from "../../test/driveitemshare/bad-inputs";
import type { DeclaredRecipient } from "../model/share";
import { UNKNOWN } from "../model/values";
import { ENDING_SOON_MS, accessAt, accessNotices } from "./access";
import { checkInputs } from "./arguments";

const NOW = new Date("2026-12-03T12:00:00Z");
const PAST = "2026-12-01T00:00:00Z";
const FUTURE = "2027-03-31T00:00:00Z";
const ALICE = "alice@contoso.com";
const BOB = "bob@fabrikam.com";

function check(news: Record<string, unknown>, olds: Record<string, unknown> = {}) {
    return checkInputs(olds, { ...VALID, ...news }, NOW);
}

describe("accessUntil in check", () => {
    test("a share's date and a recipient's own date are kept as written", () => {
        const { inputs, failures } = check({
            accessUntil: FUTURE,
            recipients: [ALICE, { email: BOB, accessUntil: "2027-01-15T17:00:00+01:00" }],
        });
        expect(failures).toEqual([]);
        expect(inputs.accessUntil).toBe(FUTURE);
        expect(inputs.recipients).toEqual({
            [ALICE]: true,
            [BOB]: "2027-01-15T17:00:00+01:00",
        });
        expect(inputs).not.toHaveProperty("accessEnded");
    });

    test.each([
        [
            { accessUntil: "2027-06-30" },
            "accessUntil",
            'accessUntil "2027-06-30" is not an ISO 8601 date-time such as "2027-06-30T00:00:00Z"',
        ],
        [{ accessUntil: 20270630 }, "accessUntil", "accessUntil 20270630 is not an ISO 8601 date-time"],
        [
            { recipients: [{ email: ALICE, accessUntil: "next friday" }] },
            "recipients[0].accessUntil",
            'recipients[0].accessUntil "next friday" is not an ISO 8601 date-time',
        ],
        [{ accessUntil: PAST }, "accessUntil", `accessUntil "${PAST}" is in the past`],
        [
            { recipients: [BOB, { email: ALICE, accessUntil: PAST }] },
            "recipients[1].accessUntil",
            `recipients[1].accessUntil "${PAST}" is in the past`,
        ],
        [
            {
                recipients: [
                    { email: ALICE, accessUntil: FUTURE },
                    { email: "Alice@contoso.com", accessUntil: "2027-04-01T00:00:00Z" },
                ],
            },
            "recipients[1].accessUntil",
            'recipients[1] "alice@contoso.com" is listed again with accessUntil "2027-04-01T00:00:00Z" where an earlier entry says "2027-03-31T00:00:00Z"',
        ],
        [{ recipients: [{ email: ALICE, until: FUTURE }] }, "recipients[0].until", "and optionally accessUntil"],
    ])("%j fails on %s", (news, property, reason) => {
        const { failures } = check(news);
        expect(failures).toEqual([{ property, reason: expect.stringContaining(reason) }]);
    });

    test("a date that has passed since the previous check ends the access instead of failing", () => {
        const olds = check({ accessUntil: FUTURE, recipients: [ALICE, BOB] }).inputs;
        const after = checkInputs(
            olds,
            { ...VALID, accessUntil: FUTURE, recipients: [ALICE, BOB] },
            new Date("2027-04-01T00:00:00Z"),
        );
        expect(after.failures).toEqual([]);
        expect(after.inputs.recipients).toEqual({});
        expect(after.inputs.accessEnded).toEqual({
            [ALICE]: { email: ALICE, accessUntil: FUTURE },
            [BOB]: { email: BOB, accessUntil: FUTURE },
        });
    });

    test("a recipient's own date wins over the share's, earlier or later", () => {
        const program = {
            accessUntil: "2027-02-01T00:00:00Z",
            recipients: [
                { email: ALICE, accessUntil: "2027-01-01T00:00:00Z" },
                { email: BOB, accessUntil: FUTURE },
                "carol@contoso.com",
            ],
        };
        const olds = check(program).inputs;
        const at = (date: string) => checkInputs(olds, { ...VALID, ...program }, new Date(date)).inputs;
        expect(Object.keys(at("2027-01-15T00:00:00Z").recipients as object)).toEqual([BOB, "carol@contoso.com"]);
        expect(Object.keys(at("2027-02-15T00:00:00Z").recipients as object)).toEqual([BOB]);
        expect(Object.keys(at("2027-02-15T00:00:00Z").accessEnded as object)).toEqual([ALICE, "carol@contoso.com"]);
    });

    test("an ended recipient stays ended while the program keeps the same date, written another way", () => {
        const olds = {
            ...check({ recipients: [BOB] }).inputs,
            recipients: {},
            accessEnded: { [BOB]: { email: BOB, accessUntil: PAST } },
        };
        const { inputs, failures } = check(
            { recipients: [{ email: BOB, accessUntil: "2026-12-01T01:00:00+01:00" }] },
            olds,
        );
        expect(failures).toEqual([]);
        expect(inputs.accessEnded).toEqual({ [BOB]: { email: BOB, accessUntil: "2026-12-01T01:00:00+01:00" } });
    });

    test("inputs of 0.1.0, an object per recipient, stay objects, and their dates still end access once passed", () => {
        const olds = {
            ...check({ accessUntil: FUTURE, recipients: [ALICE] }).inputs,
            recipients: { [ALICE]: { email: ALICE }, [BOB]: { email: BOB, accessUntil: PAST } },
        };
        const news = { ...VALID, accessUntil: FUTURE, recipients: [ALICE, { email: BOB, accessUntil: PAST }] };
        const { inputs, failures } = checkInputs(olds, news, NOW);
        expect(failures).toEqual([]);
        expect(inputs.recipients).toEqual({ [ALICE]: { email: ALICE } });
        expect(inputs.accessEnded).toEqual({ [BOB]: { email: BOB, accessUntil: PAST } });
        expect(checkInputs(inputs, news, NOW).inputs.recipients).toEqual({ [ALICE]: { email: ALICE } });
    });

    test("a later date brings an ended recipient back", () => {
        const olds = {
            ...check({ recipients: [BOB] }).inputs,
            recipients: {},
            accessEnded: { [BOB]: { email: BOB, accessUntil: PAST } },
        };
        const { inputs, failures } = check({ recipients: [{ email: BOB, accessUntil: FUTURE }] }, olds);
        expect(failures).toEqual([]);
        expect(inputs.recipients).toEqual({ [BOB]: FUTURE });
        expect(inputs).not.toHaveProperty("accessEnded");
    });

    test("a recipient added after the share's date has passed fails, naming them", () => {
        const olds = check({ accessUntil: FUTURE, recipients: [ALICE] }).inputs;
        const later = new Date("2027-04-01T00:00:00Z");
        const { failures } = checkInputs(olds, { ...VALID, accessUntil: FUTURE, recipients: [ALICE, BOB] }, later);
        expect(failures).toEqual([
            {
                property: "recipients[1]",
                reason: expect.stringContaining(
                    `recipients[1] "${BOB}" is declared after the share's accessUntil "${FUTURE}" has passed`,
                ),
            },
        ]);
    });

    test("a date not known yet ends nobody yet", () => {
        const { inputs, failures } = check({ accessUntil: UNKNOWN, recipients: [ALICE] });
        expect(failures).toEqual([]);
        expect(inputs.accessUntil).toBe(UNKNOWN);
        expect(inputs.recipients).toEqual({ [ALICE]: true });
    });

    test("accessEnded in a program is not an argument; the provider sets it", () => {
        const { failures } = check({ accessEnded: { [ALICE]: { email: ALICE, accessUntil: PAST } } });
        expect(failures).toEqual([]);
        expect(check({ accessEnded: {} }).inputs).not.toHaveProperty("accessEnded");
    });
});

describe("accessAt", () => {
    const keys = ["a@contoso.com", "b@contoso.com", "c@contoso.com"];
    const date = fc
        .integer({ min: Date.parse("2026-01-01T00:00:00Z"), max: Date.parse("2028-01-01T00:00:00Z") })
        .map((t) => new Date(t).toISOString());

    test("splits every recipient into exactly one side: ended when its date is at or before now", () => {
        fc.assert(
            fc.property(
                fc.dictionary(fc.constantFrom(...keys), fc.option(date, { nil: undefined })),
                fc.option(date, { nil: undefined }),
                date,
                (own, shareUntil, now) => {
                    const recipients: Record<string, DeclaredRecipient> = Object.fromEntries(
                        Object.entries(own).map(([k, until]) => [
                            k,
                            until === undefined ? { email: k } : { email: k, accessUntil: until },
                        ]),
                    );
                    const split = accessAt(recipients, shareUntil, new Date(now));
                    expect(Object.keys({ ...split.recipients, ...split.accessEnded }).sort()).toEqual(
                        Object.keys(recipients).sort(),
                    );
                    for (const [key, ended] of Object.entries(split.accessEnded)) {
                        expect(key in split.recipients).toBe(false);
                        expect(ended.accessUntil).toBe(recipients[key].accessUntil ?? shareUntil);
                        expect(Date.parse(ended.accessUntil)).toBeLessThanOrEqual(Date.parse(now));
                    }
                    for (const recipient of Object.values(split.recipients)) {
                        const until = recipient.accessUntil ?? shareUntil;
                        if (until !== undefined) expect(Date.parse(until)).toBeGreaterThan(Date.parse(now));
                    }
                },
            ),
        );
    });
});

describe("accessNotices", () => {
    test("names the recipients whose access has ended, and those whose access ends within 14 days", () => {
        const soon = new Date(NOW.getTime() + ENDING_SOON_MS).toISOString();
        const later = new Date(NOW.getTime() + ENDING_SOON_MS + 1000).toISOString();
        const lines = accessNotices(
            {
                recipients: {
                    [ALICE]: { email: ALICE, accessUntil: soon },
                    "carol@contoso.com": { email: "carol@contoso.com", accessUntil: later },
                    "dan@contoso.com": { email: "dan@contoso.com" },
                },
                accessEnded: { [BOB]: { email: BOB, accessUntil: PAST } },
            },
            'q3 (driveId "b!x", path "Q3")',
            NOW,
        );
        expect(lines).toEqual([
            `the access of ${BOB} to q3 (driveId "b!x", path "Q3") ended at ${PAST}: their grant is removed`,
            `the access of ${ALICE} to q3 (driveId "b!x", path "Q3") ends at ${soon} (in 14 days): the first pulumi up after that removes their grant`,
        ]);
    });

    test("the share's date counts for recipients without their own", () => {
        const lines = accessNotices(
            { recipients: { [ALICE]: { email: ALICE } }, accessUntil: "2026-12-04T12:00:00Z" },
            "q3",
            NOW,
        );
        expect(lines).toEqual([expect.stringContaining("ends at 2026-12-04T12:00:00Z (in 1 day)")]);
    });
});
