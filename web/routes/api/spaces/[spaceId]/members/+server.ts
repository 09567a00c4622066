import { json } from '@sveltejs/kit';
import type { SpaceMemberList } from '@kring/contract';
import { NO_STORE, endpoint } from '$lib/server/http';
import { requirePerson } from '$lib/server/principal';
import type { RequestHandler } from './$types';

/**
 * GET → {members: [{id, name}]}: the active people who can read the space's feed and whom the person may see (a
 * client only by those who share a client space with them), so the UI can resolve `@name` mentions and offer
 * colleagues to assign or hand a card to. 401 without a session; 404 for a space the person cannot see (the
 * same answer as for a space that does not exist, so the list of spaces does not leak).
 */
export const GET: RequestHandler = endpoint(
  async ({ locals, params }) => {
    const { kring, person } = await requirePerson(locals);
    const members = await kring.spaces.readers(person, params.spaceId);
    // A client space's members are its clients: who saw the list is logged (the log keeps client spaces only).
    kring.accessLog.note({ event: 'read', actorId: person.id, object: `${params.spaceId}/members`, spaceId: params.spaceId, accessPoint: 'api', sessionId: locals.sessionId });
    return json({ members } satisfies SpaceMemberList, { headers: NO_STORE });
  },
  { not_found: 404 },
);
