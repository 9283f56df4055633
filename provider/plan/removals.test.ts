import { recipientFromKey } from "../model/recipient";
import type { Grant } from "../model/share";
import { removalsByRecord } from "./removals";

const BUSINESS = "b!finance";
const grant = (permissionId: string, roles = ["read"]): Grant => ({ permissionId, roles });

test("a business drive: one DELETE per recorded grant, no list", () => {
    expect(
        removalsByRecord(BUSINESS, { "alice@contoso.com": grant("pa"), "alias:ops": grant("po") }, new Set()),
    ).toEqual([
        { permissionId: "pa", method: "delete", recipients: [recipientFromKey("alice@contoso.com")] },
        { permissionId: "po", method: "delete", recipients: [recipientFromKey("alias:ops")] },
    ]);
});

test("nothing recorded: nothing to send", () => {
    expect(removalsByRecord(BUSINESS, {}, new Set())).toEqual([]);
});

test("a recipient another resource declares on the item is handed over, not removed", () => {
    const recorded = { "alice@contoso.com": grant("pa"), "bob@contoso.com": grant("pb") };
    expect(removalsByRecord(BUSINESS, recorded, new Set(["bob@contoso.com"]))).toEqual([
        { permissionId: "pa", method: "delete", recipients: [recipientFromKey("alice@contoso.com")] },
    ]);
});

test.each<[string, string, Record<string, Grant>]>([
    ["a personal OneDrive (invite creates links)", "0f040a8f1e1f5d3c", { "alice@contoso.com": grant("pa") }],
    ["one permission recorded for two recipients (a shared link)", BUSINESS, { a: grant("p"), b: grant("p") }],
    ["a grant last seen with an owner role", BUSINESS, { "alice@contoso.com": grant("pa", ["sp.owner"]) }],
])("the list decides for %s", (_what, driveId, recorded) => {
    expect(removalsByRecord(driveId, recorded, new Set())).toBeUndefined();
});
