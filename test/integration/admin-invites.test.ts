/**
 * Invites over HTTP: a code with an expiry and a role, for people without a work email; it works once, is
 * stored only as a hash, and guessing codes is throttled. Its own server: wrong codes count against this
 * machine's address.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { login, me, useKring, useSessions } from '../support/server.ts';
import { api, invitePerson, observeSocket, sessionCookie } from './admin-support.ts';

describe('invites', () => {
  const kring = useKring();
  const sessions = useSessions(kring, ['admin']);


  it('creates an account with the role and spaces of the invite, logged in, for someone without an email address', async () => {
    const created = await api<{ code: string; invite: { id: string; state: string; role: string } }>(kring.url, sessions.admin, 'POST', '/api/admin/invites', {
      role: 'client',
      spaces: [{ spaceId: 'clientenplein', role: 'member' }],
      note: 'mevrouw Jansen, kamer 12',
    });
    expect(created.status).toBe(201);
    expect(created.body.code).toMatch(/^[0-9a-z]{4}-[0-9a-z]{4}-[0-9a-z]{4}-[0-9a-z]{4}$/);
    expect(created.body.invite).toMatchObject({ role: 'client', state: 'open' });

    // What the invite offers, before accepting.
    const offer = await api(kring.url, '', 'GET', `/api/invites/${created.body.code.toUpperCase()}`);
    expect(offer.status).toBe(200);
    expect(offer.body).toMatchObject({ invite: { role: 'client', organisation: { name: 'Zorg aan Zee' }, spaces: [{ id: 'clientenplein', name: 'Cliëntenplein', role: 'member' }] } });

    const accepted = await api<{ user: { id: string; role: string } }>(kring.url, '', 'POST', `/api/invites/${created.body.code}/accept`, {
      name: 'Truus Jansen',
      email: 'oma-truus',
      password: 'kopje-thee',
    });
    expect(accepted.status).toBe(201);
    expect(accepted.body.user).toMatchObject({ name: 'Truus Jansen', email: 'oma-truus', role: 'client' });
    const cookie = sessionCookie(accepted.headers);
    const mine = await me(kring.url, cookie);
    expect(mine.spaces.map((s) => [s.id, s.role]).sort()).toEqual([
      ['clientenplein', 'member'],
      ['nieuws', null],
    ]);
    // The chosen user name and password log in.
    await login(kring.url, 'Oma-Truus', 'kopje-thee');

    // Once only.
    const again = await api(kring.url, '', 'POST', `/api/invites/${created.body.code}/accept`, { name: 'Iemand', email: 'iemand-anders', password: 'kopje-thee' });
    expect(again.status).toBe(404);
    expect(again.body).toMatchObject({ error: { code: 'invalid_invite' } });
    expect((await api(kring.url, '', 'GET', `/api/invites/${created.body.code}`)).status).toBe(404);
    const listed = await api<{ invites: { id: string; state: string; usedBy: string }[] }>(kring.url, sessions.admin, 'GET', '/api/admin/invites');
    expect(listed.body.invites.find((i) => i.id === created.body.invite.id)).toMatchObject({ state: 'used', usedBy: accepted.body.user.id });
  });

  it('stores only a hash of the code: the code is nowhere in the data folder', async () => {
    const { body } = await api<{ code: string }>(kring.url, sessions.admin, 'POST', '/api/admin/invites', { role: 'employee' });
    const plain = body.code.replaceAll('-', '');
    for (const file of await readdir(kring.dataDir)) {
      const bytes = (await readFile(join(kring.dataDir, file))).toString('latin1');
      expect(bytes.includes(body.code) || bytes.includes(plain), file).toBe(false);
    }
  });

  it('refuses an expired invite and a withdrawn one', async () => {
    // About a second; asked once after it, since every wrong code counts towards the throttle.
    const short = await api<{ code: string; invite: { expiresAt: string } }>(kring.url, sessions.admin, 'POST', '/api/admin/invites', { role: 'employee', expiresInHours: 0.0003 });
    await new Promise((resolve) => setTimeout(resolve, Date.parse(short.body.invite.expiresAt) - Date.now() + 50));
    const late = await api(kring.url, '', 'POST', `/api/invites/${short.body.code}/accept`, { name: 'Laat', email: 'laat@kring.test', password: 'te-laat-123' });
    expect(late.status).toBe(404);

    const withdrawn = await api<{ code: string; invite: { id: string } }>(kring.url, sessions.admin, 'POST', '/api/admin/invites', { role: 'employee' });
    const revoke = await api(kring.url, sessions.admin, 'DELETE', `/api/admin/invites/${withdrawn.body.invite.id}`);
    expect(revoke.status).toBe(200);
    expect(revoke.body).toMatchObject({ invite: { state: 'revoked' } });
    expect((await api(kring.url, sessions.admin, 'DELETE', `/api/admin/invites/${withdrawn.body.invite.id}`)).status).toBe(409);
    const refused = await api(kring.url, '', 'POST', `/api/invites/${withdrawn.body.code}/accept`, { name: 'X', email: 'x@kring.test', password: 'x-x-x-x-x' });
    expect(refused.status).toBe(404);
    await expect(login(kring.url, 'x@kring.test', 'x-x-x-x-x')).rejects.toThrow();
  });

  it('refuses a login name that is taken and keeps the invite usable', async () => {
    const { body } = await api<{ code: string }>(kring.url, sessions.admin, 'POST', '/api/admin/invites', { role: 'employee' });
    const taken = await api(kring.url, '', 'POST', `/api/invites/${body.code}/accept`, { name: 'Anna 2', email: 'ANNA@kring.test', password: 'anders-123' });
    expect(taken.status).toBe(409);
    expect(taken.body).toMatchObject({ error: { code: 'login_name_taken' } });
    const ok = await api(kring.url, '', 'POST', `/api/invites/${body.code}/accept`, { name: 'Anna 2', email: 'anna2@kring.test', password: 'anders-123' });
    expect(ok.status).toBe(201);
  });

  it('refuses invites a care organisation should not make: a guest without spaces, a client in a team space', async () => {
    const guest = await api(kring.url, sessions.admin, 'POST', '/api/admin/invites', { role: 'guest' });
    expect(guest.status).toBe(400);
    expect(guest.body).toMatchObject({ error: { code: 'guest_needs_space' } });
    const client = await api(kring.url, sessions.admin, 'POST', '/api/admin/invites', { role: 'client', spaces: [{ spaceId: 'noord', role: 'reader' }] });
    expect(client.status).toBe(409);
    const unknown = await api(kring.url, sessions.admin, 'POST', '/api/admin/invites', { role: 'employee', spaces: [{ spaceId: 'nergens', role: 'member' }] });
    expect(unknown.status).toBe(400);
  });

  it('lets a guest see only the spaces they were invited into', async () => {
    const guest = await invitePerson(kring.url, sessions.admin, 'guest', [{ spaceId: 'zuid', role: 'reader' }], 'Partner Thuiszorg');
    expect((await me(kring.url, guest.cookie)).spaces.map((s) => s.id)).toEqual(['zuid']);
    expect((await observeSocket(kring.url, guest.cookie, 'zuid/page/valpreventie', 'gast')).access).toBe('read');
    for (const name of ['nieuws/page/welkom', 'noord/page/valpreventie', 'clientenplein/feed/2026-11']) {
      expect((await observeSocket(kring.url, guest.cookie, name, 'gast')).access, name).toBe('none');
    }
  });

  // Last: it throttles invite lookups from this address for a while.
  it('throttles guessing invite codes from one network address (429)', async () => {
    // The tests above used up some of the free attempts; within five more wrong codes the door closes.
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) statuses.push((await api(kring.url, '', 'GET', `/api/invites/0000-0000-0000-000${i}`)).status);
    expect(statuses.at(-1)).toBe(429);
    expect(statuses.every((status) => status === 404 || status === 429)).toBe(true);
    const { body } = await api<{ code: string }>(kring.url, sessions.admin, 'POST', '/api/admin/invites', { role: 'employee' });
    const blocked = await api(kring.url, '', 'POST', `/api/invites/${body.code}/accept`, { name: 'X', email: 'geblokt@kring.test', password: 'geblokt-123' });
    expect(blocked.status).toBe(429);
    expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(0);
  });
});
