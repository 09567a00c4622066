export type { DocumentChange, DocumentStore, HistoryEntry, StoredBytes, VersionInfo } from './types.ts';
export { StoreClosedError } from './errors.ts';
export { MemoryDocumentStore } from './memory.ts';
export { SqliteDocumentStore } from './sqlite.ts';
// The Postgres adapter is `@kring/storage/postgres`: only a server with DATABASE_URL loads its client.
