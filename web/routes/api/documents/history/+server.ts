import { json } from '@sveltejs/kit';
import { access } from '@kring/access';
import { parseDocName } from '@kring/shapes';
import { HistoryQuery, type DocumentChange, type DocumentHistory } from '@kring/contract';
import { NO_STORE, Refusal, endpoint, readQuery } from '$lib/server/http';
import { requirePerson } from '$lib/server/principal';
import type { RequestHandler } from './$types';

/**
 * GET ?name=<docName>[&limit=n] → `{name, changes: [{at, author: {id, name} | null}]}`, newest first, at most
 * `limit` (default 20, at most 100). The same policy as the sync socket decides: anyone who may read the
 * document may read who changed it. 400 bad name or limit, 401 no session, 403 no access (also for a space
 * that does not exist, so the answer does not tell which spaces exist).
 */
export const GET: RequestHandler = endpoint(async ({ locals, url }) => {
  const { kring, person } = await requirePerson(locals);
  const { name, limit } = readQuery(url, HistoryQuery);
  if (!parseDocName(name)) throw new Refusal(400, 'bad_request', 'name must be a document name: <spaceId>/<kind>/<docId>.');
  const { accounts, store } = kring;
  const user = await accounts.accessUser(person);
  if (access(user, name) === 'none') throw new Refusal(403, 'forbidden', 'No access to this document.');
  // Who changed a client space's document when is about those clients: a read in the access log.
  kring.accessLog.noteDocument(user, locals.sessionId, name, 'read', 'api');

  const history = await store.history(name);
  const recent = history.slice(-limit).reverse();
  const names = new Map<string, string | null>();
  for (const entry of recent) {
    if (entry.author !== null && !names.has(entry.author)) names.set(entry.author, (await accounts.userById(entry.author))?.name ?? null);
  }
  const changes: DocumentChange[] = recent.map((entry) => {
    const authorName = entry.author === null ? null : names.get(entry.author);
    return { at: entry.at, author: entry.author !== null && authorName ? { id: entry.author, name: authorName } : null };
  });
  return json({ name, changes } satisfies DocumentHistory, { headers: NO_STORE });
});
