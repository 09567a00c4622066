export type { DocumentChange, DocumentStore, HistoryEntry, StoredBytes, VersionInfo } from './types.ts';
export { StoreClosedError } from './errors.ts';
export { MemoryDocumentStore } from './memory.ts';
export { SqliteDocumentStore } from './sqlite.ts';
export { PostgresDocumentStore } from './postgres.ts';
