import { json } from '@sveltejs/kit';
import { FileUploadQuery, type StoredPicture } from '@kring/contract';
import { NO_STORE, endpoint, readQuery } from '$lib/server/http';
import { readPicture, throttledToRefusal } from '$lib/server/pictures';
import { requirePerson } from '$lib/server/principal';
import type { RequestHandler } from './$types';

/**
 * POST ?document=<docName>&key=<key>, the picture's bytes as the body (any Content-Type: the server reads the type
 * from the bytes) → 201 `StoredPicture`, or 200 with the same when this key was uploaded before (a retry from the
 * outbox). 400 bad document or key, 401, 403 may not write the document, 413 too large or over the person's or
 * space's storage, 415 not a JPEG, PNG, WebP or GIF, 429 too much at once (Retry-After).
 */
export const POST: RequestHandler = endpoint(
  async ({ locals, url, request }) => {
    const { kring, person } = await requirePerson(locals);
    const { document, key } = readQuery(url, FileUploadQuery);
    const user = await kring.accounts.accessUser(person);
    const body = await readPicture(request, kring.files.maxBytes);
    try {
      const before = Date.now();
      const file = await kring.files.upload(user, document, key, body);
      kring.accessLog.noteDocument(user, locals.sessionId, document, 'change', 'api');
      const retried = Date.parse(file.createdAt) < before;
      return json(file satisfies StoredPicture, { status: retried ? 200 : 201, headers: NO_STORE });
    } catch (error) {
      throttledToRefusal(error);
    }
  },
  { bad_request: 400, forbidden: 403, too_large: 413, storage_full: 413, unsupported_type: 415 },
);
