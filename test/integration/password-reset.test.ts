/**
 * Choosing a new password without the old one, over the wire: an administrator's one-time code (works once,
 * expires, audited, administrators only) and a link by e-mail through a real SMTP server started here (the same
 * answer whether or not the account exists).
 */
import { join } from 'node:path';
import { openSqlite } from '@kring/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useClients } from '../support/clients.ts';
import { waitForClose } from '../support/providers.ts';
import { login, me, startKring, useKring, useSessions, type KringServer } from '../support/server.ts';
import { mailText, startSmtp, type LocalSmtp } from '../support/smtp.ts';
import { waitFor } from '../support/wait.ts';
import { api } from './admin-support.ts';

const STRONG = 'paard batterij nietje juist';
const CLOSE_SESSION_ENDED = 4410;

interface Reset {
  reset: { code: string; expiresAt: string; person: { id: string; name: string; email: string } };
}
interface AuditEntry {
  userId: string | null;
  action: string;
  subject: string | null;
  detail: { via?: string } | null;
}

describe('a reset code from an administrator', () => {
  const kring = useKring();
  const sessions = useSessions(kring, ['admin', 'eva', 'daan']);
  const { open } = useClients(kring);
  const issue = async (cookie: string, personId: string) => api<Reset>(kring.url, cookie, 'POST', `/api/admin/people/${personId}/password-reset`);
  const reset = (code: string, newPassword = STRONG) => api(kring.url, '', 'POST', '/api/auth/password-reset', { code, newPassword });
  const audit = async () => (await api<{ entries: AuditEntry[] }>(kring.url, sessions.admin, 'GET', '/api/admin/audit?limit=20')).body.entries;

  it('works once: the person chooses a new password, every session of theirs ends, and issue and use are audited', async () => {
    const daan = (await me(kring.url, sessions.daan)).user;
    const adminId = (await me(kring.url, sessions.admin)).user.id;
    const daansSocket = await open('clientenplein/chat/reset', sessions.daan);
    const issued = await issue(sessions.admin, daan.id);
    expect(issued.status).toBe(201);
    expect(issued.headers.get('cache-control')).toBe('no-store');
    const { code, expiresAt, person } = issued.body.reset;
    expect(code).toMatch(/^[0-9a-z]{4}(-[0-9a-z]{4}){7}$/);
    expect(person).toMatchObject({ id: daan.id, name: daan.name });
    expect(Date.parse(expiresAt) - Date.now()).toBeGreaterThan(7 * 3600_000);

    // Typed from paper: capitals and spaces instead of dashes.
    expect((await reset(code.toUpperCase().replaceAll('-', ' '))).status).toBe(200);
    expect(await waitForClose(daansSocket)).toMatchObject({ code: CLOSE_SESSION_ENDED });
    expect((await api(kring.url, sessions.daan, 'GET', '/api/me')).status).toBe(401);
    expect(await login(kring.url, 'daan@kring.test', STRONG)).toMatch(/^kring_session=/);

    const again = await reset(code, 'nog een sterk wachtwoord 7');
    expect([again.status, again.body]).toEqual([404, { error: { code: 'invalid_reset', message: expect.any(String) } }]);
    expect(await login(kring.url, 'daan@kring.test', STRONG)).toMatch(/^kring_session=/);

    const entries = (await audit()).filter((entry) => entry.action.startsWith('password_reset.'));
    expect(entries.map((entry) => [entry.action, entry.userId, entry.subject, entry.detail?.via])).toEqual([
      ['password_reset.used', daan.id, daan.id, 'admin'],
      ['password_reset.issued', adminId, daan.id, 'admin'],
    ]);
    expect(JSON.stringify(await audit())).not.toContain(code);
  });

  it('refuses a weak password and then still works', async () => {
    const eva = (await me(kring.url, sessions.eva)).user;
    const { code } = (await issue(sessions.admin, eva.id)).body.reset;
    const weak = await reset(code, 'evaredactie1');
    expect([weak.status, weak.body]).toEqual([422, { error: { code: 'password_personal', message: expect.any(String) } }]);
    expect((await reset(code)).status).toBe(200);
  });

  it('no longer works once it expired', async () => {
    const bram = await login(kring.url, 'bram@kring.test');
    const { code } = (await issue(sessions.admin, (await me(kring.url, bram)).user.id)).body.reset;
    // Eight hours pass: the row's expiry moves to the past in the server's own database file.
    const { sqlite } = openSqlite(join(kring.dataDir, 'kring.sqlite'));
    try {
      sqlite.prepare('UPDATE password_resets SET expires_at = ? WHERE used_at IS NULL').run(Date.now() - 1);
    } finally {
      sqlite.close();
    }
    expect((await reset(code)).body).toMatchObject({ error: { code: 'invalid_reset' } });
    expect((await api(kring.url, bram, 'GET', '/api/me')).status).toBe(200);
  });

  it('is issued by administrators only, never for themselves, and refuses made-up codes and bad input', async () => {
    const anna = await login(kring.url, 'anna@kring.test');
    const annaId = (await me(kring.url, anna)).user.id;
    const adminId = (await me(kring.url, sessions.admin)).user.id;
    expect((await issue(anna, annaId)).status).toBe(403);
    expect((await issue('', annaId)).status).toBe(401);
    expect((await issue(sessions.admin, adminId)).body).toMatchObject({ error: { code: 'self' } });
    expect((await issue(sessions.admin, 'nobody')).status).toBe(404);
    expect((await reset('0000-0000-0000-0000-0000-0000-0000-0000')).body).toMatchObject({ error: { code: 'invalid_reset' } });
    expect((await reset('x'.repeat(5000))).status).toBe(400);
    expect((await api(kring.url, '', 'POST', '/api/auth/password-reset', { code: ['a'], newPassword: STRONG })).status).toBe(400);
    // A page of another origin cannot spend a code for someone.
    const crossSite = await fetch(`${kring.url}/api/auth/password-reset`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: 'https://evil.example' },
      body: JSON.stringify({ code: '0000-0000-0000-0000-0000-0000-0000-0000', newPassword: STRONG }),
    });
    expect(crossSite.status).toBe(403);
    expect((await api(kring.url, anna, 'GET', '/api/me')).status).toBe(200);
  });
});

