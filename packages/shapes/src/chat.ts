/**
 * A chat: the messages of one conversation (a one-to-one, a group) or of a space with chat switched on.
 *
 * A chat grows forever, so it is split by period like a feed: one document per calendar month (UTC), named
 * `<spaceId>/chat/<YYYY-MM>` (`chatDocId`; a conversation's id stands where a space's does). New messages go into the
 * current month's document; older months are opened on demand (`previousChatDocId`).
 *
 * Layout: the root map `messages` holds one Y.Map per message, keyed by a random id, with plain fields only:
 * `authorId`, `authorName`, `text`, `createdAt`, and optionally `editedAt`, `replyTo` (the id of a message in the
 * same document), `mentions` (a list of `{userId, name}`, as in a feed) and `pictures` (keys of photos the author
 * uploaded for this document, as a post's: packages/shapes/src/files.ts; a message with photos may have no text). Keyed by id so messages sent at once on
 * several devices merge.
 *
 * Order: by `createdAt`, ties broken by id. A device never gives a new message a time before its own last message in
 * the document (`sendMessage`), so what one person sent, also offline and also with a clock that jumps back, is shown
 * to everyone in the order they sent it.
 *
 * Reactions: the root map `reactions` holds one plain entry `{messageId, userId, emoji}` per person's reaction, keyed
 * by a random id (like a feed's likes: a key never names a person, so nothing of them is left in the map's keys once
 * it is taken back). A person reacts with each emoji of `REACTIONS` at most once per message. Reactions live beside
 * the messages, not inside them, so a message never needs a shared map that two devices could both create.
 *
 * Who said it is the server's word (packages/access, `refusesWrites`): a message carries the session's person, and
 * only its author edits or deletes it. Deleting removes the entry from the map, so Yjs drops its content and the
 * server rewrites what it stored without it (deleted means gone).
 */
import * as Y from 'yjs';
import { ShapeError } from './errors.ts';
import { checkMentions, checkPictures, feedDocId, previousFeedDocId, readPictures, type Mention } from './feed.ts';
import { randomId } from './ids.ts';
import { asMap, createEntry, mapEntries, readNullableString, readString, requireEntry, requireString, toIsoString, type YMap } from './internal.ts';

/** The longest message text; longer ones are refused by the shape and by the server. */
export const MAX_MESSAGE_LENGTH = 4000;

/** The reactions a person can give; a fixed few, each with a name a screen reader says (web/messages). */
export const REACTIONS = ['👍', '❤️', '😂', '😮', '😢', '🙏'] as const;
export type Reaction = (typeof REACTIONS)[number];

export function isReaction(value: unknown): value is Reaction {
  return typeof value === 'string' && (REACTIONS as readonly string[]).includes(value);
}

/** One emoji on a message and who gave it. */
export interface MessageReaction {
  emoji: Reaction;
  /** User ids, sorted; each person once. */
  by: string[];
}

export interface ChatMessage {
  id: string;
  authorId: string;
  authorName: string;
  text: string;
  /** ISO 8601 (UTC). */
  createdAt: string;
  /** ISO 8601 (UTC) of the last edit, or null if never edited. */
  editedAt: string | null;
  /** The id of the message this one answers, or null. */
  replyTo: string | null;
  mentions: Mention[];
  /** Keys of the photos its author uploaded for this document (`fileId` makes each file's id). */
  pictures: string[];
  /** In the order of `REACTIONS`; only emoji someone gave. */
  reactions: MessageReaction[];
}

export interface NewMessage {
  authorId: string;
  /** Stored with the message so the chat shows names offline. */
  authorName: string;
  text: string;
  replyTo?: string;
  mentions?: Mention[];
  /** Keys of photos uploaded (or queued) for this document; with them the text may be empty. */
  pictures?: string[];
  /** Defaults to now. */
  createdAt?: Date;
}

function messagesOf(doc: Y.Doc): YMap {
  return doc.getMap('messages');
}

function reactionsOf(doc: Y.Doc): Y.Map<unknown> {
  return doc.getMap('reactions');
}

interface ReactionEntry {
  messageId: string;
  userId: string;
  emoji: Reaction;
}

function readReaction(value: unknown): ReactionEntry | null {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return null;
  const { messageId, userId, emoji } = value as Record<string, unknown>;
  return typeof messageId === 'string' && typeof userId === 'string' && isReaction(emoji) ? { messageId, userId, emoji } : null;
}

