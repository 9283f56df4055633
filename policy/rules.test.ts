import { unknownCheckingProxy } from "@pulumi/policy";
import { ADDRESS_PROPERTIES, checkInputs, recipientsFromStored } from "driveitemshare/check";
import type { AllowList } from "./allow-list";
import { allowListFrom } from "./allow-list";
import { comparablePath, isUnder, SCOPES } from "./paths";
import {
    checkExternalExpiration,
    checkInvitationMessage,
    checkProtectedItems,
    checkRecipientLimit,
    checkRecipientLimitPerItem,
    checkWriteWithinAllowedDomains,
} from "./rules";
import type { Share } from "./share";
import { UNKNOWN, readShare } from "./share";

const NOW = new Date("2026-01-01T00:00:00Z");
const GROUP = "0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0";
const OTHER_GROUP = "11111111-2222-3333-4444-555555555555";
const UNKNOWN_VALUE = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
const DRIVE = "b!x3FhQ2Z0";
const ITEM = "01ABC";
const ADDRESSING: readonly string[] = ADDRESS_PROPERTIES;

/** What @pulumi/policy hands a policy: the props behind its unknown-checking proxy. */
const proxied = unknownCheckingProxy as <T>(value: T) => T;

const ALLOW: AllowList = allowListFrom({
    allowedDomains: ["contoso.com"],
    allowSubdomains: false,
    allowedObjectIds: [GROUP],
    allowedAliases: ["Finance"],
});

/**
 * The checked inputs the provider's check makes of raw arguments (the shape the engine hands the analyzer). Some
 * fixtures name a path with no drive, a form the provider refuses: address failures are let through and the address
 * arguments carried over as written, so that rules can be judged on them too.
 */
function checked(raw: Record<string, unknown>): Record<string, unknown> {
    const { inputs, failures } = checkInputs({}, raw, NOW);
    const unexpected = failures.filter((f) => !ADDRESSING.includes(f.property));
    if (unexpected.length > 0) throw new Error(`fixture fails the provider's check: ${JSON.stringify(unexpected)}`);
    const addressing = Object.fromEntries(Object.entries(raw).filter(([k]) => ADDRESSING.includes(k) && k in raw));
    return { ...addressing, ...inputs };
}

/** Checked inputs as a share created by 0.1.0 keeps them, and the provider's check then too: an object per recipient. */
function checkedBy010(raw: Record<string, unknown>): Record<string, unknown> {
    const inputs = checked(raw);
    return { ...inputs, recipients: recipientsFromStored(inputs.recipients) };
}

const SHAPES: [string, (raw: Record<string, unknown>) => Record<string, unknown>][] = [
    ["raw arguments", (raw) => raw],
    ["checked inputs", checked],
    ["checked inputs of a share created by 0.1.0", checkedBy010],
];

function args(overrides: Record<string, unknown> = {}): Record<string, unknown> {
    return { driveId: DRIVE, itemId: ITEM, recipients: ["alice@contoso.com"], roles: ["read"], ...overrides };
}

describe("readShare", () => {
    it("reads raw and checked recipients alike: normalized, merged as the provider merges them", () => {
        const raw = args({
            recipients: [
                " Alice@Contoso.com ",
                { email: "alice@contoso.com" },
                { objectId: GROUP.toUpperCase() },
                { alias: " finance " },
            ],
        });
        const keysOf = (share: Share) => (share.recipients === UNKNOWN ? [] : share.recipients.known.map((r) => r.key));
        expect(keysOf(readShare(raw))).toEqual([GROUP, "alias:finance", "alice@contoso.com"]);
        expect(keysOf(readShare(checked(raw)))).toEqual([GROUP, "alias:finance", "alice@contoso.com"]);
    });

    it("fills the provider's default sendInvitation false and lower-cases roles", () => {
        const share = readShare(args({ roles: ["Write"] }));
        expect(share.sendInvitation).toBe(false);
        expect(share.roles).toEqual(["write"]);
    });

    it("skips recipients the provider's check would reject instead of guessing who they are", () => {
        const share = readShare(args({ recipients: [42, "not-an-email", { email: "a@contoso.com", alias: "a" }, {}] }));
        expect(share.recipients).toEqual({ known: [], unknown: 0 });
    });

    it("marks values behind @pulumi/policy's proxy that are unknown during preview, property by property", () => {
        const share = readShare(
            proxied(
                args({
                    itemId: UNKNOWN_VALUE,
                    roles: UNKNOWN_VALUE,
                    recipients: ["alice@contoso.com", UNKNOWN_VALUE, { email: UNKNOWN_VALUE }],
                }),
            ),
        );
        expect(share.itemId).toBe(UNKNOWN);
        expect(share.roles).toBe(UNKNOWN);
        expect(share.driveId).toBe(DRIVE);
        expect(share.recipients).toEqual({
            known: [{ kind: "email", value: "alice@contoso.com", key: "alice@contoso.com" }],
            unknown: 2,
        });
    });

    it("marks unknown sentinels in plain objects too", () => {
        expect(readShare(args({ recipients: UNKNOWN_VALUE })).recipients).toBe(UNKNOWN);
    });
});

