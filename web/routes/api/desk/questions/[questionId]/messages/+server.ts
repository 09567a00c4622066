import { json } from '@sveltejs/kit';
import { NewReply, type QuestionThread } from '@kring/contract';
import { Refusal, endpoint, readBody } from '$lib/server/http';
import { requirePerson } from '$lib/server/principal';
import { DESK_STATUSES, messagesView, questionView } from '../../../views.ts';
import type { RequestHandler } from './$types';

/**
 * POST {body, status?} → 201 {question, messages}: a reply in the thread, by the asker or the desk's staff. Staff
 * set the status with it (default `answered`) and the asker is notified; the asker's reply puts the question
 * back in the queue. 404 for anyone else, 429 after 120 replies in an hour.
 */
export const POST: RequestHandler = endpoint(async ({ locals, params, request }) => {
  const { kring, person } = await requirePerson(locals);
  const { body, status } = await readBody(request, NewReply);
  const found = await kring.desks.visibleQuestion(person, params.questionId);
  if (!found) throw new Refusal(404, 'not_found', 'No such question.');
  if (found.role === 'reader') throw new Refusal(403, 'forbidden', 'Only the asker and the desk write here.');
  if (status !== undefined && found.role !== 'staff') throw new Refusal(403, 'forbidden', 'Only the desk sets the status.');
  await kring.desks.reply(person, found.question, found.role, body, status);
  const question = (await kring.desks.question(found.question.id))!;
  return json({ question: questionView(question, found.role), messages: messagesView(await kring.desks.messages(question.id), found.role) } satisfies QuestionThread, { status: 201 });
}, DESK_STATUSES);
