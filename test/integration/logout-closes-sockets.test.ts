/** Logging out ends the session's open sync sockets (4410) at once, and nobody else's. */
import { describe, expect, it } from 'vitest';
import { useClients } from '../support/clients.ts';
import { closesOf, waitForClose, waitForSaved } from '../support/providers.ts';
import { sendMessage } from '../../packages/shapes/src/index.ts';
import { login, logout, me, useKring } from '../support/server.ts';

const CLOSE_SESSION_ENDED = 4410;
const CLOSE_NO_SESSION = 4401;

describe('logout closes sync sockets', () => {
  const kring = useKring();
  const { open, rawSocket } = useClients(kring);

  it("closes every socket of the session that logged out with 4410, on every document", async () => {
    const phone = await login(kring.url, 'anna@kring.test');
    const page = await open('noord/page/logout', phone);
    const chat = await open('clientenplein/chat/logout', phone);
    const response = await logout(kring.url, phone);
    expect(response.status).toBe(200);
    expect(await waitForClose(page)).toMatchObject({ code: CLOSE_SESSION_ENDED });
    expect(await waitForClose(chat)).toMatchObject({ code: CLOSE_SESSION_ENDED });
  });

  it("leaves another session's socket on the same document open and syncing", async () => {
    const phone = await login(kring.url, 'anna@kring.test');
    const laptop = await login(kring.url, 'anna@kring.test');
    const leaving = await open('noord/page/logout-other', phone);
    const staying = await open('noord/page/logout-other', laptop);
    await logout(kring.url, phone);
    expect(await waitForClose(leaving)).toMatchObject({ code: CLOSE_SESSION_ENDED });

    // The other session still writes and is told its write is saved, over the same socket.
    staying.doc.getText('body').insert(0, 'Nog steeds verbonden.');
    await waitForSaved(staying);
    expect(closesOf(staying)).toEqual([]);
    expect(staying.wsconnected).toBe(true);
  });

  it("leaves another person's socket open", async () => {
    const anna = await login(kring.url, 'anna@kring.test');
    const daan = await login(kring.url, 'daan@kring.test');
    const annaChat = await open('clientenplein/chat/logout-people', anna);
    const daanChat = await open('clientenplein/chat/logout-people', daan);
    await logout(kring.url, anna);
    expect(await waitForClose(annaChat)).toMatchObject({ code: CLOSE_SESSION_ENDED });
    // A chat takes messages in the writer's own name only (docs/privacy.md, "Chat").
    const { id, name } = (await me(kring.url, daan)).user;
    sendMessage(daanChat.doc, { authorId: id, authorName: name, text: 'Hallo?' });
    await waitForSaved(daanChat);
    expect(closesOf(daanChat)).toEqual([]);
  });

  it('refuses a new socket with the logged-out cookie with 4401', async () => {
    const cookie = await login(kring.url, 'anna@kring.test');
    await logout(kring.url, cookie);
    const socket = rawSocket('noord/page/logout-after', { cookie });
    expect((await socket.waitForClose()).code).toBe(CLOSE_NO_SESSION);
    expect(socket.received).toEqual([]);
  });
});
