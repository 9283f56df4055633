/**
 * DriveItemShare: OneDrive and SharePoint sharing declared as code.
 *
 * `DriveItemShare` is the resource; the rest are the types of its arguments and outputs.
 */
export { DriveItemShare, DriveItemShareArgs, RecipientArg } from "./resource";
export { Recipient, Role } from "./inputs";
export { Grant } from "./plan";
