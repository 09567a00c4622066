import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { StateVectorTracker } from './StateVectorTracker.ts';

/** The updates one client makes, one per edit. */
function edits(count: number): { doc: Y.Doc; updates: Uint8Array[] } {
  const doc = new Y.Doc();
  const updates: Uint8Array[] = [];
  doc.on('update', (update: Uint8Array) => updates.push(update));
  for (let i = 0; i < count; i++) doc.getText('t').insert(i, 'x');
  return { doc, updates };
}

describe('StateVectorTracker', () => {
  it('follows contiguous updates to the document state vector', () => {
    const { doc, updates } = edits(5);
    const tracker = new StateVectorTracker();
    for (const update of updates) tracker.add(update);
    expect(tracker.encode()).toEqual(Y.encodeStateVector(doc));
  });

  it('does not claim an update that arrived after a gap until the gap is filled', () => {
    const { doc, updates } = edits(3);
    const tracker = new StateVectorTracker();
    tracker.add(updates[0]);
    tracker.add(updates[2]);
    expect(Y.decodeStateVector(tracker.encode()).get(doc.clientID)).toBe(1);
    expect([...tracker.add(updates[1])]).toEqual([doc.clientID]);
    expect(tracker.encode()).toEqual(Y.encodeStateVector(doc));
    // Nothing new: no client moved on.
    expect(tracker.add(updates[1]).size).toBe(0);
  });

  it('starts from a stored document', () => {
    const { doc } = edits(4);
    const tracker = new StateVectorTracker(Y.encodeStateAsUpdate(doc));
    expect(tracker.encode()).toEqual(Y.encodeStateVector(doc));
  });

  it('encodes only the clients asked for, and none it does not know', () => {
    const one = edits(2);
    const two = edits(3);
    const tracker = new StateVectorTracker();
    for (const update of [...one.updates, ...two.updates]) tracker.add(update);
    expect(Y.decodeStateVector(tracker.encode([two.doc.clientID, 12345]))).toEqual(new Map([[two.doc.clientID, 3]]));
  });
});
