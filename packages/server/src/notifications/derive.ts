/**
 * Who is to hear of a stored update: read from the document as the update left it and from the Yjs transaction
 * that applied it (which keys it changed, which items it made), never from what a device says happened. The
 * causer is the session's person (`author`), whom the server vouched for (packages/access/src/authorship.ts);
 * they never hear of their own doing. Pure: what a person may read is checked where the notifications are stored.
 */
import * as Y from 'yjs';
import { MAX_MENTIONS } from '@kring/shapes';
import { parseDocName } from '@kring/shapes/names';
import type { NotificationKind } from '@kring/contract';

/** One notification to create, if its recipient may read the document. */
export interface Derived {
  kind: NotificationKind;
  recipientId: string;
  /** The item: a post id, `postId/commentId`, a card id. */
  subject: string;
  /** The same for every process that applies the update: kind, document and item (and the Yjs item for cards). */
  eventKey: string;
  excerpt: string;
}

/** A new message in a conversation: its members are told (notifications.ts), grouped per conversation. */
export interface ChatMessageNote {
  messageId: string;
  excerpt: string;
  /** Whom the message names: they hear it as a mention, not twice. */
  named: string[];
}

export interface Derivation {
  created: Derived[];
  /** Items the update removed (a post, a comment, a card): their notifications, and those of what was inside, go. */
  removed: string[];
  /**
   * New messages of a conversation (`conv_…/chat/…`), and who had it open as they came in (a socket on the
   * document in this process): those are reading along and are not told. Absent: none.
   */
  chat?: { messages: ChatMessageNote[]; present: string[] };
}

const EXCERPT_LENGTH = 200;

/** @param present who has the document open here as the update is applied (see `SyncHooks.applied`) */
export function deriveNotifications(docName: string, author: string | null, doc: Y.Doc, transaction: Y.Transaction, present: ReadonlySet<string> = new Set()): Derivation {
  const name = parseDocName(docName);
  const result: Derivation = { created: [], removed: [] };
  if (name?.kind === 'feed') deriveFeed(docName, author, doc, transaction, result);
  else if (name?.kind === 'board') deriveBoard(docName, author, doc, transaction, result);
  else if (name?.kind === 'chat') {
    const messages = deriveChat(docName, doc, transaction, result);
    // A space's chat is its team's open channel: only mentions there (docs/architecture.md, "Notifications").
    if (messages.length > 0 && name.spaceId.startsWith('conv_')) result.chat = { messages, present: [...present] };
  }
  // The server's own writes (publishing, erasure, the demo) remove what they delete but notify nobody.
  if (author === null) {
    result.created = [];
    delete result.chat;
  } else result.created = result.created.filter((derived) => derived.recipientId !== author);
  return result;
}

/** Whether the transaction made `item` (rather than finding it in the document already). */
function madeBy(transaction: Y.Transaction, item: Y.Item | null): boolean {
  return item !== null && !item.deleted && item.id.clock >= (transaction.beforeState.get(item.id.client) ?? 0);
}

/** A type a transaction changed, as Yjs types it. */
type ChangedType = Y.Transaction['changed'] extends Map<infer T, unknown> ? T : never;

/**
 * Whether a changed type is this root map. A root a document had not asked for before the update is made as a
 * plain type and turned into a map when first asked for: the transaction still holds the first, which shares
 * the map's entries.
 */
function isRoot(type: ChangedType, root: Y.Map<unknown>): boolean {
  return (type as unknown) === root || (type._item === null && type._map === (root as unknown as ChangedType)._map);
}

function excerpt(text: unknown): string {
  if (typeof text !== 'string') return '';
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > EXCERPT_LENGTH ? `${flat.slice(0, EXCERPT_LENGTH - 1)}…` : flat;
}

