import { json } from '@sveltejs/kit';
import { Refusal, endpoint } from '$lib/server/http';
import { requireDeskStaff } from '../../../../guard.ts';
import type { RequestHandler } from './$types';

/** DELETE → {removed: true}: removes a saved answer of the desk; for its staff (404 otherwise). */
export const DELETE: RequestHandler = endpoint(async ({ locals, params }) => {
  const { kring, desk } = await requireDeskStaff(locals, params.deskId);
  if (!(await kring.desks.removeSavedAnswer(desk.id, params.answerId))) throw new Refusal(404, 'not_found', 'No such saved answer.');
  return json({ removed: true });
});
