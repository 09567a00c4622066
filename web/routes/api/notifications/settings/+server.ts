import { json } from '@sveltejs/kit';
import { NotificationSettingsBody } from '@kring/contract';
import { NO_STORE, endpoint, readBody } from '$lib/server/http';
import { requirePerson } from '$lib/server/principal';
import type { RequestHandler } from './$types';

/**
 * GET → {topics, mutedSpaces}: per topic of notifications on which channels the person wants it (only the topics
 * that can reach them: `topicsFor` their role), and what they muted.
 */
export const GET: RequestHandler = endpoint(async ({ locals }) => {
  const { kring, person } = await requirePerson(locals);
  return json(await kring.notifications.choices.settings(await kring.accounts.accessUser(person)), { headers: NO_STORE });
});

/**
 * PUT {topics?, mutedSpaces?} → the settings as stored: the person's own. Muting a space they are not in (or a
 * conversation: that is muted in the chat) is `400 unknown_space`; a topic that never reaches the person `400 bad_request`.
 */
export const PUT: RequestHandler = endpoint(
  async ({ locals, request }) => {
    const { kring, person } = await requirePerson(locals);
    const input = await readBody(request, NotificationSettingsBody);
    return json(await kring.notifications.choices.change(await kring.accounts.accessUser(person), input), { headers: NO_STORE });
  },
  { unknown_space: 400, bad_request: 400 },
);
