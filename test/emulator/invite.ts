/**
 * POST {item}/invite (driveitem-invite, https://learn.microsoft.com/graph/api/driveitem-invite).
 *
 * Business drives: one permission per recipient whose id is the base64 of the recipient's claim, so a
 * second invite of the same person upserts (same id, roles replaced, expiration updated).
 * Personal drives: a "users" sharing link per invite call ("shared") or per recipient ("perRecipient").
 * An unresolvable recipient fails the whole call with 404 and grants nothing. A recipient whose
 * notification fails (sendInvitation:true) still gets the grant; the call answers 207 and that entry
 * carries an error (the doc's "Partial success response" example).
 */
import type { EmulatorContext } from "./context";
import type { DriveRecipient, Principal } from "./directory";
import { GraphHttpError, type HttpAnswer, invalidRequest, itemNotFound } from "./errors";
import { claimPermissionId, groupClaim, guidFrom, userClaim } from "./ids";
import { granteeOf, isObject, parseRecipients } from "./recipients";
import { newSharingLink, renderPermission } from "./render";
import type { StoredDrive, StoredItem, StoredPermission } from "./store";
import type { GraphPermission } from "./types";
import { parseExpiration, parseRoles } from "./validation";

const PARAMETERS = [
    "recipients",
    "message",
    "requireSignIn",
    "sendInvitation",
    "roles",
    "expirationDateTime",
    "password",
    "retainInheritedPermissions",
];
const MAX_MESSAGE = 2000;

interface InviteParameters {
    readonly recipients: DriveRecipient[];
    readonly roles: string[];
    readonly requireSignIn: boolean;
    readonly sendInvitation: boolean;
    readonly expirationDateTime?: string;
    readonly password?: string;
    readonly retainInheritedPermissions: boolean;
}

function optionalBoolean(body: Record<string, unknown>, name: string, fallback: boolean): boolean {
    const value = body[name];
    if (value === undefined) return fallback;
    if (typeof value !== "boolean") throw invalidRequest(`Invalid value for ${name}: a boolean is expected.`);
    return value;
}

function parse(ctx: EmulatorContext, drive: StoredDrive, raw: unknown): InviteParameters {
    const body = raw === undefined ? {} : raw;
    if (!isObject(body)) throw invalidRequest("Invalid request");
    const unknown = Object.keys(body).find((k) => !PARAMETERS.includes(k) && !k.startsWith("@odata."));
    if (unknown !== undefined)
        throw invalidRequest(
            `The parameter '${unknown}' in the request payload is not a valid parameter for the operation 'invite'.`,
        );
    const recipients = parseRecipients(body.recipients, "recipients");
    const roles = parseRoles(body.roles);
    if (body.message !== undefined && (typeof body.message !== "string" || body.message.length > MAX_MESSAGE)) {
        throw invalidRequest(`The message must be a string of at most ${MAX_MESSAGE} characters.`);
    }
    const defaults = ctx.settings.inviteFlagDefaults;
    const requireSignIn = optionalBoolean(body, "requireSignIn", defaults.requireSignIn);
    const sendInvitation = optionalBoolean(body, "sendInvitation", defaults.sendInvitation);
    if (!requireSignIn && !sendInvitation)
        throw invalidRequest("RequireSignIn and SendInvitation cannot both be false");
    const expirationDateTime =
        body.expirationDateTime === undefined ? undefined : parseExpiration(body.expirationDateTime, ctx.now());
    if (body.password !== undefined) {
        if (typeof body.password !== "string") throw invalidRequest("Invalid value for password.");
        if (drive.driveType !== "personal") throw invalidRequest("A password can only be set on OneDrive personal.");
    }
    const retainInheritedPermissions = optionalBoolean(body, "retainInheritedPermissions", true);
    if (!retainInheritedPermissions && ctx.settings.rejectRetainInheritedPermissionsFalse)
        throw invalidRequest("Invalid request");
    return {
        recipients,
        roles,
        requireSignIn,
        sendInvitation,
        expirationDateTime,
        password: body.password as string | undefined,
        retainInheritedPermissions,
    };
}

function claimOf(principal: Principal): string {
    return principal.kind === "user" ? userClaim(principal.user.email) : groupClaim(principal.group.id);
}

function pendingInvitation(principal: Principal, params: InviteParameters): StoredPermission["invitation"] {
    if (principal.kind !== "user" || principal.user.invitationRedeemed) return undefined;
    return { email: principal.user.email, signInRequired: params.requireSignIn };
}

