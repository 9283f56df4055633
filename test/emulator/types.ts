/**
 * Public types of the local Entra ID + Microsoft Graph drive-permissions emulator.
 *
 * JSON shapes follow Microsoft Learn: "permission resource type", "driveItem: invite",
 * "List sharing permissions on a driveItem" (https://learn.microsoft.com/graph/api/resources/permission).
 */

/** Options of {@link startEmulator}; every field can be left out. */
export interface EmulatorOptions {
    /** Delay added before answering each Graph request (not Entra, not control calls). Default 0. */
    readonly latencyMs?: number;
    /** Lifetime of issued access tokens ("expires_in"). Default 3599. */
    readonly tokenLifetimeSeconds?: number;
    /** Permissions per page of GET .../permissions; more are reached through @odata.nextLink. Default 200. */
    readonly listPageSize?: number;
    /**
     * Personal drives only. "shared": one invite call creates ONE sharing-link permission listing every
     * recipient; "perRecipient": one such permission per recipient. Default "shared".
     */
    readonly personalInviteMode?: "shared" | "perRecipient";
    /** Verified domains of the tenant. Default ["contoso.com"]. Users outside them default to Guest. */
    readonly tenantDomains?: string[];
    /** TCP port to listen on (127.0.0.1). Default 0: any free port. */
    readonly port?: number;
    /** Eventual consistency: see {@link GraphEmulator.grantVisibilityDelayMs}. Default 0. */
    readonly grantVisibilityDelayMs?: number;
    /**
     * Reject invite with retainInheritedPermissions:false as 400 invalidRequest "Invalid request", as reported
     * in microsoftgraph/microsoft-graph-docs#20888. Default false: accepted, inheritance is broken.
     */
    readonly rejectRetainInheritedPermissionsFalse?: boolean;
    /**
     * Values assumed for invite's requireSignIn/sendInvitation when the body leaves them out. Default both
     * false, so leaving out both is rejected ("RequireSignIn and SendInvitation cannot both be false"), as in
     * OneDrive/onedrive-api-docs#627 where a body that was not read at all produced that error.
     */
    readonly inviteFlagDefaults?: { readonly requireSignIn: boolean; readonly sendInvitation: boolean };
    /**
     * SharePoint's resource-unit budget per app per tenant: `licences` picks the budget from Microsoft's table,
     * `windowMs` is the "1 minute" window (less compresses time). Default off (resource-units.ts).
     */
    readonly resourceUnits?: { readonly licences: number; readonly windowMs: number };
    /** Order of $batch responses. Default "reversed" (catches clients that assume request order). */
    readonly batchResponseOrder?: "reversed" | "request";
    /**
     * An invite naming more recipients than this is carried out, then answered 504 as a gateway that gave up on it:
     * OneDrive/onedrive-api-docs#1481 saw 504 for every invite of 200 recipients and success at about 30 (Graph
     * documents no limit). Whether the service finished such an invite is not known; carrying it out is the case
     * where a client that sends it again blindly grants twice (a second link on a personal drive, a second email).
     * The body is the gateway's (code "UnknownError", empty message: onedrive-api-docs#948, #855). Default 200;
     * 0 turns it off.
     */
    readonly inviteGatewayTimeoutAbove?: number;
    /**
     * What invite does with expirationDateTime on a business drive, where it grants directly. Graph's page
     * (driveitem-invite): "For OneDrive for Business and SharePoint ExpirationDateTime is only applicable for
     * sharingLink permissions". "ignored" (default): the grant is made without an expiration. "rejected": 400 as
     * microsoft-graph-docs#8820 reports, "The parameter expirationDateTime does not exist in method invite."
     */
    readonly businessInviteExpiration?: "ignored" | "rejected";
    /**
     * How far the emulator's clock runs ahead of the machine's (negative: behind), for the dates Graph judges: an
     * expirationDateTime must be in the future. Set with the provider's DRIVESHARE_NOW, a test runs a day in the
     * future through both without waiting for it. Tokens keep the machine's clock: @azure/identity judges their
     * expiry by it. Default 0.
     */
    readonly clockOffsetMs?: number;
}

