import * as fs from "fs";
import * as path from "path";
import type {
    PolicyResource,
    ReportViolation,
    ResourceValidation,
    ResourceValidationArgs,
    ResourceValidationPolicy,
    StackValidationArgs,
    StackValidationPolicy,
} from "@pulumi/policy";
import { UnknownValueError, unknownCheckingProxy } from "@pulumi/policy";
import { checkInputs } from "driveitemshare/check";
import {
    configDefaults,
    externalNeedsExpiration,
    invitationNeedsMessage,
    maxRecipientsPerItem,
    maxRecipientsPerShare,
    noSharingOfProtectedItems,
    policies,
    resolveConfig,
    writeWithinAllowedDomains,
} from "./policies";
import { DRIVE_ITEM_SHARE_TYPE } from "./share";

const NOW = new Date("2026-01-01T00:00:00Z");
const UNKNOWN_VALUE = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
const proxied = unknownCheckingProxy as <T>(value: T) => T;

/** What `args.notApplicable` throws here, standing in for the SDK's internal NotApplicableError. */
class NotApplicable extends Error {}

function urnOf(name: string, type = DRIVE_ITEM_SHARE_TYPE): string {
    return `urn:pulumi:dev::files::${type}::${name}`;
}

/** The ResourceValidationArgs the SDK builds: props behind its unknown-checking proxy, config from the engine. */
function resourceArgs(
    props: Record<string, unknown>,
    config: object = {},
    type = DRIVE_ITEM_SHARE_TYPE,
): ResourceValidationArgs {
    return {
        type,
        props: proxied(props),
        urn: urnOf("share", type),
        name: "share",
        opts: {
            protect: false,
            ignoreChanges: [],
            aliases: [],
            additionalSecretOutputs: ["password"],
            customTimeouts: { createSeconds: 0, updateSeconds: 0, deleteSeconds: 0 },
        },
        stackTags: new Map(),
        isType: () => false,
        asType: () => undefined,
        getConfig: <T extends object>() => config as T,
        notApplicable: (reason?: string): never => {
            throw new NotApplicable(reason);
        },
    };
}

/** Runs a resource policy the way the SDK does and returns the messages it reported. */
async function violations(
    policy: ResourceValidationPolicy,
    props: Record<string, unknown>,
    config: object = {},
): Promise<string[]> {
    const reportViolation = jest.fn<void, Parameters<ReportViolation>>();
    await (policy.validateResource as ResourceValidation)(resourceArgs(props, config), reportViolation);
    return reportViolation.mock.calls.map(([message]) => message);
}

function raw(overrides: Record<string, unknown> = {}): Record<string, unknown> {
    return {
        driveId: "b!x3FhQ2Z0",
        itemId: "01ABC",
        recipients: ["alice@contoso.com"],
        roles: ["read"],
        __provider: "exports.handler = ...",
        ...overrides,
    };
}

/** The checked inputs the engine analyzes: the provider's check output plus the serialized provider. */
function checked(overrides: Record<string, unknown> = {}): Record<string, unknown> {
    const { inputs, failures } = checkInputs({}, raw(overrides), NOW);
    const unexpected = failures.filter((f) => !["__provider", "path"].includes(f.property));
    if (unexpected.length > 0) throw new Error(`fixture fails the provider's check: ${JSON.stringify(unexpected)}`);
    return { ...inputs, __provider: "exports.handler = ..." };
}

const SHAPES: [string, (overrides?: Record<string, unknown>) => Record<string, unknown>][] = [
    ["raw arguments", raw],
    ["checked inputs", checked],
];

describe("the pack", () => {
    it("has six uniquely named policies", () => {
        const names = policies.map((p) => p.name);
        expect(names).toEqual([
            "write-within-allowed-domains",
            "external-needs-expiration",
            "max-recipients-per-share",
            "max-recipients-per-item",
            "invitation-needs-message",
            "no-sharing-of-protected-items",
        ]);
    });

    it("blocks on write outside the allowed domains and on protected items, and advises on the rest", () => {
        expect(Object.fromEntries(policies.map((p) => [p.name, p.enforcementLevel]))).toEqual({
            "write-within-allowed-domains": "mandatory",
            "external-needs-expiration": "advisory",
            "max-recipients-per-share": "advisory",
            "max-recipients-per-item": "advisory",
            "invitation-needs-message": "advisory",
            "no-sharing-of-protected-items": "mandatory",
        });
    });

    it("declares a default for every setting of every policy", () => {
        for (const policy of policies) {
            const schema = policy.configSchema;
            expect(schema).toBeDefined();
            for (const [key, property] of Object.entries(schema?.properties ?? {})) {
                expect({ policy: policy.name, key, hasDefault: property.default !== undefined }).toEqual({
                    policy: policy.name,
                    key,
                    hasDefault: true,
                });
            }
        }
    });

    it("accepts the example --policy-pack-config for every policy", () => {
        const example = JSON.parse(fs.readFileSync(path.join(__dirname, "config.example.json"), "utf8")) as Record<
            string,
            object
        >;
        expect(Object.keys(example).sort()).toEqual(policies.map((p) => p.name).sort());
        for (const policy of policies) {
            expect(() => resolveConfig(policy.name, policy.configSchema!, example[policy.name])).not.toThrow();
        }
    });
});

