import { batchResponse, readBatchRequest, withinQuota } from '$lib/server/batch';
import { problem } from '$lib/server/http';
import { services } from '$lib/server/services';
import type { RequestHandler } from './$types';

/**
 * POST a binary batch from the device of a deactivated person: the work it had not yet saved, once. The retired
 * session ends with it, so the cookie opens nothing afterwards (401). Each document is stored only where the
 * person could write it when they were deactivated; the answer carries what is now stored and no content (a
 * deactivated person receives nothing). The device then deletes its local copy. 401 for anyone else.
 */
export const POST: RequestHandler = async ({ request, locals, cookies }) => {
  const kring = await services();
  const retired = locals.retired;
  const user = retired && (await kring.accounts.userById(retired.userId));
  if (!retired || !user) return problem(401, 'no_session', 'Only the device of a deactivated account hands over.');
  // Read before the session is used up: a malformed or too large body leaves the device its one hand-in.
  const items = await readBatchRequest(request);
  if (items instanceof Response) return items;
  // The person's spaces and roles as they stood; only `active` changed, and that is what a handover allows.
  const accessUser = { ...(await kring.accounts.accessUser(user)), active: true };
  const principal = { sessionId: retired.id, userId: user.id, name: user.name, accessUser };
  // Over a quota nothing is stored and the hand-in is not used up: the device may hand over again later.
  return withinQuota(async () => {
    const answer = await kring.sessions.handIn(retired, () => kring.sync.reconcile(principal, items, 'handover'));
    if (!answer) return problem(401, 'no_session', 'This device has handed over already.');
    const stored = answer.filter((item) => item.status === 'ok').map((item) => item.docName);
    await kring.accounts.audit({ userId: user.id, action: 'handover', subject: null, detail: { documents: stored } });
    await kring.accounts.audit({ userId: user.id, action: 'handover.done', subject: null });
    const blank = kring.sessions.blankCookie();
    cookies.set(blank.name, blank.value, { path: '/', ...blank.attributes });
    return batchResponse(answer);
  });
};
