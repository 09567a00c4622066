/**
 * Sessions with lucia. The cookie carries a random token; the database keeps only its SHA-256, so a leaked
 * database cannot be used to log in. Sessions end after an idle timeout (pushed forward while used) and in any
 * case after an absolute lifetime.
 */
import { sha256 } from '@oslojs/crypto/sha2';
import { encodeBase32LowerCaseNoPadding, encodeHexLowerCase } from '@oslojs/encoding';
import { Lucia, TimeSpan, type Adapter, type Cookie, type DatabaseSession, type DatabaseUser } from 'lucia';
import type { KringDb } from '../db/schema.ts';

export const SESSION_COOKIE = 'kring_session';

export interface SessionOptions {
  /** A session unused this long ends. Lucia extends it when less than half is left. */
  idleTimeoutMs: number;
  /** No session lives longer than this, however much it is used. */
  absoluteLifetimeMs: number;
  /** Secure cookies: true when the app's origin is https. */
  secure: boolean;
  /**
   * How long a deactivated person's device is still recognised, to hand in unsaved work and be told to delete
   * its local copy. A device that stays away longer keeps its copy until the browser clears it.
   */
  retiredLifetimeMs: number;
}

export const DEFAULT_SESSION_OPTIONS: SessionOptions = {
  idleTimeoutMs: 7 * 24 * 3600_000,
  absoluteLifetimeMs: 30 * 24 * 3600_000,
  secure: false,
  retiredLifetimeMs: 90 * 24 * 3600_000,
};

/** A session of a deactivated person, recognised from its cookie until the device has handed in its work. */
export interface RetiredSession {
  id: string;
  userId: string;
}

export interface ValidSession {
  /** The session's id (the token's hash), safe to log and to key sockets by. */
  id: string;
  userId: string;
  expiresAt: Date;
  /** Set when the expiry moved: send this cookie back so the browser keeps the session. */
  refreshedCookie: Cookie | null;
  /** Whether the person passed their second factor in this session (docs/api.md, "Two-factor sign-in"). */
  secondFactor: boolean;
}

type SessionEndListener = (sessionIds: string[], userId: string) => void;

/** A session as its own person sees it in "Where am I signed in". */
export interface SessionRecord {
  id: string;
  userAgent: string | null;
  createdAt: number;
  /** When it was last used, to within LAST_SEEN_STEP_MS; its start when not used since. */
  lastSeenAt: number;
  /** The organisation's name of the network it was signed in from (places.ts), or null. */
  place: string | null;
}

/** "Last seen" is written at most this often per session, so using the app is not a database write per request. */
export const LAST_SEEN_STEP_MS = 5 * 60_000;
/** A User-Agent is kept to this length: it only has to name a browser and a device. */
const USER_AGENT_MAX = 512;

type SessionRow = { id: string; user_id: string; expires_at: number; created_at: number; user_agent: string | null; last_seen_at: number | null; second_factor: number; place: string | null };

