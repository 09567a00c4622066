import { json } from '@sveltejs/kit';
import type { OrderList } from '@kring/contract';
import { NO_STORE, endpoint } from '$lib/server/http';
import { requireDeskStaff } from '../../../guard.ts';
import { orderView } from '../../../views.ts';
import type { RequestHandler } from './$types';

/** GET → {orders}: the desk's open orders (ordered, in progress, sent), oldest first; for its staff only (404 otherwise). */
export const GET: RequestHandler = endpoint(async ({ locals, params }) => {
  const { kring, desk } = await requireDeskStaff(locals, params.deskId);
  return json({ orders: (await kring.desks.openOrders(desk.id)).map((order) => orderView(order, true)) } satisfies OrderList, { headers: NO_STORE });
});
