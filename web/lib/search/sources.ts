/**
 * What search finds, by source: each kind of document on the device gives its entries (a page, the posts and
 * comments of a feed, the cards of a board, the messages of a chat), and the smoelenboek gives people. An entry
 * carries the link to its exact place (the anchors the notifications use too, packages/contract
 * notifications.ts). A new source (the documents library: a file's name and extracted text) is one more entry in
 * `SOURCES` or, for what is no Yjs document, one more function like `personEntries`.
 */
import type { Profile } from '@kring/contract';
import { getPageTitle, listColumns, listComments, listMessages, listPosts, pagePlainText, parseDocName, type DocKind } from '@kring/shapes';
import type * as Y from 'yjs';

export type EntryKind = 'page' | 'post' | 'comment' | 'message' | 'card' | 'person';

export interface Entry {
  /** Unique on the device: the document's name and the item (`noord/feed/2026-12#p1`), or `person:<id>`. */
  id: string;
  kind: EntryKind;
  /** The document it comes from, or `people` for the smoelenboek. */
  source: string;
  spaceId: string | null;
  title: string;
  text: string;
  href: string;
  /** ISO 8601, when known: the newer of two equal hits comes first. */
  at: string | null;
}

/** No entry's text is indexed or kept beyond this (characters): a page of a book is not typed into a phone. */
export const MAX_TEXT = 20_000;
/** Nor a title beyond this. */
export const MAX_TITLE = 300;

const enc = encodeURIComponent;
const clip = (text: string) => (text.length > MAX_TEXT ? text.slice(0, MAX_TEXT) : text);
const chatOf = (spaceId: string) => (spaceId.startsWith('conv_') ? `/chat/${enc(spaceId)}` : `/spaces/${enc(spaceId)}/chat`);

type Source = (doc: Y.Doc, name: string, spaceId: string, docId: string) => Entry[];

const SOURCES: Partial<Record<DocKind, Source>> = {
  page: (doc, name, spaceId, docId) => {
    const title = getPageTitle(doc);
    const text = pagePlainText(doc);
    if (!title && !text) return [];
    return [{ id: name, kind: 'page', source: name, spaceId, title, text: clip(text), href: `/spaces/${enc(spaceId)}/pages/${enc(docId)}`, at: null }];
  },
  feed: (doc, name, spaceId) =>
    listPosts(doc).flatMap((post) => [
      { id: `${name}#${post.id}`, kind: 'post' as const, source: name, spaceId, title: post.authorName, text: clip(post.text), href: `/spaces/${enc(spaceId)}#post-${post.id}`, at: post.createdAt },
      ...listComments(doc, post.id).map((comment) => ({
        id: `${name}#${post.id}/${comment.id}`,
        kind: 'comment' as const,
        source: name,
        spaceId,
        title: comment.authorName,
        text: clip(comment.text),
        href: `/spaces/${enc(spaceId)}#comment-${comment.id}`,
        at: comment.createdAt,
      })),
    ]),
  board: (doc, name, spaceId, docId) =>
    listColumns(doc).flatMap((column) =>
      column.cards.map((card) => ({
        id: `${name}#${card.id}`,
        kind: 'card' as const,
        source: name,
        spaceId,
        title: card.title,
        text: clip([card.description, ...card.labels, ...card.checklist.map((item) => item.text)].filter(Boolean).join('\n')),
        href: `/spaces/${enc(spaceId)}/boards/${enc(docId)}/${enc(card.id)}`,
        at: card.due,
      })),
    ),
  chat: (doc, name, spaceId) =>
    listMessages(doc).map((message) => ({
      id: `${name}#${message.id}`,
      kind: 'message' as const,
      source: name,
      spaceId,
      title: message.authorName,
      text: clip(message.text),
      href: `${chatOf(spaceId)}#message-${message.id}`,
      at: message.createdAt,
    })),
};

/** The entries of a document on the device; none for a kind search does not cover (a space's index, a submission). */
export function documentEntries(name: string, doc: Y.Doc): Entry[] {
  const parsed = parseDocName(name);
  const source = parsed && SOURCES[parsed.kind];
  // Any writer of a document can write anything into it: a title is a title's length, whatever was sent.
  return source ? source(doc, name, parsed.spaceId, parsed.docId).map((entry) => (entry.title.length > MAX_TITLE ? { ...entry, title: entry.title.slice(0, MAX_TITLE) } : entry)) : [];
}

/** Whether a document's kind gives entries: the others are not read at all. */
export function isSearched(name: string): boolean {
  const parsed = parseDocName(name);
  return !!parsed && parsed.kind in SOURCES;
}

/** The people of the smoelenboek kept on the device, one entry each. */
export function personEntries(people: readonly Profile[]): Entry[] {
  return people.map((person) => ({
    id: `person:${person.id}`,
    kind: 'person',
    source: 'people',
    spaceId: null,
    title: person.name,
    text: clip([person.jobTitle, ...person.teams, ...person.locations, ...person.expertise, ...person.languages].filter(Boolean).join('\n')),
    href: `/people/${enc(person.id)}`,
    at: null,
  }));
}
