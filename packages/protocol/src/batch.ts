/**
 * Reconciling many documents in one round trip (`POST /api/sync/batch`): the device sends, per document, its
 * state vector and what the server has not confirmed yet; the server stores that, and answers with what the
 * device is missing and the state vector of everything durably stored. Binary (lib0 encoding), since the
 * payloads are Yjs updates.
 */
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';

export interface BatchRequestItem {
  docName: string;
  /** The device's state vector of the document. */
  stateVector: Uint8Array;
  /** Updates the server may not have yet (empty when there is nothing new on the device). */
  update: Uint8Array;
}

export type BatchStatus = 'ok' | 'forbidden' | 'malformed';

export interface BatchResponseItem {
  docName: string;
  status: BatchStatus;
  /** What the device is missing (empty unless status is ok). */
  diff: Uint8Array;
  /** The server's state vector of what is durably stored (empty unless status is ok). */
  saved: Uint8Array;
}

const STATUSES: readonly BatchStatus[] = ['ok', 'forbidden', 'malformed'];

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
    items.push({ docName, status, diff: decoding.readVarUint8Array(decoder), saved: decoding.readVarUint8Array(decoder) });
  }
  return items;
}
