import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { Access } from '@kring/access';
import { admit, refuseOthersClients } from './admit.ts';
import { ClientWriters } from './ClientWriters.ts';
import { emptyStats, type Principal } from './types.ts';

const anna: Principal = { sessionId: 's-anna', userId: 'anna', name: 'Anna' };

/** An update that sets `key` in the map `feed`. */
function setting(key: string): Uint8Array {
  const doc = new Y.Doc();
  doc.getMap('feed').set(key, 'x');
  return Y.encodeStateAsUpdate(doc);
}

/** What a client with nothing new sends as its sync step 2. */
const emptyUpdate = Y.encodeStateAsUpdate(new Y.Doc());

function run(update: Uint8Array, access: Access, refuses: (keys: ReadonlySet<string>) => boolean = () => false) {
  const stats = emptyStats();
  const seen: { docName: string; keys: ReadonlySet<string> }[] = [];
  const admission = admit(
    update,
    { principal: anna, docName: 'noord/feed/2026-11', access },
    {
      rules: {
        refusesChange: (principal, docName, keys) => {
          expect(principal).toBe(anna);
          seen.push({ docName, keys });
          return refuses(keys);
        },
      },
      doc: null,
      stats,
    },
  );
  return { admission, stats, seen };
}

describe('admit', () => {
  it("admits a writer's update with the clock ranges it covers, and counts it as stored", () => {
    const doc = new Y.Doc();
    doc.getMap('feed').set('text', 'hallo');
    const { admission, stats, seen } = run(Y.encodeStateAsUpdate(doc), 'write');
    expect(admission).toEqual({ admitted: true, meta: { from: new Map([[doc.clientID, 0]]), to: new Map([[doc.clientID, 1]]) } });
    expect(stats).toEqual({ ...emptyStats(), updatesStored: 1 });
    expect(seen).toEqual([{ docName: 'noord/feed/2026-11', keys: new Set(['text']) }]);
  });

  it('throws on a malformed update, counting nothing', () => {
    const stats = emptyStats();
    expect(() => admit(new Uint8Array([0xff, 0xff, 0xff]), { principal: anna, docName: 'noord/feed/x', access: 'write' }, { rules: {}, doc: null, stats })).toThrow();
    expect(stats).toEqual(emptyStats());
  });

  it('drops an empty update without counting it, from writers and readers alike', () => {
    for (const access of ['write', 'read'] as const) {
      const { admission, stats, seen } = run(emptyUpdate, access);
      expect(admission).toEqual({ admitted: false, reason: 'empty' });
      expect(stats).toEqual(emptyStats());
      expect(seen).toEqual([]);
    }
  });

  it("drops a reader's write and counts it, without asking the content rule", () => {
    const { admission, stats, seen } = run(setting('text'), 'read');
    expect(admission).toEqual({ admitted: false, reason: 'read-only' });
    expect(stats).toEqual({ ...emptyStats(), readOnlyWritesDropped: 1 });
    expect(seen).toEqual([]);
  });

  it("drops a reader's deletion too: deleting is writing", () => {
    const doc = new Y.Doc();
    doc.getMap('feed').set('text', 'hallo');
    const before = Y.encodeStateVector(doc);
    doc.getMap('feed').delete('text');
    const { admission, stats } = run(Y.encodeStateAsUpdate(doc, before), 'read');
    expect(admission).toEqual({ admitted: false, reason: 'read-only' });
    expect(stats.readOnlyWritesDropped).toBe(1);
  });

  it("drops a writer's change the content rule refuses, and counts it", () => {
    const { admission, stats, seen } = run(setting('poll'), 'write', (keys) => keys.has('poll'));
    expect(admission).toEqual({ admitted: false, reason: 'refused', code: 'switched-off' });
    expect(stats).toEqual({ ...emptyStats(), changesRefused: 1 });
    expect(seen[0]?.keys).toEqual(new Set(['poll']));
  });

  it('admits every write when there is no content rule', () => {
    const stats = emptyStats();
    const admission = admit(setting('poll'), { principal: anna, docName: 'noord/feed/x', access: 'write' }, { rules: {}, doc: null, stats });
    expect(admission.admitted).toBe(true);
    expect(stats.updatesStored).toBe(1);
  });

  describe("a reader's device sending the server's own content back", () => {
    /** The document as the server stores it: a page with a title, a line deleted from it. */
    function stored() {
      const doc = new Y.Doc();
      doc.getText('title').insert(0, 'Welkom op Kring');
      doc.getText('body').insert(0, 'eerste regel, tweede regel');
      doc.getText('body').delete(0, 14);
      return doc;
    }
    const judge = (update: Uint8Array, state: Uint8Array) => {
      const stats = emptyStats();
      const admission = admit(update, { principal: anna, docName: 'nieuws/page/welkom', access: 'read' }, { rules: {}, doc: null, stats, known: () => state });
      return { admission, dropped: stats.readOnlyWritesDropped };
    };

    it('is no write: the whole document, or any part of it, back again is not counted', () => {
      const doc = stored();
      const state = Y.encodeStateAsUpdate(doc);
      expect(judge(state, state)).toEqual({ admission: { admitted: false, reason: 'empty' }, dropped: 0 });
      // Only the deletion, as a second copy on the device would hand it over.
      const deletion = Y.encodeStateAsUpdate(doc, Y.encodeStateVector(doc));
      expect(Y.decodeUpdate(deletion).ds.clients.size).toBe(1);
      expect(judge(deletion, state)).toEqual({ admission: { admitted: false, reason: 'empty' }, dropped: 0 });
    });

    it('is still dropped and counted when it adds one character', () => {
      const doc = stored();
      const state = Y.encodeStateAsUpdate(doc);
      const copy = new Y.Doc();
      Y.applyUpdate(copy, state);
      copy.getText('body').insert(0, 'x');
      expect(judge(Y.encodeStateAsUpdate(copy), state)).toEqual({ admission: { admitted: false, reason: 'read-only' }, dropped: 1 });
    });

    it('is still dropped and counted when it deletes something the document still holds', () => {
      const doc = stored();
      const state = Y.encodeStateAsUpdate(doc);
      const copy = new Y.Doc();
      Y.applyUpdate(copy, state);
      const before = Y.encodeStateVector(copy);
      copy.getText('title').delete(0, 1);
      const deletion = Y.encodeStateAsUpdate(copy, before);
      expect(Y.decodeUpdate(deletion).structs).toHaveLength(0);
      expect(judge(deletion, state)).toEqual({ admission: { admitted: false, reason: 'read-only' }, dropped: 1 });
      // Its whole copy (old content and the new deletion) too.
      expect(judge(Y.encodeStateAsUpdate(copy), state).dropped).toBe(1);
    });
  });
});

