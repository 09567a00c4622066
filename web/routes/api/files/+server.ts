import { json } from '@sveltejs/kit';
import { FileUploadQuery, type StoredPicture } from '@kring/contract';
import { NO_STORE, Refusal, endpoint, readQuery } from '$lib/server/http';
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
    const body = await readCapped(request, kring.files.maxBytes);
    try {
      const before = Date.now();
      const file = await kring.files.upload(user, document, key, body);
      kring.accessLog.noteDocument(user, locals.sessionId, document, 'change', 'api');
      const retried = Date.parse(file.createdAt) < before;
      return json(file satisfies StoredPicture, { status: retried ? 200 : 201, headers: NO_STORE });
    } catch (error) {
      const retryAfter = (error as { retryAfterSeconds?: number | null }).retryAfterSeconds;
      if ((error as { code?: string }).code === 'throttled') throw new Refusal(429, 'throttled', (error as Error).message, { 'retry-after': String(retryAfter ?? 60) });
      throw error;
    }
  },
  { bad_request: 400, forbidden: 403, too_large: 413, storage_full: 413, unsupported_type: 415 },
);

/** The body, refused with 413 when it is longer than `maxBytes`: at once by its Content-Length, else once read. */
async function readCapped(request: Request, maxBytes: number): Promise<Uint8Array> {
  // The rest of the body is not read: the connection is closed after the answer, so nobody sends on it again.
  const tooLarge = () => new Refusal(413, 'too_large', `A picture may be at most ${maxBytes} bytes.`, { connection: 'close' });
  if (Number(request.headers.get('content-length') ?? 0) > maxBytes) throw tooLarge();
  if (!request.body) return new Uint8Array();
  const chunks: Uint8Array[] = [];
  let length = 0;
  // Past the limit nothing more is kept, but the rest is read (to the server's BODY_SIZE_LIMIT at most): a body
  // left half-read leaves the client waiting for an answer it never gets.
  for await (const chunk of request.body) {
    length += chunk.byteLength;
    if (length <= maxBytes) chunks.push(chunk);
  }
  if (length > maxBytes) throw tooLarge();
  const body = new Uint8Array(length);
  let at = 0;
  for (const chunk of chunks) {
    body.set(chunk, at);
    at += chunk.byteLength;
  }
  return body;
}
