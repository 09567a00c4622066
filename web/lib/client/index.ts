export { Session, type Me, type LoginResult, type SessionState } from './session.ts';
export { SyncManager, type DocumentState, type OpenDocument, type SaveState, type Connection, type SyncSummary } from './sync-manager.ts';
export { LocalStore, DeviceCache } from './local-store.ts';
export { Observable } from './observable.ts';
