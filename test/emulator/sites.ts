/**
 * SharePoint sites as the emulator keeps them: what /sites/{site-id}, /sites/{hostname}:/{server-relative-path}
 * and /sites/root name. Every site is the root web of its own site collection (no subsites), so its id is
 * "<hostname>,<siteCollectionId>,<webId>" (Microsoft Learn, site-get: "a composite ID of the site collection
 * hostname, the site collection unique ID (GUID) and the site unique ID (GUID)").
 *
 * SharePoint URLs are case-insensitive: hostnames, paths and the GUIDs of ids all compare so.
 */
import { guidFrom } from "./ids";
import type { EmulatedSite, SiteSeed } from "./types";

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** "/sites/finance/" -> "/sites/finance"; "" and "/" -> "/". */
export function normalizeSitePath(names: readonly string[]): string {
    const kept = names.filter((n) => n !== "");
    return kept.length === 0 ? "/" : `/${kept.join("/")}`;
}

/** All sites of the emulator. */
export class SiteStore {
    private readonly sites: EmulatedSite[] = [];

    /** Adds a site; see {@link SiteSeed}. Throws on a bad hostname/path/id or a duplicate. */
    addSite(seed: SiteSeed): EmulatedSite {
        const hostname = seed.hostname.toLowerCase();
        if (!/^[a-z0-9-]+(\.[a-z0-9-]+)+$/.test(hostname))
            throw new Error(`emulator: '${seed.hostname}' is not a hostname such as contoso.sharepoint.com`);
        if (!seed.path.startsWith("/"))
            throw new Error(
                `emulator: a site path is server-relative ("/sites/finance", or "/" for the root site), not '${seed.path}'`,
            );
        const path = normalizeSitePath(seed.path.split("/"));
        const key = `${hostname}${path.toLowerCase()}`;
        let siteCollectionId = guidFrom(`site:${key}`);
        let webId = guidFrom(`web:${key}`);
        if (seed.id !== undefined) {
            const [host, collection, web, ...more] = seed.id.split(",");
            if (
                host?.toLowerCase() !== hostname ||
                !GUID.test(collection ?? "") ||
                !GUID.test(web ?? "") ||
                more.length > 0
            ) {
                throw new Error(
                    `emulator: a site id is "${hostname},<site collection GUID>,<web GUID>", not '${seed.id}'`,
                );
            }
            siteCollectionId = collection.toLowerCase();
            webId = web.toLowerCase();
        }
        const id = `${hostname},${siteCollectionId},${webId}`;
        if (this.byPath(hostname, path) || this.byId(id))
            throw new Error(`emulator: a site ${id} or https://${hostname}${path} already exists`);
        const name = path === "/" ? "" : path.slice(path.lastIndexOf("/") + 1);
        const site: EmulatedSite = {
            id,
            hostname,
            path,
            name,
            displayName: seed.displayName ?? (name || hostname),
            webUrl: `https://${hostname}${path === "/" ? "" : encodeURI(path)}`,
            siteCollectionId,
            webId,
        };
        this.sites.push(site);
        return site;
    }

    /** A site by its composite id, or by "<hostname>,<siteCollectionId>" (the collection's root web). */
    byId(id: string): EmulatedSite | undefined {
        const [host, collection, web, ...more] = id.toLowerCase().split(",");
        if (more.length > 0 || collection === undefined) return undefined;
        return this.sites.find(
            (s) => s.hostname === host && s.siteCollectionId === collection && (web === undefined || s.webId === web),
        );
    }

    /** A site by hostname and server-relative path ("/" for the root site). */
    byPath(hostname: string, path: string): EmulatedSite | undefined {
        const wanted = normalizeSitePath(path.split("/")).toLowerCase();
        return this.sites.find((s) => s.hostname === hostname.toLowerCase() && s.path.toLowerCase() === wanted);
    }

    /** A site by its webUrl ("https://contoso.sharepoint.com/sites/finance", a trailing "/" is fine). */
    byWebUrl(webUrl: string): EmulatedSite | undefined {
        let url: URL;
        try {
            url = new URL(webUrl);
        } catch {
            return undefined;
        }
        return this.byPath(
            url.hostname,
            url.pathname
                .split("/")
                .map((s) => decodeURIComponent(s))
                .join("/"),
        );
    }

    /** Some site lives on this hostname. */
    hasHostname(hostname: string): boolean {
        return this.sites.some((s) => s.hostname === hostname.toLowerCase());
    }

    /** Every site, in creation order. */
    all(): EmulatedSite[] {
        return [...this.sites];
    }

    /** Forgets every site. */
    reset(): void {
        this.sites.length = 0;
    }
}
