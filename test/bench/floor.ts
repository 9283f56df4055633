/**
 * What a refresh costs a dynamic provider that does nothing but list the item, measured beside DriveItemShare's: its
 * Read lists the item's permissions with the baseline's own code (the same pages, HTTP client and sign-in) and hands
 * the stored outputs back unchanged; its Diff answers "no changes" without looking. What it spends beyond the list is
 * the engine's two calls through Pulumi's host with the resource's state, which no provider's code can remove. It is
 * not part of the product.
 */
import type * as pulumi from "@pulumi/pulumi";
import { baselineClient, itemPath, listPermissions } from "./baseline";

/** The Graph client of the host process, made at the first Read from the environment the bench gives the host. */
let client: ReturnType<typeof baselineClient> | undefined;

export const listOnlyProvider: pulumi.dynamic.ResourceProvider = {
    async create() {
        throw new Error("the list-only provider only refreshes state made by DriveItemShare");
    },
    async diff() {
        return { changes: false };
    },
    async read(id, props) {
        client ??= baselineClient({
            url: process.env.MSGRAPH_ENDPOINT!,
            tenantId: process.env.AZURE_TENANT_ID!,
            clientId: process.env.AZURE_CLIENT_ID!,
            clientSecret: process.env.AZURE_CLIENT_SECRET!,
        });
        await listPermissions(client, itemPath(props));
        return { id, props };
    },
};
