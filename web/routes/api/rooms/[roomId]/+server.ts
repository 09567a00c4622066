import { json } from '@sveltejs/kit';
import { RoomChanges, type RoomAnswer } from '@kring/contract';
import { endpoint, readBody } from '$lib/server/http';
import { requireAdmin } from '$lib/server/principal';
import { roomView } from '../views.ts';
import type { RequestHandler } from './$types';

/** PATCH {name?, location?, capacity?, facilities?} → {room}. Administrators only; 404 for another organisation's room. */
export const PATCH: RequestHandler = endpoint(
  async ({ locals, params, request }) => {
    const { kring, admin } = await requireAdmin(locals);
    const changes = await readBody(request, RoomChanges);
    const room = await kring.rooms.update(admin.organisationId, params.roomId, changes);
    await kring.accounts.audit({ userId: admin.id, action: 'room.change', subject: room.id });
    return json({ room: roomView(room) } satisfies RoomAnswer);
  },
  { not_found: 404 },
);

/** DELETE → 204: the room goes, with its bookings and its feed. Administrators only. */
export const DELETE: RequestHandler = endpoint(
  async ({ locals, params }) => {
    const { kring, admin } = await requireAdmin(locals);
    await kring.rooms.remove(admin.organisationId, params.roomId);
    await kring.accounts.audit({ userId: admin.id, action: 'room.remove', subject: params.roomId });
    return new Response(null, { status: 204 });
  },
  { not_found: 404 },
);
