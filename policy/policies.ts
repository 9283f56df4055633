/**
 * The policies of the "driveitemshare-guardrails" pack: each rule of rules.ts with its configuration schema (JSON
 * schema with defaults), default enforcement level and severity, adapted to @pulumi/policy. Kept apart from index.ts,
 * which only constructs the PolicyPack, because constructing one starts the analyzer's gRPC server: tests import this.
 */
import * as policySdk from "@pulumi/policy";
import type {
    EnforcementLevel,
    PolicyConfigSchema,
    ReportViolation,
    ResourceValidationArgs,
    ResourceValidationPolicy,
    Severity,
    StackValidationArgs,
    StackValidationPolicy,
} from "@pulumi/policy";
import type { PolicyConfigJSONSchema } from "@pulumi/policy/schema";
import { allowListFrom } from "./allow-list";
import { SCOPES } from "./paths";
import type { ProtectedSettings, RuleResult } from "./rules";
import {
    checkExternalExpiration,
    checkInvitationMessage,
    checkProtectedItems,
    checkRecipientLimit,
    checkRecipientLimitPerItem,
    checkWriteWithinAllowedDomains,
} from "./rules";
import type { Share } from "./share";
import { DRIVE_ITEM_SHARE_TYPE, readShare } from "./share";

/** Settings shared by the two policies that tell internal recipients from external ones. */
export interface AllowListConfig {
    allowedDomains: string[];
    allowSubdomains: boolean;
    allowedObjectIds: string[];
    allowedAliases: string[];
}

/** Settings of the expiration policy: who is external, and how long their access may last. */
export interface ExpirationConfig extends AllowListConfig {
    maxAccessDays: number;
}

/** Settings of the recipient-count policies. */
export interface RecipientLimitConfig {
    maxRecipients: number;
}

/** Settings of the invitation policy. */
export interface InvitationConfig {
    minMessageLength: number;
}

const GUID_PATTERN = "^[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}$";
// Letters, digits and hyphens in dot-separated labels, at least two; an optional leading "@" is forgiven.
const DOMAIN_PATTERN = "^@?[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?(\\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)+$";

const ALLOW_LIST_SCHEMA: PolicyConfigSchema = {
    properties: {
        allowedDomains: {
            type: "array",
            items: { type: "string", pattern: DOMAIN_PATTERN },
            default: [],
            description:
                'Email domains whose recipients are internal, e.g. ["contoso.com"]. Empty: every email ' +
                "recipient is external.",
        },
        allowSubdomains: {
            type: "boolean",
            default: false,
            description: "Whether subdomains of an allowed domain are allowed too (eu.contoso.com for contoso.com).",
        },
        allowedObjectIds: {
            type: "array",
            items: { type: "string", pattern: GUID_PATTERN },
            default: [],
            description:
                "Entra ID object ids (users, groups) known to be internal. Other objectId recipients " +
                "count as external: they have no domain to check and may be guests.",
        },
        allowedAliases: {
            type: "array",
            items: { type: "string", minLength: 1 },
            default: [],
            description: "Aliases (mail nicknames) known to be internal. Other alias recipients count as external.",
        },
    },
};

const EXPIRATION_SCHEMA: PolicyConfigSchema = {
    properties: {
        ...ALLOW_LIST_SCHEMA.properties,
        maxAccessDays: {
            type: "integer",
            minimum: 0,
            default: 0,
            description:
                "Most days from now an external recipient's access may last (their accessUntil, else the " +
                "share's). 0: any end date will do.",
        },
    },
};

const RECIPIENT_LIMIT_SCHEMA: PolicyConfigSchema = {
    properties: {
        maxRecipients: {
            type: "integer",
            minimum: 1,
            default: 10,
            description: "Most distinct recipients one item may be shared with; beyond that, share with a group.",
        },
    },
};

