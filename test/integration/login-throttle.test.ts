/**
 * Login throttling against attacks, over HTTP from several network addresses (127.0.0.x: every loopback address
 * reaches the server, and the server sees each as its own client): a burst, password spraying with one's own
 * account in between, and an attacker trying to lock a person out. Its own server, so no other test's failures
 * count.
 */
import { request } from 'node:http';
import { describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, useKring } from '../support/server.ts';

const kring = useKring();

/** POST /api/auth/login from `from` (a loopback address); the status. */
function loginFrom(from: string, email: string, password: string, headers: Record<string, string> = {}): Promise<number> {
  const body = JSON.stringify({ email, password });
  return new Promise((resolve, reject) => {
    const sent = request(
      `${kring.url}/api/auth/login`,
      { method: 'POST', localAddress: from, headers: { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)), ...headers } },
      (response) => {
        response.resume();
        response.once('end', () => resolve(response.statusCode ?? 0));
      },
    );
    sent.once('error', reject);
    sent.end(body);
  });
}

/** GET `path` from `from` (a loopback address); the status. */
function getFrom(from: string, path: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const sent = request(`${kring.url}${path}`, { localAddress: from }, (response) => {
      response.resume();
      response.once('end', () => resolve(response.statusCode ?? 0));
    });
    sent.once('error', reject);
    sent.end();
  });
}

describe('invite code guessing under attack', () => {
  it('refuses most of 40 wrong invite codes sent at once from one address', async () => {
    const statuses = await Promise.all(Array.from({ length: 40 }, (_, i) => getFrom('127.0.0.31', `/api/invites/geraden-code-${i}`)));
    expect(statuses.filter((status) => status === 404).length).toBeLessThanOrEqual(5);
    expect(statuses.filter((status) => status === 429).length).toBeGreaterThanOrEqual(35);
  });
});

describe('login throttling under attack', () => {
  it('refuses most of 40 wrong passwords sent at once from one address', async () => {
    const statuses = await Promise.all(Array.from({ length: 40 }, (_, i) => loginFrom('127.0.0.11', 'bram@kring.test', `fout-${i}`)));
    expect(statuses.filter((status) => status === 401).length).toBeLessThanOrEqual(5);
    expect(statuses.filter((status) => status === 429).length).toBeGreaterThanOrEqual(35);
  });

  it('keeps throttling an address that sprays passwords and logs into its own account in between', async () => {
    const statuses: number[] = [];
    for (let round = 0; round < 3; round++) {
      for (const email of ['anna@kring.test', 'admin@kring.test', 'fatima@kring.test', 'joost@kring.test']) {
        statuses.push(await loginFrom('127.0.0.12', email, `Zomer2026-${round}`));
      }
      // The attacker's own account: a success must not wipe the address's failures.
      statuses.push(await loginFrom('127.0.0.12', 'daan@kring.test', DEMO_PASSWORD));
    }
    expect(statuses.slice(0, 4)).toEqual([401, 401, 401, 401]);
    expect(statuses.slice(5)).toContain(429);
    expect(statuses.slice(5).filter((status) => status === 401).length).toBeLessThanOrEqual(1);
  });

  it('does not let an attacker lock a person out: the person logs in from another address', async () => {
    const attacker = [];
    for (let i = 0; i < 8; i++) attacker.push(await loginFrom('127.0.0.13', 'eva@kring.test', `raad-${i}`));
    expect(attacker.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
    expect(attacker.slice(5)).toEqual([429, 429, 429]);
    expect(await loginFrom('127.0.0.14', 'eva@kring.test', DEMO_PASSWORD)).toBe(200);
  });

  it('counts the address the connection comes from, not a forwarded-for header it sends', async () => {
    const statuses = [];
    for (let i = 0; i < 8; i++) statuses.push(await loginFrom('127.0.0.15', 'fatima@kring.test', `fout-${i}`, { 'x-forwarded-for': `198.51.100.${i}` }));
    expect(statuses.slice(5)).toEqual([429, 429, 429]);
  });
});
