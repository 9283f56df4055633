import { redact } from "./redact";

describe("redact", () => {
    test.each([
        [
            "cuts every occurrence of each secret",
            "secret s3 and s3 again, pw",
            ["s3", "pw"],
            "secret <redacted> and <redacted> again, <redacted>",
        ],
        ["skips what is not a secret string", "nothing to hide", [undefined, "", 42], "nothing to hide"],
    ])("%s", (_name, text, secrets, expected) => {
        expect(redact(text, secrets)).toBe(expected);
    });
});