describe.each(SHAPES)("rules on %s", (_shape, shape) => {
    const share = (overrides: Record<string, unknown>) => readShare(shape(args(overrides)));

    describe("checkWriteWithinAllowedDomains", () => {
        it("passes read access for anyone", () => {
            const result = checkWriteWithinAllowedDomains(share({ recipients: ["bob@fabrikam.com"] }), ALLOW);
            expect(result).toEqual({ violations: [], undetermined: [] });
        });

        it("passes write for allowed domains, listed objectIds and listed aliases (any case)", () => {
            const result = checkWriteWithinAllowedDomains(
                share({
                    roles: ["write"],
                    recipients: ["Alice@CONTOSO.com", { objectId: GROUP.toUpperCase() }, { alias: "FINANCE" }],
                }),
                ALLOW,
            );
            expect(result.violations).toEqual([]);
        });

        it("names the recipient, the item, the domain and the setting when write leaves the allowed domains", () => {
            const result = checkWriteWithinAllowedDomains(
                share({
                    roles: ["write"],
                    recipients: ["alice@contoso.com", "bob@fabrikam.com"],
                }),
                ALLOW,
            );
            expect(result.violations).toEqual([
                "bob@fabrikam.com gains write on item 01ABC but fabrikam.com is not an allowed domain " +
                    "(allowedDomains: contoso.com)",
            ]);
        });

        it("treats unlisted objectIds and aliases as external: they have no domain to check", () => {
            const result = checkWriteWithinAllowedDomains(
                share({
                    roles: ["write"],
                    recipients: [{ objectId: OTHER_GROUP }, { alias: "guests" }],
                }),
                ALLOW,
            );
            expect(result.violations).toEqual([
                `objectId ${OTHER_GROUP} gains write on item 01ABC but an objectId has no domain to check and this ` +
                    `one is not in allowedObjectIds (allowedObjectIds: ${GROUP})`,
                'alias "guests" gains write on item 01ABC but an alias has no domain to check and this one is not ' +
                    "in allowedAliases (allowedAliases: finance)",
            ]);
        });

        it("refuses subdomains and look-alike domains unless allowSubdomains is set", () => {
            const recipients = ["eve@eu.contoso.com", "mallory@notcontoso.com"];
            const strict = checkWriteWithinAllowedDomains(share({ roles: ["write"], recipients }), ALLOW);
            expect(strict.violations).toHaveLength(2);
            const lenient = checkWriteWithinAllowedDomains(share({ roles: ["write"], recipients }), {
                ...ALLOW,
                allowSubdomains: true,
            });
            expect(lenient.violations).toEqual([
                "mallory@notcontoso.com gains write on item 01ABC but notcontoso.com is not an allowed domain " +
                    "(nor a subdomain of one) (allowedDomains: contoso.com)",
            ]);
        });

        it("fails every email closed when no domain is configured", () => {
            const none = allowListFrom({
                allowedDomains: [],
                allowSubdomains: false,
                allowedObjectIds: [],
                allowedAliases: [],
            });
            const result = checkWriteWithinAllowedDomains(share({ roles: ["write"] }), none);
            expect(result.violations).toEqual([
                "alice@contoso.com gains write on item 01ABC but contoso.com is not an allowed domain " +
                    "(allowedDomains: none)",
            ]);
        });
    });

    describe("checkExternalExpiration", () => {
        const expiry = (s: Share, settings = {}) => checkExternalExpiration(s, ALLOW, settings, NOW);

        it("passes internal recipients without an end", () => {
            const result = expiry(share({ recipients: ["alice@contoso.com", { objectId: GROUP }] }));
            expect(result).toEqual({ violations: [], undetermined: [] });
        });

        it.each(SHAPES)(
            "passes external recipients whose access ends, by the share's date or their own (%s)",
            (_, shape) => {
                const bySelf = args({
                    recipients: [{ email: "bob@fabrikam.com", accessUntil: "2027-06-30T00:00:00Z" }],
                });
                const byShare = args({ recipients: ["bob@fabrikam.com"], accessUntil: "2027-06-30T00:00:00Z" });
                expect(expiry(readShare(shape(bySelf))).violations).toEqual([]);
                expect(expiry(readShare(shape(byShare))).violations).toEqual([]);
            },
        );

        it("counts expirationDateTime only on a personal OneDrive, where Graph ends the link it makes", () => {
            const expiring = { recipients: ["bob@fabrikam.com"], expirationDateTime: "2027-06-30T00:00:00Z" };
            expect(expiry(share({ ...expiring, driveId: "a1b2c3d4e5f60708" })).violations).toEqual([]);
            expect(expiry(share(expiring)).violations).toEqual([expect.stringContaining("whose access does not end")]);
        });

        it("names each external recipient and why it is external when their access never ends", () => {
            const result = expiry(
                share({
                    recipients: ["alice@contoso.com", "bob@fabrikam.com", { alias: "guests" }],
                }),
            );
            expect(result.violations).toEqual([
                'Item 01ABC is shared with 2 external recipients whose access does not end: alias "guests" ' +
                    "(an alias has no domain to check and this one is not in allowedAliases; allowedAliases: finance), " +
                    "bob@fabrikam.com (fabrikam.com is not an allowed domain; allowedDomains: contoso.com); external " +
                    'access must end: set accessUntil on the share or the recipient, e.g. "2027-06-30T00:00:00Z"' +
                    " (the provider removes the grant after that date, on every kind of drive)",
            ]);
        });

        it("with maxAccessDays, names each external recipient whose end is further away", () => {
            const inDays = (days: number) => new Date(NOW.getTime() + days * 24 * 60 * 60 * 1000).toISOString();
            const result = expiry(
                share({
                    recipients: [
                        { email: "bob@fabrikam.com", accessUntil: inDays(91) },
                        { email: "carol@fabrikam.com", accessUntil: inDays(90) },
                        { email: "alice@contoso.com", accessUntil: inDays(400) },
                    ],
                }),
                { maxAccessDays: 90 },
            );
            expect(result.violations).toEqual([
                `bob@fabrikam.com keeps access to item 01ABC until ${inDays(91)}, more than 90 days from now ` +
                    "(maxAccessDays: 90); give an earlier accessUntil",
            ]);
        });

        it("lists at most five external recipients", () => {
            const recipients = Array.from({ length: 7 }, (_, i) => `guest${i}@fabrikam.com`);
            const [message] = expiry(share({ recipients })).violations;
            expect(message).toContain(
                "guest4@fabrikam.com (fabrikam.com is not an allowed domain; allowedDomains: " +
                    "contoso.com) and 2 more;",
            );
        });
    });

    describe("checkRecipientLimit", () => {
        const people = (n: number) => Array.from({ length: n }, (_, i) => `person${i}@contoso.com`);

        it("passes a share at the limit, counting duplicates once", () => {
            const result = checkRecipientLimit(share({ recipients: [...people(3), "PERSON0@contoso.com"] }), {
                maxRecipients: 3,
            });
            expect(result).toEqual({ violations: [], undetermined: [] });
        });

        it("names the count, the first recipients and the limit above it", () => {
            const result = checkRecipientLimit(share({ recipients: people(7) }), { maxRecipients: 3 });
            expect(result.violations).toEqual([
                `Item 01ABC is shared with 7 recipients (${people(7).slice(0, 5).join(", ")} and 2 more) ` +
                    "but at most 3 are allowed per item (maxRecipients: 3); share with a group (one objectId) instead",
            ]);
        });
    });

    describe("checkInvitationMessage", () => {
        it("passes silent grants without a message", () => {
            expect(checkInvitationMessage(share({}), { minMessageLength: 1 })).toEqual({
                violations: [],
                undetermined: [],
            });
        });

        it("passes an invitation that says why", () => {
            const result = checkInvitationMessage(share({ sendInvitation: true, message: "Q3 budget review" }), {
                minMessageLength: 10,
            });
            expect(result.violations).toEqual([]);
        });

        it.each([
            ["absent", undefined],
            ["empty", ""],
            ["blank", "   "],
        ])("fails an invitation whose message is %s", (_case, message) => {
            const result = checkInvitationMessage(share({ sendInvitation: true, message }), { minMessageLength: 1 });
            expect(result.violations).toEqual([
                "sendInvitation is true on item 01ABC but there is no message: recipients would get an invitation " +
                    "email that does not say why; set message (minMessageLength: 1)",
            ]);
        });

        it("fails a message shorter than minMessageLength, quoting it", () => {
            const result = checkInvitationMessage(share({ sendInvitation: true, message: "fyi" }), {
                minMessageLength: 10,
            });
            expect(result.violations).toEqual([
                'sendInvitation is true on item 01ABC but message "fyi" is 3 characters long; at least 10 are ' +
                    "required (minMessageLength: 10)",
            ]);
        });
    });

    describe("checkProtectedItems", () => {
        const settings = {
            protectedItems: [{ driveId: DRIVE, itemId: "01BOARD" }, { driveId: "b!HR" }],
            protectedPaths: ["/Finance", { siteUrl: "https://contoso.sharepoint.com/sites/legal/", path: "/Cases" }],
        };

        it("passes an item that is not protected", () => {
            expect(checkProtectedItems(share({}), settings)).toEqual({ violations: [], undetermined: [] });
        });

        it("fails a protected item, matching ids case-insensitively", () => {
            const result = checkProtectedItems(share({ driveId: DRIVE.toUpperCase(), itemId: "01board" }), settings);
            expect(result.violations).toEqual([
                `Item 01board on drive ${DRIVE} is protected (protectedItems[0]: driveId "${DRIVE}", itemId ` +
                    '"01BOARD") and must not be shared',
            ]);
        });

        it("fails any item on a drive protected as a whole", () => {
            const result = checkProtectedItems(share({ driveId: "b!HR" }), settings);
            expect(result.violations).toEqual([
                'Item 01ABC is on drive b!HR, which is protected as a whole (protectedItems[1]: driveId "b!HR") and ' +
                    "must not be shared",
            ]);
        });

        it.each([["/Finance/Q1.xlsx"], ["finance\\Q1.xlsx"], ["FINANCE/q1.xlsx/"], ["/Finance"]])(
            "fails path %s under protected path /Finance",
            (path) => {
                const result = checkProtectedItems(share({ driveId: undefined, itemId: undefined, path }), settings);
                expect(result.violations).toEqual([
                    `Item ${JSON.stringify(path)} is under protected path "/Finance" (protectedPaths[0]) and must not be shared`,
                ]);
            },
        );

        // ".", ".." and "%" are refused by the provider's check (arguments.test.ts): no such share is ever granted.
        it.each([["/Finance2/Q1.xlsx"], ["/Finance Team/Q1.xlsx"], ["/Public/Finance/Q1.xlsx"]])(
            "passes path %s, which is not under /Finance by whole segments",
            (path) => {
                const result = checkProtectedItems(share({ driveId: undefined, itemId: undefined, path }), settings);
                expect(result.violations).toEqual([]);
            },
        );

        it("matches a scoped path only on its own site", () => {
            const onLegal = share({
                driveId: undefined,
                itemId: undefined,
                path: "/Cases/2026/brief.docx",
                siteUrl: "https://CONTOSO.sharepoint.com/sites/legal",
            });
            // The provider's check drops the path's leading slash; the raw argument keeps it.
            expect(checkProtectedItems(onLegal, settings).violations).toEqual([
                expect.stringMatching(
                    /^Item "\/?Cases\/2026\/brief\.docx" on site https:\/\/CONTOSO\.sharepoint\.com\/sites\/legal is under protected path "\/Cases" \(protectedPaths\[1\], siteUrl https:\/\/contoso\.sharepoint\.com\/sites\/legal\/\) and must not be shared$/,
                ),
            ]);
            const elsewhere = share({
                driveId: undefined,
                itemId: undefined,
                path: "/Cases/2026/brief.docx",
                siteUrl: "https://contoso.sharepoint.com/sites/sales",
            });
            expect(checkProtectedItems(elsewhere, settings).violations).toEqual([]);
            const unscoped = share({ driveId: undefined, itemId: undefined, path: "/Cases/2026/brief.docx" });
            expect(checkProtectedItems(unscoped, settings).violations).toEqual([]);
        });

        describe("a site's libraries", () => {
            const SITE = "https://contoso.sharepoint.com/sites/finance";
            const libraries = {
                protectedItems: [],
                protectedPaths: [
                    { siteUrl: SITE, path: "Payroll" },
                    { siteUrl: SITE, drive: "Board", path: "/" },
                ],
            };
            const onSite = (path: string, drive?: string) =>
                share({ driveId: undefined, itemId: undefined, siteUrl: SITE, path, ...(drive ? { drive } : {}) });

            it.each([
                ["the default library, as the README writes shares", "Payroll/2026", undefined],
                ["the default library by its name", "Payroll", "Documents"],
                ["the default library by its URL name", "payroll", "Shared Documents"],
            ])("a path with no library protects it in %s", (_name, path, drive) => {
                expect(checkProtectedItems(onSite(path, drive), libraries).violations).toEqual([
                    expect.stringMatching(/is under protected path "Payroll" \(protectedPaths\[0\], siteUrl .*\)/),
                ]);
            });

            it("and not in another library of the site", () => {
                expect(checkProtectedItems(onSite("Payroll", "Reports"), libraries).violations).toEqual([]);
            });

            it("a library named with its root protects all of it, and only it", () => {
                expect(checkProtectedItems(onSite("Minutes/2026.docx", "board"), libraries).violations).toEqual([
                    `Item "Minutes/2026.docx" on site ${SITE}, library "board" is under protected path "/" ` +
                        `(protectedPaths[1], siteUrl ${SITE}, drive Board) and must not be shared`,
                ]);
                expect(checkProtectedItems(onSite("Minutes/2026.docx"), libraries).violations).toEqual([]);
            });

            it("a path written with the library's URL name is not the library's path (it never resolves at create)", () => {
                const old = {
                    protectedItems: [],
                    protectedPaths: [{ siteUrl: SITE, path: "/Shared Documents/Payroll" }],
                };
                expect(checkProtectedItems(onSite("Payroll"), old).violations).toEqual([]);
            });
        });
    });
});

