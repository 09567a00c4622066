import { json } from '@sveltejs/kit';
import { DigestSettingsBody } from '@kring/contract';
import { NO_STORE, endpoint, readBody } from '$lib/server/http';
import { requirePerson } from '$lib/server/principal';
import type { RequestHandler } from './$types';

/** GET → {frequency, available, email}: whether the person gets the e-mail digest, and whether the server can send it. */
export const GET: RequestHandler = endpoint(async ({ locals }) => {
  const { kring, person } = await requirePerson(locals);
  return json(await kring.digests.settings(person.id), { headers: NO_STORE });
});

/** PUT {frequency: off|daily|weekly} → the settings as stored: the person's own. */
export const PUT: RequestHandler = endpoint(async ({ locals, request }) => {
  const { kring, person } = await requirePerson(locals);
  const { frequency } = await readBody(request, DigestSettingsBody);
  return json(await kring.digests.changeSettings(person.id, frequency), { headers: NO_STORE });
});
