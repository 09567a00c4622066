/**
 * Wire messages for raw sockets, built with the server's own encoders (y-protocols' format; `saved` is Kring's
 * extension). They take any payload, so a test can also send what no stock client would.
 */
import * as decoding from 'lib0/decoding';
import * as syncProtocol from 'y-protocols/sync';
import { MessageType, readRefused, type RefusalCode } from '../../packages/protocol/src/index.ts';
import { awarenessMessage as wrapAwareness, encodeAwareness } from '../../sync-server/src/messages.ts';

export { syncStep1, syncStep2, syncUpdate } from '../../sync-server/src/messages.ts';

/** An awareness message for `entries`, each state as a value (null: the client is gone). */
export function awarenessMessage(entries: { clientId: number; clock: number; state: unknown }[]): Uint8Array {
  return wrapAwareness(encodeAwareness(entries.map((entry) => ({ ...entry, state: JSON.stringify(entry.state) }))));
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
  | { type: 'refused'; code: RefusalCode }
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
    case MessageType.refused:
      return { type: 'refused', code: readRefused(decoder) };
    default:
      return { type: 'other', messageType };
  }
}
