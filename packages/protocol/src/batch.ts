/**
 * Reconciling many documents in one round trip (`POST /api/sync/batch`): the device sends, per document, its
 * state vector and what the server has not confirmed yet; the server stores that, and answers with what the
 * device is missing and the state vector of everything durably stored. Binary (lib0 encoding), since the
 * payloads are Yjs updates.
 */
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { REFUSAL_CODES, type RefusalCode } from './refusal.ts';

export interface BatchRequestItem {
  docName: string;
  /** The device's state vector of the document. */
  stateVector: Uint8Array;
  /** Updates the server may not have yet (empty when there is nothing new on the device). */
  update: Uint8Array;
}

/** `refused`: the device's update broke a content rule and none of it was stored (see `refusal.ts`). */
export type BatchStatus = 'ok' | 'forbidden' | 'malformed' | 'refused';

export interface BatchResponseItem {
  docName: string;
  status: BatchStatus;
  /** What the device is missing (empty unless status is ok). */
  diff: Uint8Array;
  /** The server's state vector of what is durably stored (empty unless status is ok or refused). */
  saved: Uint8Array;
  /** Why, when status is refused. With it, `diff` is the whole document as the server stores it. */
  refusal?: RefusalCode;
}

const STATUSES: readonly BatchStatus[] = ['ok', 'forbidden', 'malformed', 'refused'];

/** Most documents in one batch; a device with more sends several. */
export const MAX_BATCH_ITEMS = 500;

/** A list as a batch carries it: the number of items, then each item. */
function encodeList<T>(items: readonly T[], write: (encoder: encoding.Encoder, item: T) => void): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, items.length);
  for (const item of items) write(encoder, item);
  return encoding.toUint8Array(encoder);
}

export function encodeBatchRequest(items: readonly BatchRequestItem[]): Uint8Array {
  return encodeList(items, (encoder, item) => {
    encoding.writeVarString(encoder, item.docName);
    encoding.writeVarUint8Array(encoder, item.stateVector);
    encoding.writeVarUint8Array(encoder, item.update);
  });
}

/** Throws on anything that is not a well-formed request of at most MAX_BATCH_ITEMS items. */
export function decodeBatchRequest(bytes: Uint8Array): BatchRequestItem[] {
  const decoder = decoding.createDecoder(bytes);
  const count = decoding.readVarUint(decoder);
  if (count > MAX_BATCH_ITEMS) throw new RangeError(`at most ${MAX_BATCH_ITEMS} documents per batch`);
  const items: BatchRequestItem[] = [];
  for (let i = 0; i < count; i++) {
    items.push({
      docName: decoding.readVarString(decoder),
      stateVector: decoding.readVarUint8Array(decoder),
      update: decoding.readVarUint8Array(decoder),
    });
  }
  if (decoding.hasContent(decoder)) throw new RangeError('trailing bytes after the batch');
  return items;
}

export function encodeBatchResponse(items: readonly BatchResponseItem[]): Uint8Array {
  return encodeList(items, (encoder, item) => {
    encoding.writeVarString(encoder, item.docName);
    encoding.writeVarUint(encoder, STATUSES.indexOf(item.status));
    if (item.status === 'refused') encoding.writeVarUint(encoder, REFUSAL_CODES.indexOf(item.refusal ?? 'not-yours'));
    encoding.writeVarUint8Array(encoder, item.diff);
    encoding.writeVarUint8Array(encoder, item.saved);
  });
}

export function decodeBatchResponse(bytes: Uint8Array): BatchResponseItem[] {
  const decoder = decoding.createDecoder(bytes);
  const count = decoding.readVarUint(decoder);
  const items: BatchResponseItem[] = [];
  for (let i = 0; i < count; i++) {
    const docName = decoding.readVarString(decoder);
    const status = STATUSES[decoding.readVarUint(decoder)];
    if (!status) throw new RangeError('unknown batch status');
    const refusal = status === 'refused' ? REFUSAL_CODES[decoding.readVarUint(decoder)] : undefined;
    if (status === 'refused' && !refusal) throw new RangeError('unknown refusal');
    const item: BatchResponseItem = { docName, status, diff: decoding.readVarUint8Array(decoder), saved: decoding.readVarUint8Array(decoder) };
    if (refusal) item.refusal = refusal;
    items.push(item);
  }
  return items;
}
