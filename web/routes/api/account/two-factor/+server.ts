import { json } from '@sveltejs/kit';
import type { TwoFactorStatus } from '@kring/contract';
import { SECOND_FACTOR_ROLES } from '@kring/server';
import { NO_STORE, endpoint } from '$lib/server/http';
import { requirePerson } from '$lib/server/principal';
import type { RequestHandler } from './$types';

/** GET → {enabled, required, outstanding, recoveryCodesLeft}: the person's two-factor sign-in. */
export const GET: RequestHandler = endpoint(async ({ locals }) => {
  const { kring, person } = await requirePerson(locals);
  const { enabled, recoveryCodesLeft } = await kring.twoFactor.status(person.id);
  return json(
    { enabled, required: SECOND_FACTOR_ROLES.has(person.role), outstanding: locals.secondFactorOutstanding, recoveryCodesLeft } satisfies TwoFactorStatus,
    { headers: NO_STORE },
  );
});
