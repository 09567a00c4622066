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
      loginName: 'Oma-Truus',
      spaces: [{ spaceId: 'clientenplein', role: 'member' }],
      note: 'mevrouw Jansen, kamer 12',
    });
    expect(created.status).toBe(201);
    expect(created.body.code).toMatch(/^[0-9a-z]{4}-[0-9a-z]{4}-[0-9a-z]{4}-[0-9a-z]{4}$/);
    expect(created.body.invite).toMatchObject({ role: 'client', state: 'open', loginName: 'oma-truus' });

    // What the invite offers, before accepting.
    const offer = await api(kring.url, '', 'GET', `/api/invites/${created.body.code.toUpperCase()}`);
    expect(offer.status).toBe(200);
    expect(offer.body).toMatchObject({ invite: { role: 'client', loginName: 'oma-truus', organisation: { name: 'Zorg aan Zee' }, spaces: [{ id: 'clientenplein', name: 'Cliëntenplein', role: 'member' }] } });

    const accepted = await api<{ user: { id: string; role: string } }>(kring.url, '', 'POST', `/api/invites/${created.body.code}/accept`, {
      name: 'Truus Jansen',
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
    // The administrator's user name and the chosen password log in.
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
    const { body } = await api<{ code: string }>(kring.url, sessions.admin, 'POST', '/api/admin/invites', { role: 'employee', loginName: 'uitgenodigd-4' });
    const plain = body.code.replaceAll('-', '');
    for (const file of await readdir(kring.dataDir)) {
      const bytes = (await readFile(join(kring.dataDir, file))).toString('latin1');
      expect(bytes.includes(body.code) || bytes.includes(plain), file).toBe(false);
    }
  });

  it('refuses an expired invite and a withdrawn one', async () => {
    // About a second; asked once after it, since every wrong code counts towards the throttle.
    const short = await api<{ code: string; invite: { expiresAt: string } }>(kring.url, sessions.admin, 'POST', '/api/admin/invites', { role: 'employee', loginName: 'uitgenodigd-1', expiresInHours: 0.0003 });
    await new Promise((resolve) => setTimeout(resolve, Date.parse(short.body.invite.expiresAt) - Date.now() + 50));
    const late = await api(kring.url, '', 'POST', `/api/invites/${short.body.code}/accept`, { name: 'Laat', email: 'laat@kring.test', password: 'te-laat-123' });
    expect(late.status).toBe(404);

    const withdrawn = await api<{ code: string; invite: { id: string } }>(kring.url, sessions.admin, 'POST', '/api/admin/invites', { role: 'employee', loginName: 'uitgenodigd-5' });
    const revoke = await api(kring.url, sessions.admin, 'DELETE', `/api/admin/invites/${withdrawn.body.invite.id}`);
    expect(revoke.status).toBe(200);
    expect(revoke.body).toMatchObject({ invite: { state: 'revoked' } });
    expect((await api(kring.url, sessions.admin, 'DELETE', `/api/admin/invites/${withdrawn.body.invite.id}`)).status).toBe(409);
    const refused = await api(kring.url, '', 'POST', `/api/invites/${withdrawn.body.code}/accept`, { name: 'X', email: 'x@kring.test', password: 'x-x-x-x-x' });
    expect(refused.status).toBe(404);
    await expect(login(kring.url, 'x@kring.test', 'x-x-x-x-x')).rejects.toThrow();
  });

  it('answers an invitee the same whichever login names exist: the login name is the administrator\'s choice', async () => {
    const invites = await Promise.all(
      ['noor', 'kees'].map(async (loginName) => (await api<{ code: string }>(kring.url, sessions.admin, 'POST', '/api/admin/invites', { role: 'employee', loginName })).body.code),
    );
    // One invitee sends a login name that exists, the other one that does not: neither counts, both answers alike.
    const answers = await Promise.all(
      [
        [invites[0], 'ANNA@kring.test'],
        [invites[1], 'bestaat-niet@kring.test'],
      ].map(([code, email]) => api<{ user: { email: string } }>(kring.url, '', 'POST', `/api/invites/${code}/accept`, { name: 'Nieuw', email, password: 'anders-123' })),
    );
    expect(answers.map((answer) => [answer.status, answer.body.user.email])).toEqual([
      [201, 'noor'],
      [201, 'kees'],
    ]);
    // Anna's account is untouched.
    await login(kring.url, 'anna@kring.test');
  });

  it('refuses an administrator an invite with a login name an account has or an open invite offers', async () => {
    const taken = await api(kring.url, sessions.admin, 'POST', '/api/admin/invites', { role: 'employee', loginName: ' Anna@Kring.test ' });
    expect(taken.status).toBe(409);
    expect(taken.body).toMatchObject({ error: { code: 'login_name_taken' } });
    expect((await api(kring.url, sessions.admin, 'POST', '/api/admin/invites', { role: 'employee', loginName: 'jan.devries' })).status).toBe(201);
    expect((await api(kring.url, sessions.admin, 'POST', '/api/admin/invites', { role: 'employee', loginName: 'Jan.DeVries' })).status).toBe(409);
    for (const loginName of [undefined, '', 'a b', 'x'.repeat(300)]) {
      expect((await api(kring.url, sessions.admin, 'POST', '/api/admin/invites', { role: 'employee', loginName })).status, String(loginName)).toBe(400);
    }
  });

  it('refuses invites a care organisation should not make: a guest without spaces, a client in a team space', async () => {
    const guest = await api(kring.url, sessions.admin, 'POST', '/api/admin/invites', { role: 'guest', loginName: 'uitgenodigd-7' });
    expect(guest.status).toBe(400);
    expect(guest.body).toMatchObject({ error: { code: 'guest_needs_space' } });
    const client = await api(kring.url, sessions.admin, 'POST', '/api/admin/invites', { role: 'client', loginName: 'uitgenodigd-2', spaces: [{ spaceId: 'noord', role: 'reader' }] });
    expect(client.status).toBe(409);
    const unknown = await api(kring.url, sessions.admin, 'POST', '/api/admin/invites', { role: 'employee', loginName: 'uitgenodigd-3', spaces: [{ spaceId: 'nergens', role: 'member' }] });
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
    const { body } = await api<{ code: string }>(kring.url, sessions.admin, 'POST', '/api/admin/invites', { role: 'employee', loginName: 'uitgenodigd-8' });
    const blocked = await api(kring.url, '', 'POST', `/api/invites/${body.code}/accept`, { name: 'X', email: 'geblokt@kring.test', password: 'geblokt-123' });
    expect(blocked.status).toBe(429);
    expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(0);
  });
});
