/**
 * How a check reports what is wrong: one failure per property, as the engine displays it.
 */

/** One check failure: the property path and a reason that names the value. */
export interface CheckFailure {
    readonly property: string;
    readonly reason: string;
}

/** Reports a failure of a property; the checks call it and go on, so that one run names every problem. */
export type Fail = (property: string, reason: string) => void;
