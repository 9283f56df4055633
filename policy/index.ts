/**
 * The DriveItemShare guardrails policy pack, for `pulumi preview --policy-pack ./policy` (see README.md).
 * Constructing the PolicyPack starts the analyzer's gRPC server, so this module does nothing else; the policies live
 * in policies.ts, the rules in rules.ts, and what they read of a share in share.ts.
 */
import { PolicyPack } from "@pulumi/policy";
import { policies } from "./policies";

new PolicyPack("driveitemshare-guardrails", {
    description:
        "Guardrails for OneDrive and SharePoint sharing declared with DriveItemShare: write only within " +
        "allowed domains, expiring external access, bounded recipient lists, invitations that say why, and " +
        "protected items that are never shared.",
    // Policies that do not set their own level are advisory; the two that block say so themselves.
    enforcementLevel: "advisory",
    policies,
});
