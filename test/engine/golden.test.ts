/** The golden-file normaliser: what it hides from run to run, and that it hides nothing else. */
import { normalise } from "./golden";

const preview = (first: string, second: string) =>
    [
        "Previewing update (test):",
        "+ pulumi:pulumi:Stack: (create)",
        "    [urn=urn:pulumi:test::p::pulumi:pulumi:Stack::p-test]",
        ...[first, second].flatMap((name) => [
            "    + pulumi-nodejs:dynamic/driveShare:DriveItemShare: (create)",
            `        [urn=urn:pulumi:test::p::pulumi-nodejs:dynamic/driveShare:DriveItemShare::${name}]`,
            `        name: "${name}"`,
        ]),
        "    --outputs:--",
        "    grants: [unknown]",
        "Resources:",
        "    + 3 to create",
    ].join("\n");

test("two sibling resources print the same whichever registered first", () => {
    expect(normalise(preview("readers", "editors"))).toBe(normalise(preview("editors", "readers")));
    expect(normalise(preview("readers", "editors"))).toBe(preview("editors", "readers") + "\n");
});

test("a difference inside a resource still shows", () => {
    expect(normalise(preview("readers", "editors"))).not.toBe(
        normalise(preview("readers", "editors").replace('name: "editors"', 'name: "owners"')),
    );
});

test("ids and times are replaced, nothing else", () => {
    expect(normalise("  [id=abc123]\nat 2026-12-02T10:00:00.123Z\nDuration: 3s  \n")).toBe(
        "[id=<id>]\nat <time>\nDuration: <duration>\n",
    );
});
