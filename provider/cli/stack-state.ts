/**
 * The DriveItemShare resources of a stack, read from what `pulumi stack export` writes: only the fields a report
 * shows, each checked to be what the provider records. Everything else in the state (the serialized provider, the
 * hidden `__` properties, a sharing password) is never read into these records, so nothing the report prints can
 * carry it by accident.
 *
 * A value Pulumi keeps as a secret reads as {@link SECRET}, whether the export encrypted it (`ciphertext`) or was
 * run with `--show-secrets` (`plaintext`): a recipient list made secret by its program is not printed either.
 */
import type { ItemLocator } from "../model/address";
import { ADDRESS_PROPERTIES } from "../model/address";
import { DRIVE_ITEM_SHARE_TYPE } from "../model/share";
import type { Grant } from "../model/share";
import { grantFromStored } from "../model/stored-grant";
import { recipientFromStored } from "../model/stored-recipient";
import { describeValue } from "../model/values";

/** The key and value by which Pulumi's state marks a secret (sdk/go/common/resource/sig). */
const SECRET_SIGNATURE_KEY = "4dabf18193072939515e22adb298388d";
const SECRET_SIGNATURE = "1b47061264138c4ac30d75fd1eb44270";

/** What a report shows for a secret value: never the value, encrypted or not. */
export const SECRET = "[secret]";

/** The deployment versions this reader knows; `pulumi stack export` has written version 3 since Pulumi 3.0. */
const DEPLOYMENT_VERSIONS = [3];

/** A recipient as recorded in `recipients` or `accessEnded`, reduced to what a report shows. */
export interface RecordedRecipient {
    /** The end of the recipient's own access (ISO 8601), overriding the resource's. */
    readonly accessUntil?: string;
}

/** A live grant as the last create, update or refresh recorded it. */
export interface RecordedGrant {
    readonly roles: readonly string[];
    /** When this resource granted it (ISO 8601); absent for grants taken over and in state written before. */
    readonly since?: string;
}

/** One DriveItemShare as its state records it. */
export interface ManagedShare {
    /** The resource's name: `__resourceName`, else the last part of the URN. */
    readonly name: string;
    readonly urn: string;
    /** The address as declared, each property as written (or {@link SECRET}). */
    readonly address: ItemLocator;
    /** The ids the address resolved to ({@link SECRET} or "" when not recorded). */
    readonly driveId: string;
    readonly itemId: string;
    /** The declared role(s). */
    readonly roles: readonly string[];
    /** The resource-wide end of access (ISO 8601). */
    readonly accessUntil?: string;
    /** Declared recipients by recipient key. */
    readonly recipients: Readonly<Record<string, RecordedRecipient>>;
    /** Recipients whose end date has passed, by recipient key; the provider removes their grants. */
    readonly accessEnded: Readonly<Record<string, RecordedRecipient>>;
    /** Live grants by recipient key. */
    readonly grants: Readonly<Record<string, RecordedGrant>>;
    /** Properties that are secret in the state and hold who has access, so the report cannot list them. */
    readonly secretProperties: readonly string[];
}

/** A bad export: not JSON, or not what `pulumi stack export` writes. The message says which and where. */
export class StackStateError extends Error {}

/** True for a value Pulumi's state marks as secret (encrypted, or decrypted by `--show-secrets`). */
export function isSecret(value: unknown): boolean {
    return isRecord(value) && value[SECRET_SIGNATURE_KEY] === SECRET_SIGNATURE;
}

/**
 * Every secret in the state as text: each `ciphertext`, and each `plaintext` both as stored (JSON) and decoded. The
 * command cuts them out of what it writes (model/redact.ts), a second guard behind never reading them.
 */
export function secretTexts(state: unknown): string[] {
    const found = new Set<string>();
    const walk = (value: unknown): void => {
        if (Array.isArray(value)) value.forEach(walk);
        else if (isRecord(value)) {
            if (isSecret(value)) {
                for (const field of ["ciphertext", "plaintext"]) {
                    const text = value[field];
                    if (typeof text !== "string") continue;
                    found.add(text);
                    if (field === "plaintext") decodedStrings(text).forEach((s) => found.add(s));
                }
            }
            Object.values(value).forEach(walk);
        }
    };
    walk(state);
    return [...found].filter((text) => text.length > 0).sort((a, b) => b.length - a.length || (a < b ? -1 : 1));
}

/** The strings inside a secret's plaintext (JSON of the value). */
function decodedStrings(plaintext: string): string[] {
    let value: unknown;
    try {
        value = JSON.parse(plaintext);
    } catch {
        return [];
    }
    const strings: string[] = [];
    const walk = (v: unknown): void => {
        if (typeof v === "string") strings.push(v);
        else if (Array.isArray(v)) v.forEach(walk);
        else if (isRecord(v)) Object.values(v).forEach(walk);
    };
    walk(value);
    return strings;
}

