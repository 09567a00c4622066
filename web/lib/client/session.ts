/**
 * The session as the app sees it: who is logged in (`Identity`), their storage on this device (`PersonStorage`),
 * the background sync that keeps it current (`background-sync.ts`) and the one wipe (`wipe.ts`). A 401 means the
 * session ended, but the person's local work stays on the device; logout and deactivation hand in what only the
 * device has and then wipe the person's copy, never before the server stored it all.
 *
 * The first screen needs only this file and identity.ts: the person comes from localStorage (or the preloaded
 * /api/me), and the local store and the sync machinery (Yjs, Dexie, y-websocket, the shapes) are loaded once
 * someone is logged in, so the login page and the first paint do not wait for them. `person` is shown at once;
 * `state.me` follows once that person's store and sync exist (pages that open documents wait for it).
 */
import type { Access, AccessUser } from '@kring/access';
import { access } from '@kring/access';
import { cachedMe, cacheMe, Identity, type LoginResult, type Me } from './identity.ts';
import type { LocalStore } from './local-store.ts';
import { Observable } from './observable.ts';
import { PersonStorage } from './person-storage.ts';
import type { SyncManager } from './sync-manager.ts';
import type { DeviceSearch } from '../search/device-search.ts';

export type { LoginResult, Me } from './identity.ts';

/** The person as the access policy sees them (the same policy the server applies). */
export function accessUser(me: Me): AccessUser {
  return {
    id: me.user.id,
    role: me.user.role,
    active: true,
    spaces: Object.fromEntries([
      ...me.spaces.map((space) => [
        space.id,
        // Emergency access ends on the device at its end too, without waiting for the next /api/me.
        { kind: space.kind, role: space.role, features: space.features, ...(space.emergencyUntil ? { emergencyUntil: Date.parse(space.emergencyUntil) } : {}) },
      ]),
      // A conversation is a space of its own kind, as on the server.
      ...(me.conversations ?? []).map((id) => [id, { kind: 'conversation', role: 'member' }]),
    ]),
  };
}

/** An /api/me answer this fresh is not asked for again by `keepCurrent`. */
const REFRESHED_RECENTLY_MS = 10_000;

/** The session as the UI sees it. `me` is undefined while loading and null when nobody is logged in. */
export interface SessionState {
  me: Me | null | undefined;
  /** True when the device shows a cached person but the server said the session ended. */
  expired: boolean;
  /** True once the account was found deactivated and the device deleted that person's copy. */
  deactivated?: boolean;
}

export class Session {
  readonly state = new Observable<SessionState>({ me: undefined, expired: false });
  /**
   * Who is logged in, as soon as the device or the server says so, before their local store and sync are loaded:
   * what the header and the start page show. Undefined until known, null when nobody is logged in.
   */
  readonly person = new Observable<Me | null | undefined>(undefined);
  readonly #identity: Identity;
  readonly #storage: PersonStorage;
  #retiring: Promise<void> | null = null;
  /** The person whose store is being made, so two calls for them make one. */
  #becoming: Promise<void> = Promise.resolve();
  #started: Promise<void> | null = null;
  /** When /api/me last answered, so `keepCurrent` right after `start` does not ask again. */
  #refreshedAt = 0;

