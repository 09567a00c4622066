/**
 * Who may open a sync socket: refusals come before any sync message, with the close code of the contract, or
 * at the HTTP upgrade for a foreign Origin.
 */
import { describe, expect, it } from 'vitest';
import { useClients } from '../support/clients.ts';
import { health, login, useKring, useSessions } from '../support/server.ts';

const CLOSE_NO_SESSION = 4401;
const CLOSE_FORBIDDEN = 4403;
const CLOSE_MALFORMED = 4400;

describe('sync socket access', () => {
  const kring = useKring();
  const sessions = useSessions(kring, ['anna', 'bram', 'daan']);
  const { rawSocket } = useClients(kring);


  it('closes a client (Daan) on a team page with 4403 before sending a single message', async () => {
    const socket = rawSocket('noord/page/x', { cookie: sessions.daan });
    const { code } = await socket.waitForClose();
    expect(code).toBe(CLOSE_FORBIDDEN);
    expect(socket.received).toEqual([]);
  });

  it('closes a socket without a session cookie with 4401 before sending a single message', async () => {
    const socket = rawSocket('noord/page/x');
    const { code } = await socket.waitForClose();
    expect(code).toBe(CLOSE_NO_SESSION);
    expect(socket.received).toEqual([]);
  });

  it('closes a socket with an unknown session cookie with 4401', async () => {
    const socket = rawSocket('noord/page/x', { cookie: 'kring_session=abcdefghijklmnopqrstuvwxyz234567' });
    expect((await socket.waitForClose()).code).toBe(CLOSE_NO_SESSION);
    expect(socket.received).toEqual([]);
  });

  it("closes an employee of another team (Bram) on Noord's documents with 4403", async () => {
    for (const docName of ['noord/page/x', 'noord/index/main', 'noord/chat/x']) {
      const socket = rawSocket(docName, { cookie: sessions.bram });
      expect((await socket.waitForClose()).code, docName).toBe(CLOSE_FORBIDDEN);
      expect(socket.received, docName).toEqual([]);
    }
  });

  it('closes the administrator, who is no member of the team, on a team page with 4403', async () => {
    const admin = await login(kring.url, 'admin@kring.test');
    const socket = rawSocket('noord/page/x', { cookie: admin });
    expect((await socket.waitForClose()).code).toBe(CLOSE_FORBIDDEN);
    expect(socket.received).toEqual([]);
  });

  it("opens Daan's own client space and the news space for him", async () => {
    for (const docName of ['clientenplein/chat/x', 'clientenplein/page/x', 'nieuws/page/x']) {
      const socket = rawSocket(docName, { cookie: sessions.daan });
      await socket.waitForMessage((m) => m.type === 'sync-step-1', `sync step 1 on ${docName}`);
    }
  });

  it('refuses a foreign Origin at the upgrade with HTTP 403, even with a valid session', async () => {
    const before = (await health(kring.url)).sync.refusedOrigin;
    const socket = rawSocket('noord/page/x', { cookie: sessions.anna, origin: 'http://evil.example' });
    expect(await socket.waitForOutcome()).toEqual({ kind: 'refused', status: 403 });
    expect(socket.received).toEqual([]);
    expect((await health(kring.url)).sync.refusedOrigin).toBe(before + 1);
  });

  it("accepts the app's own Origin and starts the sync", async () => {
    const socket = rawSocket('noord/page/x', { cookie: sessions.anna, origin: kring.url });
    await socket.waitForOpen();
    const first = await socket.waitForMessage(() => true, 'the first message');
    expect(first.type).toBe('sync-step-1');
  });

  it('accepts a socket without Origin (a non-browser client) with a valid session', async () => {
    const socket = rawSocket('noord/page/x', { cookie: sessions.anna });
    await socket.waitForMessage((m) => m.type === 'sync-step-1', 'sync step 1');
  });

  it('closes an unknown document kind with 4400', async () => {
    const socket = rawSocket('noord/unknown/x', { cookie: sessions.anna });
    expect((await socket.waitForClose()).code).toBe(CLOSE_MALFORMED);
    expect(socket.received).toEqual([]);
  });

  it('closes malformed document names with 4400', async () => {
    for (const docName of ['noord/page', 'noord/page/x/y', 'noord/page/' + 'a'.repeat(65), 'noord/page/x%20y', '..%2Fnoord/page/x']) {
      const socket = rawSocket(docName, { cookie: sessions.anna });
      expect((await socket.waitForClose()).code, docName).toBe(CLOSE_MALFORMED);
      expect(socket.received, docName).toEqual([]);
    }
  });

  it('answers a WebSocket upgrade outside /sync/ with HTTP 404 instead of leaving it open', async () => {
    for (const path of ['/elsewhere/noord/page/x', '/sync', '/syncnoord/page/x']) {
      const socket = rawSocket('', { cookie: sessions.anna, path });
      expect(await socket.waitForOutcome(), path).toEqual({ kind: 'refused', status: 404 });
    }
  });

  it('counts the refusals in /healthz', async () => {
    const { sync } = await health(kring.url);
    expect(sync.refusedNoSession).toBeGreaterThanOrEqual(2);
    expect(sync.refusedForbidden).toBeGreaterThanOrEqual(4);
  });
});

describe('sync socket access with ORIGIN set', () => {
  const ORIGIN = 'https://intranet.zorg-aan-zee.test';
  const kring = useKring({ env: { ORIGIN } });
  const sessions = useSessions(kring, ['anna']);
  const { rawSocket } = useClients(kring);


  it('accepts the configured ORIGIN', async () => {
    const socket = rawSocket('noord/page/x', { cookie: sessions.anna, origin: ORIGIN });
    await socket.waitForMessage((m) => m.type === 'sync-step-1', 'sync step 1');
  });

  it("refuses the host's own origin when ORIGIN names another one", async () => {
    const socket = rawSocket('noord/page/x', { cookie: sessions.anna, origin: kring.url });
    expect(await socket.waitForOutcome()).toEqual({ kind: 'refused', status: 403 });
  });
});
