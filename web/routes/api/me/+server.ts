import { json } from '@sveltejs/kit';
import type { MeAnswer } from '@kring/contract';
import { NO_STORE, Refusal, endpoint } from '$lib/server/http';
import { requirePerson } from '$lib/server/principal';
import type { RequestHandler } from './$types';

/**
 * GET → {user, spaces: [{id, name, kind, audience, role, features}], conversations: [id]}; 401 without a session, with code
 * `deactivated` when the account was deactivated: the device then hands in its unsaved work
 * (POST /api/sync/handover) and deletes its local copy.
 */
export const GET: RequestHandler = endpoint(async ({ locals }) => {
  if (locals.retired) throw new Refusal(401, 'deactivated', 'This account was deactivated.');
  const { kring, person } = await requirePerson(locals);
  const { id, name, email, role } = person;
  // Before the second factor: who am I, and nothing of the spaces (the app sends the person to set it up).
  if (locals.secondFactorOutstanding) return json({ user: { id, name, email, role }, spaces: [], conversations: [], secondFactorOutstanding: true } satisfies MeAnswer, { headers: NO_STORE });
  const [spaces, conversations] = await Promise.all([kring.accounts.spacesOf(person), kring.conversations.ids(person)]);
  return json({ user: { id, name, email, role }, spaces, conversations } satisfies MeAnswer, { headers: NO_STORE });
});
