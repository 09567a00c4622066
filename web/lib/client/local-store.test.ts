/**
 * The device's store (fake-indexeddb stands in for the browser's IndexedDB): documents survive being let go
 * and loaded again, each person's documents stay in their own database, the "saved" record round-trips, and
 * the device cache keeps what it is given.
 */
import { appendPageBlocks, getPageTitle, pagePlainText, setPageTitle } from '@kring/shapes';
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { DeviceCache, LocalStore, type JournalStorage } from './local-store.ts';

const PAGE = 'noord/page/valpreventie';

/** Stores opened by a test, closed after it; each test uses its own user ids so databases never mix. */
const opened: LocalStore[] = [];
let nextUser = 0;
function store(userId = `user-${++nextUser}`): LocalStore {
  const created = new LocalStore(userId);
  opened.push(created);
  return created;
}

afterEach(() => {
  for (const each of opened.splice(0)) each.close();
});

describe('LocalStore', () => {
  it('opens the person’s database as soon as it is made, before the first read', async () => {
    const userId = `user-${++nextUser}`;
    store(userId);
    await expect.poll(async () => (await indexedDB.databases()).map((db) => db.name)).toContain(`kring-user-${userId}`);
  });

  it('keeps a document’s content when it is released and loaded again', async () => {
    const first = store();
    const doc = await first.load(PAGE);
    setPageTitle(doc, 'Valpreventie bij cliënten thuis');
    appendPageBlocks(doc, [{ type: 'paragraph', text: 'Let op losse kleden.' }]);
    const expected = Y.encodeStateVector(doc);
    first.release(doc);

    const again = await first.load(PAGE);
    expect(getPageTitle(again)).toBe('Valpreventie bij cliënten thuis');
    expect(pagePlainText(again)).toContain('Let op losse kleden.');
    expect(Y.encodeStateVector(again)).toEqual(expected);
    first.release(again);
  });

  it('keeps a document’s content in a new store for the same person (the app opened again)', async () => {
    const first = store();
    const doc = await first.load(PAGE);
    setPageTitle(doc, 'Medicatie-overdracht');
    first.release(doc);
    first.close();

    const reopened = store(first.userId);
    const again = await reopened.load(PAGE);
    expect(getPageTitle(again)).toBe('Medicatie-overdracht');
    expect(await reopened.names()).toEqual([PAGE]);
    reopened.release(again);
  });

  it('keeps two people’s documents apart', async () => {
    const anna = store('anna');
    const bram = store('bram');
    const annasDoc = await anna.load(PAGE);
    setPageTitle(annasDoc, 'Alleen voor Anna');
    anna.release(annasDoc);

    expect(await anna.names()).toEqual([PAGE]);
    expect(await bram.names()).toEqual([]);
    expect(await bram.record(PAGE)).toBeUndefined();
    // The same name in the other person's store is a different, empty document.
    const bramsDoc = await bram.load(PAGE);
    expect(getPageTitle(bramsDoc)).toBe('');
    bram.release(bramsDoc);
  });

  it('round-trips what the server last confirmed as saved', async () => {
    const local = store();
    expect(await local.record(PAGE)).toBeUndefined();
    const doc = await local.load(PAGE);
    expect(await local.record(PAGE)).toEqual({ name: PAGE, savedStateVector: undefined, lastSyncedAt: undefined });

    setPageTitle(doc, 'Opgeslagen');
    const savedStateVector = Y.encodeStateVector(doc);
    await local.markSaved(PAGE, savedStateVector, 1_790_000_000_000);
    const record = await local.record(PAGE);
    expect(record?.lastSyncedAt).toBe(1_790_000_000_000);
    expect(record?.savedStateVector).toBeInstanceOf(Uint8Array);
    expect(Array.from(record?.savedStateVector ?? [])).toEqual(Array.from(savedStateVector));
    local.release(doc);

    // Marking a document saved does not touch its content.
    const again = await local.load(PAGE);
    expect(getPageTitle(again)).toBe('Opgeslagen');
    local.release(again);
  });

  it('records a whole batch as saved at once, each document with its own state vector', async () => {
    const local = store('batch-marks');
    const names = ['noord/page/a', 'noord/page/b'];
    const vectors: Uint8Array[] = [];
    for (const [i, name] of names.entries()) {
      const doc = await local.load(name);
      setPageTitle(doc, `Pagina ${i}`);
      vectors.push(Y.encodeStateVector(doc));
      local.release(doc);
    }
    await local.markSavedAll(names.map((name, i) => ({ name, savedStateVector: vectors[i] })), 1_790_000_000_000);
    for (const [i, name] of names.entries()) {
      const record = await local.record(name);
      expect(record?.lastSyncedAt).toBe(1_790_000_000_000);
      expect(Array.from(record?.savedStateVector ?? [])).toEqual(Array.from(vectors[i]));
    }
  });

  it('forgets everything of one person on deleteAll, and nothing of another', async () => {
    const anna = store('anna-delete');
    const bram = store('bram-delete');
    for (const each of [anna, bram]) each.release(await each.load(PAGE));
    await anna.deleteAll();

    expect(await store('anna-delete').names()).toEqual([]);
    expect(await bram.names()).toEqual([PAGE]);
  });
});

