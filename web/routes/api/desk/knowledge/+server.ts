import { json } from '@sveltejs/kit';
import type { QuestionList } from '@kring/contract';
import { mayReadKnowledge } from '@kring/server';
import { NO_STORE, Refusal, endpoint } from '$lib/server/http';
import { requirePerson } from '$lib/server/principal';
import { questionView } from '../views.ts';
import type { RequestHandler } from './$types';

/** GET → {questions}: the organisation's knowledge items, without askers' names; for its staff (403 for clients and guests). */
export const GET: RequestHandler = endpoint(async ({ locals }) => {
  const { kring, person } = await requirePerson(locals);
  if (!mayReadKnowledge(person)) throw new Refusal(403, 'forbidden', 'Knowledge items are for staff.');
  const questions = await kring.desks.knowledge(person.organisationId);
  return json({ questions: questions.map((question) => questionView(question, 'reader')) } satisfies QuestionList, { headers: NO_STORE });
});