/** lucia's storage, over Kysely so it works the same on SQLite and Postgres. */
function kyselyAdapter(db: KringDb): Adapter {
  const toSession = (row: SessionRow): DatabaseSession => ({
    id: row.id,
    userId: row.user_id,
    expiresAt: new Date(Number(row.expires_at)),
    attributes: {
      createdAt: Number(row.created_at),
      userAgent: row.user_agent,
      lastSeenAt: row.last_seen_at === null ? null : Number(row.last_seen_at),
      secondFactor: row.second_factor === 1,
      place: row.place,
    },
  });
  return {
    async getSessionAndUser(sessionId) {
      const row = await db
        .selectFrom('sessions')
        .innerJoin('users', 'users.id', 'sessions.user_id')
        .select(['sessions.id', 'sessions.user_id', 'sessions.expires_at', 'sessions.created_at', 'sessions.user_agent', 'sessions.last_seen_at', 'sessions.second_factor', 'sessions.place', 'users.active'])
        .where('sessions.id', '=', sessionId)
        .executeTakeFirst();
      if (!row) return [null, null];
      const user: DatabaseUser = { id: row.user_id, attributes: { active: row.active === 1 } };
      return [toSession(row), user];
    },
    async getUserSessions(userId) {
      const rows = await db.selectFrom('sessions').selectAll().where('user_id', '=', userId).execute();
      return rows.map(toSession);
    },
    async setSession(session) {
      await db
        .insertInto('sessions')
        .values({
          id: session.id,
          user_id: session.userId,
          expires_at: session.expiresAt.getTime(),
          created_at: session.attributes.createdAt,
          user_agent: session.attributes.userAgent,
          last_seen_at: session.attributes.lastSeenAt,
          second_factor: session.attributes.secondFactor ? 1 : 0,
          place: session.attributes.place,
        })
        .execute();
    },
    async updateSessionExpiration(sessionId, expiresAt) {
      await db.updateTable('sessions').set({ expires_at: expiresAt.getTime() }).where('id', '=', sessionId).execute();
    },
    async deleteSession(sessionId) {
      await db.deleteFrom('sessions').where('id', '=', sessionId).execute();
    },
    async deleteUserSessions(userId) {
      await db.deleteFrom('sessions').where('user_id', '=', userId).execute();
    },
    async deleteExpiredSessions() {
      await db.deleteFrom('sessions').where('expires_at', '<=', Date.now()).execute();
    },
  };
}

function createLucia(db: KringDb, options: SessionOptions) {
  return new Lucia(kyselyAdapter(db), {
    sessionExpiresIn: new TimeSpan(Math.max(1, Math.round(options.idleTimeoutMs / 1000)), 's'),
    sessionCookie: {
      name: SESSION_COOKIE,
      // A browser session cookie would end at browser close; care workers' phones keep the app open for days.
      expires: true,
      attributes: { secure: options.secure, sameSite: 'lax' },
    },
    getSessionAttributes: (attributes) => ({ createdAt: attributes.createdAt, lastSeenAt: attributes.lastSeenAt, secondFactor: attributes.secondFactor }),
    getUserAttributes: (attributes) => ({ active: attributes.active }),
  });
}

declare module 'lucia' {
  interface Register {
    Lucia: ReturnType<typeof createLucia>;
    DatabaseSessionAttributes: { createdAt: number; userAgent: string | null; lastSeenAt: number | null; secondFactor: boolean; place: string | null };
    DatabaseUserAttributes: { active: boolean };
  }
}

export function hashToken(token: string): string {
  return encodeHexLowerCase(sha256(new TextEncoder().encode(token)));
}

export class Sessions {
  readonly #lucia: ReturnType<typeof createLucia>;
  readonly #options: SessionOptions;
  readonly #listeners = new Set<SessionEndListener>();
  readonly #seenListeners = new Set<(userId: string, at: number) => void>();
  readonly #db: KringDb;

  constructor(db: KringDb, options: Partial<SessionOptions> = {}) {
    this.#db = db;
    this.#options = { ...DEFAULT_SESSION_OPTIONS, ...options };
    this.#lucia = createLucia(db, this.#options);
  }

