/**
 * The error of an operation that changed some grants and failed on others.
 *
 * Pulumi's dynamic provider host (@pulumi/pulumi cmd/dynamic-provider, grpcResponseFromError) turns any error that
 * has an `id` into the engine's ErrorResourceInitFailed, with its `properties` as the resource's outputs and its
 * `reasons` as what the engine shows. So the state records every grant that exists, and the next `pulumi up`
 * finishes the job.
 */
import { redact } from "../model/redact";
import type { StoredShareOutputs } from "../model/share";

export class PartialFailure extends Error {
    constructor(
        message: string,
        readonly id: string,
        readonly properties: StoredShareOutputs,
        readonly reasons: readonly string[],
    ) {
        super(message);
        this.name = "PartialFailure";
    }

    /** The same failure with the secrets cut out of its message and reasons (the engine shows the reasons). */
    redacted(secrets: readonly unknown[]): PartialFailure {
        return new PartialFailure(
            redact(this.message, secrets),
            this.id,
            this.properties,
            this.reasons.map((reason) => redact(reason, secrets)),
        );
    }
}
