import { beforeEach, describe, expect, it } from 'vitest';
import { hashPassword, type Accounts } from '../accounts/accounts.ts';
import { InviteError, Invites, hashInviteCode, looksLikeInviteCode, newInviteCode, normaliseInviteCode } from './invites.ts';
import type { KringDb } from '../db/schema.ts';
import { testOrganisation } from '../testing.ts';

let db: KringDb;
let accounts: Accounts;
let invites: Invites;
let passwordHash: string;

beforeEach(async () => {
  ({ db, accounts } = await testOrganisation());
  invites = new Invites(db);
  await accounts.createSpace({ id: 'plein', organisationId: 'org', name: 'Cliëntenplein', kind: 'client' });
  passwordHash ??= await hashPassword('welkom-op-het-plein');
});

const HOUR = 3600_000;
const make = (expiresAt = Date.now() + HOUR, loginName: string | null = 'Oma-Truus') =>
  invites.create({ organisationId: 'org', role: 'client', memberships: [{ spaceId: 'plein', role: 'member' }], note: 'mevrouw Jansen', loginName, expiresAt, createdBy: null });

describe('invite codes', () => {
  it('are 16 unambiguous characters in groups of four, different every time', () => {
    const codes = new Set(Array.from({ length: 200 }, () => newInviteCode()));
    expect(codes.size).toBe(200);
    for (const code of codes) {
      expect(code).toMatch(/^[0-9a-hjkmnp-tv-z]{4}(-[0-9a-hjkmnp-tv-z]{4}){3}$/);
      expect(looksLikeInviteCode(code)).toBe(true);
    }
  });

  it('are read forgivingly: case, dashes, spaces, and I/L/O for 1 and 0', () => {
    expect(normaliseInviteCode(' AB1D-EF0H jk1m-NPQR ')).toBe('ab1def0hjk1mnpqr');
    expect(hashInviteCode('abld-efoh-jkim-npqr')).toBe(hashInviteCode('AB1D EF0H JK1M NPQR'));
    expect(looksLikeInviteCode('too-short')).toBe(false);
    expect(looksLikeInviteCode('uuuu-uuuu-uuuu-uuuu')).toBe(false);
  });
});

