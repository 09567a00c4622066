/**
 * Who is logged in on this device: the server's word (`/api/me`, login, logout) and the device's copy of it, so
 * the app opens as that person with no network. Knows nothing of documents or sync.
 */
import type { Audience, MembershipRole, OrgRole, SpaceFeature, SpaceKind } from '@kring/access';

/** Where the device keeps the last /api/me answer (names and spaces; removed by the wipe). */
export const ME_KEY = 'kring:me';
/**
 * Set while a logout has not reached the server (offline): the session cookie is HttpOnly, so only the server can
 * end it, and until it has, the device does not ask who is logged in, or it would be the person who left.
 */
const LOGOUT_PENDING_KEY = 'kring:logout-pending';

export interface Me {
  user: { id: string; name: string; email: string; role: OrgRole };
  spaces: { id: string; name: string; kind: SpaceKind; audience: Audience; role: MembershipRole | null; features?: SpaceFeature[]; emergencyUntil?: string }[];
  /** Ids of the conversations the person is in (absent in an answer kept from before chat). */
  conversations?: string[];
  /** An administrator or privacy officer who must turn on two-step sign-in before anything else works. */
  secondFactorOutstanding?: boolean;
}

export type LoginResult =
  | { ok: true }
  /** The password was right; the code from the person's app is asked next, with this login token. */
  | { ok: false; reason: 'code'; token: string }
  /** `invalid`: wrong password (or code); `expired`: the login token ran out, start with the password again. */
  | { ok: false; reason: 'invalid' | 'expired' | 'throttled' | 'offline' | 'error'; retryAfterSeconds?: number };

/** What the server said about who is logged in. */
export type WhoAnswer =
  | { kind: 'person'; me: Me }
  /** The session ended (or there never was one). */
  | { kind: 'nobody' }
  | { kind: 'deactivated' }
  /** No answer (offline) or one that says nothing about the person (a server error). */
  | { kind: 'unreachable' }
  | { kind: 'unclear' };

export class Identity {
  readonly #origin: string;
  readonly #fetch: typeof fetch;

  constructor(origin: string, fetchImpl: typeof fetch) {
    this.#origin = origin;
    this.#fetch = fetchImpl;
  }

  async whoIsLoggedIn(): Promise<WhoAnswer> {
    // Ended just now, so nobody: an /api/me preloaded by app.html could still name the person who left.
    if (logoutPending()) return (await this.logOut()) ? { kind: 'nobody' } : { kind: 'unreachable' };
    let response: Response;
    try {
      response = await this.#fetch(`${this.#origin}/api/me`, { credentials: 'same-origin' });
    } catch {
      return { kind: 'unreachable' };
    }
    if (response.status === 401) return (await errorCode(response)) === 'deactivated' ? { kind: 'deactivated' } : { kind: 'nobody' };
    if (!response.ok) return { kind: 'unclear' };
    return { kind: 'person', me: (await response.json()) as Me };
  }

  /** Logs in; on success, says whom as. */
  async logIn(email: string, password: string): Promise<LoginResult & { userId?: string }> {
    // The session of the person who left ends before the next one starts.
    if (logoutPending()) await this.logOut();
    let response: Response;
    try {
      response = await this.#fetch(`${this.#origin}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email, password }),
        credentials: 'same-origin',
      });
    } catch {
      return { ok: false, reason: 'offline' };
    }
    return loggedIn(response);
  }

  /** The second step: the code from the person's app (or a recovery code) for the login token. */
  async logInWithCode(token: string, code: string): Promise<LoginResult & { userId?: string }> {
    let response: Response;
    try {
      response = await this.#fetch(`${this.#origin}/api/auth/login/code`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ token, code }),
        credentials: 'same-origin',
      });
    } catch {
      return { ok: false, reason: 'offline' };
    }
    return loggedIn(response);
  }

  /**
   * Ends the session on the server, which also clears its HttpOnly cookie. Offline, the device remembers to do it
   * at the next contact.
   * @returns true when the server ended it
   */
  async logOut(): Promise<boolean> {
    let ended = false;
    try {
      ended = (await this.#fetch(`${this.#origin}/api/auth/logout`, { method: 'POST', credentials: 'same-origin' })).ok;
    } catch {
      // Offline: tried again at the next contact.
    }
    setLogoutPending(!ended);
    return ended;
  }
}

/** What a login answer means: a session (whose), a code asked for, or why not. */
async function loggedIn(response: Response): Promise<LoginResult & { userId?: string }> {
  if (response.status === 401) return { ok: false, reason: (await errorCode(response)) === 'invalid_login_token' ? 'expired' : 'invalid' };
  if (response.status === 429) return { ok: false, reason: 'throttled', retryAfterSeconds: Number(response.headers.get('retry-after') ?? 60) };
  if (!response.ok) return { ok: false, reason: 'error' };
  const body = (await response.json()) as { user?: { id: string }; secondFactor?: { token: string } };
  if (body.secondFactor) return { ok: false, reason: 'code', token: body.secondFactor.token };
  // The new session's cookie replaced the old one.
  setLogoutPending(false);
  return { ok: true, userId: body.user!.id };
}

/** The person the device last knew to be logged in. */
export function cachedMe(): Me | null {
  try {
    const text = globalThis.localStorage?.getItem(ME_KEY);
    return text ? (JSON.parse(text) as Me) : null;
  } catch {
    return null;
  }
}

export function cacheMe(me: Me | null): void {
  try {
    if (me) globalThis.localStorage?.setItem(ME_KEY, JSON.stringify(me));
    else globalThis.localStorage?.removeItem(ME_KEY);
  } catch {
    // Storage full or blocked: the app still works online, it only cannot open offline as this person.
  }
}

function logoutPending(): boolean {
  try {
    return (globalThis.localStorage?.getItem(LOGOUT_PENDING_KEY) ?? null) !== null;
  } catch {
    return false;
  }
}

function setLogoutPending(pending: boolean): void {
  try {
    if (pending) globalThis.localStorage?.setItem(LOGOUT_PENDING_KEY, '1');
    else globalThis.localStorage?.removeItem(LOGOUT_PENDING_KEY);
  } catch {
    // Storage blocked: the session ends on the server at its idle timeout.
  }
}

async function errorCode(response: Response): Promise<string | null> {
  try {
    const code = ((await response.json()) as { error?: { code?: unknown } }).error?.code;
    return typeof code === 'string' ? code : null;
  } catch {
    return null;
  }
}
