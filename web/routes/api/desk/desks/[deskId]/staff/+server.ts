import { json } from '@sveltejs/kit';
import { DeskStaffBody } from '@kring/contract';
import { NO_STORE, Refusal, endpoint, readBody } from '$lib/server/http';
import { requireAdmin } from '$lib/server/principal';
import { DESK_STATUSES } from '../../../views.ts';
import type { RequestHandler } from './$types';

/** GET → {staff}: who works at the desk (id and name); administrators only, who set it below. */
export const GET: RequestHandler = endpoint(async ({ locals, params }) => {
  const { kring, admin } = await requireAdmin(locals);
  const desk = await kring.desks.desk(admin, params.deskId);
  if (!desk) throw new Refusal(404, 'not_found', 'No such desk.');
  return json({ staff: await kring.desks.staff(desk.id) }, { headers: NO_STORE });
}, DESK_STATUSES);

/** PUT {userIds} → {staff}: sets the desk's whole staff; administrators only. Staff are active people of the organisation who are not clients or guests (400 otherwise). */
export const PUT: RequestHandler = endpoint(async ({ locals, params, request }) => {
  const { kring, admin } = await requireAdmin(locals);
  const { userIds } = await readBody(request, DeskStaffBody);
  const desk = await kring.desks.desk(admin, params.deskId);
  if (!desk) throw new Refusal(404, 'not_found', 'No such desk.');
  await kring.desks.setStaff(desk, userIds);
  await kring.accounts.audit({ userId: admin.id, action: 'desk.staff', subject: desk.id, detail: { userIds } });
  return json({ staff: await kring.desks.staff(desk.id) });
}, DESK_STATUSES);
