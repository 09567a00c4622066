/**
 * The person's own account over the wire: where am I signed in, ending a session (a stolen or lost device) and
 * changing the password. Each rule is attacked with raw requests: another person's session, no session, bad input.
 */
import { describe, expect, it } from 'vitest';
import { useClients } from '../support/clients.ts';
import { closesOf, waitForClose, waitForSaved } from '../support/providers.ts';
import { DEMO_PASSWORD, login, useKring } from '../support/server.ts';
import { api } from './admin-support.ts';

const CLOSE_SESSION_ENDED = 4410;
const CLOSE_NO_SESSION = 4401;
const PHONE = 'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Mobile Safari/537.36';
const LAPTOP = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:140.0) Gecko/20100101 Firefox/140.0';
const STRONG = 'paard batterij nietje juist';

interface Listed {
  id: string;
  current: boolean;
  browser: string | null;
  os: string | null;
  kind: string | null;
  signedInAt: string;
  lastSeenAt: string;
}

/** Logs in with a browser's User-Agent, as that device would. */
async function loginFrom(url: string, email: string, userAgent: string, password = DEMO_PASSWORD): Promise<string> {
  const response = await fetch(`${url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'user-agent': userAgent },
    body: JSON.stringify({ email, password }),
  });
  expect(response.status).toBe(200);
  return response.headers.getSetCookie().find((header) => header.startsWith('kring_session='))!.split(';')[0]!;
}

describe('own account', () => {
  const kring = useKring();
  const { open, rawSocket } = useClients(kring);
  const listed = async (cookie: string) => (await api<{ sessions: Listed[] }>(kring.url, cookie, 'GET', '/api/account/sessions')).body.sessions;

  it('lists where the person is signed in, in words, this device first, and nobody else’s sessions', async () => {
    const phone = await loginFrom(kring.url, 'anna@kring.test', PHONE);
    const laptop = await loginFrom(kring.url, 'anna@kring.test', LAPTOP);
    await loginFrom(kring.url, 'bram@kring.test', PHONE);
    const sessions = await listed(laptop);
    expect(sessions[0]).toMatchObject({ current: true, browser: 'Firefox 140', os: 'Windows 10', kind: 'desktop' });
    expect(sessions.filter((s) => !s.current).map((s) => s.browser)).toContain('Chrome 156');
    expect(sessions.every((s) => Number.isFinite(Date.parse(s.lastSeenAt)))).toBe(true);
    // Bram's session is not in Anna's list: every listed one ends Anna's phone or laptop only.
    const fromPhone = await listed(phone);
    expect(new Set(fromPhone.map((s) => s.id))).toEqual(new Set(sessions.map((s) => s.id)));
    expect((await api(kring.url, '', 'GET', '/api/account/sessions')).status).toBe(401);
  });

  it('ends a stolen session from another device: its open socket closes at once and its cookie stops working', async () => {
    const stolen = await loginFrom(kring.url, 'eva@kring.test', PHONE);
    const own = await loginFrom(kring.url, 'eva@kring.test', LAPTOP);
    const thief = await open('nieuws/page/stolen-session', stolen);
    const mine = await open('nieuws/page/stolen-session', own);

    const other = (await listed(own)).find((s) => !s.current && s.browser === 'Chrome 156')!;
    const ended = await api(kring.url, own, 'DELETE', `/api/account/sessions/${other.id}`);
    expect(ended.status).toBe(200);

    expect(await waitForClose(thief)).toMatchObject({ code: CLOSE_SESSION_ENDED });
    expect((await api(kring.url, stolen, 'GET', '/api/me')).status).toBe(401);
    const again = rawSocket('nieuws/page/stolen-session', { cookie: stolen });
    expect((await again.waitForClose()).code).toBe(CLOSE_NO_SESSION);
    expect(again.received).toEqual([]);

    // The device that ended it goes on working over its own socket.
    mine.doc.getText('body').insert(0, 'Telefoon kwijt, sessie beëindigd.');
    await waitForSaved(mine);
    expect(closesOf(mine)).toEqual([]);
  });

  it("refuses to end another person's session, the asking one, or a malformed id, and ends nothing then", async () => {
    const bram = await loginFrom(kring.url, 'bram@kring.test', PHONE);
    const anna = await loginFrom(kring.url, 'anna@kring.test', LAPTOP);
    const bramsId = (await listed(bram)).find((s) => s.current)!.id;
    const annasId = (await listed(anna)).find((s) => s.current)!.id;
    expect((await api(kring.url, anna, 'DELETE', `/api/account/sessions/${bramsId}`)).status).toBe(404);
    expect((await api(kring.url, anna, 'DELETE', `/api/account/sessions/${annasId}`)).body).toMatchObject({ error: { code: 'self' } });
    expect((await api(kring.url, anna, 'DELETE', '/api/account/sessions/..%2F..%2Fme')).status).toBe(400);
    expect((await api(kring.url, '', 'DELETE', `/api/account/sessions/${bramsId}`)).status).toBe(401);
    expect((await api(kring.url, '', 'POST', '/api/account/sessions/end-others')).status).toBe(401);
    expect((await api(kring.url, bram, 'GET', '/api/me')).status).toBe(200);
    expect((await api(kring.url, anna, 'GET', '/api/me')).status).toBe(200);
  });

  it('ends all other sessions at once, and only the person’s own', async () => {
    const first = await login(kring.url, 'daan@kring.test');
    const second = await login(kring.url, 'daan@kring.test');
    const keep = await login(kring.url, 'daan@kring.test');
    const someoneElse = await login(kring.url, 'anna@kring.test');
    const socket = await open('clientenplein/chat/end-others', first);
    const response = await api<{ ended: number }>(kring.url, keep, 'POST', '/api/account/sessions/end-others');
    expect(response.status).toBe(200);
    expect(response.body.ended).toBeGreaterThanOrEqual(2);
    expect(await waitForClose(socket)).toMatchObject({ code: CLOSE_SESSION_ENDED });
    for (const cookie of [first, second]) expect((await api(kring.url, cookie, 'GET', '/api/me')).status).toBe(401);
    expect((await listed(keep)).map((s) => s.current)).toEqual([true]);
    expect((await api(kring.url, someoneElse, 'GET', '/api/me')).status).toBe(200);
  });

  it('changes the password only with the current one and a strong new one, and ends every other session', async () => {
    const other = await login(kring.url, 'admin@kring.test');
    const here = await login(kring.url, 'admin@kring.test');
    const socket = await open('nieuws/page/password-change', other);

    const wrong = await api(kring.url, here, 'POST', '/api/account/password', { currentPassword: 'geraden', newPassword: STRONG });
    expect([wrong.status, wrong.body]).toEqual([403, { error: { code: 'wrong_password', message: expect.any(String) } }]);
    const weak = await api(kring.url, here, 'POST', '/api/account/password', { currentPassword: DEMO_PASSWORD, newPassword: 'wachtwoord123' });
    expect([weak.status, weak.body]).toEqual([422, { error: { code: 'password_common', message: expect.any(String) } }]);
    const short = await api(kring.url, here, 'POST', '/api/account/password', { currentPassword: DEMO_PASSWORD, newPassword: 'kort' });
    expect(short.body).toMatchObject({ error: { code: 'password_too_short' } });
    expect((await api(kring.url, here, 'POST', '/api/account/password', { currentPassword: DEMO_PASSWORD, newPassword: 5 })).status).toBe(400);
    expect((await api(kring.url, '', 'POST', '/api/account/password', { currentPassword: DEMO_PASSWORD, newPassword: STRONG })).status).toBe(401);
    expect(closesOf(socket)).toEqual([]);

    const changed = await api<{ ended: number }>(kring.url, here, 'POST', '/api/account/password', { currentPassword: DEMO_PASSWORD, newPassword: STRONG });
    expect(changed.status).toBe(200);
    expect(changed.body.ended).toBeGreaterThanOrEqual(1);
    expect(await waitForClose(socket)).toMatchObject({ code: CLOSE_SESSION_ENDED });
    expect((await api(kring.url, other, 'GET', '/api/me')).status).toBe(401);
    expect((await api(kring.url, here, 'GET', '/api/me')).status).toBe(200);
    await expect(login(kring.url, 'admin@kring.test')).rejects.toThrow(/401/);
    expect(await login(kring.url, 'admin@kring.test', STRONG)).toMatch(/^kring_session=/);
  });

  it('throttles guessing the current password with a stolen session', async () => {
    const stolen = await login(kring.url, 'bram@kring.test');
    const statuses: number[] = [];
    for (let i = 0; i < 12 && !statuses.includes(429); i++) {
      statuses.push((await api(kring.url, stolen, 'POST', '/api/account/password', { currentPassword: `gok-${i}`, newPassword: STRONG })).status);
    }
    expect(statuses).toContain(429);
    expect(statuses.filter((status) => status === 200)).toEqual([]);
  });
});
