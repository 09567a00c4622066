/**
 * Two-step sign-in for the tests, done as a person with an authenticator app does it: the tests hold the app's
 * secret (the demo administrator's comes from DEMO_TOTP_SECRET, which `startKring` sets; others are set up over
 * the API) and compute each code. The server takes each 30-second step's code once, so the helpers hand out a
 * step not yet used for that person on that server, waiting for the next step when the window is used up. No
 * switch in the server: it checks these codes as any other.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { codeAt, secretKey, stepAt, TOTP_STEP_SECONDS } from '@kring/server';

/** The demo administrator's authenticator secret on every test server (`DEMO_TOTP_SECRET`). */
export const TEST_TOTP_SECRET = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';
/** The test servers' SECRETS_KEY (their data folders are thrown away). */
export const TEST_SECRETS_KEY = '0f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c4b5a69788796a5b4c3d2e1f0';
const DEMO_ADMIN = 'admin@kring.test';
const STEP_MS = TOTP_STEP_SECONDS * 1000;

interface App {
  key: Uint8Array;
  /** The newest step whose code was handed out for this person on this server. */
  lastStep: number;
}

/** The apps the tests hold, by server and login name. */
const apps = new Map<string, App>();
const appKey = (url: string, loginName: string) => `${url} ${loginName.trim().toLowerCase()}`;

function appOf(url: string, loginName: string): App | undefined {
  const key = appKey(url, loginName);
  if (!apps.has(key) && loginName.trim().toLowerCase() === DEMO_ADMIN) apps.set(key, { key: secretKey(TEST_TOTP_SECRET), lastStep: 0 });
  return apps.get(key);
}

/** Whether the tests hold an app for this person on this server. */
export function hasApp(url: string, loginName: string): boolean {
  return appOf(url, loginName) !== undefined;
}

/**
 * The app's code for a step the server has not seen for this person: the oldest still in its window (one step
 * either side of now; the step before only while more than 5 s remain of it). Waits when all three are used.
 */
export async function nextCode(url: string, loginName: string): Promise<string> {
  const app = appOf(url, loginName);
  if (!app) throw new Error(`the tests hold no authenticator app for ${loginName} on ${url}`);
  const step = Math.max(app.lastStep + 1, stepAt(Date.now() + 5000) - 1);
  app.lastStep = step;
  // Until the server's window reaches this step (now + 1 ≥ step), with a little to spare.
  const wait = (step - 1) * STEP_MS + 200 - Date.now();
  if (wait > 0) await sleep(wait);
  return codeAt(app.key, step);
}

/** The code the app shows right now: for tests that use a code twice, or send one a server has taken. */
export function currentCode(url: string, loginName: string): string {
  const app = appOf(url, loginName);
  if (!app) throw new Error(`the tests hold no authenticator app for ${loginName} on ${url}`);
  return codeAt(app.key, stepAt(Date.now()));
}

/** Turns two-step sign-in on for the person logged in with `cookie`, as Mijn account does; the recovery codes. */
export async function setUpTwoFactor(url: string, cookie: string, loginName: string): Promise<string[]> {
  const post = (path: string, body?: unknown) =>
    fetch(`${url}${path}`, { method: 'POST', headers: { cookie, 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
  const setup = await post('/api/account/two-factor/setup');
  if (setup.status !== 200) throw new Error(`two-factor set-up for ${loginName} failed: ${setup.status} ${await setup.text()}`);
  const { secret } = ((await setup.json()) as { setup: { secret: string } }).setup;
  apps.set(appKey(url, loginName), { key: secretKey(secret), lastStep: 0 });
  const confirmed = await post('/api/account/two-factor/confirm', { code: await nextCode(url, loginName) });
  if (confirmed.status !== 200) throw new Error(`two-factor confirmation for ${loginName} failed: ${confirmed.status} ${await confirmed.text()}`);
  return ((await confirmed.json()) as { recoveryCodes: string[] }).recoveryCodes;
}

/**
 * The second step of logging in over the API: the login token and a fresh code; the session cookie. A code the
 * server took already (a restarted server, a browser that used one) is followed by the next step's.
 */
export async function passSecondStep(url: string, loginName: string, token: string): Promise<string> {
  for (let attempt = 0; ; attempt++) {
    const response = await fetch(`${url}/api/auth/login/code`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ token, code: await nextCode(url, loginName) }),
    });
    if (response.status === 200) {
      const cookie = response.headers.getSetCookie().find((header) => header.startsWith('kring_session='));
      if (!cookie) throw new Error(`the code step for ${loginName} set no kring_session cookie`);
      return cookie.split(';')[0];
    }
    const text = await response.text();
    if (attempt >= 2 || !text.includes('"invalid_code"')) throw new Error(`the code step for ${loginName} failed: ${response.status} ${text}`);
  }
}

/** The roles that must pass a second factor before anything else works. */
export const SECOND_FACTOR_ROLES: readonly string[] = ['admin', 'privacy'];

/** Holds the app a test set up through the page (the secret it showed), so `nextCode` can make its codes. */
export function holdApp(url: string, loginName: string, secret: string, usedStep = 0): void {
  apps.set(appKey(url, loginName), { key: secretKey(secret), lastStep: usedStep });
}
