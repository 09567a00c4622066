import { runDocumentStoreTests } from './acceptance.ts';
import { MemoryDocumentStore } from './memory.ts';

runDocumentStoreTests('memory', async () => {
  const store = new MemoryDocumentStore();
  return { store, teardown: () => store.close() };
});
