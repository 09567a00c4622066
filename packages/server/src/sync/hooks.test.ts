/**
 * The sync server as the composition root wires it (sessions in, policy out), over a real socket: a re-check
 * that cannot be made closes the socket rather than leaving it the rights it had.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import WebSocket from 'ws';
import { openServices, type KringServices } from '../kring.ts';

let dataDir: string;
let kring: KringServices;
const http = createServer();

beforeEach(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'kring-hooks-'));
  kring = await openServices({ dataDir, demo: false, editorialClock: false, secretsKey: 'ab'.repeat(32) });
  kring.sync.attach(http);
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
});

afterEach(async () => {
  await kring.close();
  http.removeAllListeners('upgrade');
  http.closeAllConnections();
  await new Promise((resolve) => http.close(resolve));
  rmSync(dataDir, { recursive: true, force: true });
});

it('closes an open socket when the periodic re-check of its session and access throws (the database is gone)', async () => {
  await kring.accounts.createOrganisation('org', 'Org');
  await kring.accounts.createSpace({ id: 'plein', organisationId: 'org', name: 'Plein', kind: 'client' });
  const daan = await kring.accounts.createUserWithHash({ organisationId: 'org', email: 'daan@kring.test', name: 'Daan', passwordHash: 'x', role: 'client' });
  await kring.accounts.setMembership('plein', daan.id, 'member');
  const { cookie } = await kring.sessions.create(daan.id);

  const port = (http.address() as AddressInfo).port;
  const socket = new WebSocket(`ws://127.0.0.1:${port}/sync/plein/feed/2026-11`, { headers: { cookie: `${cookie.name}=${cookie.value}` } });
  const closed = new Promise<number>((resolve) => socket.once('close', (code) => resolve(code)));
  // The server's first message (sync step 1) says the socket was let in.
  await new Promise((resolve, reject) => socket.once('message', resolve).once('error', reject));

  await kring.db.destroy();
  await kring.sync.revalidate();
  const outcome = await Promise.race([closed, new Promise((resolve) => setTimeout(() => resolve('still open'), 2000))]);
  expect(outcome).toBe(1011);
});
