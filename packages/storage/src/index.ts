export type { DocumentChange, DocumentStore, HistoryEntry, VersionInfo } from './types.ts';
export { StoreClosedError } from './errors.ts';
export { MemoryDocumentStore } from './memory.ts';
export { SqliteDocumentStore } from './sqlite.ts';
