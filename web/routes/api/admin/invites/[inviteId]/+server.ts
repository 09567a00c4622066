import { json } from '@sveltejs/kit';
import { Invites } from '@kring/server';
import { problem } from '$lib/server/http';
import { inviteView, requireAdmin } from '../../admin.ts';
import type { RequestHandler } from './$types';

/** DELETE → {invite}: withdraws an invite that was not used yet (409 `not_open` otherwise). Admins only. */
export const DELETE: RequestHandler = async ({ locals, params }) => {
  const allowed = await requireAdmin(locals);
  if (allowed instanceof Response) return allowed;
  const { kring, admin } = allowed;
  const invites = new Invites(kring.db);
  const invite = await invites.get(params.inviteId);
  if (!invite || invite.organisationId !== admin.organisationId) return problem(404, 'not_found', 'No such invite.');
  if (!(await invites.revoke(invite.id))) return problem(409, 'not_open', `The invite is ${invite.state}.`);
  await kring.accounts.audit({ userId: admin.id, action: 'admin.invite.revoke', subject: invite.id });
  return json({ invite: inviteView((await invites.get(invite.id))!) });
};
