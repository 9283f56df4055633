/**
 * Secrets cut out of text that may reach the engine, a log or an error: the one place that does it, so that a
 * client secret or a sharing password is replaced the same way wherever it turns up.
 */

/** The text with every occurrence of each secret (a non-empty string; anything else is skipped) as `<redacted>`. */
export function redact(text: string, secrets: readonly unknown[]): string {
    return secrets.reduce<string>(
        (t, secret) => (typeof secret === "string" && secret.length > 0 ? t.split(secret).join("<redacted>") : t),
        text,
    );
}
