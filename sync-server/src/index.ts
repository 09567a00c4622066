export * from './types.ts';
export { SyncServer } from './SyncServer.ts';
export { accountHooks, type AccountPrincipal } from './accountHooks.ts';
export { openServices, createSyncServer, configFromEnv, type KringConfig, type KringServices } from './services.ts';
