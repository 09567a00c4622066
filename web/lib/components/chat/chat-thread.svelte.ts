/**
 * One chat as a screen shows it: the month documents of a space's chat or a conversation (`<id>/chat/<YYYY-MM>`),
 * this month and the one before, their messages merged oldest first, each marked while the server does not hold it
 * yet. Everything is read from the device first (IndexedDB), so what the device has is there offline; new messages
 * are written into this month's document at once and sent when the network is there.
 */
import type * as Y from 'yjs';
import { chatDocId, deleteMessage, docName, listMessages, previousChatDocId, savedMessages, sendMessage, toggleReaction, type ChatMessage, type Mention, type Reaction } from '@kring/shapes';
import { followDocument, type DocumentState, type OpenDocument, type SyncManager } from '$lib/client';

/** A message as shown: with whether the server has it yet. */
export interface ShownMessage extends ChatMessage {
  /** Only on this device so far: "nog niet verstuurd". */
  pending: boolean;
  /** The month document it is in: its photos were uploaded for that one. */
  docName: string;
}

interface Month {
  docId: string;
  open: OpenDocument;
  messages: ShownMessage[];
  state: DocumentState;
  stop: () => void;
}

export class ChatThread {
  /** Open months, oldest first. */
  months = $state.raw<Month[]>([]);
  ready = $state(false);
  /** Every message of the open months, oldest first. */
  readonly messages = $derived(this.months.flatMap((month) => month.messages));

  readonly #sync: SyncManager;
  readonly #roomId: string;
  #destroyed = false;

  /** @param roomId a space's id (its chat) or a conversation's */
  constructor(sync: SyncManager, roomId: string) {
    this.#sync = sync;
    this.#roomId = roomId;
  }

  async start(now: number = Date.now()): Promise<void> {
    const current = monthOf(now);
    await Promise.all([this.#open(previousChatDocId(current)), this.#open(current)]);
    this.ready = true;
  }

  /** Sends a message as `author`, into this month's document; it shows at once, marked until the server has it. */
  async send(
    author: { id: string; name: string },
    text: string,
    options: { replyTo?: string; mentions?: Mention[]; pictures?: string[] } = {},
    now: number = Date.now(),
  ): Promise<void> {
    const month = await this.#open(monthOf(now));
    if (!month) return;
    sendMessage(month.open.doc, { authorId: author.id, authorName: author.name, text, replyTo: options.replyTo, mentions: options.mentions, pictures: options.pictures, createdAt: instant(now) });
  }

  /** The document a message sent at `now` goes into: photos for it are uploaded for that one. */
  docNameAt(now: number = Date.now()): string {
    return docName(this.#roomId, 'chat', monthOf(now));
  }

  /** This month's document, where messages go and who is typing shows (null until it is open). */
  current(now: number = Date.now()): OpenDocument | null {
    const docId = monthOf(now);
    return this.months.find((month) => month.docId === docId)?.open ?? null;
  }

  /** Deletes one's own message for good. */
  remove(messageId: string): void {
    const doc = this.#docOf(messageId);
    if (doc) deleteMessage(doc, messageId);
  }

  /** Gives `emoji` on a message as `userId`, or takes it back (kept on the device and sent like a message). */
  react(messageId: string, userId: string, emoji: Reaction): void {
    const doc = this.#docOf(messageId);
    if (doc) toggleReaction(doc, messageId, userId, emoji);
  }

  destroy(): void {
    this.#destroyed = true;
    for (const month of this.months) month.stop();
    this.months = [];
  }

  #docOf(messageId: string): Y.Doc | null {
    return this.months.find((month) => month.messages.some((message) => message.id === messageId))?.open.doc ?? null;
  }

  #read(open: OpenDocument, docId: string): ShownMessage[] {
    const saved = savedMessages(open.doc, open.saved);
    const name = docName(this.#roomId, 'chat', docId);
    return listMessages(open.doc).map((message) => ({ ...message, pending: !saved(message.id), docName: name }));
  }

  async #open(docId: string): Promise<Month | null> {
    const existing = this.months.find((month) => month.docId === docId);
    if (existing) return existing;
    let scheduled = false;
    const refresh = () => {
      if (scheduled) return;
      scheduled = true;
      // Many updates arrive together (a month on first sync): read the document once for all of them.
      queueMicrotask(() => {
        scheduled = false;
        const month = this.months.find((m) => m.docId === docId);
        if (!this.#destroyed && month) this.#replace(docId, { messages: this.#read(month.open, docId) });
      });
    };
    const followed = await followDocument(this.#sync, docName(this.#roomId, 'chat', docId), {
      changed: refresh,
      // "Saved" changes no content but does change which messages are still only on this device.
      state: (state) => {
        if (!this.months.some((month) => month.docId === docId)) return;
        this.#replace(docId, { state });
        refresh();
      },
      reopened: (open) => {
        if (this.months.some((month) => month.docId === docId)) this.#replace(docId, { open, messages: this.#read(open, docId) });
      },
    });
    if (this.#destroyed) {
      followed.stop();
      return null;
    }
    const raced = this.months.find((month) => month.docId === docId);
    if (raced) {
      followed.stop();
      return raced;
    }
    const open = followed.opened;
    const month: Month = { docId, open, messages: this.#read(open, docId), state: open.state.value, stop: followed.stop };
    this.months = [...this.months, month].sort((a, b) => (a.docId < b.docId ? -1 : a.docId > b.docId ? 1 : 0));
    return month;
  }

  #replace(docId: string, change: Partial<Month>): void {
    this.months = this.months.map((month) => (month.docId === docId ? { ...month, ...change } : month));
  }
}

/** The chat document id of the month (UTC) that `ms` falls in. */
function monthOf(ms: number): string {
  return chatDocId(instant(ms));
}

/** A moment as a Date for the shapes; never kept in state, so not a reactive one. */
function instant(ms: number): Date {
  return new Date(ms);
}
