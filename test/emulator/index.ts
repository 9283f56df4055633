/**
 * Local HTTPS emulator of Entra ID (token endpoints) and Microsoft Graph's drive-permission endpoints.
 * Start one with startEmulator(); point @azure/identity at it with authorityHost: emulator.url and
 * disableInstanceDiscovery: true, and the Graph client with baseUrl: emulator.url and
 * customHosts: new Set(["127.0.0.1"]). The process must trust EMULATOR_CA_CERT_PATH (NODE_EXTRA_CA_CERTS).
 */
export { GraphEmulator, startEmulator } from "./emulator";
export { EMULATOR_CA_CERT_PATH } from "./server";
export { MANAGED_IDENTITY_HEADER } from "./entra";
export type { Settings } from "./context";
export type { DriveSeedTree, ItemSeedTree, SeedDocument, SeedResult } from "./seed";
export type * from "./types";