const PROTECTED_SCHEMA: PolicyConfigSchema = {
    properties: {
        protectedItems: {
            type: "array",
            items: {
                type: "object",
                properties: {
                    driveId: { type: "string", minLength: 1 },
                    itemId: { type: "string", minLength: 1 },
                },
                required: ["driveId"],
                additionalProperties: false,
            },
            default: [],
            description:
                "Items that must not be shared, by Graph id: { driveId, itemId } protects that item, " +
                "{ driveId } every item on the drive.",
        },
        protectedPaths: {
            type: "array",
            items: {
                // A string is shorthand for { path }; JSON schema applies minLength to strings and the object
                // keywords to objects only.
                type: ["string", "object"],
                minLength: 1,
                // Every scope the provider's addresses have (paths.ts), so that the schema cannot fall behind.
                properties: Object.fromEntries(
                    ["path", ...SCOPES].map((field) => [field, { type: "string", minLength: 1 }]),
                ),
                required: ["path"],
                additionalProperties: false,
            },
            default: [],
            description:
                "Path prefixes under which nothing may be shared, relative to the library as a share's `path` is, " +
                'matched against a share\'s `path` argument: "Finance" or { path, siteUrl (+ drive) | ' +
                "userPrincipalName | groupId | driveId } to scope it; siteUrl without drive is the site's default library.",
        },
    },
};

const INVITATION_SCHEMA: PolicyConfigSchema = {
    properties: {
        minMessageLength: {
            type: "integer",
            minimum: 1,
            default: 1,
            description: "Fewest characters (after trimming) an invitation message must have.",
        },
    },
};

/** Everything a DriveItemShare resource policy declares, and its rule. */
interface ShareRuleSpec<C> {
    name: string;
    description: string;
    enforcementLevel: EnforcementLevel;
    severity: Severity;
    remediationSteps: string;
    configSchema: PolicyConfigSchema;
    rule: (share: Share, config: C) => RuleResult;
}

/** A resource policy that applies a rule of rules.ts to every DriveItemShare. */
function sharePolicy<C>(spec: ShareRuleSpec<C>): ResourceValidationPolicy {
    const { rule, ...declaration } = spec;
    return {
        ...declaration,
        validateResource: (args: ResourceValidationArgs, reportViolation: ReportViolation) => {
            if (args.type !== DRIVE_ITEM_SHARE_TYPE) args.notApplicable(`applies to ${DRIVE_ITEM_SHARE_TYPE} only`);
            const config = resolveConfig<C>(spec.name, spec.configSchema, args.getConfig());
            const result = rule(readShare(args.props), config);
            for (const message of result.violations) reportViolation(message);
            if (result.violations.length === 0 && result.undetermined.length > 0) {
                throw unknownDuringPreview(result.undetermined[0]);
            }
        },
    };
}

/** No write access for recipients outside the allowed domains. Mandatory: this is the pack's reason to exist. */
export const writeWithinAllowedDomains = sharePolicy<AllowListConfig>({
    name: "write-within-allowed-domains",
    description: "DriveItemShare may grant write only to recipients in the allowed domains.",
    enforcementLevel: "mandatory",
    severity: "high",
    remediationSteps:
        'Grant ["read"] instead, or add the domain to allowedDomains (objectIds to ' +
        "allowedObjectIds, aliases to allowedAliases) if its recipients are internal.",
    configSchema: ALLOW_LIST_SCHEMA,
    rule: (share, config) => checkWriteWithinAllowedDomains(share, allowListFrom(config)),
});

/** External recipients' access must end, and with maxAccessDays, soon enough. */
export const externalNeedsExpiration = sharePolicy<ExpirationConfig>({
    name: "external-needs-expiration",
    description:
        "DriveItemShare with external recipients must end their access with accessUntil (at most maxAccessDays away).",
    enforcementLevel: "advisory",
    severity: "medium",
    remediationSteps:
        'Set accessUntil to an ISO 8601 date-time, e.g. "2027-06-30T00:00:00Z", on the share or on each external ' +
        "recipient; the provider removes their grant after it.",
    configSchema: EXPIRATION_SCHEMA,
    // The analyzer's own clock: a policy judges a date as the reviewer reads it, on the day of the preview.
    rule: (share, config) => checkExternalExpiration(share, allowListFrom(config), config, new Date()),
});