/** An app registration (service principal) that can sign in with client credentials. */
export interface AppRegistration {
    readonly tenantId: string;
    readonly clientId: string;
    /** Accepted client_secret; the app cannot use a secret when left out. */
    readonly clientSecret?: string;
    /** PEM of the public certificate whose private key signs client_assertion JWTs. */
    readonly certificatePem?: string;
    /** Application permissions (app roles) granted to the app. Default ["Files.ReadWrite.All"]. */
    readonly permissions?: string[];
    /**
     * Federated identity credentials (workload identity federation, e.g. GitHub Actions OIDC): a client_assertion
     * whose iss, sub and aud match one of these, signed by its key, signs the app in.
     */
    readonly federatedCredentials?: FederatedCredential[];
    /**
     * The app is a managed identity: it gets tokens from the App Service identity endpoint (GET /msi/token with the
     * X-IDENTITY-HEADER secret {@link MANAGED_IDENTITY_HEADER}), the system-assigned one when no client_id is asked for.
     */
    readonly managedIdentity?: "system-assigned" | "user-assigned";
}

/** A federated identity credential of an app, as Entra ID stores one, with the issuer's signing key. */
export interface FederatedCredential {
    /** e.g. "https://token.actions.githubusercontent.com". */
    readonly issuer: string;
    /** e.g. "repo:contoso/sharing:ref:refs/heads/main". */
    readonly subject: string;
    /** Default ["api://AzureADTokenExchange"]. */
    readonly audiences?: string[];
    /** PEM of the public key the issuer signs its tokens with (RS256); stands in for the issuer's JWKS. */
    readonly publicKeyPem: string;
}

/** A directory user as stored by the emulator. */
export interface EmulatedUser {
    readonly id: string;
    /** Mail and userPrincipalName. */
    readonly email: string;
    readonly displayName: string;
    readonly userType: "Member" | "Guest";
    readonly mailNickname: string;
    /** Sharing notifications to this user fail: invite answers 207 with an error on their entry. */
    readonly notificationFails: boolean;
    /** A guest who has not redeemed an invitation gets `invitation` on their permissions. */
    readonly invitationRedeemed: boolean;
}

/** Input of {@link GraphEmulator.addUser}. */
export interface UserSeed {
    /** Default: a GUID derived from the lower-cased email, so it is the same on every run. */
    readonly id?: string;
    readonly email: string;
    /** Default: the local part of the email. */
    readonly displayName?: string;
    /** Default: Member when the email's domain is one of tenantDomains, Guest otherwise. */
    readonly userType?: "Member" | "Guest";
    /** Default: the local part of the email. Used to resolve invite recipients given by `alias`. */
    readonly mailNickname?: string;
    readonly notificationFails?: boolean;
    /** Default: true for members, false for guests. */
    readonly invitationRedeemed?: boolean;
}

/** A directory group as stored by the emulator. */
export interface EmulatedGroup {
    readonly id: string;
    readonly displayName: string;
    readonly email?: string;
    readonly mailNickname?: string;
    readonly groupTypes: "security" | "m365";
}

/** Input of {@link GraphEmulator.addGroup}. */
export interface GroupSeed {
    /** Default: a GUID derived from the name and email. */
    readonly id?: string;
    readonly displayName: string;
    readonly email?: string;
    readonly mailNickname?: string;
    /** Default "security". */
    readonly groupTypes?: "security" | "m365";
}

/**
 * A SharePoint site (the root web of a site collection; subsites are not modelled). JSON shape from Microsoft
 * Learn "site resource type", "Get a site resource" (site-get) and "Get a site resource by path" (site-getbypath).
 */
export interface EmulatedSite {
    /** Graph's composite id "<hostname>,<siteCollectionId>,<webId>", lower case. */
    readonly id: string;
    /** Lower case, e.g. "contoso.sharepoint.com". */
    readonly hostname: string;
    /** Server-relative path as given (trailing "/" removed), "/" for the root site, e.g. "/sites/finance". */
    readonly path: string;
    /** Last segment of the path ("" for the root site). */
    readonly name: string;
    readonly displayName: string;
    /** "https://<hostname><path>" ("https://<hostname>" for the root site). */
    readonly webUrl: string;
    readonly siteCollectionId: string;
    readonly webId: string;
}

/** Input of {@link GraphEmulator.addSite}. */
export interface SiteSeed {
    /**
     * Default: "<hostname>,<siteCollectionId>,<webId>" with both GUIDs derived from hostname + path, so it is the
     * same on every run. When given it must have that form, with the same hostname.
     */
    readonly id?: string;
    /** e.g. "contoso.sharepoint.com"; any hostname of a site becomes a hostname "of this tenancy". */
    readonly hostname: string;
    /** Server-relative path: "/sites/finance", "/teams/sales", or "/" for the root site. */
    readonly path: string;
    /** Default: the last path segment (the hostname for the root site). */
    readonly displayName?: string;
}

