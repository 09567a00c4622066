/**
 * "Where am I signed in" names the place by the organisation's own networks (SESSION_PLACES): a session signed in
 * from a named network shows that name, never the address; the sessions list of a server without named networks
 * shows no place. The test's connections come from 127.0.0.1.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { login, startKring, useKring } from '../support/server.ts';

interface Sessions {
  sessions: { current: boolean; place: string | null }[];
}

const listed = async (url: string, cookie: string) => ((await (await fetch(`${url}/api/account/sessions`, { headers: { cookie } })).json()) as Sessions).sessions;

describe('where a session was signed in', () => {
  const kring = useKring({ env: { SESSION_PLACES: '10.20.0.0/16=Kantoor Zuid; 127.0.0.0/8=Kantoor Noord' } });

  it('names the organisation’s network a session was signed in from, and keeps no address', async () => {
    const cookie = await login(kring.url, 'anna@kring.test');
    const sessions = await listed(kring.url, cookie);
    expect(sessions.find((session) => session.current)).toMatchObject({ place: 'Kantoor Noord' });
    const raw = JSON.stringify(sessions);
    expect(raw).not.toContain('127.0.0.1');
    // Nor in the database files.
    for (const name of (await readdir(kring.dataDir)).filter((file) => file.startsWith('kring.sqlite'))) {
      expect((await readFile(join(kring.dataDir, name))).includes('127.0.0.1'), name).toBe(false);
    }
  });

  it('names no place on a server without named networks', async () => {
    const plain = await startKring();
    try {
      const cookie = await login(plain.url, 'anna@kring.test');
      expect((await listed(plain.url, cookie)).find((session) => session.current)).toMatchObject({ place: null });
    } finally {
      await plain.stop();
    }
  });

  it('does not start with named networks it cannot read, and says which', async () => {
    await expect(startKring({ env: { SESSION_PLACES: '10.20.0.0/99=Kantoor Zuid' } })).rejects.toThrow(/SESSION_PLACES|10\.20\.0\.0\/99/);
  });
});
