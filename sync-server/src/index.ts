export * from './types.ts';
export { SyncServer, type ServerWrites } from './SyncServer.ts';
export { TokenBucket } from './limits.ts';
export { AUTOMATIC_VERSION } from './Room.ts';