describe('a reset link by e-mail', () => {
  let smtp: LocalSmtp;
  let kring: KringServer;
  const mails = () => smtp.mails.map((mail) => ({ to: mail.to, text: mail.raw }));

  beforeAll(async () => {
    smtp = await startSmtp();
    kring = await startKring({ env: { SMTP_URL: smtp.url, MAIL_FROM: 'Kring <kring@zorgaanzee.test>' } });
  });

  afterAll(async () => {
    await kring?.stop();
    await smtp.close();
  });

  const request = (email: string) => api(kring.url, '', 'POST', '/api/auth/password-reset/request', { email });

  it('sends a link that works once, and answers the same for a login name without an account', async () => {
    const known = await request('anna@kring.test');
    const unknown = await request('niemand@kring.test');
    expect([known.status, known.body]).toEqual([202, { ok: true }]);
    expect([unknown.status, unknown.body]).toEqual([known.status, known.body]);

    const mail = await waitFor(() => mails().find((m) => m.to.includes('anna@kring.test')), 'the reset mail to Anna');
    expect(mail.text).toContain('From: Kring <kring@zorgaanzee.test>');
    // The body is quoted-printable: soft line breaks and `=3D` for `=`.
    const body = mailText(mail.text);
    const code = /\/reset#code=([0-9a-z-]+)/.exec(body)![1]!;
    expect((await api(kring.url, '', 'POST', '/api/auth/password-reset', { code, newPassword: STRONG })).status).toBe(200);
    expect(await login(kring.url, 'anna@kring.test', STRONG)).toMatch(/^kring_session=/);
    expect((await api(kring.url, '', 'POST', '/api/auth/password-reset', { code, newPassword: 'nog een sterk wachtwoord 7' })).status).toBe(404);

    // Nothing was sent for the unknown name, and a second request within five minutes sends no second mail.
    await request('anna@kring.test');
    await request('bram@kring.test');
    await waitFor(() => mails().find((m) => m.to.includes('bram@kring.test')), 'the reset mail to Bram');
    expect(mails().filter((m) => m.to.includes('anna@kring.test'))).toHaveLength(1);
    expect(mails().flatMap((m) => m.to)).not.toContain('niemand@kring.test');
  });

  it('refuses malformed requests, and throttles one address asking again and again', async () => {
    expect((await api(kring.url, '', 'POST', '/api/auth/password-reset/request', { email: 'x'.repeat(300) })).status).toBe(400);
    expect((await api(kring.url, '', 'POST', '/api/auth/password-reset/request', {})).status).toBe(400);
    const statuses: number[] = [];
    for (let i = 0; i < 10 && !statuses.includes(429); i++) statuses.push((await request(`iemand-${i}@kring.test`)).status);
    expect(statuses).toContain(429);
    expect(statuses.filter((status) => status !== 202 && status !== 429)).toEqual([]);
  });
});
