/**
 * Who is using the app, kept on the device so the app opens without a network. `/api/me` refreshes it when
 * the server can be reached; a 401 means the session ended, but the person's local work stays on the device.
 * Only when the account was deactivated does the device hand in its unsaved work and then delete its copy.
 *
 * The first screen needs only this file: the person comes from localStorage (or the preloaded /api/me), and the
 * local store and the sync machinery (Yjs, Dexie, y-websocket, the shapes) are loaded once someone is logged in,
 * so the login page and the first paint do not wait for them. `person` is shown at once; `state.me` follows
 * once that person's store and sync exist (pages that open documents wait for it).
 */
import type { Access, AccessUser, Audience, MembershipRole, OrgRole, SpaceFeature, SpaceKind } from '@kring/access';
import { access } from '@kring/access';
import { docName } from '@kring/shapes/names';
import type { PageNode } from '@kring/shapes';
import type { LocalStore } from './local-store.ts';
import { Observable } from './observable.ts';
import type { SyncManager } from './sync-manager.ts';

/** Where the device keeps the last /api/me answer (not secret: names and spaces; cleared on logout). */
const ME_KEY = 'kring:me';
/** An /api/me answer this fresh is not asked for again by `keepCurrent`. */
const REFRESHED_RECENTLY_MS = 10_000;

export interface Me {
  user: { id: string; name: string; email: string; role: OrgRole };
  spaces: { id: string; name: string; kind: SpaceKind; audience: Audience; role: MembershipRole | null; features?: SpaceFeature[] }[];
}