/** A drive as stored by the emulator. */
export interface EmulatedDrive {
    readonly id: string;
    readonly driveType: "business" | "personal";
    readonly name: string;
    readonly ownerUserId?: string;
    readonly ownerGroupId?: string;
    readonly siteId?: string;
    /** This drive is what /sites/{siteId}/drive answers (only for drives of a site). */
    readonly defaultLibrary?: boolean;
    readonly rootItemId: string;
}

/** Input of {@link GraphEmulator.addDrive}. */
export interface DriveSeed {
    /**
     * Default: "b!..." for business drives (for a drive of a site made with addSite: the base64url of the site
     * collection, web and list GUIDs, as SharePoint builds them), 16 hex digits for personal ones, deterministic.
     */
    readonly id?: string;
    /**
     * Default "business". Business drives of a site or a group are rendered with Graph's driveType
     * "documentLibrary"; those of a user as "business".
     */
    readonly driveType?: "business" | "personal";
    /** Default "Documents" (business: the title of SharePoint's default library) or "OneDrive" (personal). */
    readonly name?: string;
    /** Owner (user id or email): reached through /users/{id or upn}/drive; gets an owner permission on the root item. */
    readonly ownerUserId?: string;
    /** Owning group (id or email): reached through /groups/{id}/drive. */
    readonly ownerGroupId?: string;
    /**
     * The site (id from addSite, or its webUrl, handy in seed documents) whose document library this is: listed by
     * /sites/{siteId}/drives and reached through /sites/{siteId}/drives/{driveId}. An id that no addSite made is kept
     * as is: /sites/{siteId}/drive still reaches the drive, but the site itself answers 404.
     */
    readonly siteId?: string;
    /**
     * The site's default document library (/sites/{siteId}/drive). Default: true for a site's first drive, and for
     * a later one when no drive of the site is the default yet. Setting it true takes it from the current default.
     */
    readonly defaultLibrary?: boolean;
}

/** A drive item as stored by the emulator. */
export interface EmulatedItem {
    readonly id: string;
    readonly driveId: string;
    readonly name: string;
    /** Undefined for the root item. */
    readonly parentId?: string;
    readonly folder: boolean;
    /** Path below the root, "" for the root, e.g. "/Projects/plan.docx". */
    readonly path: string;
}

/** Input of {@link GraphEmulator.addItem}. */
export interface ItemSeed {
    readonly driveId: string;
    /** Default: "01" + 32 base32 characters (business) or "<driveId>!<n>" (personal), deterministic. */
    readonly id?: string;
    readonly name: string;
    /** Default: the drive's root item. */
    readonly parentId?: string;
    readonly folder?: boolean;
}

/** Fields every {@link PermissionSeed} accepts. */
export interface PermissionSeedBase {
    /**
     * Default: on business drives the base64 of the grantee's claim for user/group/owner grants (so a later
     * invite of the same person upserts it), otherwise a deterministic GUID. Must be unique on the item.
     */
    readonly id?: string;
    /** The permission comes from an ancestor: it cannot be patched or deleted (403 notAllowed). */
    readonly inherited?: boolean;
    /** Item it is inherited from (rendered as inheritedFrom on personal drives only). Default: the parent. */
    readonly inheritedFromItemId?: string;
    /** ISO date-time. */
    readonly expirationDateTime?: string;
    /** Pending invitation; guests who have not redeemed get one automatically. */
    readonly invitation?: { readonly email: string; readonly signInRequired: boolean };
}

/**
 * A permission to seed with {@link GraphEmulator.addPermission}. Users and groups are named by id or email.
 * - user / group: a direct grant (roles default ["read"]; any role string is kept, e.g. "sp.member").
 * - owner: roles ["owner"] for a user or group.
 * - siteGroup: a SharePoint group such as "Contoso Members" (business drives).
 * - link: a sharing link of any scope; `grantees` lists the people of a "users" link (user/group ids or
 *   emails; an email unknown to the directory is kept as an external recipient). Roles default to the
 *   link type (view -> read, edit -> write).
 */
