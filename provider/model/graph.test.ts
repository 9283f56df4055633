/**
 * The Graph JSON shapes of graph.ts against Microsoft's own types (@microsoft/microsoft-graph-types): every field this
 * provider reads or sends exists in Graph's schema with a compatible type, except the few the service sends beyond
 * the schema, which are named here. Checked by the compiler (npm test runs tsc over the tests); the runtime
 * assertions show that the shapes Microsoft documents read as this provider expects.
 */
import type * as MSGraph from "@microsoft/microsoft-graph-types";
import { grantees, isRecipient } from "./permission";
import type { Recipient } from "./recipient";
import type { GraphDriveItem, GraphError, GraphIdentity, GraphIdentitySet, GraphPermission } from "./graph";

/** The fields of `Ours` that `Theirs` lacks or types incompatibly (null and undefined aside). */
type Beyond<Ours, Theirs> = {
    [K in keyof Ours]-?: K extends keyof Theirs ? (NonNullable<Ours[K]> extends NonNullable<Theirs[K]> ? never : K) : K;
}[keyof Ours];

/** True when A and B are the same type. */
type Same<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;

// A permission's identities are sharePointIdentity (loginName) and identity; `email` is sent, not in the schema.
const identityBeyond: Same<Beyond<GraphIdentity, MSGraph.SharePointIdentity>, "email"> = true;
const identitySetBeyond: Same<Beyond<GraphIdentitySet, MSGraph.SharePointIdentitySet>, never> = true;
// A 207 Multi-Status invite answer carries a per-recipient `error`, which the schema's permission does not have.
const permissionBeyond: Same<Beyond<GraphPermission, MSGraph.Permission>, "error"> = true;
// An error response's innerError carries request-id and date (learn.microsoft.com/graph/errors); the schema's does not.
const errorBeyond: Same<Beyond<GraphError, MSGraph.PublicError>, "innererror" | "innerError"> = true;
// The export reads a driveItem's id, name, folder facet and parentReference, all in the schema.
const driveItemBeyond: Same<Beyond<GraphDriveItem, MSGraph.DriveItem>, never> = true;
// What invite and revokeGrants send for each person is exactly Graph's driveRecipient.
const recipientBeyond: Same<Beyond<Recipient, MSGraph.DriveRecipient>, never> = true;

describe("Graph's JSON as model/graph.ts reads it", () => {
    test("conforms to Microsoft's types, beyond them only where the service sends more", () => {
        expect([
            identityBeyond,
            identitySetBeyond,
            permissionBeyond,
            errorBeyond,
            recipientBeyond,
            driveItemBeyond,
        ]).toEqual([true, true, true, true, true, true]);
    });

    test("a direct grant on a business drive, as Graph's schema describes it, names its grantee", () => {
        const permission = {
            id: "aTowIy5mfG1lbWJlcnNoaXB8YWxpY2VAY29udG9zby5jb20",
            roles: ["read"],
            grantedToV2: {
                user: { id: "8f3e1c2a-0000-4000-8000-000000000001", displayName: "Alice" },
                siteUser: { id: "12", displayName: "Alice", loginName: "i:0#.f|membership|alice@contoso.com" },
            },
        } satisfies MSGraph.Permission satisfies GraphPermission;
        const [grantee] = grantees(permission);
        expect(isRecipient(grantee, { email: "alice@contoso.com" })).toBe(true);
        expect(isRecipient(grantee, { objectId: "8f3e1c2a-0000-4000-8000-000000000001" })).toBe(true);
    });

    test("a sharing link for specific people names each of them", () => {
        const permission = {
            id: "link",
            roles: ["write"],
            link: { type: "edit", scope: "users" },
            grantedToIdentitiesV2: [
                { siteUser: { loginName: "i:0#.f|membership|bob@contoso.com" } },
                { group: { id: "0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0", displayName: "Finance" } },
            ],
        } satisfies MSGraph.Permission satisfies GraphPermission;
        expect(grantees(permission).map((g) => g.loginName ?? g.id)).toEqual([
            "i:0#.f|membership|bob@contoso.com",
            "0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0",
        ]);
    });

    test("an invitation not yet redeemed names its recipient by email", () => {
        const permission = {
            id: "inv",
            roles: ["read"],
            invitation: { email: "Erin@Fabrikam.com", signInRequired: true },
        } satisfies MSGraph.Permission satisfies GraphPermission;
        expect(grantees(permission)).toEqual([{ email: "erin@fabrikam.com" }]);
    });
});
