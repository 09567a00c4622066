import { afterEach, describe, expect, it, vi } from 'vitest';
import { DeviceCache } from './local-store.ts';
import { Session, type Me } from './session.ts';

const ORIGIN = 'https://kring.test';
let people = 0;
const made: Session[] = [];

function person(): Me {
  const id = `person-${++people}`;
  return { user: { id, name: 'Anna', email: `${id}@kring.test`, role: 'employee' }, spaces: [{ id: 'noord', name: 'Buurtteam Noord', kind: 'team', audience: 'team', role: 'owner' }] };
}

/** localStorage as the browser has it, holding `me` as the device's cached person when given. */
function deviceWith(me: Me | null): void {
  const items = new Map<string, string>(me ? [['kring:me', JSON.stringify(me)]] : []);
  vi.stubGlobal('localStorage', {
    getItem: (key: string) => items.get(key) ?? null,
    setItem: (key: string, value: string) => void items.set(key, value),
    removeItem: (key: string) => void items.delete(key),
    key: (index: number) => [...items.keys()][index] ?? null,
    get length() {
      return items.size;
    },
  });
}

/** A server that answers /api/me with `me` (or the status), and nothing else; records the paths asked. */
function server(me: Me | 401 | 'never') {
  const asked: string[] = [];
  const fetchImpl = (async (url: string) => {
    const path = url.slice(ORIGIN.length);
    asked.push(path);
    if (path !== '/api/me') return new Response('{}', { status: 503 });
    if (me === 'never') return new Promise<Response>(() => {});
    if (me === 401) return new Response(JSON.stringify({ error: { code: 'unauthenticated' } }), { status: 401 });
    return new Response(JSON.stringify(me), { status: 200, headers: { 'content-type': 'application/json' } });
  }) as unknown as typeof fetch;
  return { asked, fetchImpl };
}

function session(fetchImpl?: typeof fetch): Session {
  const made1 = new Session(ORIGIN, fetchImpl);
  made.push(made1);
  return made1;
}

afterEach(async () => {
  for (const one of made.splice(0)) await one.logout({ discard: true });
  vi.unstubAllGlobals();
});

