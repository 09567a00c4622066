import { json } from '@sveltejs/kit';
import { MEMBERSHIP_ROLES, ORG_ROLES, type MembershipRole, type OrgRole } from '@kring/access';
import { DEFAULT_INVITE_HOURS, Invites, MAX_INVITE_HOURS, type InviteMembership } from '@kring/server';
import { problem, readJson } from '$lib/server/http';
import { inviteView, requireAdmin } from '../admin.ts';
import type { RequestHandler } from './$types';

/** GET → {invites}: every invite of the organisation, newest first, with its state (open, used, expired, revoked); never a code. Admins only. */
export const GET: RequestHandler = async ({ locals }) => {
  const allowed = await requireAdmin(locals);
  if (allowed instanceof Response) return allowed;
  const invites = await new Invites(allowed.kring.db).list(allowed.admin.organisationId);
  return json({ invites: invites.map(inviteView) }, { headers: { 'cache-control': 'no-store' } });
};

/**
 * POST {role, spaces?: [{spaceId, role}], expiresInHours?, note?} → 201 {invite, code}. The code is in this
 * answer only (the server keeps a hash): give it to the person on paper or as a link. It works once, until it
 * expires (default 7 days, at most 30). A guest must be invited into at least one space; a client never into a
 * team space. Admins only.
 */
export const POST: RequestHandler = async ({ locals, request }) => {
  const allowed = await requireAdmin(locals);
  if (allowed instanceof Response) return allowed;
  const { kring, admin } = allowed;
  const body = (await readJson(request)) as { role?: unknown; spaces?: unknown; expiresInHours?: unknown; note?: unknown } | null;
  if (!body || typeof body !== 'object') return problem(400, 'bad_request', 'Send {"role", "spaces"?, "expiresInHours"?, "note"?} as JSON.');
  if (!ORG_ROLES.includes(body.role as OrgRole)) return problem(400, 'bad_request', `role must be one of ${ORG_ROLES.join(', ')}.`);
  const role = body.role as OrgRole;
  const hours = body.expiresInHours ?? DEFAULT_INVITE_HOURS;
  if (typeof hours !== 'number' || !(hours > 0 && hours <= MAX_INVITE_HOURS)) return problem(400, 'bad_request', `expiresInHours must be more than 0 and at most ${MAX_INVITE_HOURS}.`);
  if (body.note !== undefined && body.note !== null && (typeof body.note !== 'string' || body.note.length > 200)) return problem(400, 'bad_request', 'note must be a text of at most 200 characters.');
  const spaces = body.spaces ?? [];
  if (!Array.isArray(spaces) || spaces.length > 100) return problem(400, 'bad_request', 'spaces must be a list of {spaceId, role}.');
  const memberships: InviteMembership[] = [];
  for (const entry of spaces as { spaceId?: unknown; role?: unknown }[]) {
    if (typeof entry !== 'object' || entry === null || typeof entry.spaceId !== 'string' || !MEMBERSHIP_ROLES.includes(entry.role as MembershipRole)) {
      return problem(400, 'bad_request', `Each space is {"spaceId": string, "role": ${MEMBERSHIP_ROLES.join('|')}}.`);
    }
    const space = await kring.accounts.space(entry.spaceId);
    if (!space || space.organisationId !== admin.organisationId) return problem(400, 'unknown_space', `No space ${entry.spaceId}.`);
    if (space.kind === 'team' && role === 'client') return problem(409, 'client_in_team_space', 'Clients cannot be members of a team space.');
    if (memberships.some((m) => m.spaceId === entry.spaceId)) return problem(400, 'bad_request', `Space ${entry.spaceId} is listed twice.`);
    memberships.push({ spaceId: entry.spaceId, role: entry.role as MembershipRole });
  }
  if (role === 'guest' && memberships.length === 0) return problem(400, 'guest_needs_space', 'A guest sees only the spaces they are invited into: name at least one.');

  const note = typeof body.note === 'string' && body.note.trim() !== '' ? body.note.trim() : null;
  const { invite, code } = await new Invites(kring.db).create({
    organisationId: admin.organisationId,
    role,
    memberships,
    note,
    expiresAt: Date.now() + hours * 3600_000,
    createdBy: admin.id,
  });
  await kring.accounts.audit({ userId: admin.id, action: 'admin.invite.create', subject: invite.id, detail: { role, memberships, expiresAt: new Date(invite.expiresAt).toISOString() } });
  return json({ invite: inviteView(invite), code }, { status: 201, headers: { 'cache-control': 'no-store' } });
};
