/**
 * DriveItemShare: OneDrive and SharePoint sharing declared as code.
 *
 * `DriveItemShare` is the resource; `DriveItemAccess` declares one item's readers and editors together; the rest are
 * the types of their arguments and outputs.
 */
export { DriveItemAccess } from "./pulumi/access";
export type { DriveItemAccessArgs } from "./pulumi/access";
export { DriveItemShare } from "./pulumi/resource";
export type { DriveItemShareArgs, RecipientArg } from "./pulumi/resource";
export type { Recipient, Role } from "./model/recipient";
export type { DeclaredRecipient, EndedRecipient, Grant } from "./model/share";
