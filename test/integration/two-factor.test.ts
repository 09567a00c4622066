/**
 * Two-step sign-in over the wire: the password gives a login token, a code from the app (or a recovery code)
 * gives the session; each step's code works once, also when two requests or two server processes on one
 * database get it at once; administrators and privacy officers can do nothing else until they have it.
 */
import { request } from 'node:http';
import { describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, login, startKring, useKring, useSessions } from '../support/server.ts';
import { useClients } from '../support/clients.ts';
import { currentCode, nextCode, setUpTwoFactor } from '../support/two-factor.ts';
import { api, invitePerson, sessionCookie, type ApiResponse } from './admin-support.ts';

const CLOSE_NO_SESSION = 4401;

const kring = useKring();
const sessions = useSessions(kring, ['admin', 'anna']);
const { rawSocket, syncingSocket } = useClients(kring);

type LoginAnswer = { user?: { id: string }; secondFactor?: { token: string; expiresAt: string }; error?: { code: string } };

/**
 * A JSON POST from a loopback address of the test's own (127.0.0.x): the wrong codes these tests send count as
 * failed logins per address, and one test's must not throttle the next.
 */
function postFrom(from: string, url: string, path: string, body: unknown): Promise<ApiResponse<LoginAnswer>> {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const sent = request(
      `${url}${path}`,
      { method: 'POST', localAddress: from, headers: { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(text)) } },
      (response) => {
        let answer = '';
        response.setEncoding('utf8').on('data', (chunk: string) => (answer += chunk));
        response.once('end', () => {
          const headers = new Headers();
          for (const [name, value] of Object.entries(response.headers)) for (const one of [value ?? []].flat()) headers.append(name, one);
          resolve({ status: response.statusCode ?? 0, body: (answer ? JSON.parse(answer) : {}) as LoginAnswer, headers });
        });
      },
    );
    sent.once('error', reject);
    sent.end(text);
  });
}

let nextAddress = 10;

/** A loopback address, a fresh person with the app (an administrator), and the two steps from there. */
async function freshAdmin(url = kring.url) {
  const from = `127.0.0.${nextAddress++}`;
  const { email } = await invitePerson(kring.url, sessions.admin, 'admin');
  const passwordStep = (at = url) => postFrom(from, at, '/api/auth/login', { email, password: 'welkom-123' });
  return {
    email,
    passwordStep,
    tokenAt: async (at = url) => {
      const answer = await passwordStep(at);
      expect(answer.status).toBe(200);
      return answer.body.secondFactor!.token;
    },
    codeStep: (token: unknown, code: unknown, at = url, address = from) => postFrom(address, at, '/api/auth/login/code', { token, code }),
    raw: (body: string) => postFrom(from, url, '/api/auth/login/code', body),
    code: () => nextCode(url, email),
    wrongCode: () => (currentCode(url, email) === '000000' ? '111111' : '000000'),
  };
}

function passwordStep(url: string, email: string, password = DEMO_PASSWORD): Promise<ApiResponse<LoginAnswer>> {
  return api<LoginAnswer>(url, '', 'POST', '/api/auth/login', { email, password });
}

/** A person invited as `role` with the invite's own session, two-step sign-in not yet on. */
async function invited(role: string): Promise<{ email: string; cookie: string }> {
  const email = `tf-${role}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 6)}@kring.test`;
  const invite = await api<{ code: string }>(kring.url, sessions.admin, 'POST', '/api/admin/invites', { role, loginName: email, spaces: [] });
  expect(invite.status).toBe(201);
  const accepted = await api(kring.url, '', 'POST', `/api/invites/${invite.body.code}/accept`, { name: 'Priya Privacy', password: 'welkom-123' });
  expect(accepted.status).toBe(201);
  return { email, cookie: sessionCookie(accepted.headers) };
}

