import { createHash } from 'node:crypto';
import { beforeEach, describe, expect, it } from 'vitest';
import type { Accounts, User } from '../accounts/accounts.ts';
import type { KringDb } from '../db/schema.ts';
import { testOrganisation } from '../testing.ts';
import { LAST_SEEN_STEP_MS, SESSION_COOKIE, Sessions, hashToken } from './sessions.ts';

const IDLE = 60_000;
const ABSOLUTE = 10 * 60_000;

let db: KringDb;
let accounts: Accounts;
let sessions: Sessions;
let anna: User;
let bram: User;

beforeEach(async () => {
  ({ db, accounts } = await testOrganisation());
  sessions = new Sessions(db, { idleTimeoutMs: IDLE, absoluteLifetimeMs: ABSOLUTE, secure: false });
  anna = await accounts.createUser({ organisationId: 'org', email: 'anna@kring.test', name: 'Anna', password: 'pw-anna-123', role: 'employee' });
  bram = await accounts.createUser({ organisationId: 'org', email: 'bram@kring.test', name: 'Bram', password: 'pw-bram-123', role: 'employee' });
});

const sessionRow = (id: string) => db.selectFrom('sessions').selectAll().where('id', '=', id).executeTakeFirst();
const sha256Hex = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

/** What `onEnd` tells its listeners from now on: each time, the ended sessions' ids and whose they were. */
function endedFromNowOn(): [string[], string][] {
  const ended: [string[], string][] = [];
  sessions.onEnd((ids, userId) => ended.push([ids, userId]));
  return ended;
}

describe('create and validate', () => {
  it('validates a new session for the user it was created for', async () => {
    const { sessionId, cookie } = await sessions.create(anna.id);
    const session = await sessions.validate(cookie.value);
    expect(session).not.toBeNull();
    expect(session!.id).toBe(sessionId);
    expect(session!.userId).toBe(anna.id);
    expect(session!.expiresAt.getTime()).toBeGreaterThan(Date.now());
    // A brand-new session has more than half its idle period left: nothing to refresh.
    expect(session!.refreshedCookie).toBeNull();
  });

  it('gives each session its own random token', async () => {
    const a = await sessions.create(anna.id);
    const b = await sessions.create(anna.id);
    expect(a.cookie.value).not.toBe(b.cookie.value);
    expect(a.sessionId).not.toBe(b.sessionId);
    expect((await sessions.validate(a.cookie.value))!.id).toBe(a.sessionId);
    expect((await sessions.validate(b.cookie.value))!.id).toBe(b.sessionId);
  });

  it('stores only the SHA-256 hex of the token, never the token itself', async () => {
    const { sessionId, cookie } = await sessions.create(anna.id);
    const token = cookie.value;
    expect(token.length).toBeGreaterThanOrEqual(32);
    expect(sessionId).toBe(sha256Hex(token));
    expect(hashToken(token)).toBe(sha256Hex(token));
    expect(sessionId).toMatch(/^[0-9a-f]{64}$/);

    const rows = await db.selectFrom('sessions').selectAll().execute();
    expect(rows).toHaveLength(1);
    expect(rows[0]!.id).toBe(sha256Hex(token));
    expect(rows[0]!.user_id).toBe(anna.id);
    // The token appears in no column of any table.
    for (const table of ['organisations', 'users', 'sessions', 'spaces', 'memberships', 'audit_log'] as const) {
      const all = await db.selectFrom(table).selectAll().execute();
      expect(JSON.stringify(all)).not.toContain(token);
    }
  });

  it('records the creation time and an idle expiry in the row', async () => {
    const before = Date.now();
    const { sessionId } = await sessions.create(anna.id);
    const after = Date.now();
    const row = (await sessionRow(sessionId))!;
    expect(Number(row.created_at)).toBeGreaterThanOrEqual(before);
    expect(Number(row.created_at)).toBeLessThanOrEqual(after);
    expect(Number(row.expires_at)).toBeGreaterThanOrEqual(before + IDLE);
    expect(Number(row.expires_at)).toBeLessThanOrEqual(after + IDLE);
  });
});

