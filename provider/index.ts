/**
 * DriveItemShare: OneDrive and SharePoint sharing declared as code.
 *
 * `DriveItemShare` is the resource; the rest are the types of its arguments and outputs.
 */
export { DriveItemShare } from "./pulumi/resource";
export type { DriveItemShareArgs, RecipientArg } from "./pulumi/resource";
export type { Recipient, Role } from "./model/recipient";
export type { DeclaredRecipient, EndedRecipient, Grant } from "./model/share";