/** The keys of the entries in `reactions` for which `match` holds. */
function reactionKeys(doc: Y.Doc, match: (entry: ReactionEntry) => boolean): string[] {
  const keys: string[] = [];
  for (const [key, value] of reactionsOf(doc)) {
    const entry = readReaction(value);
    if (entry && match(entry)) keys.push(key);
  }
  return keys;
}

/**
 * Gives `emoji` on a message as `userId`, or takes it back when they gave it already (a second tap undoes the first).
 * Returns whether the person now has that reaction.
 */
export function toggleReaction(doc: Y.Doc, messageId: string, userId: string, emoji: Reaction): boolean {
  if (!isReaction(emoji)) throw new ShapeError('invalid-argument', 'not a reaction');
  requireEntry(messagesOf(doc), messageId, 'message');
  const mine = reactionKeys(doc, (entry) => entry.messageId === messageId && entry.userId === userId && entry.emoji === emoji);
  doc.transact(() => {
    if (mine.length > 0) for (const key of mine) reactionsOf(doc).delete(key);
    else reactionsOf(doc).set(randomId(), { messageId, userId: requireString(userId, 'userId'), emoji });
  });
  return mine.length === 0;
}

/** Every message's reactions, by message id: each emoji once per person (two devices reacting at once count once). */
function reactionsByMessage(doc: Y.Doc): Map<string, MessageReaction[]> {
  const given = new Map<string, Map<Reaction, Set<string>>>();
  for (const [, value] of reactionsOf(doc)) {
    const entry = readReaction(value);
    if (!entry) continue;
    let byEmoji = given.get(entry.messageId);
    if (!byEmoji) given.set(entry.messageId, (byEmoji = new Map()));
    let people = byEmoji.get(entry.emoji);
    if (!people) byEmoji.set(entry.emoji, (people = new Set()));
    people.add(entry.userId);
  }
  const result = new Map<string, MessageReaction[]>();
  for (const [messageId, byEmoji] of given) {
    result.set(
      messageId,
      REACTIONS.filter((emoji) => byEmoji.has(emoji)).map((emoji) => ({ emoji, by: [...(byEmoji.get(emoji) ?? [])].sort() })),
    );
  }
  return result;
}

function checkText(text: unknown, withPictures = false): string {
  const value = requireString(text, 'text');
  if (value.trim() === '' && !withPictures) throw new ShapeError('invalid-argument', 'a message needs text');
  if (value.length > MAX_MESSAGE_LENGTH) throw new ShapeError('invalid-argument', `at most ${MAX_MESSAGE_LENGTH} characters`);
  return value;
}

/** The chat document id of the month `date` falls in (UTC), as `YYYY-MM`. */
export function chatDocId(date: Date): string {
  return feedDocId(date);
}

/** The chat document id of the month before `docId` (`2026-01` → `2025-12`), to read older messages. */
export function previousChatDocId(docId: string): string {
  return previousFeedDocId(docId);
}

/**
 * Adds a message by `authorId` and returns its id. Its time is never before the author's last message here, so the
 * order the author sent in is the order everyone sees.
 */
export function sendMessage(doc: Y.Doc, input: NewMessage): string {
  const id = randomId();
  doc.transact(() => {
    const authorId = requireString(input.authorId, 'authorId');
    let createdAt = toIsoString(input.createdAt, 'createdAt');
    for (const [, message] of mapEntries(messagesOf(doc))) {
      const earlier = readString(message, 'createdAt');
      if (readString(message, 'authorId') === authorId && earlier >= createdAt) createdAt = new Date(Date.parse(earlier) + 1).toISOString();
    }
    const replyTo = input.replyTo === undefined ? undefined : requireString(input.replyTo, 'replyTo');
    const mentions = checkMentions(input.mentions);
    const pictures = checkPictures(input.pictures);
    const message = createEntry(messagesOf(doc), id, {
      authorId,
      authorName: requireString(input.authorName, 'authorName'),
      text: checkText(input.text, pictures.length > 0),
      createdAt,
      replyTo,
    });
    if (mentions.length > 0) message.set('mentions', mentions);
    if (pictures.length > 0) message.set('pictures', pictures);
  });
  return id;
}