describe('Session start', () => {
  it('shows the cached person at once, before their local store and sync have loaded', async () => {
    const me = person();
    deviceWith(me);
    const s = session(server('never').fetchImpl);
    void s.start();
    expect(s.person.value).toEqual(me);
    expect(s.state.value.me).toBeUndefined();
    await vi.waitFor(() => expect(s.state.value.me).toEqual(me));
    expect(s.sync).not.toBeNull();
  });

  it('knows the person from the server before the first screen, then loads their store', async () => {
    deviceWith(null);
    const me = person();
    const s = session(server(me).fetchImpl);
    await s.personKnown(5_000);
    expect(s.person.value).toEqual(me);
    await s.start();
    expect(s.state.value.me).toEqual(me);
    expect(s.store?.userId).toBe(me.user.id);
  });

  it('knows that nobody is logged in when the server says so', async () => {
    deviceWith(null);
    const s = session(server(401).fetchImpl);
    await s.personKnown(5_000);
    expect(s.person.value).toBeNull();
    expect(s.state.value.me).toBeNull();
  });

  it('holds the first screen up for at most the given time when the network does not answer', async () => {
    deviceWith(null);
    const s = session(server('never').fetchImpl);
    const started = performance.now();
    await s.personKnown(50);
    expect(performance.now() - started).toBeLessThan(2_000);
    expect(s.person.value).toBeUndefined();
  });

  it('keeps the cached person shown, marked as ended, when the server ended the session', async () => {
    const me = person();
    deviceWith(me);
    const s = session(server(401).fetchImpl);
    await s.start();
    expect(s.person.value).toEqual(me);
    expect(s.state.value).toMatchObject({ me, expired: true });
  });

  it('does not ask the server who is logged in again when keeping current right after the start', async () => {
    deviceWith(null);
    const { asked, fetchImpl } = server(person());
    const s = session(fetchImpl);
    await s.start();
    await s.keepCurrent();
    expect(asked.filter((path) => path === '/api/me')).toHaveLength(1);
    // The background sync itself did go out (the fake server refuses it).
    expect(asked.some((path) => path.startsWith('/api/sync/'))).toBe(true);
  });

  it("calls the page's fetch as a plain function, which the browser's own fetch requires", async () => {
    deviceWith(null);
    const me = person();
    const { fetchImpl } = server(me);
    // Like the browser's fetch: "Illegal invocation" when called as a method of another object.
    vi.stubGlobal('fetch', function (this: unknown, input: string, init?: RequestInit) {
      if (this !== undefined && this !== globalThis) throw new TypeError("Failed to execute 'fetch' on 'Window': Illegal invocation");
      return fetchImpl(input, init);
    });
    const s = session();
    await s.personKnown(5_000);
    expect(s.person.value).toEqual(me);
  });

  it('stays told it was deactivated when a question asked meanwhile is answered after the handover ended the session', async () => {
    const me = person();
    deviceWith(me);
    // Every socket of the device closes at once and each asks who is logged in; the last answers come after
    // the device handed over and logged out, when the server no longer knows the session at all.
    let server: 'active' | 'deactivated' | 'forgotten' = 'active';
    const fetchImpl = (async (url: string) => {
      const path = url.slice(ORIGIN.length);
      if (path === '/api/auth/logout') server = 'forgotten';
      if (path !== '/api/me') return new Response('{}', { status: 200 });
      if (server === 'active') return new Response(JSON.stringify(me), { status: 200, headers: { 'content-type': 'application/json' } });
      const code = server === 'deactivated' ? 'deactivated' : 'unauthenticated';
      return new Response(JSON.stringify({ error: { code } }), { status: 401 });
    }) as unknown as typeof fetch;
    const s = session(fetchImpl);
    await s.start();
    server = 'deactivated';
    await Promise.all([s.refresh(), s.refresh()]);
    expect(s.state.value).toMatchObject({ me: null, deactivated: true });
    await s.refresh();
    expect(s.state.value).toMatchObject({ me: null, deactivated: true });
    expect(s.person.value).toBeNull();
    expect(localStorage.getItem('kring:me')).toBeNull();
  });

  it('shows nobody after logging out', async () => {
    const me = person();
    deviceWith(me);
    const s = session(server(me).fetchImpl);
    await s.start();
    await s.logout();
    expect(s.person.value).toBeNull();
    expect(s.state.value.me).toBeNull();
    expect(localStorage.getItem('kring:me')).toBeNull();
  });
});

