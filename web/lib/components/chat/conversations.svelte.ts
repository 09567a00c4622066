/**
 * The person's conversations as the server last listed them, with unread counts (the header shows their sum).
 * Kept on the device too (`conversations:<user>` in the device cache, wiped with everything else of the person),
 * so "Gesprekken" lists them offline, after a reload as well. The kept copy, the server's list and the single
 * answers of this page (a conversation started, muted, read, left) are merged per conversation, newest word first
 * (conversation-list.ts), so none of them overwrites a newer one whatever order they come in.
 * Each one's newest message is read from the device's copy of its chat; when the server counts new messages in a
 * conversation, its chat of this month is fetched in the background at once, so it opens offline with them.
 */
import type { ConversationSummary } from '@kring/contract';
import { chatDocId, docName, listMessages } from '@kring/shapes';
import { api } from '$lib/api/client.ts';
import { session } from '$lib/app';
import { DeviceCache } from '$lib/client';
import { fromKept, listed, merge, NOTHING_KNOWN, oneConversation, toKept, wholeList, withReads, type ConversationList } from './conversation-list.ts';

/** A conversation's newest message, as the device has it. */
export interface LastMessage {
  authorName: string;
  text: string;
}

const key = (userId: string) => `conversations:${userId}`;
let cache: DeviceCache | null = null;

class Conversations {
  items = $state.raw<ConversationSummary[]>([]);
  /** Whether the list came from the server at least once for this person. */
  loaded = $state(false);
  /** The last attempt could not reach the server. */
  offline = $state(false);
  /** The newest message of each conversation the device has, by conversation id. */
  last = $state.raw<Record<string, LastMessage>>({});
  /** Unread messages over all conversations that are not muted. */
  readonly unread = $derived(this.items.reduce((sum, item) => sum + (item.muted ? 0 : item.unread), 0));
  #userId: string | null = null;
  /** Everything learned in this page and from the kept copy, merged; `items` shows it. */
  #known: ConversationList = NOTHING_KNOWN;
  /** Conversations read in this page, and when. */
  #reads = new Map<string, number>();
  /** The kept copy is merged in: before that, writing the list would replace it with less. */
  #restoredKept = false;
  #restored: Promise<void> = Promise.resolve();
  /** Writes to the device one after the other, each with the list as it is then. */
  #saving: Promise<void> = Promise.resolve();
  /** Reads of newest messages are numbered: one that ends after a later one does not undo it. */
  #lastRound = 0;
  #lastRoundOf = new Map<string, number>();

  /** Asks the server again; keeps what it had when the server cannot be reached. */
  async refresh(userId: string): Promise<void> {
    cache ??= new DeviceCache();
    if (userId !== this.#userId) {
      this.#userId = userId;
      this.items = [];
      this.last = {};
      this.loaded = false;
      this.#known = NOTHING_KNOWN;
      this.#reads = new Map();
      this.#restoredKept = false;
      this.#lastRoundOf = new Map();
      this.#restored = this.#restore(userId);
    }
    // The header and the page both refresh at start: both wait for the kept copy before anything else.
    await this.#restored;
    const askedAt = Date.now();
    const result = await api.conversations.list();
    if (userId !== this.#userId) return;
    this.offline = !result.ok && result.code === 'offline';
    if (result.ok) {
      const before = new Map(this.items.map((item) => [item.id, item.unread]));
      this.#take(wholeList(result.body.conversations, askedAt));
      // On the device before it is shown: a reload right after must find this list, not an older one.
      await this.#save();
      if (userId !== this.#userId) return;
      this.#show();
      this.loaded = true;
      const grown = this.items.filter((item) => item.unread > (before.get(item.id) ?? 0)).map((item) => item.id);
      if (grown.length > 0) await this.#fetch(grown);
      await this.#readLast(userId);
    }
  }

  /** Brings the chats of `ids` (this month's) onto the device now, not at the next background round. */
  async #fetch(ids: string[]): Promise<void> {
    const sync = session.sync;
    // The server listed them, so they are the person's: the device's copy of /api/me may not name a new one yet.
    if (sync) await sync.reconcile(ids.map((id) => docName(id, 'chat', chatDocId(new Date()))));
  }

  /** The newest message of each listed conversation (or of `ids`), from the device's copy of this month's chat. */
  async #readLast(userId: string, ids: readonly string[] = this.items.map((item) => item.id)): Promise<void> {
    const sync = session.sync;
    if (!sync) return;
    const round = ++this.#lastRound;
    const month = chatDocId(new Date());
    const found: [string, LastMessage | undefined][] = [];
    for (const id of ids) {
      const newest = await sync.readLocal(docName(id, 'chat', month), (doc) => listMessages(doc).at(-1));
      found.push([id, newest && { authorName: newest.authorName, text: newest.text }]);
    }
    if (userId !== this.#userId) return;
    const last = { ...this.last };
    for (const [id, newest] of found) {
      if ((this.#lastRoundOf.get(id) ?? 0) > round) continue;
      this.#lastRoundOf.set(id, round);
      if (newest) last[id] = newest;
      else delete last[id];
    }
    this.last = last;
  }

  async #restore(userId: string): Promise<void> {
    const kept = fromKept(await cache!.get<unknown>(key(userId)));
    if (userId !== this.#userId) return;
    this.#take(kept);
    this.#restoredKept = true;
    this.#show();
    // What this page learned before the kept copy was read is on the device now too.
    await this.#save();
    // The store opens with the session; offline after a reload this is what the list has to show.
    await session.start();
    await this.#readLast(userId);
  }

  /** Merges what was learned into what is known (newest word per conversation). */
  #take(list: ConversationList): void {
    this.#known = withReads(merge(this.#known, list), this.#reads);
  }

  #show(): void {
    this.items = listed(this.#known);
  }

  /** Writes the list as it is when the write's turn comes, after the writes before it. */
  #save(): Promise<void> {
    const userId = this.#userId;
    const write = () => (userId && userId === this.#userId && this.#restoredKept ? cache!.set(key(userId), toKept(this.#known)) : undefined);
    this.#saving = this.#saving.then(write, write);
    return this.#saving;
  }

  /** A change in this page: shown at once, on the device for next time (also offline changes: read, left). */
  #change(list: ConversationList): void {
    this.#take(list);
    this.#show();
    void this.#save();
  }

  /** The conversation, as last listed. */
  find(id: string): ConversationSummary | undefined {
    return this.items.find((item) => item.id === id);
  }

  /** Takes in one conversation as the server answered it (after starting it, or changing its members). */
  put(conversation: ConversationSummary): void {
    const isNew = !this.find(conversation.id);
    this.#change(oneConversation(conversation.id, conversation, Date.now()));
    const userId = this.#userId;
    if (isNew && userId) void this.#readLast(userId, [conversation.id]);
  }

  /** Marks a conversation read up to now on this device too, so the count goes at once. */
  read(id: string): void {
    this.#reads.set(id, Date.now());
    this.#change(NOTHING_KNOWN);
  }

  /** Forgets a conversation the person left or lost. */
  drop(id: string): void {
    this.#change(oneConversation(id, null, Date.now()));
  }
}

export const conversations = new Conversations();
