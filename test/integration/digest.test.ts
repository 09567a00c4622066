/**
 * The e-mail digest over the wire, with a real SMTP server started here: Anna chooses a daily digest, Bram names
 * her in Buurtteam Noord and Daan (a client) in Cliëntenplein; the mail that arrives says who named her in the
 * team, only counts what happened among clients, and quotes nothing. Its link leaves the digest without a session;
 * a forged or changed token, another origin and a request without a session change nothing.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { DigestSettings, NotificationPage } from '../../packages/contract/src/index.ts';
import { createPost } from '../../packages/shapes/src/index.ts';
import { api } from './admin-support.ts';
import { useClients } from '../support/clients.ts';
import { waitForSaved } from '../support/providers.ts';
import { me, useKring, useSessions } from '../support/server.ts';
import { mailText as decoded, startSmtp, type LocalSmtp } from '../support/smtp.ts';
import { waitFor } from '../support/wait.ts';

const ORIGIN = 'https://kring.zorg-aan-zee.test';

describe('the e-mail digest', () => {
  let smtp: LocalSmtp;
  const mails = () => smtp.mails;
  // The SMTP server's port is known only once it listens, before Kring starts (hooks run in order).
  const env: Record<string, string> = { ORIGIN, DIGEST_HOUR: '0', DIGEST_CHECK_SECONDS: '0.2', MAIL_FROM: 'Kring <kring@zorgaanzee.test>' };
  beforeAll(async () => {
    smtp = await startSmtp();
    env.SMTP_URL = smtp.url;
    return () => smtp.close();
  });
  const kring = useKring({ env });
  const sessions = useSessions(kring, ['anna', 'bram', 'daan', 'admin']);
  const { open } = useClients(kring);
  const ids = { anna: '', bram: '', daan: '' };
  beforeAll(async () => {
    for (const name of ['anna', 'bram', 'daan'] as const) ids[name] = (await me(kring.url, sessions[name])).user.id;
    expect((await api(kring.url, sessions.admin, 'PUT', `/api/admin/spaces/noord/members/${ids.bram}`, { role: 'member' })).status).toBe(200);
  });

  const settings = async (cookie: string) => (await api<DigestSettings>(kring.url, cookie, 'GET', '/api/digest/settings')).body;

  it('sends Anna what is new for her, naming the team and counting what happened among clients', async () => {
    expect(await settings(sessions.anna)).toEqual({ frequency: 'off', available: true, email: 'anna@kring.test' });
    // Before she chooses: what happened since yesterday is in her first digest.
    const team = await open('noord/feed/2041-01', sessions.bram);
    createPost(team.doc, {
      authorId: ids.bram,
      authorName: 'Bram Jansen',
      text: '@Anna kun jij morgen mijn vroege dienst overnemen?',
      mentions: [{ userId: ids.anna, name: 'Anna' }],
    });
    await waitForSaved(team);
    const clients = await open('clientenplein/feed/2041-01', sessions.daan);
    createPost(clients.doc, { authorId: ids.daan, authorName: 'Daan Bakker', text: '@Anna mijn moeder heeft pijn op de borst', mentions: [{ userId: ids.anna, name: 'Anna' }] });
    await waitForSaved(clients);
    const named = async () => (await api<NotificationPage>(kring.url, sessions.anna, 'GET', '/api/notifications')).body.notifications.filter((n) => n.kind === 'mention' && !n.read);
    await waitFor(async () => (await named()).filter((n) => n.spaceId === 'noord' || n.spaceId === 'clientenplein').length === 2, 'Anna named in both spaces');

    const chosen = await api<DigestSettings>(kring.url, sessions.anna, 'PUT', '/api/digest/settings', { frequency: 'daily' });
    expect([chosen.status, chosen.body.frequency]).toEqual([200, 'daily']);
    const mail = await waitFor(() => mails().find((m) => m.to.includes('anna@kring.test')), "Anna's digest");
    const text = decoded(mail.raw);
    expect(text).toContain('From: Kring <kring@zorgaanzee.test>');
    expect(text).toMatch(/Subject: Kring: \d+ nieuwe meldingen voor u/);
    expect(text).toContain('Bram Jansen noemde u (Buurtteam Noord)');
    expect(text).toMatch(/\d+ melding(en)? in (een ruimte|ruimtes) met cliënten/);
    // Nothing of what was written, nor who wrote among the clients, nor the client space's name.
    expect(text).not.toMatch(/vroege dienst|pijn op de borst|Daan|Cliëntenplein/);
    expect(text).toContain(`${ORIGIN}/notifications`);
    expect(text).toMatch(new RegExp(`Meld u hier af: ${ORIGIN}/digest/unsubscribe#token=[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+`));
    // RFC 8058: one https address that takes a POST, and the header that says so.
    expect(text).toMatch(new RegExp(`^List-Unsubscribe: <${ORIGIN}/api/digest/unsubscribe/one-click\\?token=[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+>\r?$`, 'm'));
    expect(text).toMatch(/^List-Unsubscribe-Post: List-Unsubscribe=One-Click\r?$/m);
    // Bram, who did not choose it, gets none.
    expect(mails().flatMap((m) => m.to)).not.toContain('bram@kring.test');
  });

  it("leaves by the mail's link without logging in; a forged token, another origin and no session change nothing", async () => {
    const mail = await waitFor(() => mails().find((m) => m.to.includes('anna@kring.test')), "Anna's digest");
    const token = /\/digest\/unsubscribe#token=([A-Za-z0-9_.-]+)/.exec(decoded(mail.raw))![1]!;
    const [idPart, mac] = token.split('.');
    await api(kring.url, sessions.bram, 'PUT', '/api/digest/settings', { frequency: 'weekly' });

    // Her signature under Bram's id, a changed signature, rubbish, a body of the wrong shape.
    for (const forged of [`${Buffer.from(ids.bram).toString('base64url')}.${mac}`, `${idPart}.${mac!.slice(0, -2)}xx`, 'geen-token']) {
      const refused = await api(kring.url, '', 'POST', '/api/digest/unsubscribe', { token: forged });
      expect([refused.status, (refused.body as { error: { code: string } }).error.code]).toEqual([400, 'bad_token']);
    }
    expect((await api(kring.url, '', 'POST', '/api/digest/unsubscribe', { token: 'x'.repeat(400) })).status).toBe(400);
    expect((await settings(sessions.bram)).frequency).toBe('weekly');
    expect((await settings(sessions.anna)).frequency).toBe('daily');

    // A page of another origin cannot leave it for her, even with her token.
    const crossSite = await fetch(`${kring.url}/api/digest/unsubscribe`, { method: 'POST', headers: { 'content-type': 'application/json', origin: 'https://evil.example' }, body: JSON.stringify({ token }) });
    expect(crossSite.status).toBe(403);
    expect((await settings(sessions.anna)).frequency).toBe('daily');

    const left = await api(kring.url, '', 'POST', '/api/digest/unsubscribe', { token });
    expect([left.status, left.body]).toEqual([200, { ok: true }]);
    expect((await settings(sessions.anna)).frequency).toBe('off');
    expect((await settings(sessions.bram)).frequency).toBe('weekly');
  });

  it("leaves by RFC 8058's one-click POST, as a mail provider sends it from its servers: no session, no cookie, any origin", async () => {
    const mail = await waitFor(() => mails().find((m) => m.to.includes('anna@kring.test')), "Anna's digest");
    const header = /^List-Unsubscribe: <([^>]+)>/m.exec(decoded(mail.raw))![1]!;
    // The address as the mail names it, sent to this test's server (ORIGIN is a name only).
    const address = `${kring.url}${new URL(header).pathname}${new URL(header).search}`;
    const token = new URL(header).searchParams.get('token')!;
    const [idPart, mac] = token.split('.');
    expect((await api(kring.url, sessions.anna, 'PUT', '/api/digest/settings', { frequency: 'daily' })).status).toBe(200);
    expect((await api(kring.url, sessions.bram, 'PUT', '/api/digest/settings', { frequency: 'weekly' })).status).toBe(200);
    const oneClick = (url: string, headers: Record<string, string> = {}, body: BodyInit = 'List-Unsubscribe=One-Click') =>
      fetch(url, { method: 'POST', headers: body instanceof FormData ? headers : { 'content-type': 'application/x-www-form-urlencoded', ...headers }, body });
    const oneClickAt = (forged: string) => `${kring.url}/api/digest/unsubscribe/one-click?token=${encodeURIComponent(forged)}`;

    // Forged or someone else's: her signature under Bram's id, a changed signature, rubbish, none at all.
    for (const forged of [`${Buffer.from(ids.bram).toString('base64url')}.${mac}`, `${idPart}.${mac!.slice(0, -2)}xx`, 'geen-token']) {
      const refused = await oneClick(oneClickAt(forged));
      expect([refused.status, ((await refused.json()) as { error: { code: string; message: string } }).error]).toEqual([400, { code: 'bad_token', message: 'This link is not valid.' }]);
    }
    expect((await oneClick(`${kring.url}/api/digest/unsubscribe/one-click`)).status).toBe(400);
    // Her token, but not the one-click body: nothing happens.
    for (const body of ['List-Unsubscribe=Yes', '', JSON.stringify({ token })]) {
      const refused = await oneClick(address, {}, body);
      expect([refused.status, ((await refused.json()) as { error: { code: string } }).error.code]).toEqual([400, 'bad_request']);
    }
    // A mail program that opens the address in a browser gets the page with its button, and is not signed out by that.
    const opened = await fetch(address, { redirect: 'manual' });
    expect([opened.status, opened.headers.get('location')]).toEqual([303, `/digest/unsubscribe#token=${token}`]);
    expect((await settings(sessions.anna)).frequency).toBe('daily');
    expect((await settings(sessions.bram)).frequency).toBe('weekly');

    // The provider's POST: no cookie, no Origin of ours (none, or its webmail's).
    const left = await oneClick(address);
    expect([left.status, await left.json()]).toEqual([200, { ok: true }]);
    expect((await settings(sessions.anna)).frequency).toBe('off');
    // Again, from a webmail page, as multipart (RFC 8058 allows both): still {ok}, still off.
    const form = new FormData();
    form.set('List-Unsubscribe', 'One-Click');
    const again = await oneClick(address, { origin: 'https://mail.example.net', 'sec-fetch-site': 'cross-site' }, form);
    expect([again.status, await again.json()]).toEqual([200, { ok: true }]);
    expect((await settings(sessions.anna)).frequency).toBe('off');
    expect((await settings(sessions.bram)).frequency).toBe('weekly');
  });

  it('keeps settings to their owner: no session, no choice outside the list, and another origin are refused', async () => {
    expect((await api(kring.url, '', 'GET', '/api/digest/settings')).status).toBe(401);
    expect((await api(kring.url, '', 'PUT', '/api/digest/settings', { frequency: 'daily' })).status).toBe(401);
    expect((await api(kring.url, sessions.daan, 'PUT', '/api/digest/settings', { frequency: 'hourly' })).status).toBe(400);
    expect((await api(kring.url, sessions.daan, 'PUT', '/api/digest/settings', { frequency: 'daily', userId: ids.anna })).body).toMatchObject({ frequency: 'daily' });
    // The body's user id is ignored: the session decides whose it is.
    expect((await settings(sessions.anna)).frequency).toBe('off');
    const crossSite = await fetch(`${kring.url}/api/digest/settings`, { method: 'PUT', headers: { 'content-type': 'application/json', cookie: sessions.anna, origin: 'https://evil.example' }, body: JSON.stringify({ frequency: 'daily' }) });
    expect(crossSite.status).toBe(403);
    expect((await settings(sessions.anna)).frequency).toBe('off');
  });
});
