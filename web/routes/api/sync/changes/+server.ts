import { json } from '@sveltejs/kit';
import { access } from '@kring/access';
import { problem } from '$lib/server/http';
import { services } from '$lib/server/services';
import type { RequestHandler } from './$types';

/**
 * GET ?since=<cursor>: the documents this person may read that changed on the server after the cursor, and the
 * cursor to ask from next time. Lets a device learn what to fetch without asking about every document.
 */
export const GET: RequestHandler = async ({ url, locals }) => {
  if (!locals.user) return problem(401, 'no_session', 'Not logged in.');
  const since = Number(url.searchParams.get('since') ?? 0);
  if (!Number.isSafeInteger(since) || since < 0) return problem(400, 'bad_cursor', 'since must be a non-negative integer.');
  const kring = await services();
  const user = await kring.accounts.accessUser(locals.user);
  const { changes, cursor } = await kring.store.changesSince(since, 1000);
  const readable = changes.filter((change) => access(user, change.docName) !== 'none');
  return json({ cursor, more: changes.length === 1000, changes: readable }, { headers: { 'cache-control': 'no-store' } });
};