export type PermissionSeed =
    | (PermissionSeedBase & { readonly kind: "user"; readonly user: string; readonly roles?: string[] })
    | (PermissionSeedBase & { readonly kind: "group"; readonly group: string; readonly roles?: string[] })
    | (PermissionSeedBase & { readonly kind: "owner"; readonly user?: string; readonly group?: string })
    | (PermissionSeedBase & { readonly kind: "siteGroup"; readonly displayName: string; readonly roles?: string[] })
    | (PermissionSeedBase & {
          readonly kind: "link";
          readonly linkType: "view" | "edit" | "embed";
          readonly scope: "anonymous" | "organization" | "users" | "existingAccess";
          readonly grantees?: string[];
          readonly roles?: string[];
          readonly hasPassword?: boolean;
          readonly preventsDownload?: boolean;
      });

/** identity (user, group, application...) inside an identity set. */
export interface GraphIdentity {
    readonly id?: string;
    readonly displayName?: string;
    readonly email?: string;
    readonly loginName?: string;
}

/** identitySet / sharePointIdentitySet. */
export interface GraphIdentitySet {
    readonly user?: GraphIdentity;
    readonly group?: GraphIdentity;
    readonly application?: GraphIdentity;
    readonly siteUser?: GraphIdentity;
    readonly siteGroup?: GraphIdentity;
}

/** The permission JSON exactly as Graph returns it (a property is absent rather than null). */
export interface GraphPermission {
    readonly id: string;
    readonly roles: string[];
    readonly "@deprecated.GrantedTo"?: string;
    readonly grantedTo?: GraphIdentitySet;
    readonly grantedToV2?: GraphIdentitySet;
    readonly grantedToIdentities?: GraphIdentitySet[];
    readonly grantedToIdentitiesV2?: GraphIdentitySet[];
    readonly invitation?: { readonly email: string; readonly signInRequired: boolean };
    readonly inheritedFrom?: { readonly driveId: string; readonly id: string; readonly path?: string };
    readonly link?: {
        readonly type: string;
        readonly scope: string;
        readonly webUrl: string;
        readonly preventsDownload?: boolean;
    };
    readonly shareId?: string;
    readonly expirationDateTime?: string;
    readonly hasPassword?: boolean;
    /** Only on invite's 207 entries whose notification failed. */
    readonly error?: {
        readonly code: string;
        readonly message: string;
        readonly innererror?: { readonly code: string };
    };
}

/** One request as the emulator received it. */
export interface LoggedRequest {
    readonly seq: number;
    /** When the request arrived (Date.now()), for tests of how long a client waited between requests. */
    readonly receivedAt: number;
    readonly method: string;
    /** Path + query as received, e.g. /v1.0/drives/d/items/i/permissions (for batch parts: the inner url). */
    readonly url: string;
    /** url without the query. */
    readonly path: string;
    /** Parsed JSON or form fields; client_secret/client_assertion/password values replaced by "<redacted>". */
    readonly body?: unknown;
    /** 0 for a dropped connection. */
    status: number;
    readonly kind: "entra" | "graph" | "batch-part";
    /** For batch parts: seq of the enclosing $batch. */
    readonly batchSeq?: number;
    /** The request carried a valid access token. */
    authenticated: boolean;
    /**
     * The User-Agent header of a Graph request: SharePoint's throttling guidance asks a tool to identify itself with
     * `NONISV|Company|App/Version` (https://learn.microsoft.com/sharepoint/dev/general-development/how-to-avoid-getting-throttled-or-blocked-in-sharepoint-online).
     */
    readonly userAgent?: string;
    /** Resource units charged for it, when the RU meter is on (setting `resourceUnits`); a 429 is charged too. */
    resourceUnits?: number;
}

/** What an injected fault answers. */
export type FaultResponse =
    | {
          readonly status: number;
          readonly retryAfterSeconds?: number;
          readonly code?: string;
          readonly message?: string;
      }
    | { readonly drop: true }
    | { readonly expireToken: true };

/**
 * A fault to inject; matching requests are counted per spec. Graph requests without a valid token are
 * answered 401 before faults see them.
 */
export interface FaultSpec {
    /** e.g. "POST"; any method when left out. */
    readonly method?: string;
    /** RegExp tested against the request path (batch parts: the inner url path); a string matches as substring. */
    readonly path?: RegExp | string;
    /** Default: "graph" and "batch-part" both match; "entra" must be asked for. */
    readonly kind?: "graph" | "batch-part" | "entra";
    /** Let this many matching requests through first. */
    readonly skip?: number;
    /** How many matching requests to fault, default 1 (Infinity allowed). */
    readonly times?: number;
    readonly response: FaultResponse;
}
