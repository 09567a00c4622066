/**
 * The person's conversations as the server last listed them, with unread counts (the header shows their sum).
 * Kept on the device too (`conversations:<user>` in the device cache, wiped with everything else of the person),
 * so "Gesprekken" lists them offline, after a reload as well; the server's list replaces it whenever it is reached.
 */
import type { ConversationSummary } from '@kring/contract';
import { api } from '$lib/api/client.ts';
import { DeviceCache } from '$lib/client';

const key = (userId: string) => `conversations:${userId}`;
let cache: DeviceCache | null = null;

class Conversations {
  items = $state.raw<ConversationSummary[]>([]);
  /** Whether the list came from the server at least once for this person. */
  loaded = $state(false);
  /** The last attempt could not reach the server. */
  offline = $state(false);
  /** Unread messages over all conversations that are not muted. */
  readonly unread = $derived(this.items.reduce((sum, item) => sum + (item.muted ? 0 : item.unread), 0));
  #userId: string | null = null;

  /** Asks the server again; keeps what it had when the server cannot be reached. */
  async refresh(userId: string): Promise<void> {
    cache ??= new DeviceCache();
    if (userId !== this.#userId) {
      this.#userId = userId;
      this.items = [];
      this.loaded = false;
      this.#restored = this.#restore(userId);
    }
    // The header and the page both refresh at start: both wait for the kept copy before anything else.
    await this.#restored;
    const result = await api.conversations.list();
    if (userId !== this.#userId) return;
    this.offline = !result.ok && result.code === 'offline';
    if (result.ok) {
      this.items = result.body.conversations;
      this.loaded = true;
      this.#keep();
    }
  }

  #restored: Promise<void> = Promise.resolve();

  async #restore(userId: string): Promise<void> {
    const kept = await cache!.get<ConversationSummary[]>(key(userId));
    if (userId === this.#userId && Array.isArray(kept) && !this.loaded) this.items = kept;
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
