import * as decoding from 'lib0/decoding';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { MessageType, encodeSaved, isCoveredBy, readSaved } from './index.ts';

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