describe('cookie', () => {
  it('is HttpOnly, SameSite=Lax, Path=/, not Secure when secure is false, and carries the token', async () => {
    const { cookie } = await sessions.create(anna.id);
    expect(cookie.name).toBe(SESSION_COOKIE);
    const text = cookie.serialize();
    const parts = text.split('; ');
    expect(parts[0]).toBe(`${SESSION_COOKIE}=${cookie.value}`);
    expect(parts).toContain('HttpOnly');
    expect(parts).toContain('SameSite=Lax');
    expect(parts).toContain('Path=/');
    expect(parts).not.toContain('Secure');
    // A persistent cookie lasting the idle period, not a browser-session cookie.
    expect(parts).toContain(`Max-Age=${IDLE / 1000}`);
  });

  it('is Secure when secure is true', async () => {
    const secureSessions = new Sessions(db, { idleTimeoutMs: IDLE, absoluteLifetimeMs: ABSOLUTE, secure: true });
    const { cookie } = await secureSessions.create(anna.id);
    const parts = cookie.serialize().split('; ');
    expect(parts).toContain('Secure');
    expect(parts).toContain('HttpOnly');
    expect(parts).toContain('SameSite=Lax');
  });

  it('blankCookie clears the session cookie', () => {
    const blank = sessions.blankCookie();
    expect(blank.name).toBe(SESSION_COOKIE);
    expect(blank.value).toBe('');
    const parts = blank.serialize().split('; ');
    expect(parts[0]).toBe(`${SESSION_COOKIE}=`);
    expect(parts).toContain('Max-Age=0');
    expect(parts).toContain('HttpOnly');
  });

  it('tokenFromCookieHeader finds the session cookie among others', async () => {
    const { cookie } = await sessions.create(anna.id);
    const header = `theme=dark; ${SESSION_COOKIE}=${cookie.value}; lang=nl`;
    expect(sessions.tokenFromCookieHeader(header)).toBe(cookie.value);
    expect(sessions.tokenFromCookieHeader(`${SESSION_COOKIE}=${cookie.value}`)).toBe(cookie.value);
    expect((await sessions.validate(sessions.tokenFromCookieHeader(header)))!.userId).toBe(anna.id);
  });

  it('tokenFromCookieHeader gives null without a header or without the cookie', () => {
    expect(sessions.tokenFromCookieHeader(undefined)).toBeNull();
    expect(sessions.tokenFromCookieHeader('')).toBeNull();
    expect(sessions.tokenFromCookieHeader('theme=dark; lang=nl')).toBeNull();
    expect(sessions.tokenFromCookieHeader(`not_${SESSION_COOKIE}=abc`)).toBeNull();
  });
});

describe('invalid tokens', () => {
  it('gives null for unknown, empty, missing and overlong tokens', async () => {
    const { cookie } = await sessions.create(anna.id);
    expect(await sessions.validate('a'.repeat(32))).toBeNull();
    expect(await sessions.validate('')).toBeNull();
    expect(await sessions.validate(undefined)).toBeNull();
    expect(await sessions.validate(null)).toBeNull();
    expect(await sessions.validate('x'.repeat(65))).toBeNull();
    expect(await sessions.validate(cookie.value + 'x'.repeat(64))).toBeNull();
    // An overlong token is refused outright, even if a row for its hash existed.
    const overlong = 'x'.repeat(65);
    await db.insertInto('sessions').values({ id: hashToken(overlong), user_id: anna.id, expires_at: Date.now() + IDLE, created_at: Date.now(), user_agent: null, last_seen_at: null }).execute();
    expect(await sessions.validate(overlong)).toBeNull();
    const longest = 'y'.repeat(64);
    await db.insertInto('sessions').values({ id: hashToken(longest), user_id: anna.id, expires_at: Date.now() + IDLE, created_at: Date.now(), user_agent: null, last_seen_at: null }).execute();
    expect((await sessions.validate(longest))!.userId).toBe(anna.id);
    // The session id (the hash) is not a token: a leaked database row cannot be used as a cookie.
    const { sessionId } = await sessions.create(anna.id);
    expect(await sessions.validate(sessionId)).toBeNull();
    // None of this disturbs the real session.
    expect((await sessions.validate(cookie.value))!.userId).toBe(anna.id);
  });
});

