/**
 * Read-only connections: a reader (Daan, a client, in the news space) gets every update, and nothing he
 * writes is relayed or stored, whether sent as an update or hidden in sync step 2.
 */
import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { isCoveredBy } from '../../packages/protocol/src/index.ts';
import { syncStep1, syncStep2, syncUpdate } from '../support/messages.ts';
import { useClients } from '../support/clients.ts';
import { lastSaved, loadText, waitForSaved, waitForSynced } from '../support/providers.ts';
import { health, useKring, useSessions } from '../support/server.ts';
import { waitFor } from '../support/wait.ts';

describe('read-only access to the news space', () => {
  const kring = useKring();
  const sessions = useSessions(kring, ['eva', 'daan']);
  const { open, rawSocket } = useClients(kring);
  /** Eva's editor on `docName`, once what she wrote there is saved on the server. */
  const published = async (docName: string, text: string) => {
    const editor = await open(docName, sessions.eva);
    editor.doc.getText('body').insert(0, text);
    await waitForSaved(editor);
    return editor;
  };
  const dropped = async () => (await health(kring.url)).sync.readOnlyWritesDropped;
  /** Waits until the server has counted `count` more dropped writes than `before`, and returns the new count. */
  const droppedGrew = async (before: number, count: number) => {
    const now = await waitFor(async () => {
      const n = await dropped();
      return n >= before + count && n;
    }, `${count} more dropped read-only writes than ${before}`);
    expect(now).toBe(before + count);
    return now;
  };


  it("delivers the editor's writes to a reader", async () => {
    const docName = 'nieuws/page/ro-delivery';
    const editor = await open(docName, sessions.eva);
    const reader = await open(docName, sessions.daan);
    editor.doc.getText('body').insert(0, 'Nieuwe openingstijden van het buurthuis.');
    await waitFor(() => reader.doc.getText('body').toString() === 'Nieuwe openingstijden van het buurthuis.', "Eva's news to reach Daan");
  });

  it("sends a late reader everything already written in its first sync", async () => {
    const docName = 'nieuws/page/ro-late';
    await published(docName, 'Al gepubliceerd.');
    const reader = await open(docName, sessions.daan);
    expect(reader.doc.getText('body').toString()).toBe('Al gepubliceerd.');
  });

  it("drops a reader's live update: not relayed, not stored, counted, and never reported as saved", async () => {
    const docName = 'nieuws/page/ro-update';
    const editor = await open(docName, sessions.eva);
    const reader = await open(docName, sessions.daan);
    editor.doc.getText('body').insert(0, 'Origineel bericht.');
    await waitFor(() => reader.doc.getText('body').toString() === 'Origineel bericht.', 'the news to reach Daan');
    await waitForSaved(editor);

    const before = await dropped();
    reader.doc.getText('body').insert(0, 'DAAN LIVE ');
    await droppedGrew(before, 1);

    // A later write by the editor is relayed and saved; by then the server has handled Daan's write.
    editor.doc.getText('body').insert(editor.doc.getText('body').length, ' Update van Eva.');
    await waitFor(() => reader.doc.getText('body').toString().includes('Update van Eva.'), "Eva's later edit to reach Daan");
    await waitForSaved(editor);
    expect(editor.doc.getText('body').toString()).toBe('Origineel bericht. Update van Eva.');
    await waitFor(() => lastSaved(reader), 'a saved message to Daan');
    expect(isCoveredBy(Y.encodeStateVector(reader.doc), lastSaved(reader)!)).toBe(false);
    expect(await loadText(kring.url, docName, sessions.eva)).toBe('Origineel bericht. Update van Eva.');
  });

  it("drops a reader's offline edits that arrive in sync step 2 on reconnect", async () => {
    const docName = 'nieuws/page/ro-step2';
    const editor = await published(docName, 'Bericht.');
    const reader = await open(docName, sessions.daan);
    expect(reader.doc.getText('body').toString()).toBe('Bericht.');

    reader.disconnect();
    reader.doc.getText('body').insert(0, 'DAAN OFFLINE ');
    const before = await dropped();
    reader.connect();
    await waitForSynced(reader);
    await droppedGrew(before, 1);

    expect(await loadText(kring.url, docName, sessions.eva)).toBe('Bericht.');
    expect(editor.doc.getText('body').toString()).toBe('Bericht.');
  });

  it("drops hand-made writes from a reader's raw socket: insert as update, insert in step 2, delete of the editor's text", async () => {
    const docName = 'nieuws/page/ro-raw';
    const editor = await published(docName, 'Tekst van de redactie.');

    const socket = rawSocket(docName, { cookie: sessions.daan });
    await socket.waitForOpen();
    await socket.send(syncStep1(Y.encodeStateVector(new Y.Doc())));
    const step2 = await socket.waitForMessage((m) => m.type === 'sync-step-2', "the server's sync step 2");
    const copy = new Y.Doc();
    if (step2.type === 'sync-step-2') Y.applyUpdate(copy, step2.update);
    expect(copy.getText('body').toString()).toBe('Tekst van de redactie.');

    const insertion = new Y.Doc();
    insertion.getText('body').insert(0, 'GEHACKT ');
    const vector = Y.encodeStateVector(copy);
    copy.getText('body').delete(0, copy.getText('body').length);
    const deletion = Y.encodeStateAsUpdate(copy, vector);

    const before = await dropped();
    await socket.send(syncUpdate(Y.encodeStateAsUpdate(insertion)));
    await socket.send(syncStep2(Y.encodeStateAsUpdate(insertion)));
    await socket.send(syncUpdate(deletion));
    await droppedGrew(before, 3);

    // Dropping is silent: the reader stays connected and keeps receiving.
    expect(socket.isOpen).toBe(true);
    expect(socket.messages().filter((m) => m.type === 'sync-update')).toEqual([]);
    expect(editor.doc.getText('body').toString()).toBe('Tekst van de redactie.');
    expect(await loadText(kring.url, docName, sessions.eva)).toBe('Tekst van de redactie.');
  });

  it("does not count a reader's device sending the server's own content back (a second copy of the page on the device)", async () => {
    const docName = 'nieuws/page/ro-echo';
    const editor = await published(docName, 'Tekst van de redactie, met een regel eruit.');
    editor.doc.getText('body').delete(0, 6);
    await waitForSaved(editor);

    const socket = rawSocket(docName, { cookie: sessions.daan });
    await socket.waitForOpen();
    await socket.send(syncStep1(Y.encodeStateVector(new Y.Doc())));
    const step2 = await socket.waitForMessage((m) => m.type === 'sync-step-2', "the server's sync step 2");
    if (step2.type !== 'sync-step-2') throw new Error('no sync step 2');
    const copy = new Y.Doc();
    Y.applyUpdate(copy, step2.update);

    const before = await dropped();
    await socket.send(syncUpdate(step2.update));
    await socket.send(syncStep2(Y.encodeStateAsUpdate(copy)));
    // The server answers in order: once this step 2 is here, it has handled both echoes.
    await socket.send(syncStep1(Y.encodeStateVector(copy)));
    await waitFor(() => socket.messages().filter((m) => m.type === 'sync-step-2').length === 2, 'a second sync step 2');
    expect(await dropped()).toBe(before);

    // One new character in the same echo is a write, dropped and counted.
    copy.getText('body').insert(0, 'x');
    await socket.send(syncUpdate(Y.encodeStateAsUpdate(copy)));
    await droppedGrew(before, 1);
    expect(await loadText(kring.url, docName, sessions.eva)).toBe('Tekst van de redactie, met een regel eruit.'.slice(6));
  });
});
