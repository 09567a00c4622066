/**
 * The feed of one space as the space home shows it: the month documents (`<space>/feed/<YYYY-MM>`) that are
 * open, their posts merged newest first, pinned posts apart, and where the work is. The current and the
 * previous month open at once (so the feed is not empty on the first of a month); older months load on
 * request. Writes go through the shapes accessors on the document the post lives in.
 */
import * as Y from 'yjs';
import { docName, feedDocId, listPosts, previousFeedDocId, type Post } from '@kring/shapes';
import { followDocument, type DocumentState, type OpenDocument, type SyncManager } from '$lib/client';

/** How many empty months "load older" looks through before it says there is nothing older. */
const EMPTY_MONTHS_TO_SKIP = 12;
/** How long to wait for the server's copy of an older month before showing what the device has. */
const OLDER_MONTH_WAIT_MS = 5_000;

interface Month {
  docId: string;
  open: OpenDocument;
  posts: Post[];
  state: DocumentState;
  stop: () => void;
}

export class SpaceFeed {
  readonly spaceId: string;
  /** Open months, newest first. Raw: posts are replaced whole on every change, never mutated. */
  months = $state.raw<Month[]>([]);
  loadingOlder = $state(false);
  /** Set when a search for older posts found only empty months. */
  noOlder = $state(false);
  ready = $state(false);

  /** Every post of the loaded months that is not pinned, newest first. */
  readonly posts = $derived(this.months.flatMap((month) => month.posts.filter((post) => !post.pinned)).sort(newestFirst));
  /** Pinned posts of the loaded months, newest first. */
  readonly pinned = $derived(this.months.flatMap((month) => month.posts.filter((post) => post.pinned)).sort(newestFirst));
  /** The oldest month that is open. */
  readonly oldest = $derived(this.months.at(-1)?.docId ?? null);
  /** One state for all open months: the least safe one wins, so unsaved work is never hidden. */
  readonly state = $derived(combine(this.months.map((month) => month.state)));

  readonly #sync: SyncManager;
  #destroyed = false;

  constructor(sync: SyncManager, spaceId: string) {
    this.#sync = sync;
    this.spaceId = spaceId;
  }

