import { resourceNames, slug } from "./export-names";

describe("slug", () => {
    test.each([
        ["Finance/Q3 Reports", "finance-q3-reports"],
        ["/Éléments//Été 2025/", "elements-ete-2025"],
        ["***", "item"],
        ["a".repeat(70), "a".repeat(60)],
        [`${"a".repeat(59)} b`, "a".repeat(59)],
    ])("%j -> %j", (text, expected) => expect(slug(text)).toBe(expected));
});

test("names are the slugs of the labels; labels that slug alike get a stable suffix from the item id", () => {
    const names = resourceNames([
        { id: "01A", label: "Finance/Q3" },
        { id: "01B", label: "Finance/Q 3" },
        { id: "01C", label: "Finance/Q-3" },
        { id: "01D", label: "Team" },
    ]);
    expect(names.get("01A")).toBe("finance-q3");
    expect(names.get("01B")).toMatch(/^finance-q-3-[0-9a-f]{6}$/);
    expect(names.get("01C")).toMatch(/^finance-q-3-[0-9a-f]{6}$/);
    expect(names.get("01B")).not.toBe(names.get("01C"));
    expect(names.get("01D")).toBe("team");
    // The same items in another order get the same names.
    expect(
        resourceNames([
            { id: "01C", label: "Finance/Q-3" },
            { id: "01B", label: "Finance/Q 3" },
        ]).get("01B"),
    ).toBe(names.get("01B"));
});
