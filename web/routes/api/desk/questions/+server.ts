import { json } from '@sveltejs/kit';
import { NewQuestion, type QuestionAnswer, type QuestionList } from '@kring/contract';
import { NO_STORE, endpoint, readBody } from '$lib/server/http';
import { requirePerson } from '$lib/server/principal';
import { DESK_STATUSES, questionView } from '../views.ts';
import type { RequestHandler } from './$types';

/** GET → {questions}: the person's own questions, newest first. */
export const GET: RequestHandler = endpoint(async ({ locals }) => {
  const { kring, person } = await requirePerson(locals);
  const questions = await kring.desks.questionsOf(person.id);
  return json({ questions: questions.map((question) => questionView(question, 'asker')) } satisfies QuestionList, { headers: NO_STORE });
});

/**
 * POST {id, deskId, subject, body, category?} → 201 {question} (200 when this id was already asked by the person:
 * a question sent again from the outbox is the same question). Anyone signed in asks; 409 `request_id_reused`
 * when someone else used the id, 429 after 20 questions in an hour.
 */
export const POST: RequestHandler = endpoint(async ({ locals, request }) => {
  const { kring, person } = await requirePerson(locals);
  const input = await readBody(request, NewQuestion);
  const { question, created } = await kring.desks.ask(person, input);
  if (created) await kring.accounts.audit({ userId: person.id, action: 'desk.question', subject: question.id, detail: { deskId: question.deskId } });
  return json({ question: questionView(question, 'asker') } satisfies QuestionAnswer, { status: created ? 201 : 200 });
}, DESK_STATUSES);