/** At most N recipients on one DriveItemShare. */
export const maxRecipientsPerShare = sharePolicy<RecipientLimitConfig>({
    name: "max-recipients-per-share",
    description: "DriveItemShare may name at most maxRecipients distinct recipients.",
    enforcementLevel: "advisory",
    severity: "low",
    remediationSteps: "Share with a group ({ objectId }) instead of many people.",
    configSchema: RECIPIENT_LIMIT_SCHEMA,
    rule: checkRecipientLimit,
});

/** `sendInvitation: true` needs a message. */
export const invitationNeedsMessage = sharePolicy<InvitationConfig>({
    name: "invitation-needs-message",
    description: "DriveItemShare with sendInvitation true must set a message.",
    enforcementLevel: "advisory",
    severity: "low",
    remediationSteps: "Set message to say why the recipients get access, or set sendInvitation to false.",
    configSchema: INVITATION_SCHEMA,
    rule: checkInvitationMessage,
});

/**
 * No sharing of protected items. Mandatory: it fires only on items someone listed as protected, and an item that
 * may be shared anyway after a warning is not protected. Inert until configured.
 */
export const noSharingOfProtectedItems = sharePolicy<ProtectedSettings>({
    name: "no-sharing-of-protected-items",
    description: "DriveItemShare must not share protected items or items under protected paths.",
    enforcementLevel: "mandatory",
    severity: "high",
    remediationSteps:
        "Remove the DriveItemShare, or the entry from protectedItems/protectedPaths if the item may " +
        "be shared after all.",
    configSchema: PROTECTED_SCHEMA,
    rule: checkProtectedItems,
});

/**
 * At most N recipients per item across every DriveItemShare on the same item: a stack policy, because no single
 * resource sees the others. It reads outputs, which hold the checked (keyed) recipients.
 */
export const maxRecipientsPerItem: StackValidationPolicy = {
    name: "max-recipients-per-item",
    description:
        "All DriveItemShare resources on one item together may name at most maxRecipients distinct " + "recipients.",
    enforcementLevel: "advisory",
    severity: "low",
    remediationSteps: "Merge the shares, or share with a group ({ objectId }) instead of many people.",
    configSchema: RECIPIENT_LIMIT_SCHEMA,
    validateStack: (args: StackValidationArgs, reportViolation: ReportViolation) => {
        const config = resolveConfig<RecipientLimitConfig>(
            "max-recipients-per-item",
            RECIPIENT_LIMIT_SCHEMA,
            args.getConfig(),
        );
        const shares = args.resources
            .filter((resource) => resource.type === DRIVE_ITEM_SHARE_TYPE)
            .map((resource) => ({ urn: resource.urn, name: resource.name, share: readShare(resource.props) }));
        if (shares.length === 0) args.notApplicable(`no ${DRIVE_ITEM_SHARE_TYPE} resources in the stack`);
        for (const violation of checkRecipientLimitPerItem(shares, config)) {
            reportViolation(violation.message, violation.urn);
        }
    },
};

/** The pack's policies, in the order they are listed. */
export const policies: (ResourceValidationPolicy | StackValidationPolicy)[] = [
    writeWithinAllowedDomains,
    externalNeedsExpiration,
    maxRecipientsPerShare,
    maxRecipientsPerItem,
    invitationNeedsMessage,
    noSharingOfProtectedItems,
];

// ------------------------------------------------------------------------------------------------------------------
// Configuration
// ------------------------------------------------------------------------------------------------------------------

/** The defaults a config schema declares. */
export function configDefaults(schema: PolicyConfigSchema): Record<string, unknown> {
    const defaults: Record<string, unknown> = {};
    for (const [key, property] of Object.entries(schema.properties)) {
        if (property.default !== undefined) defaults[key] = structuredClone(property.default);
    }
    return defaults;
}

