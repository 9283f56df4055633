/**
 * `driveitemshare/runtime`: what the serialized provider requires by name when a method runs (see pulumi/shim.ts).
 * State written by every earlier version calls these names, so they stay: check, diff, create, update, read, remove
 * and readStackConfig.
 */
export { check, create, diff, read, remove, update } from "./pulumi/operations";
export { readStackConfig } from "./graph/settings";
