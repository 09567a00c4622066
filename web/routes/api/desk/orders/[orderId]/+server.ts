import { json } from '@sveltejs/kit';
import { OrderChanges, type OrderAnswer } from '@kring/contract';
import { orderingTeams } from '@kring/server';
import { Refusal, endpoint, readBody } from '$lib/server/http';
import { requirePerson } from '$lib/server/principal';
import { DESK_STATUSES, orderView } from '../../views.ts';
import type { RequestHandler } from './$types';

/**
 * PATCH {status} → {order}: the desk's staff move an order on (ordered, in progress, sent, delivered, cancelled);
 * a member of the ordering team may only cancel it while it is `ordered` (403 otherwise). 404 for anyone else.
 */
export const PATCH: RequestHandler = endpoint(async ({ locals, params, request }) => {
  const { kring, person } = await requirePerson(locals);
  const { status } = await readBody(request, OrderChanges);
  const order = await kring.desks.orderById(params.orderId);
  const staff = order !== null && (await kring.desks.desk(person, order.deskId)) !== null && (await kring.desks.isStaff(person, order.deskId));
  const team = order !== null && orderingTeams(await kring.accounts.accessUser(person)).includes(order.spaceId);
  if (!order || !(staff || team)) throw new Refusal(404, 'not_found', 'No such order.');
  const changed = await kring.desks.changeOrder(order, staff ? 'staff' : 'team', status);
  await kring.accounts.audit({ userId: person.id, action: 'desk.order.change', subject: order.id, detail: { status } });
  return json({ order: orderView(changed, staff) } satisfies OrderAnswer);
}, DESK_STATUSES);
