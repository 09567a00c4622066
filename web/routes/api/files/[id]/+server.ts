import { endpoint } from '$lib/server/http';
import { requirePerson } from '$lib/server/principal';
import type { RequestHandler } from './$types';

/**
 * GET → the picture's bytes, for whoever may read the document it belongs to; 404 for everyone else and for a
 * picture that is gone (its post deleted), alike. Served so it never runs or is guessed at: its own CSP with a
 * sandbox, nosniff, shown inline under a name of our making. Private to the browser's cache: the device keeps what
 * it saw for offline reading in its own store; the browser asks again each time (no-cache, ETag), so on a shared
 * tablet the next person's session is checked before a kept copy is used.
 */
export const GET: RequestHandler = endpoint(
  async ({ locals, params, request }) => {
    const { kring, person } = await requirePerson(locals);
    const user = await kring.accounts.accessUser(person);
    const { file, bytes } = await kring.files.read(user, params.id);
    // A picture in a client space is client-related content: its read is logged like the document's.
    kring.accessLog.noteDocument(user, locals.sessionId, file.document, 'read', 'api');
    const etag = `"${file.id.slice(0, 16)}-${Date.parse(file.createdAt)}"`;
    const headers = {
      'content-type': file.contentType,
      'content-disposition': `inline; filename="foto-${file.id.slice(0, 12)}.${file.contentType.slice('image/'.length)}"`,
      'content-security-policy': "default-src 'none'; sandbox; frame-ancestors 'none'",
      'x-content-type-options': 'nosniff',
      'cache-control': 'private, no-cache',
      etag,
    };
    if (request.headers.get('if-none-match') === etag) return new Response(null, { status: 304, headers });
    return new Response(bytes.slice().buffer, { headers });
  },
  { not_found: 404 },
);
