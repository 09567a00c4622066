import { json } from '@sveltejs/kit';
import { NewSavedAnswer, type SavedAnswer } from '@kring/contract';
import { endpoint, readBody } from '$lib/server/http';
import { requireDeskStaff } from '../../../guard.ts';
import { DESK_STATUSES } from '../../../views.ts';
import type { RequestHandler } from './$types';

/** POST {title, body} → 201 {savedAnswer}: a saved answer of the desk, for its staff (404 otherwise; at most 200 per desk). */
export const POST: RequestHandler = endpoint(async ({ locals, params, request }) => {
  const { kring, desk } = await requireDeskStaff(locals, params.deskId);
  const { title, body } = await readBody(request, NewSavedAnswer);
  const savedAnswer: SavedAnswer = await kring.desks.addSavedAnswer(desk.id, title, body);
  return json({ savedAnswer }, { status: 201 });
}, DESK_STATUSES);
