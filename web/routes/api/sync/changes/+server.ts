import { json } from '@sveltejs/kit';
import { access } from '@kring/access';
import { ChangesQuery, parse, type SyncChanges } from '@kring/contract';
import { NO_STORE, Refusal, endpoint } from '$lib/server/http';
import { requirePerson } from '$lib/server/principal';
import type { RequestHandler } from './$types';

/**
 * GET ?since=<cursor>: the documents this person may read that changed on the server after the cursor, and the
 * cursor to ask from next time. Lets a device learn what to fetch without asking about every document. Listing a
 * client space's document is an access-log `search` (once per person, document and day).
 */
export const GET: RequestHandler = endpoint(async ({ url, locals }) => {
  const { kring, person } = await requirePerson(locals);
  const query = parse(ChangesQuery, Object.fromEntries(url.searchParams));
  if (!query.ok) throw new Refusal(400, 'bad_cursor', 'since must be a non-negative integer.');
  const user = await kring.accounts.accessUser(person);
  const { changes, cursor } = await kring.store.changesSince(query.value.since, 1000);
  const readable = changes.filter((change) => access(user, change.docName) !== 'none');
  // Names of client-space documents are client-related (a page may be called after a client): listed is logged.
  for (const change of readable) kring.accessLog.noteDocument(user, locals.sessionId, change.docName, 'search', 'changes');
  return json({ cursor, more: changes.length === 1000, changes: readable } satisfies SyncChanges, { headers: NO_STORE });
});