describe('idle timeout', () => {
  it('rejects a session whose expires_at has passed and deletes its row', async () => {
    const { sessionId, cookie } = await sessions.create(anna.id);
    await db.updateTable('sessions').set({ expires_at: Date.now() - 1 }).where('id', '=', sessionId).execute();
    expect(await sessions.validate(cookie.value)).toBeNull();
    expect(await sessionRow(sessionId)).toBeUndefined();
    // And it stays gone.
    expect(await sessions.validate(cookie.value)).toBeNull();
  });

  it('does not refresh a session with more than half its idle period left', async () => {
    const { sessionId, cookie } = await sessions.create(anna.id);
    const expiresAt = Date.now() + IDLE * 0.9;
    await db.updateTable('sessions').set({ expires_at: expiresAt }).where('id', '=', sessionId).execute();
    const session = await sessions.validate(cookie.value);
    expect(session!.refreshedCookie).toBeNull();
    expect(session!.expiresAt.getTime()).toBe(expiresAt);
    expect(Number((await sessionRow(sessionId))!.expires_at)).toBe(expiresAt);
  });

  it('extends a session with less than half its idle period left and returns a cookie to send back', async () => {
    const { sessionId, cookie } = await sessions.create(anna.id);
    const oldExpiry = Date.now() + IDLE * 0.4;
    await db.updateTable('sessions').set({ expires_at: oldExpiry }).where('id', '=', sessionId).execute();
    const before = Date.now();
    const session = await sessions.validate(cookie.value);
    expect(session).not.toBeNull();
    expect(session!.id).toBe(sessionId);
    expect(session!.refreshedCookie).not.toBeNull();
    const refreshed = session!.refreshedCookie!;
    expect(refreshed.name).toBe(SESSION_COOKIE);
    expect(refreshed.value).toBe(cookie.value);
    expect(refreshed.serialize().split('; ')).toContain('HttpOnly');
    expect(refreshed.serialize().split('; ')).toContain(`Max-Age=${IDLE / 1000}`);

    const newExpiry = Number((await sessionRow(sessionId))!.expires_at);
    expect(newExpiry).toBeGreaterThan(oldExpiry);
    expect(newExpiry).toBeGreaterThanOrEqual(before + IDLE);
    expect(session!.expiresAt.getTime()).toBe(newExpiry);
    // Refreshed once; the next validation has nothing to refresh.
    expect((await sessions.validate(cookie.value))!.refreshedCookie).toBeNull();
  });

  it('deleteExpired removes expired rows and keeps live ones', async () => {
    const expired = await sessions.create(anna.id);
    const live = await sessions.create(bram.id);
    await db.updateTable('sessions').set({ expires_at: Date.now() - 1000 }).where('id', '=', expired.sessionId).execute();
    await sessions.deleteExpired();
    expect(await sessionRow(expired.sessionId)).toBeUndefined();
    expect(await sessionRow(live.sessionId)).toBeDefined();
    expect((await sessions.validate(live.cookie.value))!.userId).toBe(bram.id);
  });
});

describe('absolute lifetime', () => {
  it('rejects a session older than the absolute lifetime even though its idle expiry is in the future', async () => {
    const { sessionId, cookie } = await sessions.create(anna.id);
    await db
      .updateTable('sessions')
      .set({ created_at: Date.now() - ABSOLUTE - 1000, expires_at: Date.now() + IDLE })
      .where('id', '=', sessionId)
      .execute();
    const ended = endedFromNowOn();
    expect(await sessions.validate(cookie.value)).toBeNull();
    expect(await sessionRow(sessionId)).toBeUndefined();
    expect(ended).toEqual([[[sessionId], anna.id]]);
  });

  it('keeps a session that is just within the absolute lifetime', async () => {
    const { sessionId, cookie } = await sessions.create(anna.id);
    await db
      .updateTable('sessions')
      .set({ created_at: Date.now() - ABSOLUTE + 60_000 })
      .where('id', '=', sessionId)
      .execute();
    expect((await sessions.validate(cookie.value))!.userId).toBe(anna.id);
  });

  it('is not reset by refreshing the idle expiry', async () => {
    const { sessionId, cookie } = await sessions.create(anna.id);
    const createdAt = Date.now() - ABSOLUTE + 60_000;
    await db
      .updateTable('sessions')
      .set({ created_at: createdAt, expires_at: Date.now() + IDLE * 0.1 })
      .where('id', '=', sessionId)
      .execute();
    const session = await sessions.validate(cookie.value);
    expect(session!.refreshedCookie).not.toBeNull();
    expect(Number((await sessionRow(sessionId))!.created_at)).toBe(createdAt);
  });
});

