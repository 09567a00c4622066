/**
 * Hocuspocus in its own process: `new Server({ port })` on 127.0.0.1 and a free port, no authentication, in
 * memory, with `maxPendingDocuments` raised (see below). The only extension is the least a Hocuspocus app
 * needs so a document outlives its last connection: `onStoreDocument` keeps the state in a Map and
 * `onLoadDocument` puts it back (the reference server keeps every document in memory for the same reason;
 * Kring keeps it in SQLite). Prints `listening on <port>`.
 */
import { Server } from '@hocuspocus/server';
import * as Y from 'yjs';
import { serveControl } from './control.ts';

const stored = new Map<string, Uint8Array>();
const server = new Server({
  port: 0,
  address: '127.0.0.1',
  quiet: true,
  stopOnSignals: false,
  // The default (100) closes a socket that asks for more documents at once than that before they are
  // authenticated, and its provider then retries forever: a device reconnecting 200 documents needs more.
  maxPendingDocuments: 1_000,
  extensions: [
    {
      async onLoadDocument({ documentName, document }) {
        const state = stored.get(documentName);
        if (state) Y.applyUpdate(document, state);
        return document;
      },
      async onStoreDocument({ documentName, document }) {
        stored.set(documentName, Y.encodeStateAsUpdate(document));
      },
    },
  ],
});
serveControl(
  (name) => server.hocuspocus.documents.get(name),
  () => server.hocuspocus.getDocumentsCount(),
);
await server.listen();
console.log(`listening on ${server.address.port}`);
process.once('SIGTERM', () => void server.destroy().finally(() => process.exit(0)));
