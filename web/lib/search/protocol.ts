/** What the page and the search worker (search.worker.ts) say to each other. */
import type { Group } from './search-index.ts';

export type ToWorker =
  /** Whose index: the worker opens it (kept in IndexedDB) and brings it up to date. */
  | { type: 'open'; userId: string }
  /** Something on the device changed: read what changed. */
  | { type: 'refresh' }
  | { type: 'find'; id: number; query: string };

export type FromWorker =
  | { type: 'found'; id: number; groups: Group[] }
  /** How far the index is: entries in it, sources still to read. */
  | { type: 'state'; size: number; waiting: number };