describe('ending sessions', () => {
  it('end() removes the session and tells listeners its id and user', async () => {
    const a = await sessions.create(anna.id);
    const other = await sessions.create(anna.id);
    const ended = endedFromNowOn();
    await sessions.end(a.sessionId, anna.id);
    expect(ended).toEqual([[[a.sessionId], anna.id]]);
    expect(await sessionRow(a.sessionId)).toBeUndefined();
    expect(await sessions.validate(a.cookie.value)).toBeNull();
    // Only that session: anna's other session lives on.
    expect((await sessions.validate(other.cookie.value))!.id).toBe(other.sessionId);
  });

  it('onEnd returns a function that unsubscribes', async () => {
    const a = await sessions.create(anna.id);
    const b = await sessions.create(anna.id);
    const ended: string[][] = [];
    const unsubscribe = sessions.onEnd((ids) => ended.push(ids));
    await sessions.end(a.sessionId, anna.id);
    unsubscribe();
    await sessions.end(b.sessionId, anna.id);
    expect(ended).toEqual([[a.sessionId]]);
  });

  it("endAll() ends every session of one user and no other user's", async () => {
    const a1 = await sessions.create(anna.id);
    const a2 = await sessions.create(anna.id);
    const b1 = await sessions.create(bram.id);
    const ended = endedFromNowOn();
    await sessions.endAll(anna.id);

    expect(await sessions.validate(a1.cookie.value)).toBeNull();
    expect(await sessions.validate(a2.cookie.value)).toBeNull();
    expect((await sessions.validate(b1.cookie.value))!.userId).toBe(bram.id);
    const left = await db.selectFrom('sessions').select(['id', 'user_id']).execute();
    expect(left).toEqual([{ id: b1.sessionId, user_id: bram.id }]);

    expect(ended).toHaveLength(1);
    expect(ended[0]![1]).toBe(anna.id);
    expect([...ended[0]![0]].sort()).toEqual([a1.sessionId, a2.sessionId].sort());
  });

  it('a deactivated account no longer validates, and its session is ended', async () => {
    const { sessionId, cookie } = await sessions.create(anna.id);
    const b = await sessions.create(bram.id);
    expect(await sessions.validate(cookie.value)).not.toBeNull();
    const ended = endedFromNowOn();
    await accounts.setActive(anna.id, false);
    expect(await sessions.validate(cookie.value)).toBeNull();
    expect(await sessionRow(sessionId)).toBeUndefined();
    expect(ended).toEqual([[[sessionId], anna.id]]);
    // Reactivating does not bring the old session back.
    await accounts.setActive(anna.id, true);
    expect(await sessions.validate(cookie.value)).toBeNull();
    // Bram is unaffected.
    expect((await sessions.validate(b.cookie.value))!.userId).toBe(bram.id);
  });
});