describe('logging in with an authenticator app', () => {
  it('gives a login token and no session for the password, and the session for the code', async () => {
    const person = await freshAdmin();
    const answer = await person.passwordStep();
    expect(answer.status).toBe(200);
    expect(answer.body.user).toBeUndefined();
    expect(answer.headers.getSetCookie().some((cookie) => cookie.startsWith('kring_session='))).toBe(false);
    const { token, expiresAt } = answer.body.secondFactor!;
    // About five minutes to find the phone.
    expect(Date.parse(expiresAt) - Date.now()).toBeGreaterThan(4 * 60_000);
    expect(Date.parse(expiresAt) - Date.now()).toBeLessThanOrEqual(5 * 60_000);

    const wrong = await person.codeStep(token, person.wrongCode());
    expect(wrong.status).toBe(401);
    expect(wrong.body.error?.code).toBe('invalid_code');

    const right = await person.codeStep(token, await person.code());
    expect(right.status).toBe(200);
    const cookie = sessionCookie(right.headers);
    expect((await api(kring.url, cookie, 'GET', '/api/admin/people')).status).toBe(200);
    // The token is used up.
    const again = await person.codeStep(token, await person.code());
    expect(again.body.error?.code).toBe('invalid_login_token');
  });

  it('takes a code once: the same code with a new login token is refused', async () => {
    const person = await freshAdmin();
    const code = await person.code();
    expect((await person.codeStep(await person.tokenAt(), code)).status).toBe(200);
    const replay = await person.codeStep(await person.tokenAt(), code);
    expect(replay.status).toBe(401);
    expect(replay.body.error?.code).toBe('invalid_code');
  });

  it('lets one of two simultaneous logins with the same code through', async () => {
    const person = await freshAdmin();
    const [a, b] = [await person.tokenAt(), await person.tokenAt()];
    const code = await person.code();
    const statuses = (await Promise.all([person.codeStep(a, code), person.codeStep(b, code)])).map((r) => r.status).sort();
    expect(statuses).toEqual([200, 401]);
  });

  it('ends the login token after five wrong codes, and refuses unknown tokens the same way', async () => {
    const person = await freshAdmin();
    const token = await person.tokenAt();
    for (let i = 0; i < 5; i++) expect((await person.codeStep(token, person.wrongCode())).body.error?.code).toBe('invalid_code');
    // From another address (this one is throttled now, see below): the right code finds the token gone.
    const elsewhere = `127.0.0.${nextAddress++}`;
    expect((await person.codeStep(token, currentCode(kring.url, person.email), kring.url, elsewhere)).body.error?.code).toBe('invalid_login_token');
    const unknown = await person.codeStep('abcdefghijklmnopqrstuvwxyz234567', '123456', kring.url, elsewhere);
    expect(unknown.status).toBe(401);
    expect(unknown.body.error?.code).toBe('invalid_login_token');
  });

  it('is throttled as the password is: after a few wrong codes from one address, 429', async () => {
    const person = await freshAdmin();
    const tokens: string[] = [];
    for (let i = 0; i < 7; i++) tokens.push(await person.tokenAt());
    const statuses: number[] = [];
    for (const token of tokens) statuses.push((await person.codeStep(token, person.wrongCode())).status);
    expect(statuses.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
    expect(statuses.at(-1)).toBe(429);
  });

  it('refuses hostile tokens and codes before looking anything up', async () => {
    const person = await freshAdmin();
    const token = await person.tokenAt();
    for (const [badToken, badCode] of [
      ['a'.repeat(65), '123456'],
      ['a'.repeat(100_000), '123456'],
      [token, '1'.repeat(33)],
      [token, 123456],
      [token, { $gt: '' }],
      [token, ['123456']],
      ['ABC/../x', '123456'],
      [null, '123456'],
      [token, '12345\u0000'],
    ] as const) {
      const answer = await person.codeStep(badToken, badCode);
      expect([400, 413], JSON.stringify([String(badToken).slice(0, 20), badCode])).toContain(answer.status);
    }
    expect((await person.raw('{"token":')).status).toBe(400);
    // The token survived all that: nothing was counted against it.
    expect((await person.codeStep(token, await person.code())).status).toBe(200);
  });

  it('takes each recovery code once', async () => {
    const person = await freshAdmin();
    const officer = await invited('privacy');
    const recoveryCodes = await setUpTwoFactor(kring.url, officer.cookie, officer.email);
    expect(recoveryCodes).toHaveLength(10);
    const tokenOf = async () => (await passwordStep(kring.url, officer.email, 'welkom-123')).body.secondFactor!.token;
    const first = await api<LoginAnswer>(kring.url, '', 'POST', '/api/auth/login/code', { token: await tokenOf(), code: recoveryCodes[0] });
    expect(first.status).toBe(200);
    const second = await api<LoginAnswer>(kring.url, '', 'POST', '/api/auth/login/code', { token: await tokenOf(), code: recoveryCodes[0] });
    expect(second.body.error?.code).toBe('invalid_code');
    const status = await api<{ recoveryCodesLeft: number }>(kring.url, sessionCookie(first.headers), 'GET', '/api/account/two-factor');
    expect(status.body.recoveryCodesLeft).toBe(9);
    // Someone else's recovery code is no code for another administrator.
    expect((await person.codeStep(await person.tokenAt(), recoveryCodes[1])).body.error?.code).toBe('invalid_code');
  });

  it('takes a code once across two server processes on one database, also sent to both at once', async () => {
    const other = await startKring({ dataDir: kring.dataDir });
    try {
      const person = await freshAdmin();
      const code = await person.code();
      expect((await person.codeStep(await person.tokenAt(), code)).status).toBe(200);
      expect((await person.codeStep(await person.tokenAt(other.url), code, other.url)).body.error?.code).toBe('invalid_code');

      const [here, there] = [await person.tokenAt(), await person.tokenAt(other.url)];
      const both = await person.code();
      const statuses = (await Promise.all([person.codeStep(here, both), person.codeStep(there, both, other.url)])).map((r) => r.status).sort();
      expect(statuses).toEqual([200, 401]);
    } finally {
      await other.stop();
    }
  });
});

describe('administrators and privacy officers without it', () => {
  it('can ask who they are and set it up, and nothing else: 403 second_factor_required, sockets 4401', async () => {
    const officer = await invited('privacy');
    const refused = await api<{ error: { code: string } }>(kring.url, officer.cookie, 'GET', '/api/privacy/people');
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe('second_factor_required');
    for (const [method, path] of [
      ['GET', '/api/account/sessions'],
      ['POST', '/api/account/password'],
      ['GET', '/api/people'],
      ['GET', '/api/me/export'],
      ['POST', '/api/sync/batch'],
      ['POST', '/api/account/two-factor/disable'],
    ]) {
      const answer = await api<{ error: { code: string } }>(kring.url, officer.cookie, method, path, method === 'POST' ? {} : undefined);
      expect(answer.status, `${method} ${path}`).toBe(403);
      expect(answer.body.error.code, `${method} ${path}`).toBe('second_factor_required');
    }
    const me = await api<{ spaces: unknown[]; secondFactorOutstanding?: boolean }>(kring.url, officer.cookie, 'GET', '/api/me');
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({ spaces: [], secondFactorOutstanding: true });
    const socket = rawSocket('medewerkers/feed/2042-03', { cookie: officer.cookie });
    expect((await socket.waitForClose()).code).toBe(CLOSE_NO_SESSION);
    expect(socket.received).toEqual([]);

    // Setting it up in this session lets this session work.
    await setUpTwoFactor(kring.url, officer.cookie, officer.email);
    expect((await api(kring.url, officer.cookie, 'GET', '/api/privacy/people')).status).toBe(200);
    await syncingSocket('medewerkers/feed/2042-03', officer.cookie);
  });

  it('stops an employee made administrator until they have it, also on sockets already open', async () => {
    const bram = await login(kring.url, 'bram@kring.test');
    const bramId = ((await api<{ user: { id: string } }>(kring.url, bram, 'GET', '/api/me')).body.user.id);
    const open = await syncingSocket('zuid/page/x', bram);
    expect((await api(kring.url, sessions.admin, 'PATCH', `/api/admin/people/${bramId}`, { role: 'admin' })).status).toBe(200);
    try {
      const refused = await api<{ error: { code: string } }>(kring.url, bram, 'GET', '/api/admin/people');
      expect(refused.body.error.code).toBe('second_factor_required');
      // Open sockets lose the session at once (the role change re-checks them).
      expect([4401, 4403, 4410]).toContain((await open.waitForClose()).code);
      expect((await rawSocket('zuid/page/x', { cookie: bram }).waitForClose()).code).toBe(CLOSE_NO_SESSION);
    } finally {
      expect((await api(kring.url, sessions.admin, 'PATCH', `/api/admin/people/${bramId}`, { role: 'employee' })).status).toBe(200);
    }
  });

  it('cannot turn it off, while another person can, with a code', async () => {
    const refused = await api<{ error: { code: string } }>(kring.url, sessions.admin, 'POST', '/api/account/two-factor/disable', { code: '123456' });
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe('forbidden');

    await setUpTwoFactor(kring.url, sessions.anna, 'anna@kring.test');
    expect((await passwordStep(kring.url, 'anna@kring.test')).body.secondFactor).toBeDefined();
    const wrong = await api<{ error: { code: string } }>(kring.url, sessions.anna, 'POST', '/api/account/two-factor/disable', { code: 'zzzzz-zzzzz' });
    expect(wrong.status).toBe(400);
    expect(wrong.body.error.code).toBe('invalid_code');
    expect((await api(kring.url, sessions.anna, 'POST', '/api/account/two-factor/disable', { code: await nextCode(kring.url, 'anna@kring.test') })).status).toBe(200);
    expect((await passwordStep(kring.url, 'anna@kring.test')).body.user).toBeDefined();
  });
});
