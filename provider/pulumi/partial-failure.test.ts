import type { ShareOutputs } from "../model/share";
import { PartialFailure } from "./partial-failure";

const OUTS = { driveId: "b!d", itemId: "i", recipients: {}, roles: ["read"], grants: {} } as unknown as ShareOutputs;

describe("PartialFailure", () => {
    test("carries what the provider host packs into ErrorResourceInitFailed: id, properties and reasons", () => {
        // @pulumi/pulumi cmd/dynamic-provider reads exactly these fields of any error whose `id` is set.
        const failure = new PartialFailure("did not finish", "b!d/i/1", OUTS, ["could not remove bob"]);
        expect(failure).toBeInstanceOf(Error);
        expect({ ...failure, message: failure.message }).toEqual({
            name: "PartialFailure",
            message: "did not finish",
            id: "b!d/i/1",
            properties: OUTS,
            reasons: ["could not remove bob"],
        });
    });

    test("redacted cuts the secrets out of the message and the reasons, and keeps the rest", () => {
        const failure = new PartialFailure("failed with pw", "id", OUTS, ["pw rejected", "fine"]).redacted(["pw"]);
        expect([failure.message, failure.reasons, failure.id, failure.properties]).toEqual([
            "failed with <redacted>",
            ["<redacted> rejected", "fine"],
            "id",
            OUTS,
        ]);
    });
});
