import type { GraphPermission } from "../model/graph";
import { recipientFromKey } from "../model/recipient";
import { refreshedGrants } from "./refresh";

const ALICE = "alice@contoso.com";
const BOB = "bob@contoso.com";

function user(email: string, roles: string[], id: string): GraphPermission {
    return { id, roles, grantedToV2: { user: { id: `oid-${email}`, email } } };
}
const declared = (...keys: string[]) => Object.fromEntries(keys.map((k) => [k, recipientFromKey(k)]));

describe("refreshedGrants", () => {
    test("records each declared recipient's grant with the roles it has now, keys sorted", () => {
        const grants = refreshedGrants(declared(BOB, ALICE), {}, [
            user(BOB, ["Write"], "b"),
            user(ALICE, ["read"], "a"),
        ]);
        expect(grants).toEqual({
            [ALICE]: { permissionId: "a", roles: ["read"] },
            [BOB]: { permissionId: "b", roles: ["write"] },
        });
        expect(Object.keys(grants)).toEqual([ALICE, BOB]);
    });

    test("leaves out a declared recipient whose grant is gone: drift for the next update to repair", () => {
        expect(refreshedGrants(declared(ALICE), { [ALICE]: { permissionId: "a", roles: ["read"] } }, [])).toEqual({});
    });

    test("keeps a dropped recipient's recorded grant while its permission exists, so that the next update removes it", () => {
        const recorded = { [BOB]: { permissionId: "b", roles: ["read"] } };
        expect(refreshedGrants(declared(ALICE), recorded, [user(BOB, ["write"], "b")])).toEqual({
            [BOB]: { permissionId: "b", roles: ["write"] },
        });
        expect(refreshedGrants(declared(ALICE), recorded, [])).toEqual({});
    });
});
