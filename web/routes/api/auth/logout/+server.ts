import { json } from '@sveltejs/kit';
import { services } from '$lib/server/services';
import type { RequestHandler } from './$types';

/**
 * Ends this session: its cookie stops working and its open sync sockets close (code 4410). For a deactivated
 * person's device it ends the handover: the device is not recognised again.
 */
export const POST: RequestHandler = async ({ locals, cookies }) => {
  const { sessions, accounts } = await services();
  if (locals.sessionId && locals.user) {
    await sessions.end(locals.sessionId, locals.user.id);
    await accounts.audit({ userId: locals.user.id, action: 'logout', subject: null });
  }
  if (locals.retired) {
    await sessions.endRetired(locals.retired.id);
    await accounts.audit({ userId: locals.retired.userId, action: 'handover.done', subject: null });
  }
  const blank = sessions.blankCookie();
  cookies.set(blank.name, blank.value, { path: '/', ...blank.attributes });
  return json({ ok: true });
};
