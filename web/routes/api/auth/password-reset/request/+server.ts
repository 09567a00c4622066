import { json } from '@sveltejs/kit';
import { PasswordResetRequest, type OkAnswer } from '@kring/contract';
import { Refusal, endpoint, readBody } from '$lib/server/http';
import { services } from '$lib/server/services';
import { resetMail } from '$lib/server/reset-mail';
import type { RequestHandler } from './$types';

/**
 * POST {email} → 202 {ok}, always, whether or not an account with this login name exists, has an e-mail address
 * or e-mail is configured: nothing here tells a stranger who has an account. Where it can, the server sends a
 * reset link that works for an hour, at most one per person per five minutes. Looking the person up and sending
 * happen after the answer, so the time taken tells nothing either. 429 after a few requests from one network
 * address, so nobody mails the whole organisation from the login page.
 */
export const POST: RequestHandler = endpoint(async ({ request, url, getClientAddress }) => {
  const { email } = await readBody(request, PasswordResetRequest);
  const kring = await services();
  // Every request counts: a mail is a cost to someone else's mailbox, right or wrong.
  const asked = kring.throttle.guess(`reset-mail-ip:${getClientAddress()}`);
  if (!asked.allowed) throw new Refusal(429, 'throttled', 'Too many requests; try again later.', { 'retry-after': String(Math.ceil(asked.retryAfterMs / 1000)) });
  const mailer = kring.mailer;
  if (mailer) {
    // ORIGIN first, so a forged Host cannot send people a link to somewhere else; then the browser's Origin,
    // which the hooks already held to this host (adapter-node guesses https without ORIGIN).
    const origin = kring.config.origin ?? request.headers.get('origin') ?? url.origin;
    void (async () => {
      const issued = await kring.passwordResets.issueByEmail(email);
      if (issued) await mailer.send(resetMail(issued, origin));
    })().catch((error: unknown) => console.error('password reset mail not sent:', error));
  }
  return json({ ok: true } satisfies OkAnswer, { status: 202 });
});