/** A direct grant has no expiration on a business drive: see EmulatorOptions.businessInviteExpiration. */
function businessParameters(ctx: EmulatorContext, params: InviteParameters): InviteParameters {
    if (params.expirationDateTime === undefined) return params;
    if (ctx.settings.businessInviteExpiration === "rejected") {
        throw new GraphHttpError(
            400,
            "-1, Microsoft.SharePoint.Client.InvalidClientQueryException",
            "The parameter expirationDateTime does not exist in method invite.",
        );
    }
    return { ...params, expirationDateTime: undefined };
}

/** One permission per recipient, upserted by claim id. */
function grantBusiness(
    item: StoredItem,
    principals: Principal[],
    params: InviteParameters,
    visibleAfter: number,
): StoredPermission[] {
    return principals.map((principal) => {
        const id = claimPermissionId(claimOf(principal));
        const existing = item.permissions.find((p) => p.id === id);
        if (existing?.owner) return existing;
        if (existing) {
            existing.roles = params.roles;
            existing.inherited = false;
            existing.expirationDateTime = params.expirationDateTime;
            existing.invitation = pendingInvitation(principal, params);
            return existing;
        }
        const created: StoredPermission = {
            id,
            roles: params.roles,
            inherited: false,
            owner: false,
            grantee: granteeOf(principal),
            invitation: pendingInvitation(principal, params),
            expirationDateTime: params.expirationDateTime,
            visibleAfter,
        };
        item.permissions.push(created);
        return created;
    });
}

/** A "users" sharing link per group of recipients. */
function grantPersonal(
    ctx: EmulatorContext,
    drive: StoredDrive,
    item: StoredItem,
    groups: Principal[][],
    params: InviteParameters,
    visibleAfter: number,
): StoredPermission[] {
    return groups.map((members) => {
        const id = guidFrom(`${drive.id}/${item.id}/permission/${++item.permissionCounter}`);
        const { webUrl, shareId } = newSharingLink(ctx.render, drive, item, id);
        const created: StoredPermission = {
            id,
            roles: params.roles,
            inherited: false,
            owner: false,
            link: {
                type: params.roles[0] === "write" ? "edit" : "view",
                scope: "users",
                webUrl,
                preventsDownload: false,
                members: members.map(granteeOf),
            },
            shareId,
            hasPassword: params.password !== undefined,
            expirationDateTime: params.expirationDateTime,
            visibleAfter,
        };
        item.permissions.push(created);
        return created;
    });
}

function notificationError(): NonNullable<GraphPermission["error"]> {
    return {
        code: "notAllowed",
        message: "Account verification needed to unblock sending emails.",
        innererror: { code: "accountVerificationRequired" },
    };
}

/** Handles invite on `item`; `body` is the parsed JSON body (undefined when empty). */
export function invite(ctx: EmulatorContext, drive: StoredDrive, item: StoredItem, body: unknown): HttpAnswer {
    const params = parse(ctx, drive, body);
    const resolved = params.recipients.map((r) => ctx.directory.resolveRecipient(r));
    if (resolved.some((p) => p === undefined)) throw itemNotFound("One of the provided recipients could not be found");
    const principals = (resolved as Principal[]).filter(
        (p, i, all) => all.findIndex((q) => claimOf(q) === claimOf(p)) === i,
    );

    if (!params.retainInheritedPermissions) {
        for (const p of item.permissions.filter((x) => x.inherited))
            item.permissions.splice(item.permissions.indexOf(p), 1);
    }
    const visibleAfter = Date.now() + ctx.settings.grantVisibilityDelayMs;
    const granted =
        drive.driveType === "business"
            ? grantBusiness(item, principals, businessParameters(ctx, params), visibleAfter)
            : grantPersonal(
                  ctx,
                  drive,
                  item,
                  ctx.settings.personalInviteMode === "shared" ? [principals] : principals.map((p) => [p]),
                  params,
                  visibleAfter,
              );
    item.version++;

    let partial = false;
    const value = granted.map((permission) => {
        const rendered = renderPermission(ctx.render, drive, item, permission);
        const failed =
            params.sendInvitation &&
            principals.some((p) => p.kind === "user" && p.user.notificationFails && grantsTo(permission, p));
        if (!failed) return rendered;
        partial = true;
        return { ...rendered, error: notificationError() };
    });
    const limit = ctx.settings.inviteGatewayTimeoutAbove;
    if (limit > 0 && params.recipients.length > limit) throw new GraphHttpError(504, "UnknownError", "");
    return { status: partial ? 207 : 200, body: { value } };
}

function grantsTo(permission: StoredPermission, principal: Principal): boolean {
    const grantee = granteeOf(principal);
    const same = (g: StoredPermission["grantee"]): boolean => JSON.stringify(g) === JSON.stringify(grantee);
    return same(permission.grantee) || (permission.link?.members.some(same) ?? false);
}