describe("configuration", () => {
    it("fills every default when nothing is configured", () => {
        expect(resolveConfig("write-within-allowed-domains", writeWithinAllowedDomains.configSchema!, {})).toEqual({
            allowedDomains: [],
            allowSubdomains: false,
            allowedObjectIds: [],
            allowedAliases: [],
        });
        expect(configDefaults(maxRecipientsPerShare.configSchema!)).toEqual({ maxRecipients: 10 });
        expect(configDefaults(invitationNeedsMessage.configSchema!)).toEqual({ minMessageLength: 1 });
        expect(configDefaults(noSharingOfProtectedItems.configSchema!)).toEqual({
            protectedItems: [],
            protectedPaths: [],
        });
    });

    it("ignores the enforcementLevel the engine passes along with the settings", () => {
        expect(
            resolveConfig("max-recipients-per-share", maxRecipientsPerShare.configSchema!, {
                enforcementLevel: "mandatory",
                maxRecipients: 3,
            }),
        ).toEqual({ maxRecipients: 3 });
    });

    it.each([
        [
            { allowedDomain: ["contoso.com"] },
            'unknown setting "allowedDomain"; write-within-allowed-domains takes ' +
                "allowedDomains, allowSubdomains, allowedObjectIds, allowedAliases",
        ],
        [{ allowedDomains: "contoso.com" }, 'allowedDomains must be array, got "contoso.com"'],
        [{ allowedDomains: ["contoso"] }, 'allowedDomains[0] "contoso" does not match'],
        [{ allowedObjectIds: ["group-1"] }, 'allowedObjectIds[0] "group-1" does not match'],
    ])("rejects %j with a message naming the setting", (config, message) => {
        expect(() =>
            resolveConfig("write-within-allowed-domains", writeWithinAllowedDomains.configSchema!, config),
        ).toThrow(`invalid config for policy write-within-allowed-domains: ${message}`);
    });

    it.each([
        [{ maxRecipients: 0 }, "maxRecipients must be at least 1, got 0"],
        [{ maxRecipients: 2.5 }, "maxRecipients must be integer, got 2.5"],
    ])("rejects recipient limit %j", (config, message) => {
        expect(() => resolveConfig("max-recipients-per-share", maxRecipientsPerShare.configSchema!, config)).toThrow(
            message,
        );
    });

    it.each([
        [{ protectedItems: [{ itemId: "01ABC" }] }, "protectedItems[0] needs driveId"],
        [{ protectedPaths: [{ path: "/HR", site: "x" }] }, 'protectedPaths[0] has unknown field "site"'],
        [{ protectedPaths: [""] }, "protectedPaths[0] must be at least 1 characters long"],
        [{ protectedPaths: [42] }, "protectedPaths[0] must be string or object, got 42"],
    ])("rejects protected entries %j", (config, message) => {
        expect(() =>
            resolveConfig("no-sharing-of-protected-items", noSharingOfProtectedItems.configSchema!, config),
        ).toThrow(message);
    });

    it("fails the policy run on invalid config instead of judging with defaults", async () => {
        await expect(violations(maxRecipientsPerShare, raw(), { maxRecipients: "ten" })).rejects.toThrow(
            'maxRecipients must be integer, got "ten"',
        );
    });
});

