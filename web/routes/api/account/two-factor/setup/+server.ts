import { json } from '@sveltejs/kit';
import type { TwoFactorSetupAnswer } from '@kring/contract';
import { NO_STORE, endpoint } from '$lib/server/http';
import { requirePerson } from '$lib/server/principal';
import { TWO_FACTOR_STATUSES } from '../../account.ts';
import type { RequestHandler } from './$types';

/**
 * POST → {setup: {secret, uri, qrSvg}}: a new secret for the authenticator app (scan the QR code or type the
 * secret); nothing changes at login until it is confirmed with a first code. 409 `two_factor_enabled` when on.
 */
export const POST: RequestHandler = endpoint(async ({ locals }) => {
  const { kring, person } = await requirePerson(locals);
  return json({ setup: await kring.twoFactor.beginSetup(person) } satisfies TwoFactorSetupAnswer, { headers: NO_STORE });
}, TWO_FACTOR_STATUSES);
