/** For the demo's tests: the demo writes as the server through a sync server; this one lets nobody connect. */
import type { DocumentStore } from '@kring/storage';
import { SyncServer } from '@kring/sync-server';

export function serverWritingTo(store: DocumentStore): SyncServer {
  return new SyncServer({
    store,
    hooks: { authenticate: async () => null, authorize: async () => 'none', revalidate: async () => null },
  });
}
