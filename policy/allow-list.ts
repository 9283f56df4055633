/**
 * Who counts as internal, as the domain and expiration policies judge recipients.
 */
import { listOrNone } from "./messages";
import type { RecipientRef } from "./share";

/**
 * Who counts as internal, as two policies configure it. An email is internal when its domain is allowed. An objectId
 * or alias recipient has no domain to judge (it may be a guest user, or a group with guests in it) and the policies
 * do not call Graph, so it counts as external unless it is listed: fail closed, with an explicit allow-list.
 */
export interface AllowList {
    /** Lower-case domains without "@" or trailing dot. Empty: no email is internal. */
    readonly allowedDomains: readonly string[];
    /** Whether "eu.contoso.com" is allowed by "contoso.com". Off by default: a listed "onmicrosoft.com" would
     * otherwise admit every tenant's "*.onmicrosoft.com" accounts. */
    readonly allowSubdomains: boolean;
    /** Lower-case Entra ID object ids known to be internal users or groups. */
    readonly allowedObjectIds: readonly string[];
    /** Lower-case aliases known to be internal. */
    readonly allowedAliases: readonly string[];
}

/** Builds an {@link AllowList} from policy settings, normalizing "@Contoso.com." to "contoso.com". */
export function allowListFrom(settings: {
    allowedDomains: readonly string[];
    allowSubdomains: boolean;
    allowedObjectIds: readonly string[];
    allowedAliases: readonly string[];
}): AllowList {
    return {
        allowedDomains: settings.allowedDomains.map(normalizeDomain).filter((d) => d !== ""),
        allowSubdomains: settings.allowSubdomains,
        allowedObjectIds: settings.allowedObjectIds.map((id) => id.trim().toLowerCase()),
        allowedAliases: settings.allowedAliases.map((alias) => alias.trim().toLowerCase()),
    };
}

/** "@Contoso.COM." -> "contoso.com". */
export function normalizeDomain(domain: string): string {
    return domain.trim().toLowerCase().replace(/^@+/, "").replace(/\.+$/, "");
}

/** The domain of a normalized email: what follows the last "@". */
export function emailDomain(email: string): string {
    return normalizeDomain(email.slice(email.lastIndexOf("@") + 1));
}

/** Why a recipient is external, or undefined when it is internal. */
export interface ExternalReason {
    /** E.g. "fabrikam.com is not an allowed domain". */
    readonly reason: string;
    /** The setting consulted, e.g. "allowedDomains: contoso.com". */
    readonly setting: string;
}

/** Judges one recipient against the allow-list: undefined when internal, otherwise why it is external. */
export function externalReason(recipient: RecipientRef, allow: AllowList): ExternalReason | undefined {
    if (recipient.kind === "email") {
        const domain = emailDomain(recipient.value);
        const allowed = (d: string) => domain === d || (allow.allowSubdomains && domain.endsWith(`.${d}`));
        if (allow.allowedDomains.some(allowed)) return undefined;
        return {
            reason: `${domain} is not an allowed domain${allow.allowSubdomains ? " (nor a subdomain of one)" : ""}`,
            setting: `allowedDomains: ${listOrNone(allow.allowedDomains)}`,
        };
    }
    if (recipient.kind === "objectId") {
        if (allow.allowedObjectIds.includes(recipient.value)) return undefined;
        return {
            reason: "an objectId has no domain to check and this one is not in allowedObjectIds",
            setting: `allowedObjectIds: ${listOrNone(allow.allowedObjectIds)}`,
        };
    }
    if (allow.allowedAliases.includes(recipient.value.toLowerCase())) return undefined;
    return {
        reason: "an alias has no domain to check and this one is not in allowedAliases",
        setting: `allowedAliases: ${listOrNone(allow.allowedAliases)}`,
    };
}
