/**
 * Kring's sync protocol: the y-websocket protocol (y-protocols sync and awareness) plus extensions that use
 * new message types. A stock y-websocket client does not ignore a type it does not know (it logs "Unable to
 * compute message"), so the server sends an extension only to a client that asked for it when it connected.
 */
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as Y from 'yjs';
import { REFUSED_MESSAGE } from './refusal.ts';

/** Message types of the y-websocket protocol. */
export const MessageType = {
  sync: 0,
  awareness: 1,
  auth: 2,
  queryAwareness: 3,
  /**
   * Kring extension, server to client, only for clients that ask for it (`SAVED_PARAMS`): "the server durably
   * holds at least these clocks". Sent once after the initial sync (the whole stored state vector), and after
   * the server committed updates from this connection (only the entries of the clients in those updates, so a
   * room of a hundred keeps it a few bytes long). A client merges each into what it heard before
   * (`mergeSaved`). Payload: a state vector (varUint8Array).
   */
  saved: 100,
  /** Kring extension, server to client, only for clients that ask for it: see `refusal.ts`. */
  refused: REFUSED_MESSAGE,
} as const;

/**
 * The query parameters with which a client asks for `saved` messages: `/sync/<docName>?saved=1`, or
 * y-websocket's `new WebsocketProvider(url, docName, doc, { params: SAVED_PARAMS })`.
 */
export const SAVED_PARAMS: Readonly<Record<string, string>> = { saved: '1' };

/** Whether the socket URL `url` (path and query) asks for `saved` messages. */
export function asksForSaved(url: string): boolean {
  const query = url.indexOf('?');
  return query >= 0 && new URLSearchParams(url.slice(query + 1)).get('saved') === SAVED_PARAMS.saved;
}

/**
 * Close codes the sync server uses. Every code closes only the offending connection. They follow y-websocket
 * 3's convention: 4400–4499 are final (a stock client stops reconnecting), 4500–4599 mean "try again later".
 */
export const CloseCode = {
  malformed: 4400,
  noSession: 4401,
  forbidden: 4403,
  /** The account was deactivated or the session ended (logout, expiry). */
  sessionEnded: 4410,
  tooLarge: 4413,
  /**
   * The person's or the space's storage is full. Final: waiting does not free it (an administrator does), and a
   * client that came back would send its whole unsaved state again only to be closed again.
   */
  storageFull: 4414,
  /** Too many messages or bytes: a limit of this connection, so a new one may come back later. */
  tooFast: 4529,
  /** A limit of the person, across their devices: sockets open, bytes a minute, new documents an hour. */
  overQuota: 4530,
} as const;

/** Whether a client should stop reconnecting after the server closed with `code` (y-websocket 3's rule). */
export function isFinalClose(code: number): boolean {
  return code >= 4400 && code < 4500;
}

/** Close codes after which the sync waits until the person logs in again or gets access. */
export const ACCESS_CLOSE_CODES: ReadonlySet<number> = new Set([CloseCode.noSession, CloseCode.forbidden, CloseCode.sessionEnded]);

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
 * What the server has said it holds, with one more `saved` taken in: per client the higher clock. The stored
 * state of a document only grows, so an older, larger entry stays true.
 */
export function mergeSaved(known: Uint8Array | null, heard: Uint8Array): Uint8Array {
  if (!known) return heard;
  const merged = Y.decodeStateVector(known);
  for (const [client, clock] of Y.decodeStateVector(heard)) merged.set(client, Math.max(merged.get(client) ?? 0, clock));
  return Y.encodeStateVector(merged);
}

/**
 * How far an update reaches per client, as a state vector. Unlike `Y.encodeStateVectorFromUpdate` (meant for
 * a whole document), this counts an update that starts in the middle of a client's edits too.
 */
export function reachOf(update: Uint8Array): Uint8Array {
  return Y.encodeStateVector(Y.parseUpdateMeta(update).to);
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
export * from './refusal.ts';
