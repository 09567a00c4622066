/** The server forgets documents nobody has open, and loads them again, whole, when someone comes back. */
import { describe, expect, it } from 'vitest';
import { useClients } from '../support/clients.ts';
import { loadText, waitForSaved } from '../support/providers.ts';
import { health, useKring, useSessions } from '../support/server.ts';
import { waitFor } from '../support/wait.ts';

describe('idle documents', () => {
  const kring = useKring();
  const sessions = useSessions(kring, ['anna']);
  const clients = useClients(kring);
  const open = (docName: string) => clients.open(docName, sessions.anna);
  /** Waits (bounded) until the server holds no room and no connection. */
  const allClosed = () =>
    waitFor(async () => {
      const { sync } = await health(kring.url);
      return sync.roomsOpen === 0 && sync.connectionsOpen === 0 && sync;
    }, 'roomsOpen and connectionsOpen to go back to 0');


  it('closes the room once the last of its clients has left, and loads it again with its content', async () => {
    const docName = 'noord/page/idle';
    const first = await open(docName);
    const second = await open(docName);
    first.doc.getText('body').insert(0, 'Werkinstructie wondzorg.');
    await waitFor(() => second.doc.getText('body').toString() === 'Werkinstructie wondzorg.', 'the edit to reach the second client');
    await waitForSaved(first);
    expect((await health(kring.url)).sync.roomsOpen).toBe(1);

    first.destroy();
    // One client is still there: the room stays.
    second.doc.getText('body').insert(0, '[herzien] ');
    await waitForSaved(second);
    expect((await health(kring.url)).sync.roomsOpen).toBe(1);
    second.destroy();
    await allClosed();

    expect(await loadText(kring.url, docName, sessions.anna)).toBe('[herzien] Werkinstructie wondzorg.');
    await allClosed();
  });

  it('closes the rooms of many documents a client opened and left', async () => {
    const names = Array.from({ length: 10 }, (_, i) => `noord/board/idle-${i}`);
    const boards = await Promise.all(names.map((name) => open(name)));
    boards.forEach((board, i) => board.doc.getText('body').insert(0, `bord ${i}`));
    await Promise.all(boards.map((board) => waitForSaved(board)));
    expect((await health(kring.url)).sync.roomsOpen).toBe(10);
    for (const board of boards) board.destroy();
    await allClosed();
    for (const [i, name] of names.entries()) expect(await loadText(kring.url, name, sessions.anna)).toBe(`bord ${i}`);
  });

  it('closes the room when its last client leaves with edits still being stored, and keeps those edits', async () => {
    const docName = 'noord/page/idle-pending';
    const client = await open(docName);
    for (let i = 0; i < 50; i++) client.doc.getText('body').insert(client.doc.getText('body').length, `${i};`);
    const expected = client.doc.getText('body').toString();
    // Leave at once, before "saved": the edits go out before the close frame, and must still be stored.
    client.destroy();
    await allClosed();
    expect(await loadText(kring.url, docName, sessions.anna)).toBe(expected);
  });

  it('closes the room of a client that dropped right after connecting', async () => {
    const socket = clients.rawSocket('noord/page/idle-dropped', { cookie: sessions.anna });
    await socket.waitForOpen();
    socket.close();
    await allClosed();
  });
});
