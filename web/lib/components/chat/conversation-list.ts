/**
 * The person's conversations as the device knows them, put together from what arrives in any order: the copy kept
 * on the device, the server's whole list, and single answers and changes on this page (a conversation started,
 * muted, read, left). Per conversation the newest word wins; a whole list also says that every conversation it
 * leaves out was gone when it was asked. `merge` gives the same list whatever order these come in.
 */
import type { ConversationSummary } from '@kring/contract';

/**
 * One conversation and when the device learned this (ms since 1970): for the server's whole list when it was
 * asked, for anything else when it was taken in. `conversation` null: left or gone.
 */
export interface Known {
  id: string;
  conversation: ConversationSummary | null;
  at: number;
}

/** What the device knows: every conversation not in `known` was gone at `asOf` (a whole list's time, 0 for none). */
export interface ConversationList {
  asOf: number;
  known: ReadonlyMap<string, Known>;
}

export const NOTHING_KNOWN: ConversationList = { asOf: 0, known: new Map() };

/** The server's whole list, asked at `askedAt`. */
export function wholeList(conversations: readonly ConversationSummary[], askedAt: number): ConversationList {
  return { asOf: askedAt, known: new Map(conversations.map((conversation) => [conversation.id, { id: conversation.id, conversation, at: askedAt }])) };
}

/** One conversation as it is at `at` (null: left or gone). */
export function oneConversation(id: string, conversation: ConversationSummary | null, at: number): ConversationList {
  return { asOf: 0, known: new Map([[id, { id, conversation, at }]]) };
}

/** The word of `list` on conversation `id`: its own, unless its whole list (which says gone) is newer. */
function wordOn(list: ConversationList, id: string): Known {
  const gone = { id, conversation: null, at: list.asOf };
  const own = list.known.get(id);
  return own ? newer(own, gone) : gone;
}

function newer(a: Known, b: Known): Known {
  if (a.at !== b.at) return a.at > b.at ? a : b;
  // At the same moment: there wins over gone, then a fixed choice, so every order ends in the same list.
  if (!a.conversation || !b.conversation) return a.conversation ? a : b;
  return JSON.stringify(a.conversation) >= JSON.stringify(b.conversation) ? a : b;
}

/** Both lists together: per conversation the newer word. Learned at the same time, they keep the order of `b`. */
export function merge(a: ConversationList, b: ConversationList): ConversationList {
  const asOf = Math.max(a.asOf, b.asOf);
  const known = new Map<string, Known>();
  for (const id of new Set([...b.known.keys(), ...a.known.keys()])) {
    const word = newer(wordOn(a, id), wordOn(b, id));
    // Gone before the newest whole list goes without saying.
    if (word.conversation || word.at > asOf) known.set(id, word);
  }
  return { asOf, known };
}

/**
 * Conversations read on this device (id to when) count nothing unread in an answer older than the reading: the
 * server may not have had the read marker yet, or the answer was asked before.
 */
export function withReads(list: ConversationList, reads: ReadonlyMap<string, number>): ConversationList {
  let known: Map<string, Known> | null = null;
  for (const [id, readAt] of reads) {
    const word = list.known.get(id);
    if (!word?.conversation || word.at >= readAt || word.conversation.unread === 0) continue;
    known ??= new Map(list.known);
    known.set(id, { id, conversation: { ...word.conversation, unread: 0 }, at: word.at });
  }
  return known ? { asOf: list.asOf, known } : list;
}

/** The conversations to show: newest learned first, a whole list in the server's order. */
export function listed(list: ConversationList): ConversationSummary[] {
  return [...list.known.values()]
    .filter((word): word is Known & { conversation: ConversationSummary } => word.conversation !== null)
    .sort((a, b) => b.at - a.at)
    .map((word) => word.conversation);
}

/** The list as it is kept on the device (IndexedDB stores plain objects). */
export interface KeptList {
  asOf: number;
  known: Known[];
}

export function toKept(list: ConversationList): KeptList {
  return { asOf: list.asOf, known: [...list.known.values()] };
}

const isSummary = (value: unknown): value is ConversationSummary =>
  typeof value === 'object' && value !== null && typeof (value as { id?: unknown }).id === 'string';

/**
 * The kept copy read back. Anything unreadable counts as nothing kept. A plain array is the copy an earlier version
 * of the app kept: known, but older than anything learned since.
 */
export function fromKept(kept: unknown): ConversationList {
  if (Array.isArray(kept)) return { asOf: 0, known: new Map(kept.filter(isSummary).map((conversation) => [conversation.id, { id: conversation.id, conversation, at: 0 }])) };
  if (typeof kept !== 'object' || kept === null) return NOTHING_KNOWN;
  const { asOf, known } = kept as Partial<KeptList>;
  if (typeof asOf !== 'number' || !Array.isArray(known)) return NOTHING_KNOWN;
  const words = known.filter(
    (word): word is Known => typeof word === 'object' && word !== null && typeof word.id === 'string' && typeof word.at === 'number' && (word.conversation === null || (isSummary(word.conversation) && word.conversation.id === word.id)),
  );
  return { asOf, known: new Map(words.map((word) => [word.id, word])) };
}
