import type { GraphPermission } from "../model/graph";
import { describeGrantee, exportedItems, recipientOf } from "./export-items";
import type { ScannedItem } from "../graph/tree";

const ALICE_ID = "8f3e1c2a-0000-4000-8000-00000000000a";
const GROUP_ID = "0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0";

const user = (id: string, email: string, roles: string[], name = email.split("@")[0]): GraphPermission => ({
    id,
    roles,
    grantedToV2: {
        user: { id: ALICE_ID, displayName: name, email },
        siteUser: { loginName: `i:0#.f|membership|${email}` },
    },
});
const owner: GraphPermission = {
    id: "own",
    roles: ["owner"],
    grantedToV2: { user: { displayName: "Olga", email: "owner@contoso.com" } },
};
const group: GraphPermission = {
    id: "grp",
    roles: ["write"],
    grantedToV2: { group: { id: GROUP_ID, displayName: "Finance", email: "finance@contoso.com" } },
};
const link: GraphPermission = { id: "lnk", roles: ["read"], link: { type: "view", scope: "organization" } };
const usersLink: GraphPermission = {
    id: "ul",
    roles: ["write"],
    link: { type: "edit", scope: "users" },
    grantedToIdentitiesV2: [{ user: { displayName: "dave", email: "dave@contoso.com" } }],
};

const item = (path: string, permissions: GraphPermission[], parentPermissions?: GraphPermission[]): ScannedItem => ({
    id: `id-${path}`,
    name: path.split("/").pop() || "root",
    path,
    permissions,
    parentPermissions,
});

test("direct grants are declared, by email for people and by object id for groups; the rest are notes", () => {
    const [top] = exportedItems([
        item("", [owner, user("a", "alice@contoso.com", ["read"]), group, link, usersLink], []),
    ]);
    expect(top.grants).toEqual([
        {
            role: "read",
            recipient: { email: "alice@contoso.com" },
            who: "alice <alice@contoso.com>",
            displayName: "alice",
        },
        {
            role: "write",
            recipient: { objectId: GROUP_ID },
            who: "Finance <finance@contoso.com>",
            displayName: "Finance",
        },
    ]);
    expect(top.notes).toEqual([
        "owner: Olga <owner@contoso.com>",
        "sharing link (edit, users): write, shared with dave <dave@contoso.com>",
        "sharing link (view, organization): read",
    ]);
});

test("a permission with the id and roles of one on the parent is inherited; with other roles it is the item's own", () => {
    const parent = [owner, user("a", "alice@contoso.com", ["read"]), link];
    const items = exportedItems([
        item("Only inherited", [owner, user("a", "alice@contoso.com", ["read"]), link], parent),
        item("Raised", [owner, user("a", "alice@contoso.com", ["write"])], parent),
    ]);
    expect(items.map((i) => i.path)).toEqual(["Raised"]);
    expect(items[0].grants).toEqual([
        expect.objectContaining({ role: "write", recipient: { email: "alice@contoso.com" } }),
    ]);
    expect(items[0].notes).toEqual(["inherited: Olga <owner@contoso.com> owner"]);
});

test("inheritedFrom (personal OneDrive) marks a permission inherited whatever the parent has", () => {
    const inherited = { ...user("x", "bob@contoso.com", ["read"]), inheritedFrom: { id: "up" } };
    expect(exportedItems([item("A", [inherited], [])])).toEqual([]);
});

test("roles a declaration cannot hold, and grantees without email or object id, are notes; the higher role wins", () => {
    const [only] = exportedItems([
        item("", [
            {
                id: "sp",
                roles: ["sp.limited access"],
                grantedToV2: { siteGroup: { displayName: "Visitors", loginName: "Visitors" } },
            },
            { id: "sg", roles: ["read"], grantedToV2: { siteGroup: { displayName: "Members", loginName: "Members" } } },
            user("r", "carol@contoso.com", ["read"]),
            { ...user("w", "carol@contoso.com", ["write"]), id: "w" },
        ]),
    ]);
    expect(only.grants).toEqual([
        expect.objectContaining({ role: "write", recipient: { email: "carol@contoso.com" } }),
    ]);
    expect(only.notes).toEqual([
        "Members read: Graph names no email or object id to declare",
        "Visitors sp.limited access: not a role a declaration can hold",
        "carol <carol@contoso.com> read: also holds write",
    ]);
});

test("items come sorted by path, in code-unit order", () => {
    const grant = [user("a", "alice@contoso.com", ["read"])];
    expect(
        exportedItems([item("b", grant, []), item("B", grant, []), item("a/c", grant, [])]).map((i) => i.path),
    ).toEqual(["B", "a/c", "b"]);
});

test("recipientOf and describeGrantee", () => {
    expect(recipientOf({ id: ALICE_ID, email: "a@contoso.com" })).toEqual({ email: "a@contoso.com" });
    expect(recipientOf({ id: ALICE_ID })).toEqual({ objectId: ALICE_ID });
    expect(recipientOf({ id: GROUP_ID, email: "g@contoso.com", group: true })).toEqual({ objectId: GROUP_ID });
    expect(recipientOf({ email: "g@contoso.com", group: true })).toEqual({ email: "g@contoso.com" });
    expect(recipientOf({ id: "12", loginName: "x" })).toBeUndefined();
    expect(describeGrantee({ id: GROUP_ID, displayName: "Finance" })).toBe(`Finance (${GROUP_ID})`);
    expect(describeGrantee({ displayName: "Members" })).toBe("Members");
    expect(describeGrantee({})).toBe("someone Graph does not name");
});