export type LoginResult = { ok: true } | { ok: false; reason: 'invalid' | 'throttled' | 'offline' | 'error'; retryAfterSeconds?: number };

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
  sync: SyncManager | null = null;
  store: LocalStore | null = null;
  readonly #origin: string;
  readonly #fetch: typeof fetch;
  #retiring: Promise<void> | null = null;
  /** What the device keeps besides the person (the changes cursor), opened on first use. */
  #deviceCache: Promise<import('./local-store.ts').DeviceCache> | null = null;
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
    this.#origin = origin;
    this.#fetch = fetchImpl;
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
    const cached = readMe();
    if (cached) this.person.set(cached);
    // Asked while the store loads: the answer (preloaded by app.html) is usually there already.
    await Promise.all([cached && this.#become(cached, false), this.refresh()]);
  }

  /** Asks the server who we are; keeps the cache when offline. */
  async refresh(): Promise<void> {
    let response: Response;
    try {
      response = await this.#fetch(`${this.#origin}/api/me`, { credentials: 'same-origin' });
    } catch {
      if (this.state.value.me === undefined && this.person.value === undefined) this.#showNobody();
      return;
    }
    if (response.status === 401) {
      // The cached person's store and sync may still be loading (`start` asks at the same time): their unsaved
      // work must be there before the device hands it in, or to stay shown with the session marked as ended.
      await this.#becoming;
      if ((await errorCode(response)) === 'deactivated') {
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
    if (!response.ok) return;
    const me = (await response.json()) as Me;
    this.#refreshedAt = Date.now();
    writeMe(me);
    this.person.set(me);
    await this.#become(me, false);
    this.sync?.reconnect();
  }

  async login(email: string, password: string): Promise<LoginResult> {
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
    // Someone else was logged in on this device: their documents stay in their own local database.
    if (this.state.value.me && this.state.value.me.user.id !== ((await response.clone().json()) as { user: { id: string } }).user.id) this.#teardown();
    await this.refresh();
    return { ok: true };
  }

  /** Sends what can be sent, then ends the session. Work not yet saved stays on the device for next time. */
  async logout(): Promise<void> {
    // The person can be shown before their sync is loaded; what it holds goes first.
    await this.#becoming;
    const sync = this.sync;
    if (sync) await sync.reconcile(sync.summary.value.unsaved);
    try {
      await this.#fetch(`${this.#origin}/api/auth/logout`, { method: 'POST', credentials: 'same-origin' });
    } catch {
      // Offline: the cookie is HttpOnly, so the session ends on the server at its idle timeout.
    }
    writeMe(null);
    this.#teardown();
    this.#showNobody();
  }

  /**
   * The account was deactivated: hand in what is only on this device, then delete the person's copy (documents,
   * outbox, cached profile) and end the handover. If the handover does not complete, everything stays for the
   * next contact: nothing typed is deleted before the server stored it.
   */
  #retire(): Promise<void> {
    this.#retiring ??= (async () => {
      const userId = this.state.value.me?.user.id ?? this.store?.userId;
      if (this.sync && !(await this.sync.handOver())) return;
      const store = this.store;
      this.#teardown();
      if (store) await store.deleteAll();
      if (userId) {
        const { deleteOutbox } = await import('./outbox.ts');
        await deleteOutbox(userId);
        await (await this.#device()).delete(`changes-cursor:${userId}`);
      }
      writeMe(null);
      try {
        await this.#fetch(`${this.#origin}/api/auth/logout`, { method: 'POST', credentials: 'same-origin' });
      } catch {
        // The handover ends on the server when it expires; this device holds nothing of the person any more.
      }
      this.person.set(null);
      this.state.set({ me: null, expired: false, deactivated: true });
    })().finally(() => (this.#retiring = null));
    return this.#retiring;
  }

  /**
   * Keeps every space readable offline: brings each space's index, every page it lists and every document
   * already on the device up to date with the server, and sends what only this device has.
   */
  async keepCurrent(): Promise<void> {
    // Also renews the session cookie, which only HTTP requests can do (sockets keep the session alive on the
    // server but cannot set a cookie); not again right after `start` asked.
    if (Date.now() - this.#refreshedAt > REFRESHED_RECENTLY_MS) await this.refresh();
    const sync = this.sync;
    const me = this.state.value.me;
    if (!sync || !me) return;
    const [{ feedDocId, listBoards, listPageTree, previousFeedDocId }, device] = await Promise.all([import('@kring/shapes'), this.#device()]);
    const readable = (names: string[]) => names.filter((name) => this.access(name) !== 'none');
    const indexes = me.spaces.map((space) => docName(space.id, 'index', 'main'));
    // What changed on the server since last time, plus everything on the device: one batch, no socket each.
    const cursorKey = `changes-cursor:${me.user.id}`;
    const changed = await sync.changedOnServer((await device.get<number>(cursorKey)) ?? 0);
    const reached = await sync.reconcile(readable([...indexes, ...(changed?.names ?? []), ...(await sync.knownDocuments())]));
    if (!reached) return;
    if (changed) await device.set(cursorKey, changed.cursor);
    // What each space's index lists, and this month's feed, now that the indexes are current.
    const listed: string[] = [];
    for (const space of me.spaces) {
      const [tree, boards] = await sync.readLocal(docName(space.id, 'index', 'main'), (doc) => [listPageTree(doc), listBoards(doc)] as const);
      for (const node of flatten(tree)) listed.push(docName(space.id, 'page', node.id));
      for (const board of boards) listed.push(docName(space.id, 'board', board.id));
      // This month and the last, so the feed is not empty offline on the first of a month.
      const thisMonth = feedDocId(new Date());
      listed.push(docName(space.id, 'feed', thisMonth), docName(space.id, 'feed', previousFeedDocId(thisMonth)));
    }
    if (sync === this.sync) await sync.reconcile(readable(listed));
  }

  /** What the person may do with a document, by the same policy the server applies. */
  access(docName: string): Access {
    const me = this.state.value.me;
    if (!me) return 'none';
    const user: AccessUser = {
      id: me.user.id,
      role: me.user.role,
      active: true,
      spaces: Object.fromEntries(me.spaces.map((space) => [space.id, { kind: space.kind, role: space.role, features: space.features }])),
    };
    return access(user, docName);
  }

  /** Shows `me`, with their own local store and sync, made first (and loaded on first use). */
  #become(me: Me, expired: boolean): Promise<void> {
    this.#becoming = this.#becoming.then(async () => {
      if (!this.store || this.store.userId !== me.user.id) {
        const [{ LocalStore }, { SyncManager }] = await Promise.all([import('./local-store.ts'), import('./sync-manager.ts')]);
        this.#teardown();
        this.store = new LocalStore(me.user.id);
        this.sync = new SyncManager(this.store, { origin: this.#origin, fetch: this.#fetch, onSessionEnded: () => void this.refresh() });
      }
      this.state.set({ me, expired });
    });
    return this.#becoming;
  }

  #showNobody(): void {
    this.person.set(null);
    this.state.set({ me: null, expired: false });
  }

  #device() {
    this.#deviceCache ??= import('./local-store.ts').then(({ DeviceCache }) => new DeviceCache());
    return this.#deviceCache;
  }

  #teardown(): void {
    this.sync?.destroy();
    this.store?.close();
    this.sync = null;
    this.store = null;
  }
}

function readMe(): Me | null {
  try {
    const text = globalThis.localStorage?.getItem(ME_KEY);
    return text ? (JSON.parse(text) as Me) : null;
  } catch {
    return null;
  }
}

function writeMe(me: Me | null): void {
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

function flatten(nodes: PageNode[]): PageNode[] {
  return nodes.flatMap((node) => [node, ...flatten(node.children)]);
}
