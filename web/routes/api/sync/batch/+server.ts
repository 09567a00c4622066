import { batchResponse, readBatchRequest, withinQuota } from '$lib/server/batch';
import { problem } from '$lib/server/http';
import { principalOf } from '$lib/server/principal';
import { services } from '$lib/server/services';
import type { RequestHandler } from './$types';

/**
 * POST a binary batch (packages/protocol/src/batch.ts): many documents reconciled in one round trip, each
 * checked against the access policy as a socket would be. Answers with a binary batch response.
 */
export const POST: RequestHandler = async ({ request, locals }) => {
  const kring = await services();
  const principal = await principalOf(kring, locals);
  if (!principal) return problem(401, 'no_session', 'Not logged in.');
  const items = await readBatchRequest(request);
  if (items instanceof Response) return items;
  return withinQuota(async () => batchResponse(await kring.sync.reconcile(principal, items)));
};
