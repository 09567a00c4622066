import { json } from '@sveltejs/kit';
import { NewInvite, type InviteList, type NewInviteAnswer } from '@kring/contract';
import { NO_STORE, endpoint, readBody } from '$lib/server/http';
import { requireAdmin } from '$lib/server/principal';
import { inviteView } from '../admin.ts';
import type { RequestHandler } from './$types';

/** GET → {invites}: every invite of the organisation, newest first, with its state (open, used, expired, revoked); never a code. Admins only. */
export const GET: RequestHandler = endpoint(async ({ locals }) => {
  const { kring, admin } = await requireAdmin(locals);
  const invites = await kring.invites.list(admin.organisationId);
  return json({ invites: invites.map(inviteView) } satisfies InviteList, { headers: NO_STORE });
});

/**
 * POST {role, loginName, spaces?: [{spaceId, role}], expiresInHours?, note?} → 201 {invite, code}. `loginName`
 * (an email address or a user name) becomes the account's: 409 `login_name_taken` when an account has it or an
 * open invite offers it; the person accepting cannot choose another. The code is in this
 * answer only (the server keeps a hash): give it to the person on paper or as a link. It works once, until it
 * expires (default 7 days, at most 30). A guest must be invited into at least one space; a client never into a
 * team space. Admins only.
 */
export const POST: RequestHandler = endpoint(
  async ({ locals, request }) => {
    const { kring, admin } = await requireAdmin(locals);
    const body = await readBody(request, NewInvite);
    const { invite, code } = await kring.invites.issue(admin, { role: body.role, memberships: body.spaces, note: body.note, loginName: body.loginName, expiresInHours: body.expiresInHours });
    await kring.accounts.audit({ userId: admin.id, action: 'admin.invite.create', subject: invite.id, detail: { role: invite.role, memberships: invite.memberships, loginName: invite.loginName, expiresAt: new Date(invite.expiresAt).toISOString() } });
    return json({ invite: inviteView(invite), code } satisfies NewInviteAnswer, { status: 201, headers: NO_STORE });
  },
  { unknown_space: 400, guest_needs_space: 400, client_in_team_space: 409, login_name_taken: 409 },
);
