import { decodeBatchRequest, encodeBatchResponse, type BatchRequestItem, type BatchResponseItem } from '@kring/protocol';
import { QuotaExceededError } from '@kring/server';
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

/**
 * Runs a batch's reconcile; a batch over a quota (nothing of it stored) is answered 429 with Retry-After when
 * waiting helps, else 413: `storage_full`, or `too_large` for more than a whole allowance at once.
 */
export async function withinQuota(reconcile: () => Promise<Response>): Promise<Response> {
  try {
    return await reconcile();
  } catch (error) {
    if (!(error instanceof QuotaExceededError)) throw error;
    const { limit, retryAfterSeconds } = error.refusal;
    if (retryAfterSeconds !== null) {
      return problem(429, 'throttled', `Over the ${limit} quota; try again later.`, { 'retry-after': String(retryAfterSeconds) });
    }
    if (limit === 'person-storage' || limit === 'space-storage') return problem(413, 'storage_full', `Storage full (${limit}).`);
    return problem(413, 'too_large', `More than a whole ${limit} allowance at once.`);
  }
}
