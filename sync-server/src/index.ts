export * from './types.ts';
export { SyncServer } from './SyncServer.ts';
