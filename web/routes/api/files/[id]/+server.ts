import { endpoint } from '$lib/server/http';
import { pictureResponse } from '$lib/server/pictures';
import { requirePerson } from '$lib/server/principal';
import type { RequestHandler } from './$types';

/**
 * GET → the picture's bytes, for whoever may read the document it belongs to; 404 for everyone else and for a
 * picture that is gone (its post deleted), alike. Served as `pictureResponse` says: never run, never cached for
 * the next person on a shared tablet.
 */
export const GET: RequestHandler = endpoint(
  async ({ locals, params, request }) => {
    const { kring, person } = await requirePerson(locals);
    const user = await kring.accounts.accessUser(person);
    const { file, bytes } = await kring.files.read(user, params.id);
    // A picture in a client space is client-related content: its read is logged like the document's.
    kring.accessLog.noteDocument(user, locals.sessionId, file.document, 'read', 'api');
    return pictureResponse(file, bytes, request);
  },
  { not_found: 404 },
);
