/**
 * Invitations: an administrator invites someone with a code (printed, read out, or sent as a link), because many
 * clients and informal carers have no work email. The invite carries the role, the memberships and the login
 * name, all chosen by the administrator; whoever accepts it in time chooses a name and password, once. The person
 * never types a login name, so an invite code cannot be used to find out which login names exist. Only a SHA-256
 * of the code is stored, so a leaked database holds no usable invite.
 */
import { sha256 } from '@oslojs/crypto/sha2';
import { encodeHexLowerCase } from '@oslojs/encoding';
import { spaceAccess, type MembershipRole, type OrgRole, type SpaceKind } from '@kring/access';
import { Accounts, normaliseEmail, type User } from '../accounts/accounts.ts';
import type { InviteTable, KringDb } from '../db/schema.ts';
import { DomainError } from '../errors.ts';

/** Crockford's base32: no I, L, O or U, so a code read from paper is not misread. */
const ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz';
/** 16 characters of 5 bits: 80 bits, far beyond guessing within an invite's lifetime, and throttled besides. */
const CODE_LENGTH = 16;

export const DEFAULT_INVITE_HOURS = 7 * 24;
export const MAX_INVITE_HOURS = 30 * 24;

export interface InviteMembership {
  spaceId: string;
  role: MembershipRole;
}

export type InviteState = 'open' | 'used' | 'expired' | 'revoked';

export interface Invite {
  id: string;
  organisationId: string;
  role: OrgRole;
  memberships: InviteMembership[];
  note: string | null;
  /** The account's login name (email address or user name); null only on invites made before it was asked. */
  loginName: string | null;
  expiresAt: number;
  createdBy: string | null;
  createdAt: number;
  usedAt: number | null;
  usedBy: string | null;
  revokedAt: number | null;
  state: InviteState;
}

/** What an administrator decides when making an invite. */
export type NewInvite = Pick<Invite, 'organisationId' | 'role' | 'memberships' | 'note' | 'loginName' | 'expiresAt' | 'createdBy'>;

export type InviteErrorCode = 'invalid_invite' | 'login_name_taken' | 'login_name_needed' | 'unknown_space' | 'client_in_team_space' | 'guest_needs_space';

/** `invalid_invite`: unknown, used, expired or revoked (one answer for all, so nothing is learned by guessing). */
export class InviteError extends DomainError<InviteErrorCode> {}

/** A new random code, grouped for reading: `abcd-efgh-jkmn-pqrs`. */
export function newInviteCode(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(CODE_LENGTH));
  const chars = [...bytes].map((byte) => ALPHABET[byte & 31]);
  return [0, 4, 8, 12].map((i) => chars.slice(i, i + 4).join('')).join('-');
}

/** The code as typed, in its canonical form: case, dashes and spaces ignored; i/l read as 1 and o as 0. */
export function normaliseInviteCode(code: string): string {
  return code
    .toLowerCase()
    .replace(/[\s-]/g, '')
    .replace(/[il]/g, '1')
    .replace(/o/g, '0');
}

export function hashInviteCode(code: string): string {
  return encodeHexLowerCase(sha256(new TextEncoder().encode(normaliseInviteCode(code))));
}

/** Whether a string could be a code at all (checked before any lookup). */
export function looksLikeInviteCode(code: string): boolean {
  const normal = normaliseInviteCode(code);
  return normal.length === CODE_LENGTH && [...normal].every((char) => ALPHABET.includes(char));
}

/** An invite as stored, less the hash of its code, which nothing reads back. */
type Row = Omit<InviteTable, 'code_hash'>;

