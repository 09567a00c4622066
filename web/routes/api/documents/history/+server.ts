import { json } from '@sveltejs/kit';
import { access } from '@kring/access';
import { parseDocName } from '@kring/shapes';
import { problem } from '$lib/server/http';
import { services } from '$lib/server/services';
import type { RequestHandler } from './$types';

const DEFAULT_LIMIT = 20;
const MAX_LIMIT = 100;

/** One change as the UI shows it: when, and by whom (null: the server itself, e.g. the demo seed, or an account that no longer exists). */
export interface DocumentChangeEntry {
  at: number;
  author: { id: string; name: string } | null;
}

/**
 * GET ?name=<docName>[&limit=n] → `{name, changes: [{at, author: {id, name} | null}]}`, newest first, at most
 * `limit` (default 20, at most 100). The same policy as the sync socket decides: anyone who may read the
 * document may read who changed it. 400 bad name or limit, 401 no session, 403 no access (also for a space
 * that does not exist, so the answer does not tell which spaces exist).
 */
export const GET: RequestHandler = async ({ locals, url }) => {
  if (!locals.user) return problem(401, 'no_session', 'Not logged in.');
  const name = url.searchParams.get('name');
  if (!name || !parseDocName(name)) return problem(400, 'bad_request', 'name must be a document name: <spaceId>/<kind>/<docId>.');
  const limitParam = url.searchParams.get('limit');
  const limit = limitParam === null ? DEFAULT_LIMIT : Number(limitParam);
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT) return problem(400, 'bad_request', `limit must be a whole number from 1 to ${MAX_LIMIT}.`);

  const { accounts, store } = await services();
  if (access(await accounts.accessUser(locals.user), name) === 'none') return problem(403, 'forbidden', 'No access to this document.');

  const history = await store.history(name);
  const recent = history.slice(-limit).reverse();
  const names = new Map<string, string | null>();
  for (const entry of recent) {
    if (entry.author !== null && !names.has(entry.author)) names.set(entry.author, (await accounts.userById(entry.author))?.name ?? null);
  }
  const changes: DocumentChangeEntry[] = recent.map((entry) => {
    const authorName = entry.author === null ? null : names.get(entry.author);
    return { at: entry.at, author: entry.author !== null && authorName ? { id: entry.author, name: authorName } : null };
  });
  return json({ name, changes }, { headers: { 'cache-control': 'no-store' } });
};
