import { json } from '@sveltejs/kit';
import { DigestUnsubscribeBody, type OkAnswer } from '@kring/contract';
import { NO_STORE, Refusal, endpoint, readBody } from '$lib/server/http';
import { services } from '$lib/server/services';
import type { RequestHandler } from './$types';

/**
 * POST {token} → {ok}: the person the mail's link was made for gets no more digests. No session: the token is
 * signed by the server (400 `bad_token` for one it did not make). Wrong tokens are throttled per network address
 * (429), as wrong invite codes are.
 */
export const POST: RequestHandler = endpoint(
  async ({ request, getClientAddress }) => {
    const kring = await services();
    const asked = kring.throttle.guess(`digest-unsubscribe-ip:${getClientAddress()}`);
    if (!asked.allowed) throw new Refusal(429, 'throttled', 'Too many requests; try again later.', { 'retry-after': String(Math.ceil(asked.retryAfterMs / 1000)) });
    const { token } = await readBody(request, DigestUnsubscribeBody);
    await kring.digests.unsubscribe(token);
    asked.right();
    return json({ ok: true } satisfies OkAnswer, { headers: NO_STORE });
  },
  { bad_token: 400 },
);
