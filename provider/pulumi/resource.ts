/**
 * The DriveItemShare resource as a Pulumi program sees it. Its provider is the shim of shim.ts.
 */
import * as pulumi from "@pulumi/pulumi";
import type { Role } from "../model/recipient";
import { DRIVE_ITEM_SHARE_MODULE, DRIVE_ITEM_SHARE_NAME, DRIVE_ITEM_SHARE_TYPE } from "../model/share";
import type { DeclaredRecipient, EndedRecipient, Grant } from "../model/share";
import { grantsFromStored } from "../model/stored-grant";
import { recipientsFromStored } from "../model/stored-recipient";
import { driveItemShareProvider } from "./shim";

/**
 * A recipient as a program may write it: an email address, or an object with exactly one identifier and, optionally,
 * when their access ends (`{ email: "bob@fabrikam.com", accessUntil: "2027-03-31T17:00:00Z" }`).
 */
export type RecipientArg = string | DeclaredRecipient;

/** The arguments of a {@link DriveItemShare}. */
export interface DriveItemShareArgs {
    // The item, named one way: driveId + itemId, driveId + path, userPrincipalName + path, groupId + path, or
    // siteUrl + path (+ drive). An address that resolves to another item replaces the resource; a new path to the
    // same item (a renamed folder) does not.
    /** The drive that holds the item (Graph drive id, e.g. "b!x3F..."). */
    readonly driveId?: pulumi.Input<string>;
    /** The item (file or folder) to share (Graph item id). */
    readonly itemId?: pulumi.Input<string>;
    /** The item's path below the drive's root, e.g. "Finance/Q3". */
    readonly path?: pulumi.Input<string>;
    /** The user whose OneDrive holds the item (with `path`). */
    readonly userPrincipalName?: pulumi.Input<string>;
    /** The Microsoft 365 group whose drive holds the item (with `path`): the group's object id. */
    readonly groupId?: pulumi.Input<string>;
    /** The SharePoint site whose library holds the item (with `path`), e.g. https://contoso.sharepoint.com/sites/finance. */
    readonly siteUrl?: pulumi.Input<string>;
    /** The site's document library by name (with `siteUrl`); default the site's default library. */
    readonly drive?: pulumi.Input<string>;
    /**
     * Who gets access: emails ("alice@contoso.com"), `{ email }`, `{ objectId }` (a user or group's Entra ID object id)
     * or `{ alias }`. Emails are trimmed and lower-cased; duplicates are merged.
     */
    readonly recipients: pulumi.Input<pulumi.Input<RecipientArg>[]>;
    /** The role every recipient holds: ["read"] or ["write"]. */
    readonly roles: pulumi.Input<pulumi.Input<Role>[]>;
    /** Invitation text, at most 2000 characters; sent only when `sendInvitation` is true. */
    readonly message?: pulumi.Input<string>;
    /** Whether recipients must sign in to open the item. Default true. */
    readonly requireSignIn?: pulumi.Input<boolean>;
    /** Whether Graph emails the recipients when they are granted. Default false: nobody is emailed by surprise. */
    readonly sendInvitation?: pulumi.Input<boolean>;
    /**
     * Sent with invite as Graph's expirationDateTime (ISO 8601, in the future). Graph applies it to sharing links
     * only, which is what invite makes on a personal OneDrive; on OneDrive for Business and SharePoint use
     * `accessUntil`.
     */
    readonly expirationDateTime?: pulumi.Input<string>;
    /**
     * When every recipient's access ends (ISO 8601 date-time, e.g. "2027-06-30T00:00:00Z"), unless a recipient has
     * an `accessUntil` of their own. Enforced by the provider, on every kind of drive: the first `pulumi up` after
     * the date removes the grant, and the program stays valid unchanged.
     */
    readonly accessUntil?: pulumi.Input<string>;
    /** A password recipients must enter (personal OneDrive only). Always stored as a secret. */
    readonly password?: pulumi.Input<string>;
    /** Whether the item keeps the permissions it inherits when it is first shared. Graph's default is true. */
    readonly retainInheritedPermissions?: pulumi.Input<boolean>;
}

/**
 * The value of an Output without the resources it depends on. The URN computed from a parent carries the parent as a
 * dependency, and Pulumi waits for every child of a component a resource depends on: two shares under one component
 * would each wait for the other, and the program would never finish. A URN is known at preview, so nothing is lost.
 */
function withoutDependencies(value: pulumi.Output<string>): Promise<string> {
    return new Promise((resolve) => value.apply(resolve));
}

/**
 * Grants people access to a OneDrive or SharePoint file or folder, and keeps it as declared.
 *
 * - create grants the recipients with one Graph `invite` (adopting grants they already hold);
 * - update reconciles: invites new recipients, changes roles in place, removes dropped recipients, repairs drift;
 * - delete removes the grants this resource made, and nothing else;
 * - refresh reports grants that were removed or changed outside Pulumi.
 *
 * Permissions of people the resource does not declare, inherited and owner permissions, and sharing links it did
 * not create are never touched.
 */
export class DriveItemShare extends pulumi.dynamic.Resource {
    /** The drive that holds the item, as the address resolved. */
    declare public readonly driveId: pulumi.Output<string>;
    /** The shared item, as the address resolved. */
    declare public readonly itemId: pulumi.Output<string>;
    /** The declared recipients whose access goes on, keyed by email, object id or `alias:<alias>`. */
    declare public readonly recipients: pulumi.Output<Record<string, DeclaredRecipient>>;
    /** The declared recipients whose `accessUntil` has passed, and the date it ended, keyed like `recipients`. */
    declare public readonly accessEnded: pulumi.Output<Record<string, EndedRecipient> | undefined>;
    /** The declared role. */
    declare public readonly roles: pulumi.Output<Role[]>;
    /** For each recipient key, the id of the Graph permission that grants them access, and its roles. */
    declare public readonly grants: pulumi.Output<Record<string, Grant>>;

    constructor(name: string, args: DriveItemShareArgs, opts?: pulumi.CustomResourceOptions) {
        const props = {
            ...args,
            password: args.password === undefined ? undefined : pulumi.secret(args.password),
            __resourceName: name,
            // The provider host passes no URN to check, yet resources are told apart by URN (two may share a name
            // under different parents), so the class hands it over: computed from the parent's URN, known at
            // preview. Hidden (`__`) so previews stay clean; state without it is told apart by name. A top-level
            // resource's URN is a plain string: an Output would change the order in which resources register.
            __resourceUrn: opts?.parent
                ? withoutDependencies(pulumi.createUrn(name, DRIVE_ITEM_SHARE_TYPE, opts.parent))
                : `urn:pulumi:${pulumi.getStack()}::${pulumi.getProject()}::${DRIVE_ITEM_SHARE_TYPE}::${name}`,
            driveId: args.driveId,
            itemId: args.itemId,
            grants: undefined,
            accessEnded: undefined,
        };
        super(
            driveItemShareProvider,
            name,
            props,
            { ...opts, additionalSecretOutputs: [...(opts?.additionalSecretOutputs ?? []), "password"] },
            DRIVE_ITEM_SHARE_MODULE,
            DRIVE_ITEM_SHARE_NAME,
        );
        // State keeps each grant as one string and each recipient as a plain value (model/stored-grant.ts,
        // stored-recipient.ts); the program reads them as objects.
        this.grants = this.grants.apply((stored: unknown) => grantsFromStored(stored));
        this.recipients = this.recipients.apply(
            (stored: unknown) => recipientsFromStored(stored) as Record<string, DeclaredRecipient>,
        );
    }
}
