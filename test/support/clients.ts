/**
 * The clients a test opens on a running Kring, stock providers and raw sockets alike, closed after each test
 * whatever happened in it, so no test leaves a connection behind for the next.
 */
import { afterEach } from 'vitest';
import type { WebsocketProvider } from 'y-websocket';
import type * as Y from 'yjs';
import { openSynced } from './providers.ts';
import { RawSocket, type RawSocketOptions } from './RawSocket.ts';
import type { KringServer } from './server.ts';

export interface Clients {
  /** A stock provider on `docName` with the session `cookie`, once it has synced. */
  open(docName: string, cookie: string, doc?: Y.Doc): Promise<WebsocketProvider>;
  /** A raw socket on `docName`, not waited for: the server may still refuse or close it. */
  rawSocket(docName: string, options?: RawSocketOptions): RawSocket;
  /** A raw socket on `docName` with the session `cookie`, once the server has begun to sync (its sync step 1). */
  syncingSocket(docName: string, cookie: string): Promise<RawSocket>;
  /** Closes `client` after the test too: one opened another way, e.g. offline with `openProvider`. */
  track<T extends WebsocketProvider | RawSocket>(client: T): T;
}

/** Clients on `kring` for the tests of the calling file (or describe block). */
export function useClients(kring: Pick<KringServer, 'url'>): Clients {
  const opened: (WebsocketProvider | RawSocket)[] = [];
  afterEach(() => {
    for (const client of opened.splice(0)) {
      if (client instanceof RawSocket) client.close();
      else client.destroy();
    }
  });
  const track = <T extends WebsocketProvider | RawSocket>(client: T): T => {
    opened.push(client);
    return client;
  };
  const rawSocket = (docName: string, options: RawSocketOptions = {}) => track(new RawSocket(kring.url, docName, options));
  return {
    open: async (docName, cookie, doc) => track(await openSynced(kring.url, docName, cookie, doc)),
    rawSocket,
    syncingSocket: async (docName, cookie) => {
      const raw = rawSocket(docName, { cookie });
      await raw.waitForMessage((m) => m.type === 'sync-step-1', `sync step 1 on ${docName}`);
      return raw;
    },
    track,
  };
}
