/**
 * The bench's baseline: a reconciler that does what PnP PowerShell, the Microsoft 365 CLI and rclone's permission sync
 * do, one Graph request per recipient change, one after another. It is not part of the product.
 *
 * It uses the same HTTP stack as DriveItemShare (@azure/identity ClientSecretCredential, one token, and
 * @microsoft/microsoft-graph-client with the same middleware), so the only difference measured is how many requests
 * are sent and whether they wait for each other.
 */
import { ClientSecretCredential } from "@azure/identity";
import { AuthenticationHandler, Client, HTTPMessageHandler } from "@microsoft/microsoft-graph-client";
import { TokenCredentialAuthenticationProvider } from "@microsoft/microsoft-graph-client/authProviders/azureTokenCredentials";

/** What each baseline operation sends, as the bench prints it. */
export const BASELINE_OPERATIONS: Record<"create" | "update" | "refresh" | "delete", string> = {
    create: "one POST invite per recipient, sequentially (no list)",
    update:
        "one paged GET permissions, then per change sequentially: POST invite (add), PATCH roles (role change), " +
        "DELETE (removal)",
    refresh: "one paged GET permissions (the existing tools have no refresh; counted as one list, like ours)",
    delete: "one DELETE per recorded grant, sequentially (no list: the ids are known)",
};

/** A Graph client signed in like the product: one ClientSecretCredential, tokens cached by MSAL. */
export function baselineClient(opts: {
    url: string;
    tenantId: string;
    clientId: string;
    clientSecret: string;
}): Client {
    const credential = new ClientSecretCredential(opts.tenantId, opts.clientId, opts.clientSecret, {
        authorityHost: opts.url,
        disableInstanceDiscovery: true,
    });
    const authProvider = new TokenCredentialAuthenticationProvider(credential, { scopes: [`${opts.url}/.default`] });
    return Client.initWithMiddleware({
        baseUrl: `${opts.url}/`,
        defaultVersion: "v1.0",
        customHosts: new Set([new URL(opts.url).hostname]),
        middleware: [new AuthenticationHandler(authProvider), new HTTPMessageHandler()],
    });
}

interface Permission {
    id: string;
    roles?: string[];
    grantedToV2?: { user?: { email?: string } };
    grantedTo?: { user?: { email?: string } };
    inheritedFrom?: unknown;
}

/** One item's sharing, reconciled the way the existing tools do it. Recipients are lower-case emails. */
export class BaselineReconciler {
    /** Recipient email -> id of the permission this reconciler granted. */
    readonly grants = new Map<string, string>();
    private readonly base: string;

    constructor(
        private readonly client: Client,
        item: { driveId: string; itemId: string },
    ) {
        this.base = itemPath(item);
    }

    async create(recipients: readonly string[], role: string): Promise<void> {
        for (const email of recipients) await this.invite(email, role);
    }

    async update(recipients: readonly string[], role: string): Promise<void> {
        const live = await listPermissions(this.client, this.base);
        const byEmail = new Map<string, Permission>();
        for (const p of live) {
            const email = (p.grantedToV2 ?? p.grantedTo)?.user?.email?.toLowerCase();
            if (email && !p.inheritedFrom && !(p.roles ?? []).includes("owner")) byEmail.set(email, p);
        }
        const wanted = new Set(recipients);
        for (const email of recipients) {
            const permission = byEmail.get(email);
            if (!permission) {
                await this.invite(email, role);
            } else {
                this.grants.set(email, permission.id);
                const roles = permission.roles ?? [];
                if (roles.length !== 1 || roles[0] !== role) {
                    await retried(() =>
                        this.client
                            .api(`${this.base}/permissions/${encodeURIComponent(permission.id)}`)
                            .patch({ roles: [role] }),
                    );
                }
            }
        }
        for (const [email, id] of [...this.grants]) {
            if (wanted.has(email)) continue;
            await this.remove(id);
            this.grants.delete(email);
        }
    }

    async refresh(): Promise<void> {
        const ids = new Set((await listPermissions(this.client, this.base)).map((p) => p.id));
        for (const [email, id] of [...this.grants]) if (!ids.has(id)) this.grants.delete(email);
    }

    async delete(): Promise<void> {
        for (const [email, id] of [...this.grants]) {
            await this.remove(id);
            this.grants.delete(email);
        }
    }

    private async invite(email: string, role: string): Promise<void> {
        const answer: { value: Permission[] } = await retried(
            () =>
                this.client.api(`${this.base}/invite`).post({
                    recipients: [{ email }],
                    roles: [role],
                    requireSignIn: true,
                    sendInvitation: false,
                }),
            false,
        );
        this.grants.set(email, answer.value[0].id);
    }

    private async remove(permissionId: string): Promise<void> {
        try {
            await retried(() =>
                this.client.api(`${this.base}/permissions/${encodeURIComponent(permissionId)}`).delete(),
            );
        } catch (error) {
            if ((error as { statusCode?: number }).statusCode !== 404) throw error;
        }
    }
}

/** The Graph path of a drive item: "/drives/{driveId}/items/{itemId}". */
export function itemPath(item: { driveId: string; itemId: string }): string {
    return `/drives/${encodeURIComponent(item.driveId)}/items/${encodeURIComponent(item.itemId)}`;
}

/**
 * Sends a request; on 429 or 503 waits Graph's Retry-After and sends it again, as the existing tools do (PnP
 * PowerShell's and the Microsoft 365 CLI's retry on throttling), up to 10 times; an idempotent one also after a lost
 * connection.
 */
async function retried<T>(send: () => Promise<T>, idempotent = true): Promise<T> {
    for (let attempt = 1; ; attempt++) {
        try {
            return await send();
        } catch (error) {
            const { statusCode, headers } = error as { statusCode?: number; headers?: Headers };
            const lost = idempotent && (statusCode === undefined || statusCode === -1);
            if ((statusCode !== 429 && statusCode !== 503 && !lost) || attempt >= 10) throw error;
            const seconds = Number(headers?.get("retry-after") ?? 1);
            await new Promise((resolve) => setTimeout(resolve, (Number.isFinite(seconds) ? seconds : 1) * 1000));
        }
    }
}

/** Every permission of the item at `base` (an {@link itemPath}), one page after another. */
export async function listPermissions(client: Client, base: string): Promise<Permission[]> {
    const all: Permission[] = [];
    let url: string | undefined = `${base}/permissions`;
    while (url) {
        const next: string = url;
        const page: { value: Permission[]; "@odata.nextLink"?: string } = await retried(() => client.api(next).get());
        all.push(...page.value);
        url = page["@odata.nextLink"];
    }
    return all;
}
