/** @module The Partnerbox sandbox: a stateful Partner Center-compatible server. */
export { buildApp, DEFAULT_CANCELLATION_DELAY_SECONDS, DEFAULT_PROVISIONING_DELAY_SECONDS } from './app.js';
export type { SandboxOptions } from './app.js';
export { registeredRoutes } from './http/openapi.js';
export type { RegisteredRoute } from './http/openapi.js';
export { startServer } from './server.js';
export type { ServeOptions, RunningServer } from './server.js';
export { openStore, SQLITE_FILE_NAME } from './store/open-store.js';
export type { StoreConfig } from './store/open-store.js';
export type { Store, Snapshot } from './store/store.js';
export { SqlStore } from './store/sql-store.js';
export { parseThrottle } from './context.js';
export type { SandboxContext } from './context.js';
export { PartnerCenterError, errors } from './errors.js';
export { CATALOG, findOffer } from './domain/catalog.js';
export { LIMITS } from './domain/limits.js';
export { SCENARIOS } from './control/scenarios.js';