describe.each(SHAPES)("resource policies on %s", (_shape, share) => {
    describe("write-within-allowed-domains", () => {
        const config = { allowedDomains: ["contoso.com"] };

        it("passes write within the allowed domains", async () => {
            expect(await violations(writeWithinAllowedDomains, share({ roles: ["write"] }), config)).toEqual([]);
        });

        it("reports each writer outside them", async () => {
            expect(
                await violations(
                    writeWithinAllowedDomains,
                    share({ roles: ["write"], recipients: ["bob@fabrikam.com", "alice@contoso.com"] }),
                    config,
                ),
            ).toEqual([
                "bob@fabrikam.com gains write on item 01ABC but fabrikam.com is not an allowed domain " +
                    "(allowedDomains: contoso.com)",
            ]);
        });

        it("allows no writer at all with the default empty allowedDomains", async () => {
            expect(await violations(writeWithinAllowedDomains, share({ roles: ["write"] }))).toHaveLength(1);
        });

        it("trusts objectIds listed in allowedObjectIds", async () => {
            const group = "0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0";
            const props = share({ roles: ["write"], recipients: [{ objectId: group }] });
            expect(await violations(writeWithinAllowedDomains, props, config)).toHaveLength(1);
            expect(
                await violations(writeWithinAllowedDomains, props, { ...config, allowedObjectIds: [group] }),
            ).toEqual([]);
        });
    });

    describe("external-needs-expiration", () => {
        const config = { allowedDomains: ["contoso.com"] };

        it("passes external access that ends", async () => {
            expect(
                await violations(
                    externalNeedsExpiration,
                    share({ recipients: [{ email: "bob@fabrikam.com", accessUntil: "2027-06-30T00:00:00Z" }] }),
                    config,
                ),
            ).toEqual([]);
        });

        it("reports external access that never ends, and expirationDateTime on a business drive does not count", async () => {
            expect(
                await violations(
                    externalNeedsExpiration,
                    share({ recipients: ["bob@fabrikam.com"], expirationDateTime: "2027-06-30T00:00:00Z" }),
                    config,
                ),
            ).toEqual([
                "Item 01ABC is shared with an external recipient whose access does not end: bob@fabrikam.com " +
                    "(fabrikam.com is not an allowed domain; allowedDomains: contoso.com); external access must " +
                    'end: set accessUntil on the share or the recipient, e.g. "2027-06-30T00:00:00Z"' +
                    " (the provider removes the grant after that date, on every kind of drive)",
            ]);
        });

        it("caps how far away the end may be with maxAccessDays, judged on the day of the preview", async () => {
            const far = new Date(Date.now() + 120 * 24 * 60 * 60 * 1000).toISOString();
            const farShare = share({ recipients: ["bob@fabrikam.com"], accessUntil: far });
            expect(await violations(externalNeedsExpiration, farShare, config)).toEqual([]);
            expect(await violations(externalNeedsExpiration, farShare, { ...config, maxAccessDays: 90 })).toEqual([
                `bob@fabrikam.com keeps access to item 01ABC until ${far}, more than 90 days from now ` +
                    "(maxAccessDays: 90); give an earlier accessUntil",
            ]);
        });
    });

    describe("max-recipients-per-share", () => {
        const people = (n: number) => Array.from({ length: n }, (_, i) => `p${String(i).padStart(2, "0")}@contoso.com`);

        it("allows ten recipients by default and reports the eleventh", async () => {
            expect(await violations(maxRecipientsPerShare, share({ recipients: people(10) }))).toEqual([]);
            expect(await violations(maxRecipientsPerShare, share({ recipients: people(11) }))).toEqual([
                "Item 01ABC is shared with 11 recipients (p00@contoso.com, p01@contoso.com, p02@contoso.com, " +
                    "p03@contoso.com, p04@contoso.com and 6 more) but at most 10 are allowed per item (maxRecipients: 10); " +
                    "share with a group (one objectId) instead",
            ]);
        });

        it("takes a configured limit", async () => {
            expect(
                await violations(maxRecipientsPerShare, share({ recipients: people(3) }), { maxRecipients: 2 }),
            ).toHaveLength(1);
        });
    });

    describe("invitation-needs-message", () => {
        it("passes an invitation with a message", async () => {
            expect(
                await violations(
                    invitationNeedsMessage,
                    share({ sendInvitation: true, message: "Board pack for Thursday" }),
                ),
            ).toEqual([]);
        });

        it("reports an invitation without one", async () => {
            expect(await violations(invitationNeedsMessage, share({ sendInvitation: true }))).toEqual([
                "sendInvitation is true on item 01ABC but there is no message: recipients would get an invitation " +
                    "email that does not say why; set message (minMessageLength: 1)",
            ]);
        });

        it("takes a configured minimum length", async () => {
            expect(
                await violations(invitationNeedsMessage, share({ sendInvitation: true, message: "fyi" }), {
                    minMessageLength: 10,
                }),
            ).toHaveLength(1);
        });
    });

    describe("no-sharing-of-protected-items", () => {
        const config = { protectedItems: [{ driveId: "b!x3FhQ2Z0", itemId: "01BOARD" }], protectedPaths: ["/HR"] };

        it("protects nothing by default", async () => {
            expect(await violations(noSharingOfProtectedItems, share({ itemId: "01BOARD" }))).toEqual([]);
        });

        it("passes an item that is not protected", async () => {
            expect(await violations(noSharingOfProtectedItems, share(), config)).toEqual([]);
        });

        it("reports a protected item", async () => {
            expect(await violations(noSharingOfProtectedItems, share({ itemId: "01BOARD" }), config)).toEqual([
                'Item 01BOARD on drive b!x3FhQ2Z0 is protected (protectedItems[0]: driveId "b!x3FhQ2Z0", itemId ' +
                    '"01BOARD") and must not be shared',
            ]);
        });
    });
});

