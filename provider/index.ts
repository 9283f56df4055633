/**
 * DriveItemShare: OneDrive and SharePoint sharing declared as code.
 *
 * `DriveItemShare` is the resource; the rest are the types of its arguments and outputs.
 */
export { DriveItemShare } from "./resource";
export type { DriveItemShareArgs, RecipientArg } from "./resource";
export type { Recipient, Role } from "./inputs";
export type { Grant } from "./plan";
