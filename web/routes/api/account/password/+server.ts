import { setTimeout as sleep } from 'node:timers/promises';
import { json } from '@sveltejs/kit';
import { PasswordChange, type SessionsEndedAnswer } from '@kring/contract';
import { Refusal, endpoint, readBody } from '$lib/server/http';
import { requirePerson } from '$lib/server/principal';
import { PASSWORD_STATUSES } from '../account.ts';
import type { RequestHandler } from './$types';

/**
 * POST {currentPassword, newPassword} → {ended}: changes the password and ends every other session of the person.
 * 403 `wrong_password`; 422 `password_*` for a new password the rules refuse (docs/api.md, "Passwords"); 429 when
 * throttled: a wrong current password counts as a failed login, so a stolen session cannot try passwords.
 */
export const POST: RequestHandler = endpoint(async ({ locals, request, getClientAddress }) => {
  const { kring, person } = await requirePerson(locals);
  const { currentPassword, newPassword } = await readBody(request, PasswordChange);
  const attempt = kring.throttle.attempt(getClientAddress(), person.email);
  if (!attempt.allowed) {
    const seconds = Math.ceil(attempt.retryAfterMs / 1000);
    throw new Refusal(429, 'throttled', `Too many failed attempts; try again in ${seconds} s.`, { 'retry-after': String(seconds) });
  }
  if (attempt.delayMs > 0) await sleep(attempt.delayMs);
  try {
    const ended = await kring.ownAccount.changePassword(person, locals.sessionId!, currentPassword, newPassword);
    attempt.succeeded();
    return json({ ended } satisfies SessionsEndedAnswer);
  } catch (error) {
    if ((error as { code?: unknown }).code === 'wrong_password') attempt.failed();
    else attempt.succeeded();
    throw error;
  }
}, PASSWORD_STATUSES);
