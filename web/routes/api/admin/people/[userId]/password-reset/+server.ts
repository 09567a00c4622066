import { json } from '@sveltejs/kit';
import { iso, type PasswordResetAnswer } from '@kring/contract';
import { NO_STORE, endpoint } from '$lib/server/http';
import { requireAdmin } from '$lib/server/principal';
import type { RequestHandler } from './$types';

/**
 * POST → 201 {reset: {code, expiresAt, person}}: a one-time code for the person to choose a new password
 * (for a client without e-mail: printed at the desk). Shown this once; only its hash is kept. Works once, for
 * eight hours; replaces any earlier code. Audited. 404 for nobody active of this organisation, 409 `self`.
 * Admins only.
 */
export const POST: RequestHandler = endpoint(
  async ({ locals, params }) => {
    const { kring, admin } = await requireAdmin(locals);
    const issued = await kring.passwordResets.issueByAdmin(admin, params.userId);
    return json({ reset: { code: issued.code, expiresAt: iso(issued.expiresAt), person: issued.person } } satisfies PasswordResetAnswer, {
      status: 201,
      headers: NO_STORE,
    });
  },
  { not_found: 404, self: 409 },
);
