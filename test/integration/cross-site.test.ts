/**
 * Requests from another origin: a page on another port or subdomain of the same site can make a browser send a
 * POST with no Content-Type, and with the person's cookie (SameSite=Lax counts it as the same site; SvelteKit's
 * own check covers form content types only). Every request that is not a GET and whose `Origin` or
 * `Sec-Fetch-Site` names another origin is refused with 403 before any handler runs. The app's own requests pass,
 * and so do requests with neither header: non-browser clients, which carry no victim's cookie (but not with a form
 * body, as SvelteKit refused). The one exception is RFC 8058's one-click unsubscribe from the e-mail digest, a POST a
 * mail provider sends from its servers.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { login, useKring } from '../support/server.ts';
import { api } from './admin-support.ts';

interface Activity {
  id: string;
  title: string;
  me: { status: string } | null;
}

describe('requests from another origin', () => {
  const kring = useKring();
  /** The attacker's page: the same host on another port, which is the same site. */
  const elsewhere = () => `http://127.0.0.1:${kring.port + 1}`;
  const foreign = (): Record<string, string>[] => [{ origin: elsewhere() }, { origin: 'null' }, { 'sec-fetch-site': 'same-site' }, { 'sec-fetch-site': 'cross-site' }];
  let daan: string;
  let coffee: string;

  const send = (path: string, cookie: string, headers: Record<string, string>, method = 'POST') =>
    fetch(`${kring.url}${path}`, { method, headers: { cookie, ...headers } });
  const myCoffee = async () =>
    (await api<{ activities: Activity[] }>(kring.url, daan, 'GET', '/api/activities?spaceId=clientenplein')).body.activities.find((a) => a.id === coffee)?.me;

  beforeAll(async () => {
    daan = await login(kring.url, 'daan@kring.test');
    const list = await api<{ activities: Activity[] }>(kring.url, daan, 'GET', '/api/activities?spaceId=clientenplein');
    coffee = list.body.activities.find((activity) => activity.title === 'Koffieochtend in het buurthuis')!.id;
  });

  it("refuses a body-less POST that would cancel a client's sign-up, and the sign-up stays", async () => {
    expect(await myCoffee()).toMatchObject({ status: 'confirmed' });
    for (const headers of foreign()) {
      const response = await send(`/api/activities/${coffee}/cancel`, daan, headers);
      expect(response.status, JSON.stringify(headers)).toBe(403);
      expect(await response.json()).toMatchObject({ error: { code: 'forbidden' } });
    }
    expect(await myCoffee()).toMatchObject({ status: 'confirmed' });
  });

  it('refuses a body-less POST that would log the person out, and every other method that is not a GET', async () => {
    const cookie = await login(kring.url, 'anna@kring.test');
    for (const headers of foreign()) {
      for (const method of ['POST', 'PUT', 'PATCH', 'DELETE']) {
        expect((await send('/api/auth/logout', cookie, headers, method)).status, `${method} ${JSON.stringify(headers)}`).toBe(403);
      }
    }
    expect((await api(kring.url, cookie, 'GET', '/api/me')).status).toBe(200);
  });

  it('refuses a form post without our Origin, as SvelteKit did, on every path but the one-click unsubscribe', async () => {
    const cookie = await login(kring.url, 'anna@kring.test');
    const form = (path: string, headers: Record<string, string>, method = 'POST') =>
      fetch(`${kring.url}${path}`, { method, headers: { cookie, 'content-type': 'application/x-www-form-urlencoded', ...headers }, body: 'List-Unsubscribe=One-Click' });
    for (const headers of [{}, ...foreign()]) {
      const refused = await form('/api/auth/logout', headers);
      expect(refused.status, JSON.stringify(headers)).toBe(403);
      expect(await refused.json()).toMatchObject({ error: { code: 'forbidden' } });
      // The page's own endpoint beside it, which takes the token as JSON, is no exception.
      expect((await form('/api/digest/unsubscribe', headers)).status, JSON.stringify(headers)).toBe(403);
      // Only a POST at the one-click path is let through: its own check answers (a token it did not sign).
      expect((await form('/api/digest/unsubscribe/one-click?token=x.y', headers)).status, JSON.stringify(headers)).toBe(400);
      for (const method of ['PUT', 'PATCH', 'DELETE']) expect((await form('/api/digest/unsubscribe/one-click?token=x.y', headers, method)).status, `${method} ${JSON.stringify(headers)}`).toBe(403);
    }
    expect((await api(kring.url, cookie, 'GET', '/api/me')).status).toBe(200);
  });

  it('answers a GET from another origin (a browser does not let that page read the answer)', async () => {
    for (const headers of foreign()) expect((await send('/api/me', daan, headers, 'GET')).status).toBe(200);
  });

  it("lets through the app's own requests and those of clients that send neither header", async () => {
    const own = await send(`/api/activities/${coffee}/cancel`, daan, { origin: kring.url, 'sec-fetch-site': 'same-origin' });
    expect(own.status).toBe(200);
    expect(await myCoffee()).toBeNull();
    const cookie = await login(kring.url, 'anna@kring.test');
    expect((await send('/api/auth/logout', cookie, {})).status).toBe(200);
    expect((await api(kring.url, cookie, 'GET', '/api/me')).status).toBe(401);
  });
});
