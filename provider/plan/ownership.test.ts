import type { GraphPermission } from "../model/graph";
import { permissionKind } from "./ownership";
import type { PermissionKind } from "./ownership";

const person = { user: { email: "alice@contoso.com" } };

describe("permissionKind", () => {
    test.each<[string, GraphPermission, PermissionKind]>([
        ["a person granted on this item", { id: "p", roles: ["read"], grantedToV2: person }, "direct"],
        ["a sharing link", { id: "p", roles: ["read"], link: { type: "view", scope: "users" } }, "link"],
        ["the owner's own access", { id: "p", roles: ["owner"], grantedToV2: person }, "owner"],
        ["a SharePoint site owner, in any case", { id: "p", roles: ["SP.Owner"], grantedToV2: person }, "owner"],
        ["an owner's link", { id: "p", roles: ["owner"], link: { type: "edit", scope: "users" } }, "owner"],
        ["a grant on a parent", { id: "p", roles: ["owner"], inheritedFrom: { id: "parent" } }, "inherited"],
    ])("%s", (_name, permission, kind) => {
        expect(permissionKind(permission)).toBe(kind);
    });
});
