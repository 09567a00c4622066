/**
 * "Last changed by … at …": GET /api/documents/history tells who changed a document when, newest first, to
 * anyone who may read the document and to nobody else.
 */
import { describe, expect, it } from 'vitest';
import { useClients } from '../support/clients.ts';
import { waitForSaved } from '../support/providers.ts';
import { login, me, useKring, useSessions } from '../support/server.ts';

interface HistoryBody {
  name: string;
  changes: { at: number; author: { id: string; name: string } | null }[];
}

const PAGE = 'noord/page/valpreventie';

describe('document history endpoint', () => {
  const kring = useKring();
  const sessions = useSessions(kring, ['anna', 'bram', 'daan']);
  const { open } = useClients(kring);

  const history = (name: string | null, cookie?: string, extra = '') =>
    fetch(`${kring.url}/api/documents/history${name === null ? '' : `?name=${encodeURIComponent(name)}`}${extra}`, {
      headers: cookie ? { cookie } : {},
    });

  /** Writes one update to `name` as the person with `cookie` and waits until the server stored it. */
  async function edit(name: string, cookie: string, text: string): Promise<void> {
    const provider = await open(name, cookie);
    provider.doc.getText('title').insert(0, text);
    await waitForSaved(provider);
    provider.destroy();
  }


  it('answers 401 without a session', async () => {
    const response = await history(PAGE);
    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({ error: { code: 'no_session' } });
  });

  it('answers 400 for a missing or malformed name and a bad limit', async () => {
    for (const [name, extra] of [
      [null, ''],
      ['', ''],
      ['noord/page', ''],
      ['noord/diary/x', ''],
      ['../etc/passwd', ''],
      [PAGE, '&limit=0'],
      [PAGE, '&limit=101'],
      [PAGE, '&limit=abc'],
    ] as const) {
      const response = await history(name, sessions.anna, extra);
      expect(response.status, `${String(name)}${extra}`).toBe(400);
      expect(await response.json()).toMatchObject({ error: { code: 'bad_request' } });
    }
  });

  it('answers 403 to people who may not read the document, and for spaces that do not exist', async () => {
    for (const [cookie, name] of [
      [sessions.bram, PAGE],
      [sessions.daan, PAGE],
      [sessions.anna, 'zuid/page/valpreventie'],
      [sessions.anna, 'nosuchspace/page/x'],
    ] as const) {
      const response = await history(name, cookie);
      expect(response.status, name).toBe(403);
      expect(await response.json()).toMatchObject({ error: { code: 'forbidden' } });
    }
  });

  it("lists the latest change first, with the author's display name and the server's time", async () => {
    const { user } = await me(kring.url, sessions.anna);
    const before = Date.now();
    await edit(PAGE, sessions.anna, 'Herzien: ');
    const after = Date.now();

    const response = await history(PAGE, sessions.anna);
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
    const body = (await response.json()) as HistoryBody;
    expect(body.name).toBe(PAGE);
    const [latest, ...older] = body.changes;
    expect(latest!.author).toEqual({ id: user.id, name: user.name });
    expect(latest!.at).toBeGreaterThanOrEqual(before - 1000);
    expect(latest!.at).toBeLessThanOrEqual(after + 1000);
    // The demo seed wrote the page first, as the server (no author).
    expect(older.at(-1)!.author).toBeNull();
    const times = body.changes.map((change) => change.at);
    expect(times).toEqual([...times].sort((a, b) => b - a));
  });

  it("lets a reader see who changed a page he may only read, with each author's own name", async () => {
    const eva = await login(kring.url, 'eva@kring.test');
    const { user } = await me(kring.url, eva);
    await edit('nieuws/page/welkom', eva, 'Nieuw: ');
    const response = await history('nieuws/page/welkom', sessions.daan);
    expect(response.status).toBe(200);
    const body = (await response.json()) as HistoryBody;
    expect(body.changes[0]!.author).toEqual({ id: user.id, name: user.name });
    expect(body.changes.at(-1)!.author).toBeNull();
  });

  it('gives at most `limit` changes, the newest ones', async () => {
    const name = 'noord/page/history-limit';
    await edit(name, sessions.anna, 'een ');
    await edit(name, sessions.anna, 'twee ');
    await edit(name, sessions.anna, 'drie ');
    const all = (await (await history(name, sessions.anna)).json()) as HistoryBody;
    expect(all.changes).toHaveLength(3);
    const limited = (await (await history(name, sessions.anna, '&limit=2')).json()) as HistoryBody;
    expect(limited.changes).toEqual(all.changes.slice(0, 2));
  });

  it('answers an empty list for a readable document nobody wrote yet', async () => {
    const response = await history('noord/page/never-written', sessions.anna);
    expect(response.status).toBe(200);
    expect(((await response.json()) as HistoryBody).changes).toEqual([]);
  });
});
