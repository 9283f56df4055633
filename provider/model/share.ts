/**
 * What a DriveItemShare declares (its checked inputs) and records (its outputs).
 *
 * The checked inputs are keyed maps, not arrays: the engine diffs arrays by index, so one recipient inserted at the
 * front of a list would show every later recipient as changed in `pulumi preview --diff`. Keyed by recipient, an
 * added recipient is one added entry, and the same program always checks to the same inputs.
 */
import type { ItemLocator } from "./address";
import type { Recipient, Role } from "./recipient";

/** The Pulumi module and type a DriveItemShare registers under (`pulumi.dynamic.Resource`'s last two arguments). */
export const DRIVE_ITEM_SHARE_MODULE = "driveShare";
export const DRIVE_ITEM_SHARE_NAME = "DriveItemShare";
/**
 * The type token Pulumi gives it (`pulumi-nodejs:dynamic/<module>:<type>`): part of its URN, and what tools reading a
 * stack (the report, the policy pack) look for.
 */
export const DRIVE_ITEM_SHARE_TYPE = `pulumi-nodejs:dynamic/${DRIVE_ITEM_SHARE_MODULE}:${DRIVE_ITEM_SHARE_NAME}`;

/** The arguments of a share besides its address: what an update may change in place. */
export const SHARE_PROPERTIES = [
    "recipients",
    "roles",
    "message",
    "requireSignIn",
    "sendInvitation",
    "expirationDateTime",
    "accessUntil",
    "password",
    "retainInheritedPermissions",
] as const;

/** A declared recipient: who, and, when they have a date of their own, when their access ends. */
export type DeclaredRecipient = Recipient & {
    /** ISO 8601 date-time at which the provider removes this recipient's grant; overrides the share's. */
    readonly accessUntil?: string;
};

/**
 * A declared recipient as the checked inputs keep it (stored-recipient.ts): `true`, or their own end of access; in
 * state written by 0.1.0, and in shares created from it, the {@link DeclaredRecipient} object.
 */
export type StoredRecipient = true | string | DeclaredRecipient;

/** A declared recipient whose access has ended: who, and the date it ended (theirs, or the share's). */
export type EndedRecipient = Recipient & { readonly accessUntil: string };

/**
 * The checked inputs of a DriveItemShare: what the engine stores as inputs and passes to diff/create/update. The item
 * is named by one of the forms of {@link ItemLocator}.
 */
export interface ShareInputs extends ItemLocator {
    /**
     * Declared recipients whose access has not ended, keyed by {@link recipientKey}, keys sorted, in their stored
     * form: `recipientsFromStored` (stored-recipient.ts) reads them.
     */
    readonly recipients: Readonly<Record<string, StoredRecipient>>;
    /** Exactly one role: Graph grants a person either read or write on an item. */
    readonly roles: Role[];
    readonly message?: string;
    readonly requireSignIn: boolean;
    readonly sendInvitation: boolean;
    readonly expirationDateTime?: string;
    /**
     * When every recipient's access ends (ISO 8601 date-time), unless a recipient has a date of its own. Graph keeps
     * no end date for a direct grant on OneDrive for Business or SharePoint, so the provider enforces it: once the
     * date has passed, check moves the recipient into {@link accessEnded} and the next update removes the grant.
     */
    readonly accessUntil?: string;
    /**
     * Recipients the program still declares whose end date has passed, keyed like `recipients`. Set by check, never
     * by the program: an unchanged program stays valid after the date, and the preview shows the recipient moving
     * here (the grant's removal) rather than failing.
     */
    readonly accessEnded?: Record<string, EndedRecipient>;
    readonly password?: string;
    readonly retainInheritedPermissions?: boolean;
    /**
     * The Pulumi resource name, set by the DriveItemShare class so that resources on one item can coordinate. Its
     * name starts with `__` because Pulumi prints no such property in a preview: reviewers see only what they wrote.
     */
    readonly __resourceName?: string;
    /** Where state written by 0.1.0 keeps the resource name (shown in every preview, hence renamed). */
    readonly resourceName?: string;
    /**
     * The resource's URN, set by the DriveItemShare class: its identity among the resources of a deployment (two
     * resources may share a name under different parents). Hidden for the same reason as `__resourceName`.
     */
    readonly __resourceUrn?: string;
}

/** The resource name a share's inputs or outputs carry, under its current key or the one older state used. */
export function resourceNameOf(bag: Pick<ShareInputs, "__resourceName" | "resourceName">): string | undefined {
    return bag.__resourceName ?? bag.resourceName;
}

/**
 * What tells a share's resource apart from every other in the deployment: its URN, or, in state written before the
 * URN was kept (which has only a name), its name.
 */
export function resourceIdentityOf(
    bag: Pick<ShareInputs, "__resourceUrn" | "__resourceName" | "resourceName">,
): string | undefined {
    return bag.__resourceUrn ?? resourceNameOf(bag);
}

/** What this resource keeps in its outputs for each recipient it grants. */
export interface Grant {
    /** The id of the Graph permission that grants the recipient access. */
    readonly permissionId: string;
    /** The roles that permission granted when last seen. */
    readonly roles: string[];
    /** When this resource granted it (ISO 8601); absent for a grant it adopted, and in older state. */
    readonly since?: string;
}

/** A grant of `permissionId` with `roles`, keeping the date of the recorded grant when it is the same permission. */
export function grantOf(permissionId: string, roles: readonly string[], recorded?: Grant): Grant {
    const since = recorded?.permissionId === permissionId ? recorded.since : undefined;
    return since === undefined ? { permissionId, roles: [...roles] } : { permissionId, roles: [...roles], since };
}

/**
 * The outputs of a DriveItemShare: its checked inputs, the ids of the item its address resolved to, and, per recipient
 * key, the grant that gives them access.
 */
export interface ShareOutputs extends ShareInputs {
    readonly driveId: string;
    readonly itemId: string;
    readonly grants: Record<string, Grant>;
    /**
     * The declared recipients this resource has granted, kept through `pulumi refresh` (which drops a grant removed
     * by hand from `grants`), so that the up that restores the grant does not email them again: only a recipient's
     * first grant may send an invitation. Hidden (`__`) like the resource name; absent from state written before.
     */
    readonly __granted?: string[];
}

/**
 * The outputs as the engine stores them: the grants in their stored form (stored-grant.ts), which state written by
 * 0.1.0 keeps as {@link Grant} objects.
 */
export type StoredShareOutputs = Omit<ShareOutputs, "grants"> & {
    readonly grants?: Readonly<Record<string, string | Grant>>;
};