describe("resource policies and the SDK", () => {
    it("are not applicable to other resource types", async () => {
        const reportViolation = jest.fn();
        const args = resourceArgs({ bucket: "x" }, {}, "aws:s3/bucket:Bucket");
        for (const policy of policies.filter((p): p is ResourceValidationPolicy => "validateResource" in p)) {
            expect(() => (policy.validateResource as ResourceValidation)(args, reportViolation)).toThrow(NotApplicable);
        }
        expect(reportViolation).not.toHaveBeenCalled();
    });

    it("throw the SDK's UnknownValueError when an unknown value keeps a rule from deciding, for its advisory", async () => {
        const props = raw({ roles: UNKNOWN_VALUE, recipients: ["bob@fabrikam.com"] });
        await expect(violations(writeWithinAllowedDomains, props)).rejects.toThrow(UnknownValueError);
        await expect(violations(writeWithinAllowedDomains, props)).rejects.toThrow(
            "string value at .roles can't be known during preview",
        );
    });

    it("report what they can decide although other values are unknown", async () => {
        const props = raw({ itemId: UNKNOWN_VALUE, roles: ["write"], recipients: ["bob@fabrikam.com"] });
        expect(await violations(writeWithinAllowedDomains, props, { allowedDomains: ["contoso.com"] })).toEqual([
            "bob@fabrikam.com gains write on the item (not known until deployment) but fabrikam.com is not an " +
                "allowed domain (allowedDomains: contoso.com)",
        ]);
    });
});

describe("max-recipients-per-item (stack)", () => {
    const people = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => `${prefix}${i}@contoso.com`);

    /** A resource as validateStack sees it: its outputs (checked inputs plus grants), behind the SDK's proxy. */
    function stackResource(name: string, props: Record<string, unknown>, type = DRIVE_ITEM_SHARE_TYPE): PolicyResource {
        return {
            type,
            name,
            urn: urnOf(name, type),
            props: proxied(props),
            opts: {
                protect: false,
                ignoreChanges: [],
                aliases: [],
                additionalSecretOutputs: [],
                customTimeouts: { createSeconds: 0, updateSeconds: 0, deleteSeconds: 0 },
            },
            dependencies: [],
            propertyDependencies: {},
            isType: () => false,
            asType: () => undefined,
        };
    }

    async function stackViolations(resources: PolicyResource[], config: object = {}): Promise<[string, string?][]> {
        const reportViolation = jest.fn<void, Parameters<ReportViolation>>();
        const args: StackValidationArgs = {
            resources,
            stackTags: new Map(),
            getConfig: <T extends object>() => config as T,
            notApplicable: (reason?: string): never => {
                throw new NotApplicable(reason);
            },
        };
        await (maxRecipientsPerItem as StackValidationPolicy).validateStack(args, reportViolation);
        return reportViolation.mock.calls;
    }

    it("reports one item shared with too many people across resources, against the first resource", async () => {
        const calls = await stackViolations([
            stackResource("readers", { ...checked({ recipients: people("r", 6) }), grants: {} }),
            stackResource("editors", { ...checked({ recipients: people("e", 6), roles: ["write"] }), grants: {} }),
            stackResource("bucket", { bucket: "x" }, "aws:s3/bucket:Bucket"),
        ]);
        expect(calls).toEqual([
            [
                "Item 01ABC is shared with 12 distinct recipients across 2 DriveItemShare resources (readers, editors) " +
                    "but at most 10 are allowed per item (maxRecipients: 10); share with a group (one objectId) instead",
                urnOf("readers"),
            ],
        ]);
    });

    it("reads raw-shaped recipients too and takes a configured limit", async () => {
        const calls = await stackViolations(
            [
                stackResource("a", raw({ recipients: people("a", 2) })),
                stackResource("b", raw({ recipients: [{ email: "A0@contoso.com" }, "b0@contoso.com"] })),
            ],
            { maxRecipients: 3 },
        );
        expect(calls).toEqual([]);
        expect(
            await stackViolations(
                [
                    stackResource("a", raw({ recipients: people("a", 2) })),
                    stackResource("b", raw({ recipients: people("b", 2) })),
                ],
                { maxRecipients: 3 },
            ),
        ).toHaveLength(1);
    });

    it("is not applicable to a stack without DriveItemShare resources", async () => {
        await expect(
            stackViolations([stackResource("bucket", { bucket: "x" }, "aws:s3/bucket:Bucket")]),
        ).rejects.toThrow(NotApplicable);
    });
});
