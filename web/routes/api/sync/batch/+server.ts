import { decodeBatchRequest, encodeBatchResponse } from '@kring/protocol';
import { problem } from '$lib/server/http';
import { principalOf } from '$lib/server/principal';
import { services } from '$lib/server/services';
import type { RequestHandler } from './$types';

/** Largest batch body; a device with more sends several batches. */
const MAX_BODY_BYTES = 16 * 1024 * 1024;

/**
 * POST a binary batch (packages/protocol/src/batch.ts): many documents reconciled in one round trip, each
 * checked against the access policy as a socket would be. Answers with a binary batch response.
 */
export const POST: RequestHandler = async ({ request, locals }) => {
  const kring = await services();
  const principal = await principalOf(kring, locals);
  if (!principal) return problem(401, 'no_session', 'Not logged in.');
  if (!kring.sync) return problem(503, 'no_sync_server', 'The sync server does not run in this process.');
  const declared = Number(request.headers.get('content-length') ?? NaN);
  if (!(declared <= MAX_BODY_BYTES)) return problem(413, 'too_large', `Send a Content-Length of at most ${MAX_BODY_BYTES} bytes.`);
  const body = new Uint8Array(await request.arrayBuffer());
  if (body.byteLength > MAX_BODY_BYTES) return problem(413, 'too_large', 'Batch too large.');
  let items;
  try {
    items = decodeBatchRequest(body);
  } catch {
    return problem(400, 'malformed', 'Not a well-formed batch.');
  }
  const answer = encodeBatchResponse(await kring.sync.reconcile(principal, items));
  return new Response(answer.slice().buffer, { headers: { 'content-type': 'application/octet-stream', 'cache-control': 'no-store' } });
};