  /**
   * Starts a session. Returns the cookie to set; its value (the token) is not stored anywhere on the server.
   * `secondFactor`: the person passed their second factor to get it; `place`: the named network it came from.
   */
  async create(userId: string, device: { userAgent?: string | null; secondFactor?: boolean; place?: string | null } = {}): Promise<{ sessionId: string; cookie: Cookie }> {
    const token = encodeBase32LowerCaseNoPadding(crypto.getRandomValues(new Uint8Array(20)));
    const now = Date.now();
    const userAgent = device.userAgent ? device.userAgent.slice(0, USER_AGENT_MAX) : null;
    const session = await this.#lucia.createSession(userId, { createdAt: now, userAgent, lastSeenAt: now, secondFactor: device.secondFactor ?? false, place: device.place ?? null }, { sessionId: hashToken(token) });
    for (const listener of this.#seenListeners) listener(userId, now);
    return { sessionId: session.id, cookie: this.#lucia.createSessionCookie(token) };
  }

  /** The live session for a cookie's token, or null (unknown, idle too long, too old, or account deactivated). */
  async validate(token: string | undefined | null): Promise<ValidSession | null> {
    if (!token || token.length > 64) return null;
    const session = await this.#validateId(hashToken(token));
    if (!session) return null;
    return { ...session, refreshedCookie: session.fresh ? this.#lucia.createSessionCookie(token) : null };
  }

  /** Checks a session again by its id, for long-lived connections (sync sockets): null once it ended. */
  async revalidate(sessionId: string): Promise<Omit<ValidSession, 'refreshedCookie'> | null> {
    const session = await this.#validateId(sessionId);
    return session && { id: session.id, userId: session.userId, expiresAt: session.expiresAt, secondFactor: session.secondFactor };
  }

  /** Notes that the person passed their second factor in this session (they just set it up in it). */
  async markSecondFactor(sessionId: string): Promise<void> {
    await this.#db.updateTable('sessions').set({ second_factor: 1 }).where('id', '=', sessionId).execute();
  }

  async #validateId(sessionId: string): Promise<(Omit<ValidSession, 'refreshedCookie'> & { fresh: boolean }) | null> {
    const { session, user } = await this.#lucia.validateSession(sessionId);
    if (!session || !user) return null;
    if (Date.now() - session.createdAt >= this.#options.absoluteLifetimeMs) {
      await this.end(sessionId, session.userId);
      return null;
    }
    if (!user.active) {
      await this.#retire([sessionId], session.userId);
      return null;
    }
    const now = Date.now();
    if (session.lastSeenAt === null || now - session.lastSeenAt >= LAST_SEEN_STEP_MS) {
      await this.#db.updateTable('sessions').set({ last_seen_at: now }).where('id', '=', session.id).execute();
      for (const listener of this.#seenListeners) listener(session.userId, now);
    }
    return { id: session.id, userId: session.userId, expiresAt: session.expiresAt, fresh: session.fresh, secondFactor: session.secondFactor };
  }

  /** Ends one session (logout). Listeners close what belongs to it, such as open sync sockets. */
  async end(sessionId: string, userId: string): Promise<void> {
    await this.#lucia.invalidateSession(sessionId);
    for (const listener of this.#listeners) listener([sessionId], userId);
  }

  /** The person's live sessions, the most recently used first. */
  async list(userId: string): Promise<SessionRecord[]> {
    const rows = await this.#db
      .selectFrom('sessions')
      .select(['id', 'user_agent', 'created_at', 'last_seen_at', 'place'])
      .where('user_id', '=', userId)
      .where('expires_at', '>', Date.now())
      .where('created_at', '>', Date.now() - this.#options.absoluteLifetimeMs)
      .execute();
    return rows
      .map((row) => ({ id: row.id, userAgent: row.user_agent, createdAt: Number(row.created_at), lastSeenAt: Number(row.last_seen_at ?? row.created_at), place: row.place }))
      .sort((a, b) => b.lastSeenAt - a.lastSeenAt);
  }

  /**
   * Ends one of the person's own sessions (a lost phone). False when the person has no session with this id:
   * nobody ends another person's session this way.
   */
  async endOwn(userId: string, sessionId: string): Promise<boolean> {
    const row = await this.#db.deleteFrom('sessions').where('id', '=', sessionId).where('user_id', '=', userId).returning('id').executeTakeFirst();
    if (!row) return false;
    for (const listener of this.#listeners) listener([row.id], userId);
    return true;
  }

  /** Ends every session of the person except `keepSessionId` (the one asking); returns how many ended. */
  async endOthers(userId: string, keepSessionId: string): Promise<number> {
    const rows = await this.#db.deleteFrom('sessions').where('user_id', '=', userId).where('id', '<>', keepSessionId).returning('id').execute();
    if (rows.length > 0) for (const listener of this.#listeners) listener(rows.map((row) => row.id), userId);
    return rows.length;
  }

  /** Ends every session of a person (deactivation, password change). */
  async endAll(userId: string): Promise<void> {
    // Straight from the table: lucia's list skips sessions past their idle expiry whose sockets may be open.
    const rows = await this.#db.selectFrom('sessions').select('id').where('user_id', '=', userId).execute();
    await this.#lucia.invalidateUserSessions(userId);
    for (const listener of this.#listeners) listener(rows.map((row) => row.id), userId);
  }

  /**
   * Ends every session of a person being deactivated, but remembers them as retired: each device is recognised
   * once more (`retired`) to hand in unsaved work and delete its local copy. Listeners close the sockets.
   */
  async retireAll(userId: string): Promise<void> {
    const rows = await this.#db.selectFrom('sessions').select('id').where('user_id', '=', userId).execute();
    await this.#retire(
      rows.map((row) => row.id),
      userId,
    );
  }

  async #retire(sessionIds: string[], userId: string): Promise<void> {
    if (sessionIds.length === 0) return;
    const now = Date.now();
    const expiresAt = now + this.#options.retiredLifetimeMs;
    await this.#db.transaction().execute(async (trx) => {
      await trx
        .insertInto('retired_sessions')
        .values(sessionIds.map((id) => ({ id, user_id: userId, retired_at: now, expires_at: expiresAt })))
        .onConflict((oc) => oc.column('id').doNothing())
        .execute();
      await trx.deleteFrom('sessions').where('id', 'in', sessionIds).execute();
    });
    for (const listener of this.#listeners) listener(sessionIds, userId);
  }

  /**
   * The retired session for a cookie's token: its person is deactivated (still) and the device has not yet
   * finished handing over. Null otherwise; a reactivated person's retired sessions are forgotten here.
   */
  async retired(token: string | undefined | null): Promise<RetiredSession | null> {
    if (!token || token.length > 64) return null;
    const row = await this.#db
      .selectFrom('retired_sessions')
      .innerJoin('users', 'users.id', 'retired_sessions.user_id')
      .select(['retired_sessions.id', 'retired_sessions.user_id', 'retired_sessions.expires_at', 'users.active'])
      .where('retired_sessions.id', '=', hashToken(token))
      .executeTakeFirst();
    if (!row) return null;
    if (row.active === 1 || Number(row.expires_at) <= Date.now()) {
      await this.endRetired(row.id);
      return null;
    }
    return { id: row.id, userId: row.user_id };
  }

  /**
   * The one hand-in of a retired session: the session is forgotten before `handIn` runs, so a second hand-in
   * with the same cookie, or one sent at the same moment, finds nothing. Should `handIn` fail, the session is
   * remembered again and the device may try once more.
   * @returns what `handIn` returned, or null when the session had handed in (or ended) already
   */
  async handIn<T>(retired: RetiredSession, handIn: () => Promise<T>): Promise<T | null> {
    const row = await this.#db.deleteFrom('retired_sessions').where('id', '=', retired.id).returningAll().executeTakeFirst();
    if (!row) return null;
    try {
      return await handIn();
    } catch (error) {
      await this.#db.insertInto('retired_sessions').values(row).onConflict((oc) => oc.column('id').doNothing()).execute();
      throw error;
    }
  }

  /** Forgets a retired session: the device handed over and deleted its copy (or gave up). */
  async endRetired(id: string): Promise<void> {
    await this.#db.deleteFrom('retired_sessions').where('id', '=', id).execute();
  }

  /** The cookie that removes the session cookie from the browser. */
  blankCookie(): Cookie {
    return this.#lucia.createBlankSessionCookie();
  }

  /** Called whenever sessions end; returns a function that unsubscribes. */
  /**
   * Calls `listener` when a person signs in or uses a session again (at most every `LAST_SEEN_STEP_MS` per session):
   * community insight counts the people who used Kring in a week from it.
   */
  onSeen(listener: (userId: string, at: number) => void): () => void {
    this.#seenListeners.add(listener);
    return () => this.#seenListeners.delete(listener);
  }

  onEnd(listener: SessionEndListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  async deleteExpired(): Promise<void> {
    await this.#lucia.deleteExpiredSessions();
    await this.#db.deleteFrom('retired_sessions').where('expires_at', '<=', Date.now()).execute();
  }

  /** Reads the session token from a Cookie header. */
  tokenFromCookieHeader(header: string | undefined): string | null {
    return header ? this.#lucia.readSessionCookie(header) : null;
  }
}
