/**
 * Graph's JSON as this provider reads and sends it: only the fields it uses. graph.test.ts checks each shape
 * against Microsoft's `@microsoft/microsoft-graph-types` at compile time; the fields the service sends beyond that
 * schema are marked where they are declared.
 */
import type { Recipient, Role } from "./recipient";

/** The parts of Graph's identity and sharePointIdentity resources that identify a person or group. */
export interface GraphIdentity {
    readonly id?: string;
    readonly displayName?: string;
    /** Not in Graph's schema, but sent on users and groups of permissions (and the only clue on personal drives). */
    readonly email?: string;
    readonly loginName?: string;
}

/** The parts of Graph's identitySet / sharePointIdentitySet this provider reads. */
export interface GraphIdentitySet {
    readonly user?: GraphIdentity;
    readonly group?: GraphIdentity;
    readonly siteUser?: GraphIdentity;
    readonly siteGroup?: GraphIdentity;
    readonly application?: GraphIdentity;
    readonly device?: GraphIdentity;
}

/** Graph's error object, as a failed request or a failed part of an answer carries it. */
export interface GraphError {
    readonly code?: string;
    readonly message?: string;
    /** The service spells it `innererror` (Graph's schema says `innerError`); its code is the precise reason. */
    readonly innererror?: { readonly code?: string };
    /** Error responses carry the ids Microsoft support asks for here (learn.microsoft.com/graph/errors). */
    readonly innerError?: { readonly "request-id"?: string; readonly date?: string };
}

/** Graph's `permission` resource, as list/get/invite return it (only the fields this provider reads). */
export interface GraphPermission {
    readonly id: string;
    readonly roles?: string[];
    readonly grantedTo?: GraphIdentitySet | null;
    readonly grantedToV2?: GraphIdentitySet | null;
    readonly grantedToIdentities?: GraphIdentitySet[] | null;
    readonly grantedToIdentitiesV2?: GraphIdentitySet[] | null;
    readonly invitation?: { readonly email?: string; readonly signInRequired?: boolean } | null;
    /** The ancestor the permission is inherited from (an itemReference); only its presence is read. */
    readonly inheritedFrom?: { readonly id?: string; readonly driveId?: string; readonly path?: string } | null;
    readonly link?: { readonly type?: string; readonly scope?: string } | null;
    readonly expirationDateTime?: string;
    /**
     * Not in Graph's schema: present on invite answers of 207 Multi-Status, where the notification failed and the grant
     * did not.
     */
    readonly error?: GraphError;
}

/**
 * Graph's `driveItem`, as the export reads it from `GET {item}` and `GET {item}/children` (with `$select` of these
 * fields): a `folder` facet means it can have children.
 */
export interface GraphDriveItem {
    readonly id: string;
    readonly name?: string;
    readonly folder?: { readonly childCount?: number } | null;
    readonly parentReference?: { readonly driveId?: string; readonly id?: string; readonly path?: string } | null;
}

/** A page of a collection, e.g. `GET {item}/permissions`. */
export interface GraphPage<T> {
    readonly value: T[];
    readonly "@odata.nextLink"?: string;
}

/** The body of `POST {item}/invite`. */
export interface InviteRequest {
    /** Graph's `driveRecipient` is exactly a {@link Recipient}: one of email, objectId or alias. */
    readonly recipients: Recipient[];
    readonly roles: Role[];
    readonly requireSignIn: boolean;
    readonly sendInvitation: boolean;
    readonly message?: string;
    readonly expirationDateTime?: string;
    readonly password?: string;
    readonly retainInheritedPermissions?: boolean;
}

/** The body of `PATCH {item}/permissions/{id}`: a role change. */
export interface PermissionPatch {
    readonly roles: Role[];
}

/** The body of `POST {item}/permissions/{id}/revokeGrants`. */
export interface RevokeGrantsRequest {
    readonly grantees: Recipient[];
}

/** One request of a `POST /$batch` body (JSON batching). */
export interface BatchRequestItem {
    readonly id: string;
    readonly method: string;
    /** Relative to the version root, e.g. /drives/{d}/items/{i}/permissions/{p}. */
    readonly url: string;
    readonly body?: unknown;
    readonly headers?: Record<string, string>;
}

/** One answer of a `$batch` response, matched to its request by id. */
export interface BatchResponseItem {
    readonly id: string;
    readonly status: number;
    readonly headers?: Record<string, string>;
    readonly body?: { readonly error?: GraphError } & Record<string, unknown>;
}