describe("rules while values are unknown (preview)", () => {
    const unknownShare = (overrides: Record<string, unknown>) => readShare(proxied(args(overrides)));

    it("cannot decide write access before the roles are known", () => {
        expect(checkWriteWithinAllowedDomains(unknownShare({ roles: UNKNOWN_VALUE }), ALLOW)).toEqual({
            violations: [],
            undetermined: ["roles"],
        });
    });

    it("still reports a known external writer next to an unknown recipient", () => {
        const result = checkWriteWithinAllowedDomains(
            unknownShare({
                roles: ["write"],
                recipients: ["bob@fabrikam.com", UNKNOWN_VALUE],
            }),
            ALLOW,
        );
        expect(result.violations).toHaveLength(1);
        expect(result.undetermined).toEqual([]);
    });

    it("cannot pass write access while a recipient is unknown", () => {
        const result = checkWriteWithinAllowedDomains(
            unknownShare({
                roles: ["write"],
                recipients: ["alice@contoso.com", UNKNOWN_VALUE],
            }),
            ALLOW,
        );
        expect(result).toEqual({ violations: [], undetermined: ["recipients"] });
    });

    it("reports write on an item whose id is not known yet", () => {
        const result = checkWriteWithinAllowedDomains(
            unknownShare({
                itemId: UNKNOWN_VALUE,
                roles: ["write"],
                recipients: ["bob@fabrikam.com"],
            }),
            ALLOW,
        );
        expect(result.violations).toEqual([
            "bob@fabrikam.com gains write on the item (not known until deployment) but fabrikam.com is not an allowed " +
                "domain (allowedDomains: contoso.com)",
        ]);
    });

    it("waits for an unknown end date only when someone is external", () => {
        expect(
            checkExternalExpiration(unknownShare({ accessUntil: UNKNOWN_VALUE }), ALLOW, {}, NOW).undetermined,
        ).toEqual([]);
        expect(
            checkExternalExpiration(
                unknownShare({
                    recipients: ["bob@fabrikam.com"],
                    accessUntil: UNKNOWN_VALUE,
                }),
                ALLOW,
                {},
                NOW,
            ).undetermined,
        ).toEqual(["accessUntil"]);
    });

    it("counts unknown recipients as a lower and an upper bound", () => {
        const recipients = ["a@contoso.com", "b@contoso.com", UNKNOWN_VALUE];
        expect(checkRecipientLimit(unknownShare({ recipients }), { maxRecipients: 2 }).undetermined).toEqual([
            "recipients",
        ]);
        expect(checkRecipientLimit(unknownShare({ recipients }), { maxRecipients: 1 }).violations).toHaveLength(1);
        expect(checkRecipientLimit(unknownShare({ recipients }), { maxRecipients: 3 }).undetermined).toEqual([]);
    });

    it("cannot judge an invitation whose message is unknown", () => {
        expect(
            checkInvitationMessage(unknownShare({ sendInvitation: true, message: UNKNOWN_VALUE }), {
                minMessageLength: 1,
            }).undetermined,
        ).toEqual(["message"]);
    });

    it("cannot clear a share on a protected drive until its item id is known", () => {
        const result = checkProtectedItems(unknownShare({ itemId: UNKNOWN_VALUE }), {
            protectedItems: [{ driveId: DRIVE, itemId: "01BOARD" }],
            protectedPaths: [],
        });
        expect(result).toEqual({ violations: [], undetermined: ["itemId"] });
    });
});

