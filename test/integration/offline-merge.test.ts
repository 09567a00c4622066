/**
 * Offline editing: a device that was cut off edits on, comes back, and every replica (and a newcomer)
 * ends with the same document holding everyone's work.
 */
import type { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { useClients } from '../support/clients.ts';
import { openProvider, waitForSaved, waitForSynced } from '../support/providers.ts';
import { useKring, useSessions } from '../support/server.ts';
import { waitFor } from '../support/wait.ts';

describe('offline edits merge on reconnect', () => {
  const kring = useKring();
  const sessions = useSessions(kring, ['anna']);
  const clients = useClients(kring);
  const open = (docName: string) => clients.open(docName, sessions.anna);


  /** Waits until every provider's text is `expected`-like and they are identical; returns the common text. */
  async function converged(list: WebsocketProvider[], contains: string[]): Promise<string> {
    return waitFor(
      () => {
        const texts = list.map((p) => p.doc.getText('body').toString());
        return texts.every((t) => t === texts[0]) && contains.every((part) => texts[0].includes(part)) && texts[0];
      },
      `the replicas to converge on text containing ${JSON.stringify(contains)}`,
    );
  }

  it('merges edits made on both sides while one client was disconnected', async () => {
    const docName = 'noord/page/offline-merge';
    const phone = await open(docName);
    const tablet = await open(docName);
    phone.doc.getText('body').insert(0, 'Protocol valpreventie.');
    await converged([phone, tablet], ['Protocol valpreventie.']);

    phone.disconnect();
    phone.doc.getText('body').insert(0, '[phone offline] ');
    tablet.doc.getText('body').insert(tablet.doc.getText('body').length, ' [tablet online]');
    await waitForSaved(tablet);
    // The phone, still offline, has not seen the tablet's edit.
    expect(phone.doc.getText('body').toString()).toBe('[phone offline] Protocol valpreventie.');

    phone.connect();
    await waitForSynced(phone);
    const text = await converged([phone, tablet], ['[phone offline]', '[tablet online]', 'Protocol valpreventie.']);
    expect(text).toBe('[phone offline] Protocol valpreventie. [tablet online]');
    expect(Y.encodeStateVector(phone.doc)).toEqual(Y.encodeStateVector(tablet.doc));
    await waitForSaved(phone);

    const newcomer = await open(docName);
    expect(newcomer.doc.getText('body').toString()).toBe(text);
  });

  it('merges when both clients were offline and edited the same spot', async () => {
    const docName = 'noord/page/both-offline';
    const a = await open(docName);
    const b = await open(docName);
    a.doc.getText('body').insert(0, 'Overdracht: ');
    await converged([a, b], ['Overdracht: ']);

    a.disconnect();
    b.disconnect();
    for (let i = 0; i < 20; i++) {
      a.doc.getText('body').insert(12, `a${i} `);
      b.doc.getText('body').insert(12, `b${i} `);
    }
    a.connect();
    b.connect();
    const parts = Array.from({ length: 20 }, (_, i) => [`a${i} `, `b${i} `]).flat();
    const text = await converged([a, b], parts);
    expect(text.startsWith('Overdracht: ')).toBe(true);
    expect(text.length).toBe('Overdracht: '.length + parts.join('').length);
    await waitForSaved(a);
    await waitForSaved(b);

    const newcomer = await open(docName);
    expect(newcomer.doc.getText('body').toString()).toBe(text);
  });

  it('sends edits made before the first connection once the client connects', async () => {
    const docName = 'noord/page/created-offline';
    const doc = new Y.Doc();
    doc.getText('body').insert(0, 'Geschreven zonder verbinding.');
    const late = clients.track(openProvider(kring.url, docName, sessions.anna, { doc, connect: false }));
    late.connect();
    await waitForSynced(late);
    await waitForSaved(late);

    const newcomer = await open(docName);
    expect(newcomer.doc.getText('body').toString()).toBe('Geschreven zonder verbinding.');
  });
});
