/**
 * Telling the writer "refused": the server took none of an update, because a content rule forbids it. The device
 * then drops its own copy of the document (later updates build on the refused clocks, so they could never be
 * stored either) and loads it again from the server. Sent on a socket only to a client that asked for it
 * (`REFUSED_PARAMS`), so stock y-websocket clients keep working; the batch and the handover answer it per
 * document (status `refused` with the code).
 */
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';

/**
 * Why: `not-yours` — the update writes in another person's name or changes what is not the writer's (packages/access,
 * authorship.ts); `switched-off` — the feature is switched off in the space (polls).
 */
export type RefusalCode = 'not-yours' | 'switched-off';

export const REFUSAL_CODES: readonly RefusalCode[] = ['not-yours', 'switched-off'];

/** Message type of "refused" on a socket (server to client). Payload: the code (varString). */
export const REFUSED_MESSAGE = 101;

/** The query parameters with which a client asks for `refused` messages: `/sync/<docName>?refused=1`. */
export const REFUSED_PARAMS: Readonly<Record<string, string>> = { refused: '1' };

/** Whether the socket URL `url` (path and query) asks for `refused` messages. */
export function asksForRefused(url: string): boolean {
  const query = url.indexOf('?');
  return query >= 0 && new URLSearchParams(url.slice(query + 1)).get('refused') === REFUSED_PARAMS.refused;
}

export function encodeRefused(code: RefusalCode): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, REFUSED_MESSAGE);
  encoding.writeVarString(encoder, code);
  return encoding.toUint8Array(encoder);
}

/** Reads the payload of a `refused` message whose type was already read; an unknown code reads as `not-yours`. */
export function readRefused(decoder: decoding.Decoder): RefusalCode {
  const code = decoding.readVarString(decoder);
  return REFUSAL_CODES.find((known) => known === code) ?? 'not-yours';
}
