/**
 * The tenant directory: app registrations, users and groups, and how invite recipients resolve to them.
 */
import { X509Certificate, createHash } from "node:crypto";
import { guidFrom } from "./ids";
import type { AppRegistration, EmulatedGroup, EmulatedUser, FederatedCredential, GroupSeed, UserSeed } from "./types";

/** A registered app with what sign-in needs precomputed. */
export interface StoredApp {
    readonly tenantId: string;
    readonly clientId: string;
    readonly clientSecret?: string;
    readonly certificate?: { readonly x509: X509Certificate; readonly sha1: string; readonly sha256: string };
    readonly roles: string[];
    readonly federatedCredentials: readonly FederatedCredential[];
    readonly managedIdentity?: "system-assigned" | "user-assigned";
    /** Object id of the app's service principal (the token's oid). */
    readonly servicePrincipalId: string;
}

/** A user or a group: what an invite recipient or a permission grantee resolves to. */
export type Principal =
    { readonly kind: "user"; readonly user: EmulatedUser } | { readonly kind: "group"; readonly group: EmulatedGroup };

/** driveRecipient as sent to invite and revokeGrants. */
export interface DriveRecipient {
    readonly email?: string;
    readonly alias?: string;
    readonly objectId?: string;
}

const same = (a: string | undefined, b: string | undefined): boolean =>
    a !== undefined && b !== undefined && a.toLowerCase() === b.toLowerCase();

/** Users, groups and apps of the emulated tenant(s). */
export class Directory {
    private readonly apps: StoredApp[] = [];
    private readonly users: EmulatedUser[] = [];
    /** Users by lower-cased id and email: a tenant of thousands (the bench's) is looked up on every invite. */
    private readonly usersByKey = new Map<string, EmulatedUser>();
    private readonly groups: EmulatedGroup[] = [];

    constructor(private readonly tenantDomains: () => readonly string[]) {}

    /** Registers an app; a second registration of the same tenant+client replaces the first. */
    addApp(app: AppRegistration): StoredApp {
        const stored: StoredApp = {
            tenantId: app.tenantId,
            clientId: app.clientId,
            clientSecret: app.clientSecret,
            certificate: app.certificatePem === undefined ? undefined : parseCertificate(app.certificatePem),
            roles: app.permissions ?? ["Files.ReadWrite.All"],
            federatedCredentials: app.federatedCredentials ?? [],
            managedIdentity: app.managedIdentity,
            servicePrincipalId: guidFrom(`sp:${app.tenantId}:${app.clientId}`.toLowerCase()),
        };
        const index = this.apps.findIndex((a) => same(a.tenantId, app.tenantId) && same(a.clientId, app.clientId));
        if (index >= 0) this.apps.splice(index, 1, stored);
        else this.apps.push(stored);
        return stored;
    }

    /** The tenant id a tenant segment of an Entra URL names (a tenant id, or one of the tenant's domains). */
    resolveTenant(segment: string): string | undefined {
        const byId = this.apps.find((a) => same(a.tenantId, segment));
        if (byId) return byId.tenantId;
        const isDomain = this.tenantDomains().some(
            (d) => same(d, segment) || same(`${d.split(".")[0]}.onmicrosoft.com`, segment),
        );
        return isDomain ? this.apps[0]?.tenantId : undefined;
    }

    /** The managed identity with this client id, or the system-assigned one when none is given. */
    findManagedIdentity(clientId: string | undefined): StoredApp | undefined {
        return this.apps.find((a) =>
            clientId === undefined
                ? a.managedIdentity === "system-assigned"
                : a.managedIdentity !== undefined && same(a.clientId, clientId),
        );
    }

    /** The app registered in `tenantId` with `clientId`. */
    findApp(tenantId: string, clientId: string): StoredApp | undefined {
        return this.apps.find((a) => same(a.tenantId, tenantId) && same(a.clientId, clientId));
    }

    /** Adds a user; see {@link UserSeed} for the defaults. Throws on a duplicate id or email. */
    addUser(seed: UserSeed): EmulatedUser {
        const local = seed.email.split("@")[0];
        const domain = seed.email.split("@")[1] ?? "";
        const userType = seed.userType ?? (this.tenantDomains().some((d) => same(d, domain)) ? "Member" : "Guest");
        const user: EmulatedUser = {
            id: seed.id ?? guidFrom(`user:${seed.email.toLowerCase()}`),
            email: seed.email,
            displayName: seed.displayName ?? local,
            userType,
            mailNickname: seed.mailNickname ?? local,
            notificationFails: seed.notificationFails ?? false,
            invitationRedeemed: seed.invitationRedeemed ?? userType === "Member",
        };
        const keys = [user.id.toLowerCase(), user.email.toLowerCase()];
        if (keys.some((key) => this.usersByKey.has(key))) {
            throw new Error(`emulator: a user with id ${user.id} or email ${user.email} already exists`);
        }
        this.users.push(user);
        for (const key of keys) this.usersByKey.set(key, user);
        return user;
    }

    /** Adds a group; see {@link GroupSeed} for the defaults. Throws on a duplicate id. */
    addGroup(seed: GroupSeed): EmulatedGroup {
        const group: EmulatedGroup = {
            id: seed.id ?? guidFrom(`group:${seed.displayName}:${seed.email ?? ""}:${this.groups.length}`),
            displayName: seed.displayName,
            email: seed.email,
            mailNickname: seed.mailNickname,
            groupTypes: seed.groupTypes ?? "security",
        };
        if (this.groups.some((g) => same(g.id, group.id)))
            throw new Error(`emulator: a group with id ${group.id} already exists`);
        this.groups.push(group);
        return group;
    }

    /** A user by id or userPrincipalName (= email), case-insensitive. */
    user(idOrUpn: string): EmulatedUser | undefined {
        return this.usersByKey.get(idOrUpn.toLowerCase());
    }

    /** A group by id or email, case-insensitive. */
    group(idOrEmail: string): EmulatedGroup | undefined {
        return this.groups.find((g) => same(g.id, idOrEmail) || same(g.email, idOrEmail));
    }

    /** A user or group named by id or email. */
    principal(idOrEmail: string): Principal | undefined {
        const user = this.user(idOrEmail);
        if (user) return { kind: "user", user };
        const group = this.group(idOrEmail);
        return group ? { kind: "group", group } : undefined;
    }

    /**
     * What a driveRecipient names: email -> a user's mail (member or guest) or a group's mail; objectId -> a
     * user or group id; alias -> a mailNickname. All case-insensitive.
     */
    resolveRecipient(r: DriveRecipient): Principal | undefined {
        if (r.email !== undefined) return this.principal(r.email);
        if (r.objectId !== undefined) return this.principal(r.objectId);
        if (r.alias !== undefined) {
            const user = this.users.find((u) => same(u.mailNickname, r.alias));
            if (user) return { kind: "user", user };
            const group = this.groups.find((g) => same(g.mailNickname, r.alias));
            return group ? { kind: "group", group } : undefined;
        }
        return undefined;
    }

    /** Forgets everything. */
    reset(): void {
        this.apps.length = 0;
        this.users.length = 0;
        this.usersByKey.clear();
        this.groups.length = 0;
    }
}

function parseCertificate(pem: string): StoredApp["certificate"] {
    const x509 = new X509Certificate(pem);
    // Thumbprints as MSAL puts them in the assertion header (x5t / x5t#S256): hashes of the DER bytes.
    return {
        x509,
        sha1: createHash("sha1").update(x509.raw).digest("base64url"),
        sha256: createHash("sha256").update(x509.raw).digest("base64url"),
    };
}