describe('Session logout', () => {
  it("wipes the person's copy from the device once the server has all of their work", async () => {
    const me = person();
    deviceWith(me);
    const s = session(server(me).fetchImpl);
    await s.start();
    await new DeviceCache().set(`colleagues:${me.user.id}:noord`, [{ id: 'bram', name: 'Bram' }]);
    localStorage.setItem(`kring-journal:${me.user.id}:noord/page/x`, 'AAAA');
    await s.logout();
    expect(await new DeviceCache().get(`colleagues:${me.user.id}:noord`)).toBeUndefined();
    expect(localStorage.getItem(`kring-journal:${me.user.id}:noord/page/x`)).toBeNull();
    expect((await indexedDB.databases()).map((db) => db.name)).not.toContain(`kring-user-${me.user.id}`);
  });

  it('stays logged in, keeping everything, when the server could not take what only the device has', async () => {
    const me = person();
    deviceWith(me);
    const s = session(server(me).fetchImpl);
    await s.start();
    const doc = await s.store!.load('noord/page/x');
    doc.getText('t').insert(0, 'offline getypt');
    s.store!.release(doc);
    await new DeviceCache().set(`colleagues:${me.user.id}:noord`, [{ id: 'bram', name: 'Bram' }]);
    expect(await s.logout()).toBe('not-sent');
    expect(s.person.value).toEqual(me);
    expect(s.state.value.me).toEqual(me);
    expect(localStorage.getItem('kring:me')).not.toBeNull();
    const kept = await s.store!.load('noord/page/x');
    expect(kept.getText('t').toString()).toBe('offline getypt');
    s.store!.release(kept);
    expect(await new DeviceCache().get(`colleagues:${me.user.id}:noord`)).toEqual([{ id: 'bram', name: 'Bram' }]);
  });

  it('wipes everything all the same when the person chooses to log out offline, and ends the session at the next contact', async () => {
    const me = person();
    deviceWith(me);
    const asked: string[] = [];
    let online = true;
    const fetchImpl = (async (url: string) => {
      const path = url.slice(ORIGIN.length);
      if (!online) throw new TypeError('Failed to fetch');
      asked.push(path);
      if (path === '/api/me') return new Response(JSON.stringify(me), { status: 200, headers: { 'content-type': 'application/json' } });
      return new Response('{}', { status: 200 });
    }) as unknown as typeof fetch;
    const s = session(fetchImpl);
    await s.start();
    const doc = await s.store!.load('noord/page/x');
    doc.getText('t').insert(0, 'offline getypt');
    s.store!.release(doc);
    online = false;
    expect(await s.logout()).toBe('not-sent');
    expect(await s.logout({ discard: true })).toBe('logged-out');
    expect(s.person.value).toBeNull();
    expect(localStorage.getItem('kring:me')).toBeNull();
    expect((await indexedDB.databases()).map((db) => db.name)).not.toContain(`kring-user-${me.user.id}`);
    // The session cookie is HttpOnly: the device ends the session before it asks who is logged in again.
    online = true;
    asked.length = 0;
    await s.refresh();
    expect(asked).toEqual(['/api/auth/logout']);
    expect(s.person.value).toBeNull();
  });

  it('keeps the person\'s copy, and wipes nothing, while a request waits in their outbox for the server', async () => {
    const me = person();
    deviceWith(me);
    const s = session(server(me).fetchImpl);
    await s.start();
    // The outbox sends with the page's fetch: no network.
    vi.stubGlobal('fetch', () => Promise.reject(new TypeError('Failed to fetch')));
    const { outboxFor } = await import('./outbox.ts');
    const outbox = outboxFor(me.user.id, ORIGIN);
    await outbox.add({ id: 'send-1', kind: 'submission-send', subject: 'nieuws/submission/x', method: 'POST', path: '/api/editorial', body: {}, label: 'Artikel' });
    await new DeviceCache().set(`colleagues:${me.user.id}:noord`, [{ id: 'bram', name: 'Bram' }]);
    expect(await s.logout()).toBe('not-sent');
    expect(s.person.value).toEqual(me);
    expect(await new DeviceCache().get(`colleagues:${me.user.id}:noord`)).toEqual([{ id: 'bram', name: 'Bram' }]);
    expect(outboxFor(me.user.id, ORIGIN).requests.value.map((request) => request.id)).toEqual(['send-1']);
    await (await import('./outbox.ts')).deleteOutbox(me.user.id);
  });
});

describe('Session and the spaces the person belongs to', () => {
  it("deletes a space's documents and entries from the device once the server says the person left it", async () => {
    const me = person();
    me.spaces.push({ id: 'zuid', name: 'Buurtteam Zuid', kind: 'team', audience: 'team', role: 'member' });
    deviceWith(me);
    let answer: Me = me;
    const fetchImpl = (async (url: string) => {
      if (url.slice(ORIGIN.length) !== '/api/me') return new Response('{}', { status: 503 });
      return new Response(JSON.stringify(answer), { status: 200, headers: { 'content-type': 'application/json' } });
    }) as unknown as typeof fetch;
    const s = session(fetchImpl);
    await s.start();
    for (const name of ['noord/page/x', 'zuid/page/y']) {
      const doc = await s.store!.load(name);
      doc.getText('t').insert(0, `tekst in ${name}`);
      s.store!.release(doc);
    }
    await new DeviceCache().set(`colleagues:${me.user.id}:noord`, [{ id: 'bram', name: 'Bram' }]);
    await new DeviceCache().set(`colleagues:${me.user.id}:zuid`, [{ id: 'bram', name: 'Bram' }]);

    answer = { ...me, spaces: me.spaces.filter((space) => space.id !== 'noord') };
    await s.refresh();

    expect(await s.store!.names()).toEqual(['zuid/page/y']);
    expect(await new DeviceCache().get(`colleagues:${me.user.id}:noord`)).toBeUndefined();
    expect(await new DeviceCache().get(`colleagues:${me.user.id}:zuid`)).toEqual([{ id: 'bram', name: 'Bram' }]);
    // Loaded again, the document starts empty: nothing of it was kept.
    const again = await s.store!.load('noord/page/x');
    expect(again.getText('t').toString()).toBe('');
    s.store!.release(again);
  });
});