describe('DeviceCache', () => {
  it("forgets every entry kept for one person, and nothing of another's", async () => {
    const cache = new DeviceCache();
    await cache.set('colleagues:anna-1:noord', ['bram']);
    await cache.set('changes-cursor:anna-1', 7);
    await cache.set('colleagues:anna-10:noord', ['eva']);
    await cache.forget('anna-1');
    expect(await cache.get('colleagues:anna-1:noord')).toBeUndefined();
    expect(await cache.get('changes-cursor:anna-1')).toBeUndefined();
    expect(await cache.get('colleagues:anna-10:noord')).toEqual(['eva']);
  });

  it('gets what was set, also from a new instance, and nothing after delete', async () => {
    const cache = new DeviceCache();
    expect(await cache.get('me')).toBeUndefined();
    const me = { user: { id: 'u1', name: 'Anna de Vries' }, spaces: [{ id: 'noord', name: 'Buurtteam Noord' }] };
    await cache.set('me', me);
    expect(await cache.get('me')).toEqual(me);
    expect(await new DeviceCache().get('me')).toEqual(me);

    await cache.set('me', { user: { id: 'u2' } });
    expect(await cache.get('me')).toEqual({ user: { id: 'u2' } });

    await cache.delete('me');
    expect(await cache.get('me')).toBeUndefined();
    // Deleting what is not there is fine.
    await cache.delete('me');
  });
});

/** localStorage as the browser has it, in memory. */
function memoryStorage(): JournalStorage & { keys(): string[] } {
  const items = new Map<string, string>();
  return {
    getItem: (key) => items.get(key) ?? null,
    setItem: (key, value) => void items.set(key, String(value)),
    removeItem: (key) => void items.delete(key),
    key: (index) => [...items.keys()][index] ?? null,
    get length() {
      return items.size;
    },
    keys: () => [...items.keys()],
  };
}

describe('LocalStore journal (edits kept synchronously until IndexedDB has them)', () => {
  it('writes an edit to the journal at once, before any await, and takes it out once IndexedDB has it', async () => {
    const journal = memoryStorage();
    const userId = `journal-${++nextUser}`;
    const local = new LocalStore(userId, journal);
    opened.push(local);
    const doc = await local.load(PAGE);
    setPageTitle(doc, 'Net getypt');
    // Synchronously: nothing has been awaited since the edit.
    expect(journal.keys()).toEqual([`kring-journal:${userId}:${PAGE}`]);
    await expect.poll(() => journal.keys(), { timeout: 5_000 }).toEqual([]);
    local.release(doc);
  });

  it('gives back an edit that only the journal has, as after a close before IndexedDB had written it', async () => {
    const journal = memoryStorage();
    const userId = `journal-${++nextUser}`;
    // The edit as the journal keeps it, from a session whose IndexedDB write never happened.
    const lost = new Y.Doc();
    setPageTitle(lost, 'Alleen in het dagboek');
    journal.setItem(`kring-journal:${userId}:${PAGE}`, btoa(String.fromCharCode(...Y.encodeStateAsUpdate(lost))));
    const local = new LocalStore(userId, journal);
    opened.push(local);
    const doc = await local.load(PAGE);
    expect(getPageTitle(doc)).toBe('Alleen in het dagboek');
    // And it is written to IndexedDB now: a store without the journal finds it too.
    local.release(doc);
    await new Promise((resolve) => setTimeout(resolve, 1_200));
    const again = new LocalStore(userId, null);
    opened.push(again);
    expect(getPageTitle(await again.load(PAGE))).toBe('Alleen in het dagboek');
  });

  it('writes a journal left by an earlier page to IndexedDB when the store opens, without the document being opened', async () => {
    const journal = memoryStorage();
    const userId = `journal-${++nextUser}`;
    const lost = new Y.Doc();
    setPageTitle(lost, 'Getypt vlak voor een ander scherm');
    journal.setItem(`kring-journal:${userId}:${PAGE}`, btoa(String.fromCharCode(...Y.encodeStateAsUpdate(lost))));
    const local = new LocalStore(userId, journal);
    opened.push(local);
    // What the device lists and the search reads has it, and the journal is empty.
    expect(await local.names()).toEqual([PAGE]);
    expect(getPageTitle(await local.readCopy(PAGE))).toBe('Getypt vlak voor een ander scherm');
    expect(journal.keys()).toEqual([]);
    const withoutJournal = new LocalStore(userId, null);
    opened.push(withoutJournal);
    expect(getPageTitle(await withoutJournal.readCopy(PAGE))).toBe('Getypt vlak voor een ander scherm');
  });

  it('journals only edits made here, not what arrives from elsewhere', async () => {
    const journal = memoryStorage();
    const local = new LocalStore(`journal-${++nextUser}`, journal);
    opened.push(local);
    const doc = await local.load(PAGE);
    const remote = new Y.Doc();
    setPageTitle(remote, 'Van de server');
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(remote));
    expect(journal.keys()).toEqual([]);
    local.release(doc);
  });

  it('is deleted with the person’s local copy', async () => {
    const journal = memoryStorage();
    const userId = `journal-${++nextUser}`;
    const local = new LocalStore(userId, journal);
    const doc = await local.load(PAGE);
    journal.setItem('kring-journal:someone-else:noord/page/x', 'AA==');
    setPageTitle(doc, 'Weg ermee');
    expect(journal.keys()).toContain(`kring-journal:${userId}:${PAGE}`);
    local.release(doc);
    await local.deleteAll();
    expect(journal.keys()).toEqual(['kring-journal:someone-else:noord/page/x']);
  });
});
