/**
 * The search worker: holds the person's index (indexer.ts) off the page's thread, so building it never slows
 * typing, and answers searches from it. Refreshes when the page says the device changed, and once a minute for
 * what came in on an open document's socket.
 */
import { Indexer } from './indexer.ts';
import type { FromWorker, ToWorker } from './protocol.ts';

const REFRESH_MS = 60_000;

const scope = self as unknown as { postMessage(message: FromWorker): void; onmessage: ((event: MessageEvent<ToWorker>) => void) | null };
let indexer: Indexer | null = null;

const refresh = () => {
  // The person's store went (logout, wipe) while reading: the page ends this worker.
  indexer?.refresh().catch(() => undefined);
};
setInterval(refresh, REFRESH_MS);

scope.onmessage = ({ data }) => {
  if (data.type === 'open') {
    if (indexer?.userId === data.userId) return;
    indexer?.close();
    indexer = new Indexer(data.userId);
    indexer.onState = (state) => scope.postMessage({ type: 'state', ...state });
    refresh();
  } else if (data.type === 'refresh') {
    refresh();
  } else if (data.type === 'find') {
    const current = indexer;
    if (!current) return scope.postMessage({ type: 'found', id: data.id, groups: [] });
    // The kept index is loaded first: a search right after the app opened offline finds what it held.
    void current.ready.then(() => scope.postMessage({ type: 'found', id: data.id, groups: current.find(data.query) }));
  }
};
