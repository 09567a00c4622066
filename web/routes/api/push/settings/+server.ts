import { json } from '@sveltejs/kit';
import { PushSettingsBody } from '@kring/contract';
import { NO_STORE, endpoint, readBody } from '$lib/server/http';
import { requirePerson } from '$lib/server/principal';
import type { RequestHandler } from './$types';

/** GET → {quietHours: {on, from, until}}: when the person's pushes stay away (default 22:00–07:00). */
export const GET: RequestHandler = endpoint(async ({ locals }) => {
  const { kring, person } = await requirePerson(locals);
  return json(await kring.push.settings(person.id), { headers: NO_STORE });
});

/** PUT {quietHours: {on, from, until}} → the settings as stored: the person's own, for all their devices. */
export const PUT: RequestHandler = endpoint(async ({ locals, request }) => {
  const { kring, person } = await requirePerson(locals);
  const settings = await readBody(request, PushSettingsBody);
  return json(await kring.push.changeSettings(person.id, settings), { headers: NO_STORE });
});
