import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { StoreClosedError } from './errors.ts';
import type { DocumentChange, DocumentStore } from './types.ts';

export interface DocumentStoreSetup {
  store: DocumentStore;
  /** A new store over the same storage. The suite closes the previous store before it calls this. */
  reopen?: () => Promise<DocumentStore>;
  /** Closes the store last handed out (closing twice is allowed) and removes what setup created. */
  teardown: () => Promise<void>;
}

/**
 * The behaviour every `DocumentStore` adapter must have. An adapter's test file calls this once with a setup
 * that gives each test a fresh, empty store. Adapters that keep data across a restart pass `reopen`, and the
 * durability tests then restart them; without it those tests check the same store stays complete.
 */
export function runDocumentStoreTests(name: string, setup: () => Promise<DocumentStoreSetup>): void {
  describe(`DocumentStore acceptance: ${name}`, () => {
    let context: DocumentStoreSetup;
    let store: DocumentStore;

    beforeEach(async () => {
      context = await setup();
      store = context.store;
    });

    afterEach(async () => {
      await context.teardown();
    });

    /** Closes and reopens the store when the adapter can, so a test sees what survives a restart. */
    async function restart(): Promise<void> {
      if (!context.reopen) return;
      await store.close();
      store = await context.reopen();
    }

    describe('load', () => {
      it('returns null for a document never written', async () => {
        expect(await store.load('noord/page/onbekend')).toBeNull();
      });

      it('returns the document the appended updates make', async () => {
        const { updates, text } = typing(['Hallo', ' team', ', tot morgen']);
        for (const update of updates) await store.append('noord/page/overdracht', update, 'anna');
        expect(contentOf(await store.load('noord/page/overdracht')).text).toBe(text);
      });

      it('keeps documents apart', async () => {
        await store.append('noord/page/a', typing(['voor a']).updates[0], 'anna');
        await store.append('zuid/page/b', typing(['voor b']).updates[0], 'bram');
        expect(contentOf(await store.load('noord/page/a')).text).toBe('voor a');
        expect(contentOf(await store.load('zuid/page/b')).text).toBe('voor b');
        expect(await store.load('noord/page/b')).toBeNull();
      });

      it('includes an append whose promise has not resolved yet', async () => {
        const pending = store.append('noord/chat/2026-11', mapUpdate('bericht', 'net verstuurd'), 'anna');
        const loaded = await store.load('noord/chat/2026-11');
        await pending;
        expect(contentOf(loaded).map).toEqual({ bericht: 'net verstuurd' });
      });

      it('keeps its own copy of the update, not the caller’s buffer', async () => {
        const update = mapUpdate('titel', 'Protocol valpreventie');
        const pending = store.append('noord/page/valpreventie', update, 'anna');
        update.fill(0);
        await pending;
        expect(contentOf(await store.load('noord/page/valpreventie')).map).toEqual({ titel: 'Protocol valpreventie' });
      });
    });

    describe('append', () => {
      it('returns sequence numbers above 0 that increase across documents', async () => {
        const seqs = [
          await store.append('noord/page/a', mapUpdate('k', 1), 'anna'),
          await store.append('zuid/page/b', mapUpdate('k', 2), 'bram'),
          await store.append('noord/page/a', mapUpdate('k', 3), 'anna'),
        ];
        expect(seqs[0]).toBeGreaterThan(0);
        expect(isIncreasing(seqs)).toBe(true);
      });

      it('resolves 200 concurrent appends in call order and keeps every one', async () => {
        const names = ['noord/board/taken', 'noord/feed/2026-11', 'zuid/board/taken', 'nieuws/feed/2026-11'];
        const seqs = await Promise.all(
          Array.from({ length: 200 }, (_, i) => store.append(names[i % names.length], mapUpdate(`k${i}`, i), 'anna')),
        );
        expect(isIncreasing(seqs)).toBe(true);
        for (const [n, docName] of names.entries()) {
          const keys = Object.keys(contentOf(await store.load(docName)).map).sort();
          const expected = Array.from({ length: 50 }, (_, j) => `k${j * names.length + n}`).sort();
          expect(keys).toEqual(expected);
        }
      });
    });

    describe('compact', () => {
      it('keeps the content and the history and empties the log', async () => {
        const { updates, text } = typing(['Dienst', ' overdracht', ': mevrouw De Vries']);
        for (const update of updates) await store.append('noord/page/overdracht', update, 'anna');
        const history = await store.history('noord/page/overdracht');
        expect(await store.logLength('noord/page/overdracht')).toBe(3);

        await store.compact('noord/page/overdracht');

        expect(contentOf(await store.load('noord/page/overdracht')).text).toBe(text);
        expect(await store.logLength('noord/page/overdracht')).toBe(0);
        expect(await store.history('noord/page/overdracht')).toEqual(history);
      });

      it('keeps appends made after it, and compacts again', async () => {
        const { updates, text } = typing(['een', ' twee', ' drie', ' vier']);
        await store.append('noord/page/p', updates[0], 'anna');
        await store.append('noord/page/p', updates[1], 'anna');
        await store.compact('noord/page/p');
        await store.append('noord/page/p', updates[2], 'bram');
        await store.append('noord/page/p', updates[3], 'bram');

        expect(await store.logLength('noord/page/p')).toBe(2);
        expect(contentOf(await store.load('noord/page/p')).text).toBe(text);
        await store.compact('noord/page/p');
        expect(contentOf(await store.load('noord/page/p')).text).toBe(text);
        expect((await store.history('noord/page/p')).map((entry) => entry.author)).toEqual([
          'anna',
          'anna',
          'bram',
          'bram',
        ]);
      });

      it('leaves a document never written empty', async () => {
        await store.compact('noord/page/leeg');
        expect(await store.load('noord/page/leeg')).toBeNull();
        expect(await store.logLength('noord/page/leeg')).toBe(0);
        expect(await store.history('noord/page/leeg')).toEqual([]);
      });

      it('only touches the document it is asked to', async () => {
        await store.append('noord/page/a', mapUpdate('k', 'a'), 'anna');
        await store.append('noord/page/b', mapUpdate('k', 'b'), 'anna');
        await store.compact('noord/page/a');
        expect(await store.logLength('noord/page/b')).toBe(1);
        expect(contentOf(await store.load('noord/page/b')).map).toEqual({ k: 'b' });
      });
    });

    describe('history', () => {
      it('lists author, time and size of every update, oldest first', async () => {
        const first = mapUpdate('stap', 1);
        const second = mapUpdate('stap', 2);
        const before = Date.now();
        const seqs = [
          await store.append('noord/page/protocol', first, 'anna'),
          await store.append('noord/page/protocol', second, null),
        ];
        const after = Date.now();

        const history = await store.history('noord/page/protocol');
        expect(history.map(({ seq, author, size }) => ({ seq, author, size }))).toEqual([
          { seq: seqs[0], author: 'anna', size: first.byteLength },
          { seq: seqs[1], author: null, size: second.byteLength },
        ]);
        for (const entry of history) {
          expect(entry.at).toBeGreaterThanOrEqual(before);
          expect(entry.at).toBeLessThanOrEqual(after);
        }
      });
    });

    describe('writers', () => {
      it('keeps who claimed each client first, per document, through compaction, erasure and a restart', async () => {
        await store.append('noord/page/p', mapUpdate('k', 1), 'anna', [11, 12]);
        // Bram claiming Anna's client does not take it; his own new one is his.
        await store.append('noord/page/p', mapUpdate('k', 2), 'bram', [12, 13]);
        await store.append('noord/page/p', mapUpdate('k', 3), null, [14]);
        await store.append('zuid/page/p', mapUpdate('k', 1), 'bram', [11]);
        await store.compact('noord/page/p');
        const doc = new Y.Doc();
        Y.applyUpdate(doc, (await store.load('noord/page/p'))!);
        doc.getMap('map').delete('k');
        await store.appendErasing('noord/page/p', Y.encodeStateAsUpdate(doc), 'cem', Y.encodeStateAsUpdate(doc), [15]);
        await restart();

        expect(await store.writers('noord/page/p')).toEqual(
          new Map<number, string | null>([
            [11, 'anna'],
            [12, 'anna'],
            [13, 'bram'],
            [14, null],
            [15, 'cem'],
          ]),
        );
        expect(await store.writers('zuid/page/p')).toEqual(new Map([[11, 'bram']]));
        expect(await store.writers('noord/page/nooit')).toEqual(new Map());
      });
    });

    describe('storedBytes', () => {
      it('sums the bytes of every update per author and space, compacted ones included', async () => {
        const a = mapUpdate('a', 'x'.repeat(100));
        const b = mapUpdate('b', 'y'.repeat(50));
        const c = mapUpdate('c', 1);
        await store.append('noord/page/p', a, 'anna');
        await store.append('noord/board/b', b, 'anna');
        await store.append('zuid/page/p', c, 'anna');
        await store.append('noord/page/p', c, null);
        await store.compact('noord/page/p');
        const sums = await store.storedBytes();
        expect(sums.sort((x, y) => `${x.author}${x.spaceId}`.localeCompare(`${y.author}${y.spaceId}`))).toEqual([
          { author: 'anna', spaceId: 'noord', bytes: a.byteLength + b.byteLength },
          { author: 'anna', spaceId: 'zuid', bytes: c.byteLength },
          { author: null, spaceId: 'noord', bytes: c.byteLength },
        ]);
      });
    });

    describe('versions', () => {
      it('saves, lists and loads a version that later changes leave alone', async () => {
        const { updates } = typing(['Versie 1', ', aangevuld']);
        await store.append('noord/page/protocol', updates[0], 'anna');
        const before = Date.now();
        const id = await store.saveVersion('noord/page/protocol', 'Vastgesteld', 'eva');
        const after = Date.now();
        await store.append('noord/page/protocol', updates[1], 'bram');
        await store.compact('noord/page/protocol');

        const versions = await store.listVersions('noord/page/protocol');
        expect(versions).toEqual([{ id, label: 'Vastgesteld', author: 'eva', at: expect.any(Number) }]);
        expect(versions[0].at).toBeGreaterThanOrEqual(before);
        expect(versions[0].at).toBeLessThanOrEqual(after);
        expect(contentOf(await store.loadVersion('noord/page/protocol', id)).text).toBe('Versie 1');
        expect(contentOf(await store.load('noord/page/protocol')).text).toBe('Versie 1, aangevuld');
      });

      it('lists versions oldest first, per document', async () => {
        await store.append('noord/page/a', mapUpdate('k', 1), 'anna');
        const first = await store.saveVersion('noord/page/a', 'eerste', 'anna');
        const other = await store.saveVersion('zuid/page/b', 'ander document', null);
        const second = await store.saveVersion('noord/page/a', 'tweede', null);
        expect((await store.listVersions('noord/page/a')).map((version) => version.id)).toEqual([first, second]);
        expect((await store.listVersions('zuid/page/b')).map((version) => version.id)).toEqual([other]);
        expect(await store.listVersions('noord/page/c')).toEqual([]);
      });

      it('gives null for a missing version and for another document’s version', async () => {
        await store.append('noord/page/a', mapUpdate('geheim', 'alleen Noord'), 'anna');
        const id = await store.saveVersion('noord/page/a', 'v1', 'anna');
        expect(await store.loadVersion('noord/page/a', id + 1000)).toBeNull();
        expect(await store.loadVersion('zuid/page/a', id)).toBeNull();
      });

      it('saves a document never written as the empty document', async () => {
        const id = await store.saveVersion('noord/page/nieuw', 'leeg', 'eva');
        expect(contentOf(await store.loadVersion('noord/page/nieuw', id))).toEqual({ text: '', map: {} });
      });
    });

    describe('appendErasing', () => {
      it('stores the deletion with the state it makes: no deleted content in the document, its log or its versions', async () => {
        const docName = 'noord/feed/2026-11';
        const doc = new Y.Doc();
        const updates: Uint8Array[] = [];
        doc.on('update', (update: Uint8Array) => updates.push(update));
        doc.getMap('map').set('p1', 'BSN 123456782');
        doc.getMap('map').set('p2', 'Koffie om tien uur.');
        await store.append(docName, updates[0], 'anna');
        await store.append(docName, updates[1], 'anna');
        const version = await store.saveVersion(docName, 'voor', 'eva');
        doc.getMap('map').delete('p1');
        const seq = await store.appendErasing(docName, updates[2], 'anna', Y.encodeStateAsUpdate(doc));

        await restart();
        const has = (update: Uint8Array | null) => update !== null && Buffer.from(update).includes('123456782');
        expect(has(await store.load(docName))).toBe(false);
        expect(contentOf(await store.load(docName)).map).toEqual({ p2: 'Koffie om tien uur.' });
        expect(has(await store.loadVersion(docName, version))).toBe(false);
        expect(contentOf(await store.loadVersion(docName, version)).map).toEqual({ p2: 'Koffie om tien uur.' });
        expect(await store.logLength(docName)).toBe(0);
        expect((await store.history(docName)).map((entry) => [entry.author, entry.size])).toEqual([
          ['anna', updates[0].byteLength],
          ['anna', updates[1].byteLength],
          ['anna', updates[2].byteLength],
        ]);
        expect((await store.changesSince(0)).changes).toEqual([{ docName, seq }]);
      });
    });

    describe('appendErasing among appends', () => {
      it('keeps the content of appends made right after an erasure, which its state does not hold', async () => {
        for (let round = 0; round < 10; round++) {
          const docName = `noord/feed/na-wissen-${round}`;
          const doc = new Y.Doc();
          const updates: Uint8Array[] = [];
          doc.on('update', (update: Uint8Array) => updates.push(update));
          doc.getMap('map').set('weg', 'BSN 123456782');
          await store.append(docName, updates[0], 'anna');
          doc.getMap('map').delete('weg');
          const state = Y.encodeStateAsUpdate(doc);
          // Not awaited: the next post arrives while the erasure is on its way.
          const erased = store.appendErasing(docName, updates[1], 'anna', state);
          const after = store.append(docName, mapUpdate('nieuw', round), 'bram');
          expect(await after).toBeGreaterThan(await erased);
          expect(contentOf(await store.load(docName)).map).toEqual({ nieuw: round });
        }
      });
    });

    describe('changesSince', () => {
      it('lists each changed document once with its latest sequence number, in order', async () => {
        await store.append('noord/page/a', mapUpdate('k', 1), 'anna');
        await store.append('zuid/page/b', mapUpdate('k', 1), 'bram');
        const lastA = await store.append('noord/page/a', mapUpdate('k', 2), 'anna');
        const c = await store.append('noord/board/c', mapUpdate('k', 1), 'anna');
        const lastB = await store.append('zuid/page/b', mapUpdate('k', 2), 'bram');

        expect(await store.changesSince(0)).toEqual({
          changes: [
            { docName: 'noord/page/a', seq: lastA },
            { docName: 'noord/board/c', seq: c },
            { docName: 'zuid/page/b', seq: lastB },
          ],
          cursor: lastB,
        });
      });

      it('lists only what changed after the cursor and keeps the cursor when nothing did', async () => {
        await store.append('noord/page/a', mapUpdate('k', 1), 'anna');
        const cursor = await store.append('zuid/page/b', mapUpdate('k', 1), 'bram');
        expect(await store.changesSince(cursor)).toEqual({ changes: [], cursor });

        const later = await store.append('noord/page/a', mapUpdate('k', 2), 'anna');
        expect(await store.changesSince(cursor)).toEqual({
          changes: [{ docName: 'noord/page/a', seq: later }],
          cursor: later,
        });
      });

      it('pages through with limit, each page starting where the last ended', async () => {
        for (let i = 0; i < 5; i++) await store.append(`noord/page/p${i}`, mapUpdate('k', i), 'anna');
        const all = (await store.changesSince(0)).changes;

        const pages: number[] = [];
        const seen: DocumentChange[] = [];
        let cursor = 0;
        for (;;) {
          const page = await store.changesSince(cursor, 2);
          if (page.changes.length === 0) {
            expect(page.cursor).toBe(cursor);
            break;
          }
          pages.push(page.changes.length);
          seen.push(...page.changes);
          cursor = page.cursor;
        }
        expect(pages).toEqual([2, 2, 1]);
        expect(seen).toEqual(all);
      });

      it('does not count compaction or versions as a change', async () => {
        const cursor = await store.append('noord/page/a', mapUpdate('k', 1), 'anna');
        await store.compact('noord/page/a');
        await store.saveVersion('noord/page/a', 'v1', 'eva');
        expect(await store.changesSince(cursor)).toEqual({ changes: [], cursor });
      });

      it('rejects a limit below 1', async () => {
        await expect(store.changesSince(0, 0)).rejects.toBeInstanceOf(RangeError);
      });
    });

    describe('close and reopen', () => {
      it('keeps everything awaited before a restart', async () => {
        const { updates, text } = typing(['Cliënt', ' belt terug', ' om 10 uur']);
        await store.append('noord/page/a', updates[0], 'anna');
        await store.append('noord/page/a', updates[1], 'anna');
        await store.compact('noord/page/a');
        await store.append('noord/page/a', updates[2], 'bram');
        const version = await store.saveVersion('noord/page/a', 'v1', 'eva');
        const last = await store.append('zuid/page/b', mapUpdate('k', 1), null);
        const history = await store.history('noord/page/a');
        const changes = await store.changesSince(0);

        await restart();

        expect(contentOf(await store.load('noord/page/a')).text).toBe(text);
        expect(contentOf(await store.load('zuid/page/b')).map).toEqual({ k: 1 });
        expect(await store.logLength('noord/page/a')).toBe(1);
        expect(await store.history('noord/page/a')).toEqual(history);
        expect(contentOf(await store.loadVersion('noord/page/a', version)).text).toBe(text);
        expect(await store.changesSince(0)).toEqual(changes);
        expect(await store.append('zuid/page/b', mapUpdate('k', 2), null)).toBeGreaterThan(last);
      });

      it('lets close finish appends still pending', async () => {
        const pending = Array.from({ length: 20 }, (_, i) =>
          store.append('noord/chat/c', mapUpdate(`k${i}`, i), 'anna'),
        );
        await store.close();
        const seqs = await Promise.all(pending);
        expect(isIncreasing(seqs)).toBe(true);
        if (!context.reopen) return;
        store = await context.reopen();
        expect(Object.keys(contentOf(await store.load('noord/chat/c')).map)).toHaveLength(20);
      });

      it('rejects every call after close with StoreClosedError, and a second close is fine', async () => {
        await store.append('noord/page/a', mapUpdate('k', 1), 'anna');
        await store.close();
        await store.close();
        const calls: Promise<unknown>[] = [
          store.append('noord/page/a', mapUpdate('k', 2), 'anna'),
          store.load('noord/page/a'),
          store.compact('noord/page/a'),
          store.logLength('noord/page/a'),
          store.history('noord/page/a'),
          store.saveVersion('noord/page/a', 'v', null),
          store.listVersions('noord/page/a'),
          store.loadVersion('noord/page/a', 1),
          store.changesSince(0),
        ];
        for (const call of calls) await expect(call).rejects.toBeInstanceOf(StoreClosedError);
      });
    });

    describe('property', () => {
      it('loads what the edits made, wherever appends and compactions fall', async () => {
        let run = 0;
        await fc.assert(
          fc.asyncProperty(fc.array(command, { maxLength: 30 }), async (commands) => {
            const docName = `noord/page/eigenschap-${run++}`;
            // Two clients editing without seeing each other, and a reference that receives everything.
            const clients = [new Y.Doc(), new Y.Doc()];
            const reference = new Y.Doc();
            let unsent: Uint8Array[] = [];
            const appends: Promise<number>[] = [];
            for (const client of clients) {
              client.on('update', (update: Uint8Array) => {
                unsent.push(update);
                Y.applyUpdate(reference, update);
              });
            }
            // Not awaited, so appends and compactions overlap as they do on a busy server.
            const send = (): void => {
              if (unsent.length > 0) appends.push(store.append(docName, Y.mergeUpdates(unsent), 'anna'));
              unsent = [];
            };

            for (const step of commands) {
              if (step.kind === 'append') send();
              else if (step.kind === 'compact') {
                send();
                await store.compact(docName);
              } else {
                const text = clients[step.client].getText('text');
                if (step.kind === 'insert') text.insert(step.at % (text.length + 1), step.text);
                else if (text.length > 0) {
                  const index = step.at % text.length;
                  text.delete(index, Math.min(step.length, text.length - index));
                }
              }
            }
            send();
            await Promise.all(appends);

            const loaded = new Y.Doc();
            const state = await store.load(docName);
            if (state) Y.applyUpdate(loaded, state);
            expect(loaded.getText('text').toString()).toBe(reference.getText('text').toString());
            expect(Y.encodeStateVector(loaded)).toEqual(Y.encodeStateVector(reference));
          }),
          { numRuns: 50 },
        );
      }, 30_000);
    });
  });
}

