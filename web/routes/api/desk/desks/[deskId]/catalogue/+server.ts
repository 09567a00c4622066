import { json } from '@sveltejs/kit';
import type { Catalogue } from '@kring/contract';
import { mayOrder } from '@kring/server';
import { NO_STORE, Refusal, endpoint } from '$lib/server/http';
import { requirePerson } from '$lib/server/principal';
import { itemView } from '../../../views.ts';
import type { RequestHandler } from './$types';

/** GET → {items}: the desk's catalogue; for those who may order and the desk's staff (404 otherwise). */
export const GET: RequestHandler = endpoint(async ({ locals, params }) => {
  const { kring, person } = await requirePerson(locals);
  const desk = await kring.desks.desk(person, params.deskId);
  if (!desk || !(mayOrder(person) || (await kring.desks.isStaff(person, desk.id)))) throw new Refusal(404, 'not_found', 'No such desk.');
  return json({ items: (await kring.desks.catalogue(desk.id)).map(itemView) } satisfies Catalogue, { headers: NO_STORE });
});