/** Changes a message's text (and its mentions, which the UI resolves again) and records when. */
export function editMessage(doc: Y.Doc, messageId: string, patch: { text: string; mentions?: Mention[]; editedAt?: Date }): void {
  doc.transact(() => {
    const message = requireEntry(messagesOf(doc), messageId, 'message');
    const text = checkText(patch.text, readPictures(message).length > 0);
    const mentions = checkMentions(patch.mentions);
    message.set('text', text);
    message.set('editedAt', toIsoString(patch.editedAt, 'editedAt'));
    if (mentions.length > 0) message.set('mentions', mentions);
    else if (message.has('mentions')) message.delete('mentions');
  });
}

/** Deletes a message for good (its content is dropped from the document). */
export function deleteMessage(doc: Y.Doc, messageId: string): void {
  const messages = messagesOf(doc);
  if (!messages.has(messageId)) throw new ShapeError('not-found', `message not found: ${messageId}`);
  doc.transact(() => {
    messages.delete(messageId);
    // Its reactions go with it: they would say who reacted to something that is gone.
    for (const key of reactionKeys(doc, (entry) => entry.messageId === messageId)) reactionsOf(doc).delete(key);
  });
}

/** Deletes every message `userId` wrote (their erasure, AVG art. 17); returns how many. */
export function eraseChatAuthor(doc: Y.Doc, userId: string): number {
  let erased = 0;
  doc.transact(() => {
    const messages = messagesOf(doc);
    for (const [id, message] of mapEntries(messages)) {
      if (message.get('authorId') !== userId) continue;
      messages.delete(id);
      erased++;
    }
    // Their reactions, and every reaction to what they wrote (it is gone).
    for (const key of reactionKeys(doc, (entry) => entry.userId === userId || !messages.has(entry.messageId))) reactionsOf(doc).delete(key);
  });
  return erased;
}

function readMentions(message: YMap): Mention[] {
  const value = message.get('mentions');
  if (!Array.isArray(value)) return [];
  return (value as unknown[]).filter((m): m is Mention => typeof (m as Mention)?.userId === 'string' && typeof (m as Mention)?.name === 'string');
}

function toMessage(id: string, message: YMap, reactions: MessageReaction[] = []): ChatMessage {
  return {
    id,
    authorId: readString(message, 'authorId'),
    authorName: readString(message, 'authorName'),
    text: readString(message, 'text'),
    createdAt: readString(message, 'createdAt'),
    editedAt: readNullableString(message, 'editedAt'),
    replyTo: readNullableString(message, 'replyTo'),
    mentions: readMentions(message),
    pictures: readPictures(message),
    reactions,
  };
}

/** Every photo the messages name, with its author: the server lets go of a file once no message names it. */
export function chatPictureRefs(doc: Y.Doc): Array<{ authorId: string; key: string }> {
  const refs: Array<{ authorId: string; key: string }> = [];
  for (const [, message] of mapEntries(messagesOf(doc))) {
    const authorId = message.get('authorId');
    if (typeof authorId !== 'string') continue;
    for (const key of readPictures(message)) refs.push({ authorId, key });
  }
  return refs;
}

/** The messages, oldest first (by time, ties by id, so every replica shows the same order). */
export function listMessages(doc: Y.Doc): ChatMessage[] {
  const reactions = reactionsByMessage(doc);
  return mapEntries(messagesOf(doc))
    .map(([id, message]) => toMessage(id, message, reactions.get(id)))
    .sort((a, b) => (a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/**
 * Whether the server holds the message as it was sent: its creation is covered by `saved`, the server's state
 * vector as the device last heard it (null: never heard). A message not yet there is shown as not yet sent.
 */
export function isMessageSaved(doc: Y.Doc, messageId: string, saved: Uint8Array | null): boolean {
  return savedMessages(doc, saved)(messageId);
}

/** `isMessageSaved` for many messages at once: the state vector is read once, not once per message (a day has thousands). */
export function savedMessages(doc: Y.Doc, saved: Uint8Array | null): (messageId: string) => boolean {
  const vector = saved ? Y.decodeStateVector(saved) : null;
  return (messageId) => {
    const item = asMap(messagesOf(doc).get(messageId))?._item;
    if (!item || !vector) return false;
    return item.id.clock < (vector.get(item.id.client) ?? 0);
  };
}

/** One message, or null. */
export function getMessage(doc: Y.Doc, messageId: string): ChatMessage | null {
  const message = asMap(messagesOf(doc).get(messageId));
  return message === null ? null : toMessage(messageId, message, reactionsByMessage(doc).get(messageId));
}
