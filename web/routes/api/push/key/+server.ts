import { json } from '@sveltejs/kit';
import type { PushKey } from '@kring/contract';
import { NO_STORE, Refusal, endpoint } from '$lib/server/http';
import { requirePerson } from '$lib/server/principal';
import type { RequestHandler } from './$types';

/** GET → {publicKey}: the server's VAPID public key for `pushManager.subscribe`; 404 `push_off` when push is off. */
export const GET: RequestHandler = endpoint(async ({ locals }) => {
  const { kring } = await requirePerson(locals);
  const publicKey = kring.push.publicKey;
  if (!publicKey) throw new Refusal(404, 'push_off', 'Push is switched off on this server.');
  return json({ publicKey } satisfies PushKey, { headers: NO_STORE });
});
