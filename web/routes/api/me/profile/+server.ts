import { json } from '@sveltejs/kit';
import { CLIENT_FIELDS, ClientProfileChanges, MAX_PROFILE_BODY_BYTES, OWN_FIELDS, OwnProfileChanges, type OwnProfileAnswer } from '@kring/contract';
import type { User } from '@kring/server';
import { NO_STORE, endpoint, readBodyWithin } from '$lib/server/http';
import { requirePerson } from '$lib/server/principal';
import type { RequestHandler } from './$types';

const editable = (person: User) => (person.role === 'client' ? CLIENT_FIELDS : OWN_FIELDS);

/** GET → {profile, shareWithClients, editable}: the person's own profile and which of its fields they edit. */
export const GET: RequestHandler = endpoint(async ({ locals }) => {
  const { kring, person } = await requirePerson(locals);
  const own = await kring.profiles.own(person);
  return json({ ...own, editable: editable(person) } satisfies OwnProfileAnswer, { headers: NO_STORE });
});

/**
 * PATCH {expertise?, languages?, about?, workingDays?} (a client: {languages?, about?, shareWithClients?}) →
 * {profile, shareWithClients, editable}. Fields the organisation keeps, or another role's, are refused 400;
 * a body over 16 kB 413.
 */
export const PATCH: RequestHandler = endpoint(async ({ locals, request }) => {
  const { kring, person } = await requirePerson(locals);
  const changes = await readBodyWithin(request, person.role === 'client' ? ClientProfileChanges : OwnProfileChanges, MAX_PROFILE_BODY_BYTES);
  const own = await kring.profiles.changeOwn(person, changes);
  return json({ ...own, editable: editable(person) } satisfies OwnProfileAnswer);
});
