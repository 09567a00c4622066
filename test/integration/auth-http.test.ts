/** Logging in and out over HTTP, and what /api/me tells each person, against the real server. */
import { describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, login, logout, me, useKring } from '../support/server.ts';

function postLogin(url: string, email: string, password: string): Promise<Response> {
  return fetch(`${url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
}

describe('login, sessions and /api/me', () => {
  const kring = useKring();

  it('logs in with the right password: 200, the user, and an HttpOnly SameSite=Lax session cookie', async () => {
    const response = await postLogin(kring.url, 'anna@kring.test', DEMO_PASSWORD);
    expect(response.status).toBe(200);
    const body = (await response.json()) as { user: Record<string, unknown> };
    expect(body.user).toMatchObject({ email: 'anna@kring.test', name: 'Anna de Vries', role: 'employee' });
    expect(body.user).not.toHaveProperty('passwordHash');
    expect(JSON.stringify(body)).not.toContain(DEMO_PASSWORD);
    const cookies = response.headers.getSetCookie().filter((c) => c.startsWith('kring_session='));
    expect(cookies).toHaveLength(1);
    const attributes = cookies[0].split(';').map((part) => part.trim().toLowerCase());
    expect(attributes[0]).toMatch(/^kring_session=[a-z0-9]{16,}$/);
    expect(attributes).toContain('httponly');
    expect(attributes).toContain('samesite=lax');
    expect(attributes).toContain('path=/');
  });

  it('serves a login form that cannot be sent, nor its language changed, before its script runs, and never as a GET', async () => {
    const html = await (await fetch(`${kring.url}/login`)).text();
    const form = /<form[^>]*>/.exec(html)?.[0] ?? '';
    expect(form).toContain('method="post"');
    // A disabled default button also stops Enter in a field from sending the form.
    const button = /<button[^>]*type="submit"[^>]*>/.exec(html)?.[0] ?? '';
    expect(button).toContain('disabled');
    // Nor can a language be chosen that nothing would act on.
    const language = /<select[^>]*>/.exec(html)?.[0] ?? '';
    expect(language).toContain('disabled');
  });

  it('draws the login page in the language the device chose (its cookie), else in Dutch', async () => {
    const page = async (cookie?: string) => (await fetch(`${kring.url}/login`, { headers: cookie ? { cookie } : {} })).text();
    const english = await page('PARAGLIDE_LOCALE=en');
    expect(english).toContain('<html lang="en">');
    expect(english).toContain('<h1>Log in</h1>');
    const dutch = await page();
    expect(dutch).toContain('<html lang="nl">');
    expect(dutch).toContain('<h1>Inloggen</h1>');
    // A value that is no language of Kring's is ignored, never echoed.
    const hostile = await page('PARAGLIDE_LOCALE="><script>alert(1)</script>');
    expect(hostile).toContain('<html lang="nl">');
    expect(hostile).not.toContain('alert(1)');
  });

  it('refuses a wrong password with 401 and sets no session cookie', async () => {
    const response = await postLogin(kring.url, 'bram@kring.test', 'not-the-password');
    expect(response.status).toBe(401);
    expect(response.headers.getSetCookie().filter((c) => c.startsWith('kring_session='))).toEqual([]);
  });

  it('refuses an unknown email address with the same 401', async () => {
    const response = await postLogin(kring.url, 'nobody@kring.test', DEMO_PASSWORD);
    expect(response.status).toBe(401);
  });

  it('answers /api/me with 401 without a cookie', async () => {
    const response = await fetch(`${kring.url}/api/me`);
    expect(response.status).toBe(401);
  });

  it('answers /api/me with 401 for a made-up session cookie', async () => {
    const response = await fetch(`${kring.url}/api/me`, { headers: { cookie: 'kring_session=abcdefghijklmnopqrstuvwxyz234567' } });
    expect(response.status).toBe(401);
  });

  it("lists Anna's spaces: Buurtteam Noord, Cliëntenplein, Medewerkersplein and Nieuws, not Buurtteam Zuid", async () => {
    const { user, spaces } = await me(kring.url, await login(kring.url, 'anna@kring.test'));
    expect(user).toMatchObject({ email: 'anna@kring.test', name: 'Anna de Vries', role: 'employee' });
    const byId = Object.fromEntries(spaces.map((space) => [space.id, space]));
    expect(Object.keys(byId).sort()).toEqual(['clientenplein', 'medewerkers', 'nieuws', 'noord']);
    expect(byId.noord).toEqual({
      id: 'noord',
      name: 'Buurtteam Noord',
      kind: 'team',
      audience: 'team',
      role: 'owner',
      features: ['feed', 'wiki', 'boards', 'chat', 'polls', 'activities'],
    });
    expect(byId.clientenplein).toMatchObject({ name: 'Cliëntenplein', kind: 'client', audience: 'clients', role: 'member' });
    expect(byId.nieuws).toMatchObject({ name: 'Nieuws', kind: 'news', audience: 'organisation' });
    expect(byId.medewerkers).toMatchObject({ name: 'Medewerkersplein', kind: 'organisation', audience: 'organisation', role: null });
  });

  it('lists no team space for Daan, a client', async () => {
    const { user, spaces } = await me(kring.url, await login(kring.url, 'daan@kring.test'));
    expect(user.role).toBe('client');
    expect(spaces.filter((space) => space.kind === 'team')).toEqual([]);
    expect(spaces.map((space) => space.id).sort()).toEqual(['clientenplein', 'nieuws']);
  });

  it('makes the cookie useless after logout', async () => {
    const cookie = await login(kring.url, 'eva@kring.test');
    expect((await fetch(`${kring.url}/api/me`, { headers: { cookie } })).status).toBe(200);
    const response = await logout(kring.url, cookie);
    expect(response.status).toBe(200);
    expect((await fetch(`${kring.url}/api/me`, { headers: { cookie } })).status).toBe(401);
  });

  it('keeps other sessions of the same person working after one logs out', async () => {
    const first = await login(kring.url, 'admin@kring.test');
    const second = await login(kring.url, 'admin@kring.test');
    await logout(kring.url, first);
    expect((await fetch(`${kring.url}/api/me`, { headers: { cookie: second } })).status).toBe(200);
  });
});

// Its own server: throttling counts failures per network address too, and every test here comes from 127.0.0.1.
describe('login throttling', () => {
  const kring = useKring();

  it('answers the 6th wrong attempt for one email with 429 and Retry-After, and then refuses even the right password', async () => {
    for (let attempt = 1; attempt <= 5; attempt++) {
      const response = await postLogin(kring.url, 'bram@kring.test', `wrong-${attempt}`);
      expect(response.status, `attempt ${attempt}`).toBe(401);
    }
    const sixth = await postLogin(kring.url, 'bram@kring.test', 'wrong-6');
    expect(sixth.status).toBe(429);
    const retryAfter = Number(sixth.headers.get('retry-after'));
    expect(Number.isInteger(retryAfter)).toBe(true);
    expect(retryAfter).toBeGreaterThan(0);

    const right = await postLogin(kring.url, 'bram@kring.test', DEMO_PASSWORD);
    expect(right.status).toBe(429);
    expect(right.headers.getSetCookie().filter((c) => c.startsWith('kring_session='))).toEqual([]);
  });
});