/** The people a post or comment names, each once, the first `MAX_MENTIONS` only; anything malformed is skipped. */
export function mentionedIn(entry: Y.Map<unknown>): string[] {
  const list = entry.get('mentions');
  if (!Array.isArray(list)) return [];
  const ids = new Set<string>();
  for (const mention of list as unknown[]) {
    if (ids.size >= MAX_MENTIONS) break;
    const userId = (mention as { userId?: unknown } | null)?.userId;
    if (typeof userId === 'string' && userId !== '' && userId.length <= 64) ids.add(userId);
  }
  return [...ids];
}

function deriveFeed(docName: string, author: string | null, doc: Y.Doc, transaction: Y.Transaction, result: Derivation): void {
  const posts = doc.getMap('posts');
  const mentions = (entry: Y.Map<unknown>, subject: string, skip: ReadonlySet<string> = new Set()) => {
    for (const recipientId of mentionedIn(entry)) {
      if (skip.has(recipientId)) continue;
      // One per post or comment and person: an edit that names someone again adds nobody twice.
      result.created.push({ kind: 'mention', recipientId, subject, eventKey: `mention:${docName}:${subject}`, excerpt: excerpt(entry.get('text')) });
    }
  };
  const comment = (post: Y.Map<unknown>, postId: string, commentId: string, entry: Y.Map<unknown>) => {
    const subject = `${postId}/${commentId}`;
    const named = new Set(mentionedIn(entry));
    mentions(entry, subject);
    const postAuthor = post.get('authorId');
    // Someone named in the reply hears it once, as a mention.
    if (typeof postAuthor === 'string' && postAuthor !== '' && postAuthor !== author && !named.has(postAuthor)) {
      result.created.push({ kind: 'reply', recipientId: postAuthor, subject, eventKey: `reply:${docName}:${subject}`, excerpt: excerpt(entry.get('text')) });
    }
  };
  for (const [type, keys] of transaction.changed) {
    if (isRoot(type, posts)) {
      for (const postId of keys) {
        if (postId === null) continue;
        const post = posts.get(postId);
        if (!(post instanceof Y.Map)) result.removed.push(postId);
        else if (madeBy(transaction, post._item)) {
          mentions(post, postId);
          // A post made with its comments at once (an offline device's batch) has them inside, not as changes.
          const comments = post.get('comments');
          if (comments instanceof Y.Map) for (const [commentId, entry] of comments) if (entry instanceof Y.Map) comment(post, postId, commentId, entry);
        }
      }
      continue;
    }
    const item = type._item;
    if (!(type instanceof Y.Map) || item === null) continue;
    if (item.parent === posts) {
      // A post's own fields: mentions the author added by editing.
      if (keys.has('mentions') && item.parentSub !== null) mentions(type, item.parentSub);
      continue;
    }
    const post = item.parent as Y.AbstractType<unknown>;
    if (item.parentSub === 'comments' && post instanceof Y.Map && post._item?.parent === posts) {
      const postId = post._item.parentSub!;
      for (const commentId of keys) {
        if (commentId === null) continue;
        const entry = type.get(commentId);
        if (!(entry instanceof Y.Map)) result.removed.push(`${postId}/${commentId}`);
        else if (madeBy(transaction, entry._item)) comment(post, postId, commentId, entry);
      }
      continue;
    }
    // A comment's own fields: mentions added by editing it.
    const comments = post;
    const commentsItem = comments._item;
    const postItem = (commentsItem?.parent as Y.AbstractType<unknown> | undefined)?._item;
    if (keys.has('mentions') && commentsItem?.parentSub === 'comments' && postItem?.parent === posts && item.parentSub !== null) {
      mentions(type, `${postItem.parentSub}/${item.parentSub}`);
    }
  }
}

/**
 * A chat: the people a new message names (a message's mentions are set when it is sent); a deleted message's go.
 * Returns the new messages.
 */