/** Parses the text of `pulumi stack export`. */
export function parseStackExport(text: string, source: string): unknown {
    if (text.trim() === "")
        throw new StackStateError(`${source} is empty: expected the output of \`pulumi stack export\``);
    try {
        return JSON.parse(text);
    } catch (error) {
        throw new StackStateError(
            `${source} is not JSON (${error instanceof Error ? error.message : String(error)}): expected the output ` +
                "of `pulumi stack export`",
        );
    }
}

/**
 * The DriveItemShare resources of an exported stack, in the order the state lists them. Resources pending deletion
 * (the old half of a replacement) are left out: their successor holds the access.
 */
export function managedShares(state: unknown, source = "the state"): ManagedShare[] {
    if (!isRecord(state) || !isRecord(state.deployment)) {
        throw new StackStateError(
            `${source} is not a stack export: expected an object with "deployment", as \`pulumi stack export\` writes`,
        );
    }
    if (state.version !== undefined && !DEPLOYMENT_VERSIONS.includes(state.version as number)) {
        throw new StackStateError(
            `${source} is a version ${describeValue(state.version)} deployment; this report reads version ` +
                DEPLOYMENT_VERSIONS.join(", "),
        );
    }
    const resources = state.deployment.resources ?? [];
    if (!Array.isArray(resources)) throw new StackStateError(`${source}: deployment.resources is not a list`);
    return resources.flatMap((resource, index) => {
        if (!isRecord(resource))
            throw new StackStateError(`${source}: deployment.resources[${index}] is not an object`);
        if (resource.type !== DRIVE_ITEM_SHARE_TYPE || resource.delete === true) return [];
        return [readShare(resource, `${source}: deployment.resources[${index}]`)];
    });
}

function readShare(resource: Record<string, unknown>, where: string): ManagedShare {
    const urn = typeof resource.urn === "string" ? resource.urn : "";
    const outputs = isRecord(resource.outputs) ? resource.outputs : isRecord(resource.inputs) ? resource.inputs : {};
    const secretProperties: string[] = [];
    const map = (property: string): Record<string, unknown> => {
        const value = outputs[property];
        if (isSecret(value)) {
            secretProperties.push(property);
            return {};
        }
        if (value === undefined || value === null) return {};
        if (!isRecord(value)) throw new StackStateError(`${where}: outputs.${property} is not an object`);
        return value;
    };
    const address: Record<string, string> = {};
    for (const property of ADDRESS_PROPERTIES) {
        const value = text(outputs[property]);
        if (value !== undefined) address[property] = value;
    }
    const recipients = readRecipients(map("recipients"), `${where}: outputs.recipients`);
    const accessEnded = readRecipients(map("accessEnded"), `${where}: outputs.accessEnded`);
    const grants: Record<string, RecordedGrant> = {};
    for (const [key, stored] of Object.entries(map("grants"))) {
        let grant: Grant;
        try {
            grant = grantFromStored(stored, `outputs.grants["${key}"]`);
        } catch (error) {
            throw new StackStateError(`${where}: ${(error as Error).message}`);
        }
        grants[key] = { roles: grant.roles, since: grant.since };
    }
    const name = text(outputs.__resourceName) ?? text(outputs.resourceName) ?? urn.split("::").pop() ?? "";
    return {
        name,
        urn,
        address,
        driveId: text(outputs.driveId) ?? "",
        itemId: text(outputs.itemId) ?? "",
        roles: strings(outputs.roles),
        accessUntil: text(outputs.accessUntil),
        recipients,
        accessEnded,
        grants,
        secretProperties,
    };
}

/** Recipients in either stored form (model/stored-recipient.ts); an object's date may be a secret of its own. */
function readRecipients(bag: Record<string, unknown>, where: string): Record<string, RecordedRecipient> {
    const recipients: Record<string, RecordedRecipient> = {};
    for (const [key, value] of Object.entries(bag)) {
        let accessUntil: string | undefined;
        try {
            accessUntil = isRecord(value)
                ? text(value.accessUntil)
                : recipientFromStored(key, value, `${where}["${key}"]`).accessUntil;
        } catch (error) {
            throw new StackStateError((error as Error).message);
        }
        recipients[key] = accessUntil === undefined ? {} : { accessUntil };
    }
    return recipients;
}

/** A string property as a report may show it: the string, {@link SECRET} for a secret, else nothing. */
function text(value: unknown): string | undefined {
    if (isSecret(value)) return SECRET;
    return typeof value === "string" ? value : undefined;
}

/** A list of strings (a secret one reads as one {@link SECRET}); anything else reads as none. */
function strings(value: unknown): string[] {
    if (isSecret(value)) return [SECRET];
    return Array.isArray(value) ? value.filter((v): v is string => typeof v === "string") : [];
}

function isRecord(value: unknown): value is Record<string, unknown> {
    return value !== null && typeof value === "object" && !Array.isArray(value);
}
