/**
 * What `diff` decides without Graph: which address properties moved, and whether anything else changed or drifted.
 * Whether a moved address still names the same item takes a Graph lookup; pulumi/operations.ts asks it.
 */
import { ADDRESS_PROPERTIES, addressOf } from "../model/address";
import type { AddressProperty } from "../model/address";
import { SHARE_PROPERTIES } from "../model/share";
import type { ShareInputs, ShareOutputs } from "../model/share";
import { recipientsFromStored } from "../model/stored-recipient";
import { containsUnknown } from "../model/values";

/** How a new declaration differs from the recorded outputs. */
export interface Comparison {
    /** The address properties whose value changed (a replacement, unless they still name the same item). */
    readonly moved: AddressProperty[];
    /** True when anything changed, or when `pulumi refresh` recorded drift in the grants: an update is due. */
    readonly changes: boolean;
}

export function compareDeclarations(olds: ShareOutputs, news: ShareInputs): Comparison {
    const before = addressOf(olds);
    const after = addressOf(news);
    const moved = ADDRESS_PROPERTIES.filter((p) => before[p] !== after[p]);
    // accessEnded is check's, not the program's: a recipient whose end passed moves there, and that is an update.
    const changed =
        moved.length > 0 ||
        [...SHARE_PROPERTIES, "accessEnded" as const].some(
            (p) => !sameValue(declaredValue(olds, p), declaredValue(news, p)),
        );
    return { moved, changes: changed || hasDrift(olds, news) };
}

function hasDrift(olds: ShareOutputs, news: ShareInputs): boolean {
    if (containsUnknown(news.recipients) || containsUnknown(news.roles)) return true;
    const grants = olds.grants ?? {};
    const declared = Object.keys(news.recipients);
    const granted = (key: string) =>
        grants[key] !== undefined && sameValue([...grants[key].roles].sort(), [...news.roles].sort());
    return !declared.every(granted) || Object.keys(grants).some((key) => !(key in news.recipients));
}

/** What a property declares: recipients compare by who and until when, whichever form each side stores them in. */
function declaredValue(bag: ShareInputs, property: (typeof SHARE_PROPERTIES)[number] | "accessEnded"): unknown {
    return property === "recipients" ? recipientsFromStored(bag.recipients as unknown) : bag[property];
}

function sameValue(a: unknown, b: unknown): boolean {
    return JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
}