describe('retired sessions (deactivation)', () => {
  const retiredRow = (id: string) => db.selectFrom('retired_sessions').selectAll().where('id', '=', id).executeTakeFirst();

  it("retireAll ends every session of the person, tells listeners, and recognises each device once more", async () => {
    const a1 = await sessions.create(anna.id);
    const a2 = await sessions.create(anna.id);
    const b = await sessions.create(bram.id);
    const ended = endedFromNowOn();
    await accounts.setActive(anna.id, false);
    await sessions.retireAll(anna.id);

    expect(await sessions.validate(a1.cookie.value)).toBeNull();
    expect(await sessionRow(a1.sessionId)).toBeUndefined();
    expect(ended).toHaveLength(1);
    expect([...ended[0]![0]].sort()).toEqual([a1.sessionId, a2.sessionId].sort());
    expect(await sessions.retired(a1.cookie.value)).toEqual({ id: a1.sessionId, userId: anna.id });
    expect(await sessions.retired(a2.cookie.value)).toEqual({ id: a2.sessionId, userId: anna.id });
    // Only the hash is kept, as for live sessions.
    expect((await retiredRow(a1.sessionId))!.id).toBe(sha256Hex(a1.cookie.value));
    // Someone else's live session is neither ended nor retired.
    expect((await sessions.validate(b.cookie.value))!.userId).toBe(bram.id);
    expect(await sessions.retired(b.cookie.value)).toBeNull();
  });

  it('a session found deactivated on validate is retired too', async () => {
    const { sessionId, cookie } = await sessions.create(anna.id);
    await accounts.setActive(anna.id, false);
    expect(await sessions.validate(cookie.value)).toBeNull();
    expect(await sessions.retired(cookie.value)).toEqual({ id: sessionId, userId: anna.id });
  });

  it('gives null for unknown tokens, ended retired sessions and expired ones', async () => {
    const a1 = await sessions.create(anna.id);
    const a2 = await sessions.create(anna.id);
    await accounts.setActive(anna.id, false);
    await sessions.retireAll(anna.id);
    expect(await sessions.retired('nope')).toBeNull();
    expect(await sessions.retired(a1.sessionId)).toBeNull();
    expect(await sessions.retired('x'.repeat(65))).toBeNull();
    await sessions.endRetired(a1.sessionId);
    expect(await sessions.retired(a1.cookie.value)).toBeNull();
    await db.updateTable('retired_sessions').set({ expires_at: Date.now() - 1 }).where('id', '=', a2.sessionId).execute();
    expect(await sessions.retired(a2.cookie.value)).toBeNull();
    expect(await retiredRow(a2.sessionId)).toBeUndefined();
  });

  it('reactivation forgets the retired sessions: the device is logged out, not wiped', async () => {
    const { sessionId, cookie } = await sessions.create(anna.id);
    await accounts.setActive(anna.id, false);
    await sessions.retireAll(anna.id);
    await accounts.setActive(anna.id, true);
    expect(await sessions.retired(cookie.value)).toBeNull();
    expect(await retiredRow(sessionId)).toBeUndefined();
    expect(await sessions.validate(cookie.value)).toBeNull();
  });

  it('handIn runs once per retired session, even when asked twice at the same moment', async () => {
    const { cookie } = await sessions.create(anna.id);
    await accounts.setActive(anna.id, false);
    await sessions.retireAll(anna.id);
    const retired = (await sessions.retired(cookie.value))!;
    let handedIn = 0;
    const results = await Promise.all([1, 2, 3].map(() => sessions.handIn(retired, async () => ++handedIn)));
    expect(handedIn).toBe(1);
    expect(results.filter((result) => result !== null)).toEqual([1]);
    expect(await sessions.retired(cookie.value)).toBeNull();
    expect(await sessions.handIn(retired, async () => ++handedIn)).toBeNull();
    expect(handedIn).toBe(1);
  });

  it('a hand-in that fails leaves the device its one hand-in', async () => {
    const { cookie } = await sessions.create(anna.id);
    await accounts.setActive(anna.id, false);
    await sessions.retireAll(anna.id);
    const retired = (await sessions.retired(cookie.value))!;
    await expect(sessions.handIn(retired, () => Promise.reject(new Error('disk full')))).rejects.toThrow('disk full');
    expect(await sessions.retired(cookie.value)).toEqual(retired);
    expect(await sessions.handIn(retired, async () => 'stored')).toBe('stored');
  });

  it('deleteExpired removes expired retired sessions and keeps the others', async () => {
    const a1 = await sessions.create(anna.id);
    const a2 = await sessions.create(anna.id);
    await accounts.setActive(anna.id, false);
    await sessions.retireAll(anna.id);
    await db.updateTable('retired_sessions').set({ expires_at: Date.now() - 1 }).where('id', '=', a1.sessionId).execute();
    await sessions.deleteExpired();
    expect(await retiredRow(a1.sessionId)).toBeUndefined();
    expect(await retiredRow(a2.sessionId)).toBeDefined();
  });
});

