/**
 * `driveitemshare/check`: the provider's own checks and normalization, for tools that judge a declaration before
 * the provider runs (the policy pack in policy/, a program's own reader of a CSV). Pure, and free of Pulumi and Graph.
 */
export { checkInputs, MAX_MESSAGE_LENGTH } from "./arguments";
export { normalizeItemPath } from "./address";
export { ADDRESS_PROPERTIES, addressKey, isBusinessDrive } from "../model/address";
export { DRIVE_ITEM_SHARE_TYPE } from "../model/share";
export type { AddressProperty, ItemLocator } from "../model/address";
export type { CheckFailure } from "./failure";
export { RECIPIENT_FIELDS, normalizeRecipient } from "./recipients";
export { EMAIL, GUID, recipientKey } from "../model/recipient";
export { recipientFromStored, recipientsFromStored } from "../model/stored-recipient";
export type { Recipient, Role } from "../model/recipient";
export { UNKNOWN, containsUnknown } from "../model/values";