const client = fc.integer({ min: 0, max: 1 });
const command = fc.oneof(
  fc.record({
    kind: fc.constant('insert' as const),
    client,
    at: fc.nat(),
    text: fc.string({ minLength: 1, maxLength: 5 }),
  }),
  fc.record({ kind: fc.constant('delete' as const), client, at: fc.nat(), length: fc.integer({ min: 1, max: 3 }) }),
  fc.constant({ kind: 'append' as const }),
  fc.constant({ kind: 'compact' as const }),
);

/** One update per piece typed at the end of a Y.Text, as an editor sends them, and the resulting text. */
function typing(pieces: string[]): { updates: Uint8Array[]; text: string } {
  const doc = new Y.Doc();
  const updates: Uint8Array[] = [];
  doc.on('update', (update: Uint8Array) => updates.push(update));
  const text = doc.getText('text');
  for (const piece of pieces) text.insert(text.length, piece);
  return { updates, text: text.toString() };
}

/** An update from a fresh client setting one key, independent of every other update. */
function mapUpdate(key: string, value: string | number): Uint8Array {
  const doc = new Y.Doc();
  doc.getMap('map').set(key, value);
  return Y.encodeStateAsUpdate(doc);
}

function contentOf(update: Uint8Array | null): { text: string; map: Record<string, unknown> } {
  const doc = new Y.Doc();
  if (update) Y.applyUpdate(doc, update);
  return { text: doc.getText('text').toString(), map: doc.getMap('map').toJSON() };
}

function isIncreasing(numbers: number[]): boolean {
  return numbers.every((n, i) => i === 0 || n > numbers[i - 1]);
}
