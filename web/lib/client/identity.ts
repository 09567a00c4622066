/**
 * Who is logged in on this device: the server's word (`/api/me`, login, logout) and the device's copy of it, so
 * the app opens as that person with no network. Knows nothing of documents or sync.
 */
import type { Audience, MembershipRole, OrgRole, SpaceFeature, SpaceKind } from '@kring/access';

/** Where the device keeps the last /api/me answer (names and spaces; removed by the wipe). */
export const ME_KEY = 'kring:me';

export interface Me {
  user: { id: string; name: string; email: string; role: OrgRole };
  spaces: { id: string; name: string; kind: SpaceKind; audience: Audience; role: MembershipRole | null; features?: SpaceFeature[] }[];
}

export type LoginResult = { ok: true } | { ok: false; reason: 'invalid' | 'throttled' | 'offline' | 'error'; retryAfterSeconds?: number };

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
    if (response.status === 401) return { ok: false, reason: 'invalid' };
    if (response.status === 429) return { ok: false, reason: 'throttled', retryAfterSeconds: Number(response.headers.get('retry-after') ?? 60) };
    if (!response.ok) return { ok: false, reason: 'error' };
    return { ok: true, userId: ((await response.json()) as { user: { id: string } }).user.id };
  }

  /** Ends the session on the server, which also clears its HttpOnly cookie. */
  async logOut(): Promise<void> {
    try {
      await this.#fetch(`${this.#origin}/api/auth/logout`, { method: 'POST', credentials: 'same-origin' });
    } catch {
      // Offline: the cookie is HttpOnly, so the session ends on the server at its idle timeout.
    }
  }
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

async function errorCode(response: Response): Promise<string | null> {
  try {
    const code = ((await response.json()) as { error?: { code?: unknown } }).error?.code;
    return typeof code === 'string' ? code : null;
  } catch {
    return null;
  }
}
