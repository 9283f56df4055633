/**
 * The time the provider goes by: the machine's, or `DRIVESHARE_NOW` when set, read each time a method runs. The
 * override lets a preview show what will have ended by a date (`DRIVESHARE_NOW=2027-07-01T00:00:00Z pulumi
 * preview`), and tests run end dates through the real engine without waiting for them.
 */
import { ISO_8601 } from "../check/access";

/** The environment variable that sets the provider's clock. */
export const CLOCK_VARIABLE = "DRIVESHARE_NOW";

export function currentTime(env: NodeJS.ProcessEnv = process.env): Date {
    const value = env[CLOCK_VARIABLE];
    if (value === undefined || value === "") return new Date();
    if (!ISO_8601.test(value) || isNaN(Date.parse(value))) {
        throw new Error(
            `${CLOCK_VARIABLE} "${value}" is not an ISO 8601 date-time such as "2027-06-30T00:00:00Z"; unset it to ` +
                "use the machine's clock",
        );
    }
    return new Date(Date.parse(value));
}
