/**
 * Kring's sync protocol: the y-websocket protocol (y-protocols sync and awareness) plus extensions that use
 * new message types, which stock y-websocket clients ignore.
 */
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as Y from 'yjs';

/** Message types of the y-websocket protocol. */
export const MessageType = {
  sync: 0,
  awareness: 1,
  auth: 2,
  queryAwareness: 3,
  /**
   * Kring extension, server to client: "everything up to this state vector is durably stored". Sent after
   * the server committed updates from this connection (and once after the initial sync). Payload: the
   * server's state vector of the document (varUint8Array).
   */
  saved: 100,
} as const;

/**
 * Close codes the sync server uses. Every code closes only the offending connection. 4401 and 4403 mean
 * "do not retry with these credentials"; the others are the client's own fault or a transient limit.
 */
export const CloseCode = {
  malformed: 4400,
  noSession: 4401,
  forbidden: 4403,
  /** The account was deactivated or the session ended (logout, expiry). */
  sessionEnded: 4410,
  tooLarge: 4413,
  tooFast: 4429,
} as const;

/** Close codes after which retrying cannot help until the user logs in again or gets access. */
export const FINAL_CLOSE_CODES: ReadonlySet<number> = new Set([CloseCode.noSession, CloseCode.forbidden, CloseCode.sessionEnded]);

export function encodeSaved(stateVector: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MessageType.saved);
  encoding.writeVarUint8Array(encoder, stateVector);
  return encoding.toUint8Array(encoder);
}

/** Reads the payload of a `saved` message whose type was already read from `decoder`. */
export function readSaved(decoder: decoding.Decoder): Uint8Array {
  return decoding.readVarUint8Array(decoder);
}

/**
 * True when the server's state vector covers everything in the local one: every update this device holds
 * is stored on the server.
 */
export function isCoveredBy(localStateVector: Uint8Array, serverStateVector: Uint8Array): boolean {
  const server = Y.decodeStateVector(serverStateVector);
  for (const [client, clock] of Y.decodeStateVector(localStateVector)) {
    if ((server.get(client) ?? 0) < clock) return false;
  }
  return true;
}

export * from './batch.ts';