  /**
   * @param fetchImpl by default the page's `fetch` as it is when called: the session can be made before SvelteKit
   *   wraps it (hooks.client.ts), and the browser's own refuses to be called as a method of another object
   */
  constructor(origin: string, fetchImpl: typeof fetch = (input, init) => fetch(input, init)) {
    this.#identity = new Identity(origin, fetchImpl);
    this.#storage = new PersonStorage(
      origin,
      fetchImpl,
      () => void this.refresh(),
      (name) => this.access(name) === 'read',
    );
  }

  /** The person's search on this device, once their storage is open. */
  get search(): DeviceSearch | null {
    return this.#storage.search;
  }

  /** The person's sync, once their storage is open. */
  get sync(): SyncManager | null {
    return this.#storage.sync;
  }

  /** The person's documents on this device, once open. */
  get store(): LocalStore | null {
    return this.#storage.store;
  }

  /** Shows the cached person at once, then asks the server. Once per session object; later calls share it. */
  start(): Promise<void> {
    this.#started ??= this.#start();
    return this.#started;
  }

  /**
   * Starts the session and resolves once it is known who is logged in (or that nobody is), so the first screen
   * is drawn once, the right one: at once with a cached person, else when /api/me answers. A network that does
   * not answer holds the app up for at most `waitMs`.
   */
  personKnown(waitMs: number): Promise<void> {
    void this.start();
    if (this.person.value !== undefined) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        unsubscribe();
        resolve();
      };
      const timer = setTimeout(done, waitMs);
      const unsubscribe = this.person.subscribe((person) => {
        if (person !== undefined) queueMicrotask(done);
      });
    });
  }

  async #start(): Promise<void> {
    const cached = cachedMe();
    if (cached) this.person.set(cached);
    // Asked while the store loads: the answer (preloaded by app.html) is usually there already.
    await Promise.all([cached && this.#become(cached, false), this.refresh()]);
  }

  /** Asks the server who we are; keeps the cache when offline. */
  async refresh(): Promise<void> {
    const answer = await this.#identity.whoIsLoggedIn();
    if (answer.kind === 'unreachable') {
      if (this.state.value.me === undefined && this.person.value === undefined) this.#showNobody();
      return;
    }
    if (answer.kind === 'nobody' || answer.kind === 'deactivated') {
      // The cached person's store and sync may still be loading (`start` asks at the same time): their unsaved
      // work must be there before the device hands it in, or to stay shown with the session marked as ended.
      await this.#becoming;
      if (answer.kind === 'deactivated') {
        await this.#retire();
        return;
      }
      // Each closed socket asks: answers that arrive after the handover ended its session must not hide why.
      if (this.#retiring) await this.#retiring;
      if (this.state.value.deactivated) return;
      const me = this.state.value.me;
      if (me) this.state.set({ me, expired: true });
      else this.#showNobody();
      return;
    }
    if (answer.kind !== 'person') return;
    this.#refreshedAt = Date.now();
    // Not while two-step sign-in is outstanding: the device must not open offline as a person who cannot work yet.
    if (!answer.me.secondFactorOutstanding) cacheMe(answer.me);
    this.person.set(answer.me);
    await this.#become(answer.me, false);
    const sync = this.sync;
    if (sync) await (await import('./wipe.ts')).wipeLeftSpaces(sync, answer.me);
    sync?.reconnect();
  }

  /** Logs in with a password; a person with two-step sign-in gets `reason: 'code'` and goes on with `loginWithCode`. */
  async login(email: string, password: string): Promise<LoginResult> {
    return this.#loggedIn(await this.#identity.logIn(email, password));
  }

  /** The second step of logging in: the code from the app (or a recovery code) with the login token. */
  async loginWithCode(token: string, code: string): Promise<LoginResult> {
    return this.#loggedIn(await this.#identity.logInWithCode(token, code));
  }

  async #loggedIn(result: LoginResult & { userId?: string }): Promise<LoginResult> {
    if (!result.ok) return result;
    // Someone else was logged in on this device: their documents stay in their own local database.
    if (this.state.value.me && this.state.value.me.user.id !== result.userId) this.#storage.close();
    await this.refresh();
    return { ok: true };
  }

  /**
   * Hands in what only this device has, and once the server confirmed all of it, wipes the person's copy from the
   * device and ends the session: on a shared tablet the next person finds nothing of them. When the server could
   * not take it all (offline), nothing changes and the answer says so; the person then chooses between staying
   * logged in and `logout({ discard: true })`, which wipes the device without handing in.
   */
  async logout({ discard = false }: { discard?: boolean } = {}): Promise<'logged-out' | 'not-sent'> {
    // The person can be shown before their sync is loaded; what it holds goes first.
    await this.#becoming;
    const userId = this.store?.userId ?? this.person.value?.user.id;
    if (!discard && !(await this.#storage.sendEverything())) return 'not-sent';
    this.#storage.close();
    if (userId) await (await import('./wipe.ts')).wipePerson(userId);
    cacheMe(null);
    await this.#identity.logOut();
    this.#showNobody();
    return 'logged-out';
  }

  /**
   * The account was deactivated: hand in what is only on this device, then wipe the person's copy and end the
   * handover. If the handover does not complete, everything stays for the next contact: nothing typed is deleted
   * before the server stored it.
   */
  #retire(): Promise<void> {
    this.#retiring ??= (async () => {
      const userId = this.state.value.me?.user.id ?? this.store?.userId;
      if (this.sync && !(await this.sync.handOver())) return;
      this.#storage.close();
      if (userId) await (await import('./wipe.ts')).wipePerson(userId);
      cacheMe(null);
      // The handover ends on the server when it expires if this does not reach it; the device holds nothing of
      // the person any more.
      await this.#identity.logOut();
      this.person.set(null);
      this.state.set({ me: null, expired: false, deactivated: true });
    })().finally(() => (this.#retiring = null));
    return this.#retiring;
  }

  /**
   * Keeps every space readable offline and sends what only this device has (`background-sync.ts`); also renews
   * the session cookie, which only HTTP requests can do (sockets keep the session alive on the server but cannot
   * set a cookie), though not again right after `start` asked.
   */
  async keepCurrent(): Promise<void> {
    if (Date.now() - this.#refreshedAt > REFRESHED_RECENTLY_MS) await this.refresh();
    const sync = this.sync;
    const me = this.state.value.me;
    if (!sync || !me) return;
    const { keepCurrent } = await import('./background-sync.ts');
    await keepCurrent(sync, me, (name) => this.access(name), () => sync === this.sync);
  }

  /** What the person may do with a document, by the same policy the server applies. */
  access(docName: string): Access {
    const me = this.state.value.me;
    return me ? access(accessUser(me), docName) : 'none';
  }

  /** Shows `me`, with their own local store and sync, made first (and loaded on first use). */
  #become(me: Me, expired: boolean): Promise<void> {
    this.#becoming = this.#becoming.then(async () => {
      await this.#storage.open(me.user.id);
      this.state.set({ me, expired });
    });
    return this.#becoming;
  }

  #showNobody(): void {
    this.person.set(null);
    this.state.set({ me: null, expired: false });
  }
}
