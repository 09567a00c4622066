/**
 * The person's conversations as the server last listed them, with unread counts (the header shows their sum).
 * Kept on the device too (`conversations:<user>` in the device cache, wiped with everything else of the person),
 * so "Gesprekken" lists them offline, after a reload as well; the server's list replaces it whenever it is reached.
 * Each one's newest message is read from the device's copy of its chat; when the server counts new messages in a
 * conversation, its chat of this month is fetched in the background at once, so it opens offline with them.
 */
import type { ConversationSummary } from '@kring/contract';
import { chatDocId, docName, listMessages } from '@kring/shapes';
import { api } from '$lib/api/client.ts';
import { session } from '$lib/app';
import { DeviceCache } from '$lib/client';

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

  /** Asks the server again; keeps what it had when the server cannot be reached. */
  async refresh(userId: string): Promise<void> {
    cache ??= new DeviceCache();
    if (userId !== this.#userId) {
      this.#userId = userId;
      this.items = [];
      this.last = {};
      this.loaded = false;
      this.#restored = this.#restore(userId);
    }
    // The header and the page both refresh at start: both wait for the kept copy before anything else.
    await this.#restored;
    const result = await api.conversations.list();
    if (userId !== this.#userId) return;
    this.offline = !result.ok && result.code === 'offline';
    if (result.ok) {
      const before = new Map(this.items.map((item) => [item.id, item.unread]));
      const fresh = result.body.conversations;
      // On the device before it is shown: a reload right after must find this list, not an older one.
      await cache!.set(key(userId), fresh);
      if (userId !== this.#userId) return;
      this.items = fresh;
      this.loaded = true;
      const grown = fresh.filter((item) => item.unread > (before.get(item.id) ?? 0)).map((item) => item.id);
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

  /** Each listed conversation's newest message, from the device's copy of this month's chat. */
  async #readLast(userId: string): Promise<void> {
    const sync = session.sync;
    if (!sync) return;
    const month = chatDocId(new Date());
    const last: Record<string, LastMessage> = {};
    for (const { id } of this.items) {
      const newest = await sync.readLocal(docName(id, 'chat', month), (doc) => listMessages(doc).at(-1));
      if (newest) last[id] = { authorName: newest.authorName, text: newest.text };
    }
    if (userId === this.#userId) this.last = last;
  }

  #restored: Promise<void> = Promise.resolve();

  async #restore(userId: string): Promise<void> {
    const kept = await cache!.get<ConversationSummary[]>(key(userId));
    if (userId === this.#userId && Array.isArray(kept) && !this.loaded) this.items = kept;
    // The store opens with the session; offline after a reload this is what the list has to show.
    await session.start();
    await this.#readLast(userId);
  }

  /**
   * The list as it is now, on the device for next time (also offline changes: read, left). Only once the server's
   * list was had in this page: before that the list may still be empty, and would overwrite the kept one.
   */
  #keep(): void {
    const userId = this.#userId;
    if (userId && cache && this.loaded) void cache.set(key(userId), this.items);
  }

  /** The conversation, as last listed. */
  find(id: string): ConversationSummary | undefined {
    return this.items.find((item) => item.id === id);
  }

  /** Takes in one conversation as the server answered it (after starting it, or changing its members). */
  put(conversation: ConversationSummary): void {
    this.items = [conversation, ...this.items.filter((item) => item.id !== conversation.id)];
    this.#keep();
  }

  /** Marks a conversation read up to now on this device too, so the count goes at once. */
  read(id: string): void {
    this.items = this.items.map((item) => (item.id === id ? { ...item, unread: 0 } : item));
    this.#keep();
  }

  /** Forgets a conversation the person left or lost. */
  drop(id: string): void {
    this.items = this.items.filter((item) => item.id !== id);
    this.#keep();
  }
}

export const conversations = new Conversations();