describe('Invites', () => {
  it('stores only a hash of the code', async () => {
    const { code } = await make();
    const rows = await db.selectFrom('invites').selectAll().execute();
    expect(rows).toHaveLength(1);
    expect(JSON.stringify(rows)).not.toContain(code);
    expect(JSON.stringify(rows)).not.toContain(normaliseInviteCode(code));
    expect(rows[0]!.code_hash).toBe(hashInviteCode(code));
  });

  it('finds an open invite by its code, however it is typed', async () => {
    const { code, invite } = await make();
    expect((await invites.find(code.toUpperCase().replaceAll('-', ' ')))?.id).toBe(invite.id);
    expect(await invites.find('0000-0000-0000-0000')).toBeNull();
  });

  it('creates the account with the role, memberships and login name of the invite, and uses the invite up', async () => {
    const { code, invite } = await make();
    // A login name sent along is not the person's to choose: the invite's counts.
    const { user } = await invites.accept(code, { name: ' Truus Jansen ', email: 'iemand-anders', passwordHash });
    expect(user).toMatchObject({ name: 'Truus Jansen', email: 'oma-truus', role: 'client', active: true });
    expect(await accounts.membership('plein', user.id)).toBe('member');
    expect(await accounts.verifyPassword('oma-truus', 'welkom-op-het-plein')).toEqual(user);
    expect(await invites.find(code)).toBeNull();
    expect(await invites.get(invite.id)).toMatchObject({ state: 'used', usedBy: user.id });
  });

  it('is single-use, also when two people race with one code', async () => {
    const { code } = await make();
    const results = await Promise.allSettled([
      invites.accept(code, { name: 'A', email: 'a@kring.test', passwordHash }),
      invites.accept(code, { name: 'B', email: 'b@kring.test', passwordHash }),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const failure = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    expect(failure.reason).toBeInstanceOf(InviteError);
    expect((failure.reason as InviteError).code).toBe('invalid_invite');
    expect(await db.selectFrom('users').select('email').execute()).toHaveLength(1);
  });

  it('refuses an expired or revoked invite', async () => {
    const expired = await make(Date.now() - 1);
    await expect(invites.accept(expired.code, { name: 'A', email: 'a@kring.test', passwordHash })).rejects.toMatchObject({ code: 'invalid_invite' });
    const revoked = await make();
    expect(await invites.revoke(revoked.invite.id)).toBe(true);
    expect(await invites.revoke(revoked.invite.id)).toBe(false);
    await expect(invites.accept(revoked.code, { name: 'A', email: 'a@kring.test', passwordHash })).rejects.toMatchObject({ code: 'invalid_invite' });
    expect((await invites.list('org')).map((i) => i.state).sort()).toEqual(['expired', 'revoked']);
    expect(await db.selectFrom('users').selectAll().execute()).toEqual([]);
  });

  it('accepts the same way whichever login names exist: the person sends none that counts', async () => {
    await accounts.createUser({ organisationId: 'org', email: 'anna@kring.test', name: 'Anna', password: 'pw-anna-123', role: 'employee' });
    const taken = await invites.accept((await make(undefined, 'truus')).code, { name: 'A', email: 'ANNA@kring.test', passwordHash });
    const free = await invites.accept((await make(undefined, 'kees')).code, { name: 'B', email: 'niemand@kring.test', passwordHash });
    expect([taken.user.email, free.user.email]).toEqual(['truus', 'kees']);
  });

  it("refuses an administrator's invite with a login name an account has or an open invite offers", async () => {
    const admin = await accounts.createUser({ organisationId: 'org', email: 'beheer@kring.test', name: 'Beheer', password: 'pw-beheer-123', role: 'admin' });
    const issue = (loginName: string) => invites.issue(admin, { role: 'client', memberships: [{ spaceId: 'plein', role: 'member' }], note: null, loginName, expiresInHours: 1 });
    await expect(issue(' BEHEER@kring.test ')).rejects.toMatchObject({ code: 'login_name_taken' });
    const { invite } = await issue('Oma-Truus');
    expect(invite.loginName).toBe('oma-truus');
    await expect(issue('oma-truus')).rejects.toMatchObject({ code: 'login_name_taken' });
    // Once withdrawn, the name is free again.
    await invites.revoke(invite.id);
    await expect(issue('oma-truus')).resolves.toMatchObject({ invite: { loginName: 'oma-truus' } });
  });

  it('refuses when an account took the login name since, and leaves the invite open', async () => {
    const { code } = await make();
    await accounts.createUser({ organisationId: 'org', email: 'oma-truus', name: 'Truus', password: 'pw-truus-123', role: 'client' });
    await expect(invites.accept(code, { name: 'A', passwordHash })).rejects.toMatchObject({ code: 'login_name_taken' });
    expect(await invites.find(code)).not.toBeNull();
  });

  it('lets the person choose the login name on an invite made before invites carried one', async () => {
    const { code } = await make(undefined, null);
    await expect(invites.accept(code, { name: 'A', passwordHash })).rejects.toMatchObject({ code: 'login_name_needed' });
    const { user } = await invites.accept(code, { name: 'A', email: 'Truus', passwordHash });
    expect(user.email).toBe('truus');
  });

  it('skips memberships of spaces that were removed since', async () => {
    const { code } = await invites.create({
      organisationId: 'org',
      role: 'client',
      memberships: [{ spaceId: 'weg', role: 'member' }, { spaceId: 'plein', role: 'reader' }],
      note: null,
      loginName: 'a@kring.test',
      expiresAt: Date.now() + HOUR,
      createdBy: null,
    });
    const { user } = await invites.accept(code, { name: 'A', passwordHash });
    expect((await accounts.spacesOf(user)).map((s) => [s.id, s.role])).toEqual([['plein', 'reader']]);
  });
});
