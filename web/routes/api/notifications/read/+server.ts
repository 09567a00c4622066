import { json } from '@sveltejs/kit';
import { MarkRead, type MarkedRead } from '@kring/contract';
import { NO_STORE, endpoint, readBody } from '$lib/server/http';
import { requirePerson } from '$lib/server/principal';
import type { RequestHandler } from './$types';

/**
 * POST {ids} | {all: true} → {unread}: marks the person's own notifications read, for every device of theirs.
 * Ids of others' notifications, or unknown ones, change nothing. Idempotent.
 */
export const POST: RequestHandler = endpoint(async ({ locals, request }) => {
  const { kring, person } = await requirePerson(locals);
  const which = await readBody(request, MarkRead);
  const unread = await kring.notifications.markRead(await kring.accounts.accessUser(person), which);
  return json({ unread } satisfies MarkedRead, { headers: NO_STORE });
});
