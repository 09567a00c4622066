import { json } from '@sveltejs/kit';
import type { PrivacyPeopleAnswer } from '@kring/contract';
import { NO_STORE, endpoint } from '$lib/server/http';
import { requirePerson } from '$lib/server/principal';
import type { RequestHandler } from './$types';

/** GET → {people: [{id, name, role, active}]}: everyone of the organisation, to choose whom to erase. Privacy officer only (403). */
export const GET: RequestHandler = endpoint(
  async ({ locals }) => {
    const { kring, person } = await requirePerson(locals);
    return json({ people: await kring.erasures.people(person) } satisfies PrivacyPeopleAnswer, { headers: NO_STORE });
  },
  { forbidden: 403 },
);
