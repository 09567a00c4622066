import { beforeEach, describe, expect, it } from 'vitest';
import type { Accounts, User } from '../accounts/accounts.ts';
import type { KringDb } from '../db/schema.ts';
import { Sessions } from '../sessions/sessions.ts';
import { refusal, testOrganisation } from '../testing.ts';
import { AccountError } from './own-account.ts';
import { ADMIN_RESET_HOURS, EMAIL_RESET_HOURS, PasswordResets, hashResetCode, looksLikeResetCode, newResetCode } from './password-resets.ts';

const STRONG = 'paard batterij nietje juist';
const HOUR = 3600_000;

let db: KringDb;
let accounts: Accounts;
let sessions: Sessions;
let resets: PasswordResets;
let admin: User;
let daan: User;

beforeEach(async () => {
  ({ db, accounts } = await testOrganisation());
  sessions = new Sessions(db);
  resets = new PasswordResets(db, accounts, sessions);
  admin = await accounts.createUser({ organisationId: 'org', email: 'beheer@zorg.test', name: 'Beheer', password: 'oud-wachtwoord', role: 'admin' });
  daan = await accounts.createUser({ organisationId: 'org', email: 'daan', name: 'Daan Bakker', password: 'oud-wachtwoord', role: 'client' });
});

describe('reset codes', () => {
  it('carry 160 random bits: 32 unambiguous characters in eight groups of four, different every time', () => {
    const codes = new Set(Array.from({ length: 200 }, () => newResetCode()));
    expect(codes.size).toBe(200);
    for (const code of codes) {
      expect(code).toMatch(/^[0-9a-hjkmnp-tv-z]{4}(-[0-9a-hjkmnp-tv-z]{4}){7}$/);
      expect(looksLikeResetCode(code)).toBe(true);
    }
  });

  it('are read forgivingly (case, dashes, spaces, I/L/O) and refused when they cannot be codes', () => {
    const code = newResetCode();
    expect(hashResetCode(code.toUpperCase().replaceAll('-', ' '))).toBe(hashResetCode(code));
    expect(looksLikeResetCode('abcd-efgh')).toBe(false);
    expect(looksLikeResetCode('u'.repeat(32))).toBe(false);
  });

  it('are stored only as a hash', async () => {
    const { code } = await resets.issueByAdmin(admin, daan.id);
    const rows = await db.selectFrom('password_resets').selectAll().execute();
    expect(rows).toHaveLength(1);
    expect(JSON.stringify(rows)).not.toContain(code.replaceAll('-', ''));
    expect(rows[0]!.code_hash).toBe(hashResetCode(code));
  });
});

describe('an administrator’s code', () => {
  it('sets a new password once, ends every session, and is audited at issue and use', async () => {
    await sessions.create(daan.id);
    const { code, expiresAt } = await resets.issueByAdmin(admin, daan.id);
    expect(expiresAt).toBeGreaterThan(Date.now() + (ADMIN_RESET_HOURS - 1) * HOUR);
    await resets.use(code, STRONG);
    expect(await accounts.verifyPassword('daan', STRONG)).not.toBeNull();
    expect(await accounts.verifyPassword('daan', 'oud-wachtwoord')).toBeNull();
    expect(await sessions.list(daan.id)).toEqual([]);
    expect(await refusal(resets.use(code, 'een ander sterk wachtwoord 9'), AccountError)).toBe('invalid_reset');
    const log = await accounts.auditLog({ limit: 10 });
    expect(log.map((entry) => [entry.action, entry.userId, entry.subject])).toEqual([
      ['password_reset.used', daan.id, daan.id],
      ['password_reset.issued', admin.id, daan.id],
    ]);
  });

  it('no longer works after it expired', async () => {
    const issuedAt = Date.now();
    const { code } = await resets.issueByAdmin(admin, daan.id, issuedAt);
    expect(await refusal(resets.use(code, STRONG, issuedAt + ADMIN_RESET_HOURS * HOUR), AccountError)).toBe('invalid_reset');
  });

  it('refuses a weak password and stays usable', async () => {
    const { code } = await resets.issueByAdmin(admin, daan.id);
    expect(await refusal(resets.use(code, 'wachtwoord123'), AccountError)).toBe('password_common');
    expect(await refusal(resets.use(code, 'daanbakker12'), AccountError)).toBe('password_personal');
    await resets.use(code, STRONG);
  });

  it('is replaced by a newer code', async () => {
    const first = await resets.issueByAdmin(admin, daan.id);
    const second = await resets.issueByAdmin(admin, daan.id);
    expect(await refusal(resets.use(first.code, STRONG), AccountError)).toBe('invalid_reset');
    await resets.use(second.code, STRONG);
  });

  it('works only once when used twice at the same moment', async () => {
    const { code } = await resets.issueByAdmin(admin, daan.id);
    const results = await Promise.allSettled([resets.use(code, STRONG), resets.use(code, 'een ander sterk wachtwoord 9')]);
    expect(results.filter((result) => result.status === 'fulfilled')).toHaveLength(1);
  });

  it('is refused for the administrator themselves, another organisation, and a deactivated person', async () => {
    expect(await refusal(resets.issueByAdmin(admin, admin.id), AccountError)).toBe('self');
    await accounts.createOrganisation('other', 'Other');
    const stranger = await accounts.createUser({ organisationId: 'other', email: 'x@other.test', name: 'X', password: 'oud-wachtwoord', role: 'client' });
    expect(await refusal(resets.issueByAdmin(admin, stranger.id), AccountError)).toBe('not_found');
    const { code } = await resets.issueByAdmin(admin, daan.id);
    await accounts.setActive(daan.id, false);
    expect(await refusal(resets.issueByAdmin(admin, daan.id), AccountError)).toBe('not_found');
    expect(await refusal(resets.use(code, STRONG), AccountError)).toBe('invalid_reset');
  });
});

describe('a code by e-mail', () => {
  it('is made only for an active account whose login name is an e-mail address, at most once in five minutes', async () => {
    expect(await resets.issueByEmail('niemand@zorg.test')).toBeNull();
    expect(await resets.issueByEmail('daan')).toBeNull();
    const now = Date.now();
    const issued = await resets.issueByEmail(' Beheer@Zorg.test ', now);
    expect(issued?.person.email).toBe('beheer@zorg.test');
    expect(issued!.expiresAt).toBe(now + EMAIL_RESET_HOURS * HOUR);
    expect(await resets.issueByEmail('beheer@zorg.test', now + 60_000)).toBeNull();
    expect(await resets.issueByEmail('beheer@zorg.test', now + 5 * 60_000 + 1)).not.toBeNull();
  });
});
