import { PUSH_SUBSCRIPTION_MAX_BYTES, PushSubscriptionBody, PushUnsubscribeBody } from '@kring/contract';
import { NO_STORE, endpoint, readBodyWithin } from '$lib/server/http';
import { requirePerson } from '$lib/server/principal';
import type { RequestHandler } from './$types';

/**
 * POST {endpoint, keys} → 204: this device is told of the person's new notifications. The session decides whose
 * they are, and it lasts as long as this session (signing out ends it); the endpoint must be at one of the server's push services (400 `endpoint_not_allowed`).
 */
export const POST: RequestHandler = endpoint(
  async ({ locals, request }) => {
    const { kring, person } = await requirePerson(locals);
    const subscription = await readBodyWithin(request, PushSubscriptionBody, PUSH_SUBSCRIPTION_MAX_BYTES);
    await kring.push.subscribe(person.id, locals.sessionId!, subscription);
    return new Response(null, { status: 204, headers: NO_STORE });
  },
  { endpoint_not_allowed: 400, push_off: 404 },
);

/** DELETE {endpoint} → 204: this device is told nothing more. Only the person's own; idempotent. */
export const DELETE: RequestHandler = endpoint(async ({ locals, request }) => {
  const { kring, person } = await requirePerson(locals);
  const { endpoint: address } = await readBodyWithin(request, PushUnsubscribeBody, PUSH_SUBSCRIPTION_MAX_BYTES);
  await kring.push.unsubscribe(person.id, address);
  return new Response(null, { status: 204, headers: NO_STORE });
});