/**
 * One policy's settings: the schema's defaults overlaid with the configured values, checked against the schema.
 * The engine validates `--policy-pack-config` against the schema and may fill defaults itself; doing both here too
 * keeps direct calls (tests, other hosts) honest and turns a misspelt setting into an error rather than a silently
 * default one.
 */
export function resolveConfig<C>(policyName: string, schema: PolicyConfigSchema, configured: object): C {
    const { enforcementLevel: _level, ...values } = configured as Record<string, unknown>;
    const merged = { ...configDefaults(schema), ...values };
    const errors = Object.keys(values)
        .filter((key) => !(key in schema.properties))
        .map((key) => `unknown setting "${key}"; ${policyName} takes ${Object.keys(schema.properties).join(", ")}`);
    for (const [key, property] of Object.entries(schema.properties)) {
        if (merged[key] !== undefined) errors.push(...schemaErrors(property, merged[key], key));
    }
    if (errors.length > 0) throw new Error(`invalid config for policy ${policyName}: ${errors.join("; ")}`);
    return merged as C;
}

/** Checks a value against the subset of JSON schema the pack's config schemas use. */
export function schemaErrors(schema: PolicyConfigJSONSchema | boolean, value: unknown, path: string): string[] {
    if (typeof schema === "boolean") return schema ? [] : [`${path} is not allowed`];
    const types = schema.type === undefined ? undefined : Array.isArray(schema.type) ? schema.type : [schema.type];
    const got = jsonType(value);
    if (types && !types.some((t) => t === got || (t === "number" && got === "integer"))) {
        return [`${path} must be ${types.join(" or ")}, got ${JSON.stringify(value)}`];
    }
    const errors: string[] = [];
    if (typeof value === "number" && schema.minimum !== undefined && value < schema.minimum) {
        errors.push(`${path} must be at least ${schema.minimum}, got ${value}`);
    }
    if (typeof value === "string") {
        if (schema.minLength !== undefined && value.length < schema.minLength) {
            errors.push(`${path} must be at least ${schema.minLength} characters long, got ${JSON.stringify(value)}`);
        }
        if (schema.pattern !== undefined && !new RegExp(schema.pattern).test(value)) {
            errors.push(`${path} ${JSON.stringify(value)} does not match ${schema.pattern}`);
        }
    }
    if (Array.isArray(value) && schema.items !== undefined && !Array.isArray(schema.items)) {
        const items = schema.items;
        value.forEach((element, i) => errors.push(...schemaErrors(items, element, `${path}[${i}]`)));
    }
    if (got === "object") {
        const record = value as Record<string, unknown>;
        for (const key of schema.required ?? []) {
            if (record[key] === undefined) errors.push(`${path} needs ${key}`);
        }
        for (const [key, element] of Object.entries(record)) {
            const property = schema.properties?.[key];
            if (property !== undefined) errors.push(...schemaErrors(property, element, `${path}.${key}`));
            else if (schema.additionalProperties === false) {
                const known = Object.keys(schema.properties ?? {}).join(", ");
                errors.push(`${path} has unknown field "${key}"; it takes ${known}`);
            }
        }
    }
    return errors;
}

function jsonType(value: unknown): string {
    if (value === null) return "null";
    if (Array.isArray(value)) return "array";
    if (typeof value === "number") return Number.isInteger(value) ? "integer" : "number";
    return typeof value;
}

/**
 * The error @pulumi/policy's input proxy throws on reading an unknown value. Thrown for a property a rule needed but
 * could not know, it makes the SDK report its standard advisory "can't run policy ... during preview: ... value at
 * .recipients can't be known during preview"; the rule runs again with known values during `pulumi up`. (The SDK's
 * declarations omit the class, so it is typed here.)
 */
const UnknownValueError = (
    policySdk as unknown as {
        UnknownValueError: new (sentinel: string, path: string[]) => Error;
    }
).UnknownValueError;

function unknownDuringPreview(property: string): Error {
    return new UnknownValueError("04da6b54-80e4-46f7-96ec-b56ff0331ba9", property.split("."));
}
