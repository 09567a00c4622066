export { Session, type SessionState } from './session.ts';
export { type Me, type LoginResult } from './identity.ts';
export { SyncManager, type DocumentState, type OpenDocument, type SaveState, type Connection, type SyncSummary } from './sync-manager.ts';
export { LocalStore, DeviceCache } from './local-store.ts';
export { Observable } from './observable.ts';
export { DocumentBinding, useDocument, documentName, followDocument, withDocument, type FollowedDocument } from './document.svelte.ts';