describe("admit and another person's Yjs client", () => {
  /** Anna's document, written as her client 7, which she has taken. */
  const annas = () => {
    const doc = new Y.Doc();
    doc.clientID = 7;
    doc.getText('body').insert(0, 'Anna');
    const clients = new ClientWriters(new Map([[7, 'anna']]), Y.decodeStateVector(Y.encodeStateVector(doc)));
    return { doc, clients };
  };
  const bram: Principal = { sessionId: 's-bram', userId: 'bram', name: 'Bram' };

  it("refuses new content as Anna's client to Bram, counted as a refused change, and admits it to Anna", () => {
    const { doc, clients } = annas();
    const before = Y.encodeStateVector(doc);
    doc.getText('body').insert(4, ' zegt niets');
    const update = Y.encodeStateAsUpdate(doc, before);
    for (const [principal, admitted] of [[bram, false], [anna, true]] as const) {
      const stats = emptyStats();
      const admission = admit(update, { principal, docName: 'noord/page/p', access: 'write' }, { rules: {}, doc: null, stats, clients });
      expect(admission.admitted).toBe(admitted);
      if (!admitted) {
        expect(admission).toEqual({ admitted: false, reason: 'refused', code: 'not-yours' });
        expect(stats).toEqual({ ...emptyStats(), changesRefused: 1 });
      }
    }
  });

  it('refuses it too when the update was admitted before the room was open (the batch)', () => {
    const { doc, clients } = annas();
    const before = Y.encodeStateVector(doc);
    doc.getText('body').insert(4, '!');
    const stats = emptyStats();
    const early = admit(Y.encodeStateAsUpdate(doc, before), { principal: bram, docName: 'noord/page/p', access: 'write' }, { rules: {}, doc: null, stats });
    expect(early.admitted).toBe(true);
    expect(refuseOthersClients(early, clients, 'bram', stats)).toEqual({ admitted: false, reason: 'refused', code: 'not-yours' });
    expect(stats).toEqual({ ...emptyStats(), changesRefused: 1 });
    expect(refuseOthersClients(early, clients, 'anna', emptyStats())).toBe(early);
  });
});
