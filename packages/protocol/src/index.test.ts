import * as decoding from 'lib0/decoding';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { CloseCode, MessageType, asksForSaved, encodeSaved, isCoveredBy, isFinalClose, mergeSaved, reachOf, readSaved } from './index.ts';

describe('saved-on-server message', () => {
  it('round-trips the state vector after its message type', () => {
    const doc = new Y.Doc();
    doc.getText('t').insert(0, 'hallo');
    const sv = Y.encodeStateVector(doc);
    const decoder = decoding.createDecoder(encodeSaved(sv));
    expect(decoding.readVarUint(decoder)).toBe(MessageType.saved);
    expect(readSaved(decoder)).toEqual(sv);
  });
});

describe('isCoveredBy', () => {
  it('is true only when the server holds every local update', () => {
    const local = new Y.Doc();
    const server = new Y.Doc();
    local.getText('t').insert(0, 'a');
    Y.applyUpdate(server, Y.encodeStateAsUpdate(local));
    expect(isCoveredBy(Y.encodeStateVector(local), Y.encodeStateVector(server))).toBe(true);
    local.getText('t').insert(1, 'b');
    expect(isCoveredBy(Y.encodeStateVector(local), Y.encodeStateVector(server))).toBe(false);
  });

  it('ignores updates the server has that this device has not seen yet', () => {
    const local = new Y.Doc();
    const server = new Y.Doc();
    server.getText('t').insert(0, 'x');
    expect(isCoveredBy(Y.encodeStateVector(local), Y.encodeStateVector(server))).toBe(true);
  });
});

describe('mergeSaved', () => {
  const sv = (entries: [number, number][]) => Y.encodeStateVector(new Map(entries));

  it('keeps every client either message named, each at its higher clock', () => {
    const merged = Y.decodeStateVector(mergeSaved(sv([[1, 5], [2, 9]]), sv([[2, 4], [3, 7]])));
    expect([...merged].sort(([a], [b]) => a - b)).toEqual([[1, 5], [2, 9], [3, 7]]);
  });

  it('takes the first message as it is', () => {
    const heard = sv([[1, 3]]);
    expect(mergeSaved(null, heard)).toBe(heard);
  });

  it('covers a document written by two clients only once both were confirmed', () => {
    const doc = new Y.Doc();
    doc.clientID = 1;
    doc.getText('t').insert(0, 'a');
    const other = new Y.Doc();
    other.clientID = 2;
    other.getText('t').insert(0, 'b');
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(other));
    let known = mergeSaved(null, sv([[1, 1]]));
    expect(isCoveredBy(Y.encodeStateVector(doc), known)).toBe(false);
    known = mergeSaved(known, sv([[2, 1]]));
    expect(isCoveredBy(Y.encodeStateVector(doc), known)).toBe(true);
  });
});

describe('reachOf', () => {
  it('says how far an update that continues earlier edits reaches', () => {
    const doc = new Y.Doc();
    doc.getText('t').insert(0, 'Overdracht: ');
    const before = Y.encodeStateVector(doc);
    doc.getText('t').insert(12, 'bed 3');
    const later = Y.encodeStateAsUpdate(doc, before);
    expect(Y.decodeStateVector(reachOf(later))).toEqual(new Map([[doc.clientID, 17]]));
  });
});

describe('asking for saved', () => {
  it('is asked for only with saved=1 in the socket URL’s query', () => {
    expect(asksForSaved('/sync/noord/page/p?saved=1')).toBe(true);
    expect(asksForSaved('/sync/noord/page/p?x=2&saved=1')).toBe(true);
    expect(asksForSaved('/sync/noord/page/p')).toBe(false);
    expect(asksForSaved('/sync/noord/page/p?saved=0')).toBe(false);
    expect(asksForSaved('/sync/noord/page/saved=1')).toBe(false);
  });
});

describe('close codes', () => {
  it('are final in 4400–4499 and try-later in 4500–4599, as y-websocket 3 reads them', () => {
    for (const code of [CloseCode.malformed, CloseCode.noSession, CloseCode.forbidden, CloseCode.sessionEnded, CloseCode.tooLarge, CloseCode.storageFull]) expect(isFinalClose(code)).toBe(true);
    for (const code of [CloseCode.tooFast, CloseCode.overQuota]) {
      expect(code).toBeGreaterThanOrEqual(4500);
      expect(code).toBeLessThan(4600);
      expect(isFinalClose(code)).toBe(false);
    }
    expect(isFinalClose(1006)).toBe(false);
  });
});
