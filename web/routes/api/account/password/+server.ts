import { json } from '@sveltejs/kit';
import { PasswordChange, type SessionsEndedAnswer } from '@kring/contract';
import { endpoint, readBody } from '$lib/server/http';
import { requirePerson } from '$lib/server/principal';
import { PASSWORD_STATUSES, asLoginAttempt } from '../account.ts';
import type { RequestHandler } from './$types';

/**
 * POST {currentPassword, newPassword} → {ended}: changes the password and ends every other session of the person.
 * 403 `wrong_password`; 422 `password_*` for a new password the rules refuse (docs/api.md, "Passwords"); 429 when
 * throttled: a wrong current password counts as a failed login, so a stolen session cannot try passwords.
 */
export const POST: RequestHandler = endpoint(async ({ locals, request, getClientAddress }) => {
  const { kring, person } = await requirePerson(locals);
  const { currentPassword, newPassword } = await readBody(request, PasswordChange);
  const ended = await asLoginAttempt(kring, getClientAddress(), person, 'wrong_password', () => kring.ownAccount.changePassword(person, locals.sessionId!, currentPassword, newPassword));
  return json({ ended } satisfies SessionsEndedAnswer);
}, PASSWORD_STATUSES);
