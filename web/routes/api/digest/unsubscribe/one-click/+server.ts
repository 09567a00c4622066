import { json, redirect } from '@sveltejs/kit';
import { DigestOneClickQuery, ONE_CLICK_FIELD, ONE_CLICK_VALUE, type OkAnswer } from '@kring/contract';
import { NO_STORE, Refusal, endpoint, readQuery } from '$lib/server/http';
import { services } from '$lib/server/services';
import type { RequestHandler } from './$types';

/** A one-click body is one short form field; anything much longer is not one. */
const MAX_BODY_BYTES = 2048;

/**
 * POST ?token=… with the form body `List-Unsubscribe=One-Click` → {ok}: RFC 8058's one-click unsubscribe, as a
 * mail provider sends it from the digest's `List-Unsubscribe` header. No session, no cookie, any origin (the one
 * path web/hooks.server.ts lets through from elsewhere): the signed token decides (400 `bad_token` for one the
 * server did not make, and nothing changes; 400 `bad_request` for another body); again is still {ok}. Wrong tokens
 * are throttled per network address (429).
 */
export const POST: RequestHandler = endpoint(
  async ({ request, url, getClientAddress }) => {
    const { token } = readQuery(url, DigestOneClickQuery);
    if ((await oneClickField(request)) !== ONE_CLICK_VALUE) throw new Refusal(400, 'bad_request', `The body must be the form field ${ONE_CLICK_FIELD}=${ONE_CLICK_VALUE}.`);
    const kring = await services();
    // Its own count: a mail provider posts for many people from a few addresses, and only wrong tokens count.
    const asked = kring.throttle.guess(`digest-one-click-ip:${getClientAddress()}`);
    if (!asked.allowed) throw new Refusal(429, 'throttled', 'Too many requests; try again later.', { 'retry-after': String(Math.ceil(asked.retryAfterMs / 1000)) });
    await kring.digests.unsubscribe(token);
    asked.right();
    return json({ ok: true } satisfies OkAnswer, { headers: NO_STORE });
  },
  { bad_token: 400 },
);

/**
 * GET ?token=… → 303 to the page /digest/unsubscribe, with the token in the fragment: a mail program that opens
 * the header's address in a browser instead of posting to it gets the page with its button. A GET never
 * unsubscribes (RFC 8058: mail filters open links ahead).
 */
export const GET: RequestHandler = ({ url }) => {
  const token = url.searchParams.get('token');
  const safe = token !== null && /^[A-Za-z0-9_-]{1,200}\.[A-Za-z0-9_-]{1,100}$/.test(token);
  redirect(303, safe ? `/digest/unsubscribe#token=${token}` : '/digest/unsubscribe');
};

/** The value of the `List-Unsubscribe` field of a form body (urlencoded or multipart, as RFC 8058 allows), or null. */
async function oneClickField(request: Request): Promise<string | null> {
  const type = request.headers.get('content-type')?.split(';', 1)[0].trim().toLowerCase();
  if (type !== 'application/x-www-form-urlencoded' && type !== 'multipart/form-data') return null;
  if (Number(request.headers.get('content-length') ?? 0) > MAX_BODY_BYTES) return null;
  const bytes = await request.arrayBuffer();
  if (bytes.byteLength > MAX_BODY_BYTES) return null;
  try {
    const value = (await new Response(bytes, { headers: { 'content-type': request.headers.get('content-type')! } }).formData()).get(ONE_CLICK_FIELD);
    return typeof value === 'string' ? value : null;
  } catch {
    // A multipart body that does not parse.
    return null;
  }
}
