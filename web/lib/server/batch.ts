import { decodeBatchRequest, encodeBatchResponse, type BatchRequestItem, type BatchResponseItem } from '@kring/protocol';
import { problem } from './http.ts';

/** Largest batch body; a device with more sends several batches. */
export const MAX_BATCH_BODY_BYTES = 16 * 1024 * 1024;

/** The documents of a binary batch body (packages/protocol/src/batch.ts), or the error answer for a bad one. */
export async function readBatchRequest(request: Request): Promise<BatchRequestItem[] | Response> {
  const declared = Number(request.headers.get('content-length') ?? NaN);
  if (!(declared <= MAX_BATCH_BODY_BYTES)) return problem(413, 'too_large', `Send a Content-Length of at most ${MAX_BATCH_BODY_BYTES} bytes.`);
  const body = new Uint8Array(await request.arrayBuffer());
  if (body.byteLength > MAX_BATCH_BODY_BYTES) return problem(413, 'too_large', 'Batch too large.');
  try {
    return decodeBatchRequest(body);
  } catch {
    return problem(400, 'malformed', 'Not a well-formed batch.');
  }
}

/** A binary batch answer, never cached. */
export function batchResponse(items: BatchResponseItem[]): Response {
  const encoded = encodeBatchResponse(items);
  return new Response(encoded.slice().buffer, { headers: { 'content-type': 'application/octet-stream', 'cache-control': 'no-store' } });
}