function toInvite(row: Row, now: number): Invite {
  const usedAt = row.used_at === null ? null : Number(row.used_at);
  const revokedAt = row.revoked_at === null ? null : Number(row.revoked_at);
  const expiresAt = Number(row.expires_at);
  const state: InviteState = usedAt !== null ? 'used' : revokedAt !== null ? 'revoked' : expiresAt <= now ? 'expired' : 'open';
  return {
    id: row.id,
    organisationId: row.organisation_id,
    role: row.role,
    memberships: JSON.parse(row.memberships) as InviteMembership[],
    note: row.note,
    loginName: row.login_name,
    expiresAt,
    createdBy: row.created_by,
    createdAt: Number(row.created_at),
    usedAt,
    usedBy: row.used_by,
    revokedAt,
    state,
  };
}

export class Invites {
  readonly #db: KringDb;

  constructor(db: KringDb) {
    this.#db = db;
  }

  /**
   * An administrator's invite: every space must be of their organisation and give the role access under the
   * policy (a client never goes into a team space), and a guest, who sees only the spaces named, needs one. The
   * login name must be free: no account has it and no open invite offers it.
   */
  async issue(
    admin: User,
    input: { role: OrgRole; memberships: InviteMembership[]; note: string | null; loginName: string; expiresInHours: number },
  ): Promise<{ invite: Invite; code: string }> {
    for (const membership of input.memberships) {
      const space = await this.#space(membership.spaceId);
      if (!space || space.organisation_id !== admin.organisationId) throw new InviteError('unknown_space', `No space ${membership.spaceId}.`);
      if (spaceAccess(input.role, { kind: space.kind, role: membership.role }, 'index') === 'none') throw new InviteError('client_in_team_space', 'Clients cannot be members of a team space.');
    }
    if (input.role === 'guest' && input.memberships.length === 0) throw new InviteError('guest_needs_space', 'A guest sees only the spaces they are invited into: name at least one.');
    const loginName = normaliseEmail(input.loginName);
    if (await this.#loginNameTaken(loginName)) throw new InviteError('login_name_taken', `The login name ${loginName} is taken.`);
    const note = input.note?.trim() || null;
    return this.create({
      organisationId: admin.organisationId,
      role: input.role,
      memberships: input.memberships,
      note,
      loginName,
      expiresAt: Date.now() + input.expiresInHours * 3600_000,
      createdBy: admin.id,
    });
  }

  /** Whether an account has this login name, or an open invite offers it. */
  async #loginNameTaken(loginName: string, now = Date.now()): Promise<boolean> {
    if (await new Accounts(this.#db).loginNameTaken(loginName)) return true;
    const offered = await this.#db
      .selectFrom('invites')
      .select('id')
      .where('login_name', '=', loginName)
      .where('used_at', 'is', null)
      .where('revoked_at', 'is', null)
      .where('expires_at', '>', now)
      .executeTakeFirst();
    return offered !== undefined;
  }

  /** What an open invite offers, shown before an account exists; null for a code that does not work. */
  async preview(code: string): Promise<{ invite: Invite; organisation: string; spaces: { id: string; name: string; kind: SpaceKind; role: MembershipRole }[] } | null> {
    const invite = await this.find(code);
    if (!invite) return null;
    const organisation = await this.#db.selectFrom('organisations').select('name').where('id', '=', invite.organisationId).executeTakeFirst();
    const spaces = [];
    for (const membership of invite.memberships) {
      const space = await this.#space(membership.spaceId);
      if (space) spaces.push({ id: space.id, name: space.name, kind: space.kind, role: membership.role });
    }
    return { invite, organisation: organisation?.name ?? '', spaces };
  }

  #space(id: string) {
    return this.#db.selectFrom('spaces').select(['id', 'name', 'kind', 'organisation_id']).where('id', '=', id).executeTakeFirst();
  }

  /** Makes an invite; returns it with its code, which is not kept and cannot be shown again. */
  async create(input: NewInvite & { now?: number }): Promise<{ invite: Invite; code: string }> {
    const now = input.now ?? Date.now();
    const code = newInviteCode();
    const row: Row = {
      id: crypto.randomUUID(),
      organisation_id: input.organisationId,
      role: input.role,
      memberships: JSON.stringify(input.memberships),
      note: input.note,
      login_name: input.loginName === null ? null : normaliseEmail(input.loginName),
      expires_at: input.expiresAt,
      created_by: input.createdBy,
      created_at: now,
      used_at: null,
      used_by: null,
      revoked_at: null,
    };
    await this.#db.insertInto('invites').values({ ...row, code_hash: hashInviteCode(code) }).execute();
    return { invite: toInvite(row, now), code };
  }

  /** The open invite with this code, or null (unknown, used, expired or revoked). */
  async find(code: string, now = Date.now()): Promise<Invite | null> {
    if (!looksLikeInviteCode(code)) return null;
    const row = await this.#db.selectFrom('invites').selectAll().where('code_hash', '=', hashInviteCode(code)).executeTakeFirst();
    const invite = row ? toInvite(row, now) : null;
    return invite?.state === 'open' ? invite : null;
  }

  async get(id: string, now = Date.now()): Promise<Invite | null> {
    const row = await this.#db.selectFrom('invites').selectAll().where('id', '=', id).executeTakeFirst();
    return row ? toInvite(row, now) : null;
  }

  /** Every invite of the organisation, newest first. */
  async list(organisationId: string, now = Date.now()): Promise<Invite[]> {
    const rows = await this.#db.selectFrom('invites').selectAll().where('organisation_id', '=', organisationId).orderBy('created_at', 'desc').execute();
    return rows.map((row) => toInvite(row, now));
  }

  /** Withdraws an invite that was not used yet. Returns false when there was nothing to withdraw. */
  async revoke(id: string, now = Date.now()): Promise<boolean> {
    const result = await this.#db
      .updateTable('invites')
      .set({ revoked_at: now })
      .where('id', '=', id)
      .where('used_at', 'is', null)
      .where('revoked_at', 'is', null)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }

  /**
   * Accepts an invite: creates the account with the invite's role and memberships and uses the invite up, in
   * one transaction, so two people racing with one code get one account. The login name is the invite's; `email`
   * (the person's choice) counts only on an invite made before invites carried one. Throws InviteError:
   * `login_name_taken` when an account took the name meanwhile (only an administrator can have made it).
   * @param passwordHash the chosen password, already hashed (hashing is slow; it stays outside the transaction)
   */
  async accept(code: string, input: { name: string; email?: string; passwordHash: string; now?: number }): Promise<{ user: User; invite: Invite }> {
    const now = input.now ?? Date.now();
    if (!looksLikeInviteCode(code)) throw new InviteError('invalid_invite', 'no such invite');
    return this.#db.transaction().execute(async (trx) => {
      const row = await trx.selectFrom('invites').selectAll().where('code_hash', '=', hashInviteCode(code)).executeTakeFirst();
      const invite = row ? toInvite(row, now) : null;
      if (!invite || invite.state !== 'open') throw new InviteError('invalid_invite', 'no such invite');
      const accounts = new Accounts(trx);
      const loginName = invite.loginName ?? input.email;
      if (loginName === undefined) throw new InviteError('login_name_needed', 'this invite needs a login name');
      if (await accounts.loginNameTaken(loginName)) throw new InviteError('login_name_taken', 'an account with this login name exists');
      const user = await accounts.createUserWithHash({
        organisationId: invite.organisationId,
        email: loginName,
        name: input.name,
        passwordHash: input.passwordHash,
        role: invite.role,
      });
      // Spaces removed since the invite was made are skipped rather than failing the whole acceptance.
      const existing = new Set(
        (await trx.selectFrom('spaces').select('id').where('organisation_id', '=', invite.organisationId).execute()).map((space) => space.id),
      );
      for (const membership of invite.memberships) {
        if (existing.has(membership.spaceId)) await accounts.setMembership(membership.spaceId, user.id, membership.role);
      }
      await trx.updateTable('invites').set({ used_at: now, used_by: user.id }).where('id', '=', invite.id).execute();
      return { user, invite: { ...invite, usedAt: now, usedBy: user.id, state: 'used' as const } };
    });
  }
}