function deriveChat(docName: string, doc: Y.Doc, transaction: Y.Transaction, result: Derivation): ChatMessageNote[] {
  const messages = doc.getMap('messages');
  const made: ChatMessageNote[] = [];
  for (const [type, keys] of transaction.changed) {
    if (!isRoot(type, messages)) continue;
    for (const messageId of keys) {
      if (messageId === null) continue;
      const message = messages.get(messageId);
      if (!(message instanceof Y.Map)) result.removed.push(messageId);
      else if (madeBy(transaction, message._item)) {
        const named = mentionedIn(message);
        for (const recipientId of named) {
          result.created.push({ kind: 'chat-mention', recipientId, subject: messageId, eventKey: `chat-mention:${docName}:${messageId}`, excerpt: excerpt(message.get('text')) });
        }
        made.push({ messageId, excerpt: excerpt(message.get('text')), named });
      }
    }
  }
  return made;
}

function deriveBoard(docName: string, author: string | null, doc: Y.Doc, transaction: Y.Transaction, result: Derivation): void {
  const cards = doc.getMap('cards');
  const handedTo = new Set<string>();
  const assigned: Derived[] = [];
  const title = (card: Y.Map<unknown>) => excerpt(card.get('title'));
  const assign = (card: Y.Map<unknown>, cardId: string, personId: string, entry: Y.Item) => {
    const value = entry.content.getContent().at(-1) as { assignedBy?: unknown } | null;
    // Only an assignment the writer signed (the server's rule); older boards' bare names count for nobody.
    if (typeof value !== 'object' || value === null || value.assignedBy !== author) return;
    const eventKey = `card-assigned:${docName}:${cardId}:${entry.id.client}.${entry.id.clock}`;
    assigned.push({ kind: 'card-assigned', recipientId: personId, subject: cardId, eventKey, excerpt: title(card) });
  };
  for (const [type, keys] of transaction.changed) {
    if (isRoot(type, cards)) {
      for (const cardId of keys) {
        if (cardId === null) continue;
        const card = cards.get(cardId);
        if (!(card instanceof Y.Map)) result.removed.push(cardId);
        else if (madeBy(transaction, card._item)) {
          const assignees = card.get('assignees');
          if (assignees instanceof Y.Map) {
            for (const [personId, entry] of (assignees as Y.AbstractType<unknown>)._map) if (madeBy(transaction, entry)) assign(card, cardId, personId, entry);
          }
        }
      }
      continue;
    }
    const item = type._item;
    const card = item?.parent as Y.AbstractType<unknown> | undefined;
    if (!item || !(card instanceof Y.Map) || card._item?.parent !== cards) continue;
    const cardId = card._item.parentSub!;
    if (item.parentSub === 'assignees' && type instanceof Y.Map) {
      for (const personId of keys) {
        const entry = personId === null ? undefined : (type as Y.AbstractType<unknown>)._map.get(personId);
        if (personId !== null && entry && madeBy(transaction, entry)) assign(card, cardId, personId, entry);
      }
    } else if (item.parentSub === 'handovers' && type instanceof Y.Array) {
      for (let entry = type._start; entry !== null; entry = entry.right) {
        if (!madeBy(transaction, entry)) continue;
        for (const [offset, value] of (entry.content.getContent() as unknown[]).entries()) {
          const { from, to, note } = (value ?? {}) as { from?: { id?: unknown }; to?: { id?: unknown }; note?: unknown };
          // The server's rule holds `from` to the writer; anything else is no hand-over of theirs.
          if (from?.id !== author || typeof to?.id !== 'string' || to.id === '') continue;
          handedTo.add(to.id);
          const eventKey = `card-handed-over:${docName}:${cardId}:${entry.id.client}.${entry.id.clock + offset}`;
          result.created.push({ kind: 'card-handed-over', recipientId: to.id, subject: cardId, eventKey, excerpt: excerpt(note) || title(card) });
        }
      }
    }
  }
  // A hand-over puts the colleague on the card too: they hear of the hand-over, with its note, not twice.
  result.created.push(...assigned.filter((derived) => !handedTo.has(derived.recipientId)));
}
