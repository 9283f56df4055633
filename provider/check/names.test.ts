import { closestName } from "./names";

describe("closestName", () => {
    test.each<[string, string, string[], string | undefined]>([
        ["a letter left out", "recipents", ["recipients", "roles"], "recipients"],
        ["in another case", "RECIPIENTS", ["recipients", "roles"], "recipients"],
        ["two edits away, the last letters included", "rolesxy", ["roles", "message"], "roles"],
        ["three edits away: no suggestion", "rolesxyz", ["roles", "message"], undefined],
        ["the first of two equally close candidates", "ab", ["ax", "ay"], "ax"],
    ])("%s", (_name, name, candidates, expected) => {
        expect(closestName(name, candidates)).toBe(expected);
    });
});
