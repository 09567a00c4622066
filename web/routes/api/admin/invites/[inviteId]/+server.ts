import { json } from '@sveltejs/kit';
import type { InviteAnswer } from '@kring/contract';
import { Refusal, endpoint } from '$lib/server/http';
import { requireAdmin } from '$lib/server/principal';
import { inviteView } from '../../admin.ts';
import type { RequestHandler } from './$types';

/** DELETE → {invite}: withdraws an invite that was not used yet (409 `not_open` otherwise). Admins only. */
export const DELETE: RequestHandler = endpoint(async ({ locals, params }) => {
  const { kring, admin } = await requireAdmin(locals);
  const invite = await kring.invites.get(params.inviteId);
  if (!invite || invite.organisationId !== admin.organisationId) throw new Refusal(404, 'not_found', 'No such invite.');
  if (!(await kring.invites.revoke(invite.id))) throw new Refusal(409, 'not_open', `The invite is ${invite.state}.`);
  await kring.accounts.audit({ userId: admin.id, action: 'admin.invite.revoke', subject: invite.id });
  return json({ invite: inviteView((await kring.invites.get(invite.id))!) } satisfies InviteAnswer);
});
