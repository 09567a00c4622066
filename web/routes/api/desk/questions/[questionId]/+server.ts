import { json } from '@sveltejs/kit';
import { QuestionChanges, type QuestionAnswer, type QuestionThread } from '@kring/contract';
import { NO_STORE, Refusal, endpoint, readBody } from '$lib/server/http';
import { requirePerson } from '$lib/server/principal';
import { DESK_STATUSES, messagesView, questionView } from '../../views.ts';
import type { RequestHandler } from './$types';

/**
 * GET → {question, messages}: for its asker and the desk's staff; a knowledge item also for the organisation's
 * staff, without the asker's name and with only the desk's replies. 404 for everyone else.
 */
export const GET: RequestHandler = endpoint(async ({ locals, params }) => {
  const { kring, person } = await requirePerson(locals);
  const found = await kring.desks.visibleQuestion(person, params.questionId);
  if (!found) throw new Refusal(404, 'not_found', 'No such question.');
  const messages = await kring.desks.messages(found.question.id);
  return json({ question: questionView(found.question, found.role), messages: messagesView(messages, found.role) } satisfies QuestionThread, { headers: NO_STORE });
});

/**
 * PATCH {status?, assignedTo?, public?} → {question}: the desk's staff change status, assignee (one of the desk's
 * staff, or null) and whether it is a knowledge item; the asker may only close it (403 otherwise).
 */
export const PATCH: RequestHandler = endpoint(async ({ locals, params, request }) => {
  const { kring, person } = await requirePerson(locals);
  const changes = await readBody(request, QuestionChanges);
  const found = await kring.desks.visibleQuestion(person, params.questionId);
  if (!found) throw new Refusal(404, 'not_found', 'No such question.');
  if (found.role === 'reader') throw new Refusal(403, 'forbidden', 'Only the desk changes this.');
  const question = await kring.desks.change(found.question, found.role, changes);
  await kring.accounts.audit({ userId: person.id, action: 'desk.question.change', subject: question.id, detail: changes });
  return json({ question: questionView(question, found.role) } satisfies QuestionAnswer);
}, DESK_STATUSES);