  /** Opens this month and the one before. */
  async start(now: number = Date.now()): Promise<void> {
    const current = monthOf(now);
    await Promise.all([this.#open(current), this.#open(previousFeedDocId(current))]);
    this.ready = true;
  }

  /**
   * Opens older months, one by one, until one has posts or `EMPTY_MONTHS_TO_SKIP` were empty. An older month
   * first waits briefly for the server's copy, so an empty month on this device is not taken for an empty month.
   */
  async loadOlder(): Promise<void> {
    if (this.loadingOlder || this.oldest === null) return;
    this.loadingOlder = true;
    try {
      let docId = this.oldest;
      for (let tried = 0; tried < EMPTY_MONTHS_TO_SKIP && !this.#destroyed; tried++) {
        docId = previousFeedDocId(docId);
        const month = await this.#open(docId);
        if (!month) return;
        await whenSynced(month.open, OLDER_MONTH_WAIT_MS);
        if (listPosts(month.open.doc).length > 0) return;
      }
      this.noOlder = true;
    } finally {
      this.loadingOlder = false;
    }
  }

  /** The document a new post goes into: this month's, opened when the month changed while the page was open. */
  async currentDoc(now: number = Date.now()): Promise<Y.Doc | null> {
    const docId = monthOf(now);
    const month = this.months.find((m) => m.docId === docId) ?? (await this.#open(docId));
    return month?.open.doc ?? null;
  }

  /** The name of the month's document `currentDoc(now)` opens (pictures are uploaded for it). */
  currentDocName(now: number = Date.now()): string {
    return docName(this.spaceId, 'feed', monthOf(now));
  }

  /** The name of the document the post lives in, or null when its month is not open. */
  docNameOf(postId: string): string | null {
    const month = this.months.find((m) => m.posts.some((post) => post.id === postId));
    return month ? docName(this.spaceId, 'feed', month.docId) : null;
  }

  /** The document the post lives in, or null when its month is not open (or it was deleted meanwhile). */
  docOf(postId: string): Y.Doc | null {
    return this.months.find((month) => month.posts.some((post) => post.id === postId))?.open.doc ?? null;
  }

  destroy(): void {
    this.#destroyed = true;
    for (const month of this.months) month.stop();
    this.months = [];
  }

  async #open(docId: string): Promise<Month | null> {
    const existing = this.months.find((month) => month.docId === docId);
    if (existing) return existing;
    let scheduled = false;
    const followed = await followDocument(this.#sync, docName(this.spaceId, 'feed', docId), {
      changed: () => {
        if (scheduled) return;
        scheduled = true;
        // Many updates arrive together (a whole month on first sync): read the document once for all of them.
        queueMicrotask(() => {
          scheduled = false;
          const month = this.months.find((m) => m.docId === docId);
          if (!this.#destroyed && month) this.#replace(docId, { posts: listPosts(month.open.doc) });
        });
      },
      state: (state) => {
        if (this.months.some((month) => month.docId === docId)) this.#replace(docId, { state });
      },
      // Dropped after a refusal and loaded again: the month's document is a new one.
      reopened: (open) => {
        if (this.months.some((month) => month.docId === docId)) this.#replace(docId, { open, posts: listPosts(open.doc) });
      },
    });
    if (this.#destroyed) {
      followed.stop();
      return null;
    }
    // Two callers may have raced to open the same month; keep the first.
    const raced = this.months.find((month) => month.docId === docId);
    if (raced) {
      followed.stop();
      return raced;
    }
    const open = followed.opened;
    const month: Month = { docId, open, posts: listPosts(open.doc), state: open.state.value, stop: followed.stop };
    this.months = [...this.months, month].sort((a, b) => (a.docId < b.docId ? 1 : a.docId > b.docId ? -1 : 0));
    return month;
  }

  #replace(docId: string, change: Partial<Month>): void {
    this.months = this.months.map((month) => (month.docId === docId ? { ...month, ...change } : month));
  }
}

/** The feed document id of the month (UTC) that `ms` falls in. */
function monthOf(ms: number): string {
  return feedDocId(new Date(ms));
}

function newestFirst(a: Post, b: Post): number {
  return Date.parse(b.createdAt) - Date.parse(a.createdAt) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

function combine(states: DocumentState[]): DocumentState | null {
  if (states.length === 0) return null;
  const save = states.some((s) => s.save === 'local') ? 'local' : states.some((s) => s.save === 'saving') ? 'saving' : 'saved';
  const order = ['forbidden', 'logged-out', 'offline', 'connecting', 'online'] as const;
  const connection = order.find((c) => states.some((s) => s.connection === c)) ?? 'online';
  const synced = states.map((s) => s.lastSyncedAt).filter((at): at is number => at !== null);
  return { save, connection, lastSyncedAt: synced.length > 0 ? Math.max(...synced) : null };
}

/** Resolves when the document has the server's copy, the device is offline, or after `timeoutMs`. */
function whenSynced(open: OpenDocument, timeoutMs: number): Promise<void> {
  if (open.provider.synced) return Promise.resolve();
  return new Promise((resolve) => {
    let unsubscribe = () => {};
    const done = () => {
      clearTimeout(timer);
      open.provider.off('sync', onSync);
      queueMicrotask(() => unsubscribe());
      resolve();
    };
    const onSync = (synced: boolean) => synced && done();
    const timer = setTimeout(done, timeoutMs);
    open.provider.on('sync', onSync);
    unsubscribe = open.state.subscribe((state) => {
      if (state.connection !== 'online' && state.connection !== 'connecting') done();
    });
  });
}