describe('revalidate (long-lived connections, by session id)', () => {
  it('gives the live session for its id, without a cookie', async () => {
    const { sessionId } = await sessions.create(anna.id);
    const session = await sessions.revalidate(sessionId);
    expect(session).toEqual({ id: sessionId, userId: anna.id, expiresAt: expect.any(Date), secondFactor: false });
    expect(session!.expiresAt.getTime()).toBe(Number((await sessionRow(sessionId))!.expires_at));
  });

  it('says whether the second factor was passed: at login, or later by setting it up in the session', async () => {
    const withCode = await sessions.create(anna.id, { secondFactor: true });
    expect((await sessions.revalidate(withCode.sessionId))?.secondFactor).toBe(true);
    const withPassword = await sessions.create(anna.id);
    expect((await sessions.validate(withPassword.cookie.value))?.secondFactor).toBe(false);
    await sessions.markSecondFactor(withPassword.sessionId);
    expect((await sessions.validate(withPassword.cookie.value))?.secondFactor).toBe(true);
  });

  it('gives null for an unknown id, and for the token itself', async () => {
    const { cookie } = await sessions.create(anna.id);
    expect(await sessions.revalidate(hashToken('nope'))).toBeNull();
    expect(await sessions.revalidate(cookie.value)).toBeNull();
  });

  it('gives null once the session was ended', async () => {
    const { sessionId } = await sessions.create(anna.id);
    await sessions.end(sessionId, anna.id);
    expect(await sessions.revalidate(sessionId)).toBeNull();
  });

  it('gives null after the idle timeout and deletes the row', async () => {
    const { sessionId } = await sessions.create(anna.id);
    await db.updateTable('sessions').set({ expires_at: Date.now() - 1 }).where('id', '=', sessionId).execute();
    expect(await sessions.revalidate(sessionId)).toBeNull();
    expect(await sessionRow(sessionId)).toBeUndefined();
  });

  it('gives null after the absolute lifetime and tells listeners', async () => {
    const { sessionId } = await sessions.create(anna.id);
    await db.updateTable('sessions').set({ created_at: Date.now() - ABSOLUTE }).where('id', '=', sessionId).execute();
    const ended = endedFromNowOn();
    expect(await sessions.revalidate(sessionId)).toBeNull();
    expect(await sessionRow(sessionId)).toBeUndefined();
    expect(ended).toEqual([[[sessionId], anna.id]]);
  });

  it('gives null for a deactivated account and ends the session', async () => {
    const { sessionId } = await sessions.create(anna.id);
    await accounts.setActive(anna.id, false);
    expect(await sessions.revalidate(sessionId)).toBeNull();
    expect(await sessionRow(sessionId)).toBeUndefined();
  });

  it('extends the idle expiry of a session in use, like validate', async () => {
    const { sessionId } = await sessions.create(anna.id);
    const oldExpiry = Date.now() + IDLE * 0.2;
    await db.updateTable('sessions').set({ expires_at: oldExpiry }).where('id', '=', sessionId).execute();
    const session = await sessions.revalidate(sessionId);
    const newExpiry = Number((await sessionRow(sessionId))!.expires_at);
    expect(newExpiry).toBeGreaterThan(oldExpiry);
    expect(session!.expiresAt.getTime()).toBe(newExpiry);
  });
});

describe('where a person is signed in', () => {
  it('keeps the browser a session started in, cut to 512 characters, and lists only live sessions', async () => {
    const { sessionId } = await sessions.create(anna.id, { userAgent: `Mozilla/5.0 ${'x'.repeat(1000)}` });
    await sessions.create(bram.id, { userAgent: 'Firefox' });
    const listed = await sessions.list(anna.id);
    expect(listed.map((s) => s.id)).toEqual([sessionId]);
    expect(listed[0]!.userAgent).toHaveLength(512);
    await db.updateTable('sessions').set({ expires_at: Date.now() - 1 }).where('id', '=', sessionId).execute();
    expect(await sessions.list(anna.id)).toEqual([]);
  });

  it('records when a session was last used, at most once in LAST_SEEN_STEP_MS', async () => {
    const { sessionId, cookie } = await sessions.create(anna.id);
    const start = Number((await sessionRow(sessionId))!.last_seen_at);
    // Used again at once: nothing written.
    await sessions.validate(cookie.value);
    expect(Number((await sessionRow(sessionId))!.last_seen_at)).toBe(start);
    // Its last use lies a step back: the next use writes the time.
    await db.updateTable('sessions').set({ last_seen_at: start - LAST_SEEN_STEP_MS }).where('id', '=', sessionId).execute();
    await sessions.validate(cookie.value);
    expect(Number((await sessionRow(sessionId))!.last_seen_at)).toBeGreaterThanOrEqual(start);
  });
});
