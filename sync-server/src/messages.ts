/** Encoders for the messages the server sends. The wire format is y-protocols'; `saved` is Kring's. */
import * as encoding from 'lib0/encoding';
import * as syncProtocol from 'y-protocols/sync';
import { MessageType } from '@kring/protocol';

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

export function awarenessMessage(update: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MessageType.awareness);
  encoding.writeVarUint8Array(encoder, update);
  return encoding.toUint8Array(encoder);
}

/** One awareness entry as y-protocols encodes it: client id, clock, and the state as JSON ('null' = gone). */
export interface AwarenessEntry {
  clientId: number;
  clock: number;
  state: string;
}

export function encodeAwareness(entries: Iterable<AwarenessEntry>): Uint8Array {
  const list = [...entries];
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, list.length);
  for (const entry of list) {
    encoding.writeVarUint(encoder, entry.clientId);
    encoding.writeVarUint(encoder, entry.clock);
    encoding.writeVarString(encoder, entry.state);
  }
  return encoding.toUint8Array(encoder);
}
