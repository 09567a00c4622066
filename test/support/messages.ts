/**
 * Wire messages for raw sockets: what a stock client would send, written by hand so a test can also send what
 * no stock client would. Follows y-protocols' encoding; `saved` is Kring's extension.
 */
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as syncProtocol from 'y-protocols/sync';
import { MessageType } from '../../packages/protocol/src/index.ts';

function syncMessage(subType: number, payload: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MessageType.sync);
  encoding.writeVarUint(encoder, subType);
  encoding.writeVarUint8Array(encoder, payload);
  return encoding.toUint8Array(encoder);
}

export const syncStep1 = (stateVector: Uint8Array) => syncMessage(syncProtocol.messageYjsSyncStep1, stateVector);
export const syncStep2 = (update: Uint8Array) => syncMessage(syncProtocol.messageYjsSyncStep2, update);
export const syncUpdate = (update: Uint8Array) => syncMessage(syncProtocol.messageYjsUpdate, update);

export function awarenessMessage(entries: { clientId: number; clock: number; state: unknown }[]): Uint8Array {
  const update = encoding.createEncoder();
  encoding.writeVarUint(update, entries.length);
  for (const entry of entries) {
    encoding.writeVarUint(update, entry.clientId);
    encoding.writeVarUint(update, entry.clock);
    encoding.writeVarString(update, JSON.stringify(entry.state));
  }
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MessageType.awareness);
  encoding.writeVarUint8Array(encoder, encoding.toUint8Array(update));
  return encoding.toUint8Array(encoder);
}

export function queryAwareness(): Uint8Array {
  return Uint8Array.of(MessageType.queryAwareness);
}

/** A received message, decoded just enough to assert on. */
export type WireMessage =
  | { type: 'sync-step-1'; stateVector: Uint8Array }
  | { type: 'sync-step-2'; update: Uint8Array }
  | { type: 'sync-update'; update: Uint8Array }
  | { type: 'awareness'; states: { clientId: number; clock: number; state: unknown }[] }
  | { type: 'saved'; stateVector: Uint8Array }
  | { type: 'other'; messageType: number };

export function decodeMessage(data: Uint8Array): WireMessage {
  const decoder = decoding.createDecoder(data);
  const messageType = decoding.readVarUint(decoder);
  switch (messageType) {
    case MessageType.sync: {
      const subType = decoding.readVarUint(decoder);
      const payload = decoding.readVarUint8Array(decoder);
      if (subType === syncProtocol.messageYjsSyncStep1) return { type: 'sync-step-1', stateVector: payload };
      if (subType === syncProtocol.messageYjsSyncStep2) return { type: 'sync-step-2', update: payload };
      return { type: 'sync-update', update: payload };
    }
    case MessageType.awareness: {
      const update = decoding.createDecoder(decoding.readVarUint8Array(decoder));
      const count = decoding.readVarUint(update);
      const states = [];
      for (let i = 0; i < count; i++) {
        const clientId = decoding.readVarUint(update);
        const clock = decoding.readVarUint(update);
        states.push({ clientId, clock, state: JSON.parse(decoding.readVarString(update)) as unknown });
      }
      return { type: 'awareness', states };
    }
    case MessageType.saved:
      return { type: 'saved', stateVector: decoding.readVarUint8Array(decoder) };
    default:
      return { type: 'other', messageType };
  }
}
