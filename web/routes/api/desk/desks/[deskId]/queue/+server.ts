import { json } from '@sveltejs/kit';
import type { DeskQueue } from '@kring/contract';
import { NO_STORE, endpoint } from '$lib/server/http';
import { requireDeskStaff } from '../../../guard.ts';
import { questionView } from '../../../views.ts';
import type { RequestHandler } from './$types';

/** GET → {desk, questions, staff, savedAnswers}: the desk's open questions, oldest first; for its staff only (404 otherwise). */
export const GET: RequestHandler = endpoint(async ({ locals, params }) => {
  const { kring, desk } = await requireDeskStaff(locals, params.deskId);
  const queue: DeskQueue = {
    desk: { id: desk.id, name: desk.name },
    questions: (await kring.desks.queue(desk.id)).map((question) => questionView(question, 'staff')),
    staff: await kring.desks.staff(desk.id),
    savedAnswers: await kring.desks.savedAnswers(desk.id),
  };
  return json(queue, { headers: NO_STORE });
});
