/**
 * Pictures over HTTP, for post photos and profile photos alike: reading an upload's bytes within the limit, and
 * serving a stored picture so that it never runs and is never guessed at.
 */
import type { StoredPicture } from '@kring/contract';
import { Refusal } from './http';

/** The body, refused with 413 when it is longer than `maxBytes`: at once by its Content-Length, else once read. */
export async function readPicture(request: Request, maxBytes: number): Promise<Uint8Array> {
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

/** A file-store error's 429 with Retry-After; other errors go on to the endpoint's own statuses. */
export function throttledToRefusal(error: unknown): never {
  const retryAfter = (error as { retryAfterSeconds?: number | null }).retryAfterSeconds;
  if ((error as { code?: string }).code === 'throttled') throw new Refusal(429, 'throttled', (error as Error).message, { 'retry-after': String(retryAfter ?? 60) });
  throw error;
}

/**
 * The picture's bytes: its own CSP with a sandbox, nosniff, shown inline under a name of our making. Private to the
 * browser's cache and asked again each time (no-cache, ETag), so on a shared tablet the next person's session is
 * checked before a kept copy is used; the device keeps what it saw for offline reading in its own store.
 */
export function pictureResponse(file: StoredPicture, bytes: Uint8Array, request: Request): Response {
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
}
