import { json } from '@sveltejs/kit';
import { NewOrder, type OrderAnswer, type OrderList } from '@kring/contract';
import { orderingTeams } from '@kring/server';
import { NO_STORE, endpoint, readBody } from '$lib/server/http';
import { requirePerson } from '$lib/server/principal';
import { DESK_STATUSES, orderView } from '../views.ts';
import type { RequestHandler } from './$types';

/** GET → {orders}: the orders of the teams the person may order for, newest first. */
export const GET: RequestHandler = endpoint(async ({ locals }) => {
  const { kring, person } = await requirePerson(locals);
  const teams = orderingTeams(await kring.accounts.accessUser(person));
  const orders = await kring.desks.ordersOfTeams(teams);
  return json({ orders: orders.map((order) => orderView(order, false)) } satisfies OrderList, { headers: NO_STORE });
});

/**
 * POST {id, itemId, spaceId, size, quantity, printText?, deliveryAddress} → 201 {order} (200 when the person
 * already placed this id). For staff of the organisation, for a team they are a member or owner of (403 for
 * clients, guests and other teams); the address becomes the team's delivery address. 429 after 30 orders an hour.
 */
export const POST: RequestHandler = endpoint(async ({ locals, request }) => {
  const { kring, person } = await requirePerson(locals);
  const input = await readBody(request, NewOrder);
  const { order, created } = await kring.desks.order(person, await kring.accounts.accessUser(person), input);
  if (created) await kring.accounts.audit({ userId: person.id, action: 'desk.order', subject: order.id, detail: { spaceId: order.spaceId, itemId: order.itemId } });
  return json({ order: orderView(order, false) } satisfies OrderAnswer, { status: created ? 201 : 200 });
}, DESK_STATUSES);