describe("checkRecipientLimitPerItem", () => {
    const people = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => `${prefix}${i}@contoso.com`);
    const stackShare = (name: string, overrides: Record<string, unknown>) => ({
        urn: `urn:pulumi:dev::files::pulumi-nodejs:dynamic/driveShare:DriveItemShare::${name}`,
        name,
        // Stack policies read outputs: checked inputs plus grants.
        share: readShare({ ...checked(args(overrides)), grants: {} }),
    });

    it("reports distinct recipients across the shares of one item, once, against the first share", () => {
        const violations = checkRecipientLimitPerItem(
            [
                stackShare("readers", { recipients: people("r", 3) }),
                stackShare("editors", { recipients: [...people("e", 2), "r0@contoso.com"], roles: ["write"] }),
                stackShare("elsewhere", { itemId: "01OTHER", recipients: people("x", 4) }),
            ],
            { maxRecipients: 4 },
        );
        expect(violations).toEqual([
            {
                urn: "urn:pulumi:dev::files::pulumi-nodejs:dynamic/driveShare:DriveItemShare::readers",
                message:
                    "Item 01ABC is shared with 5 distinct recipients across 2 DriveItemShare resources (readers, " +
                    "editors) but at most 4 are allowed per item (maxRecipients: 4); share with a group (one objectId) " +
                    "instead",
            },
        ]);
    });

    it("leaves a single share over the limit to the per-share policy", () => {
        expect(
            checkRecipientLimitPerItem([stackShare("big", { recipients: people("p", 9) })], { maxRecipients: 4 }),
        ).toEqual([]);
    });

    it("passes shares of one item within the limit together", () => {
        expect(
            checkRecipientLimitPerItem(
                [stackShare("a", { recipients: people("a", 2) }), stackShare("b", { recipients: people("a", 3) })],
                { maxRecipients: 3 },
            ),
        ).toEqual([]);
    });

    it("groups path-addressed shares by scope and normalized path", () => {
        const byPath = (name: string, path: string, recipients: string[]) => ({
            urn: name,
            name,
            share: readShare({ path, siteUrl: "https://contoso.sharepoint.com/sites/x", recipients, roles: ["read"] }),
        });
        const violations = checkRecipientLimitPerItem(
            [byPath("a", "/Docs/Plan.docx", people("a", 2)), byPath("b", "docs\\plan.docx", people("b", 2))],
            { maxRecipients: 3 },
        );
        expect(violations.map((v) => v.urn)).toEqual(["a"]);
    });

    it("leaves out shares whose item is not known yet", () => {
        const unknownItem = {
            urn: "u",
            name: "u",
            share: readShare(proxied(args({ itemId: UNKNOWN_VALUE, recipients: people("u", 3) }))),
        };
        expect(
            checkRecipientLimitPerItem([unknownItem, stackShare("a", { recipients: people("a", 3) })], {
                maxRecipients: 3,
            }),
        ).toEqual([]);
    });
});

describe("paths", () => {
    it.each([
        ["Finance/Q1.xlsx", "finance/q1.xlsx"],
        ["\\Finance\\Q1.xlsx\\", "finance/q1.xlsx"],
        ["/", ""],
    ])("compares %s as %s: the provider's normalization, lower-cased", (path, expected) => {
        expect(comparablePath(path)).toBe(expected);
    });

    it("matches prefixes by whole segments, and the root covers everything", () => {
        expect(isUnder("finance/q1", "finance")).toBe(true);
        expect(isUnder("finance2/q1", "finance")).toBe(false);
        expect(isUnder("anything", "")).toBe(true);
    });
});

describe("the provider's addresses, which the policy must read", () => {
    it.each(ADDRESS_PROPERTIES)("%s is read from a share and is the path, the item id or a scope", (property) => {
        expect(readShare({ [property]: " value " })[property]).toBe("value");
        expect(["path", "itemId", ...SCOPES]).toContain(property);
    });
});
