/**
 * The document side of the editorial workflow: publishing copies a submission into a new page of the news
 * space and lists it in the space's index; unpublishing takes it out of the index (the access policy hides the
 * page itself, see SpaceGrant.hiddenPages). A clock, started and stopped with the services (kring.ts), does the
 * same for publish and unpublish dates. The server writes these documents itself, for the editor who decided.
 */
import * as Y from 'yjs';
import { addPage, docName, getPageEntry, getPageTitle, isAtVersion, pageBody, randomId, removePage, setPageTitle } from '@kring/shapes';
import type { DocumentStore } from '@kring/storage';
import type { ServerWrites } from '@kring/sync-server';
import type { KringServices } from '../kring.ts';
import { Editorial, MAX_TITLE_LENGTH, type Submission } from './editorial.ts';

/** How often the clock looks for articles whose publish or unpublish date came. */
export const CLOCK_INTERVAL_MS = 30_000;

/** What publishing needs of the services: the documents as stored, and the sync server to write them. */
export interface PublishingDocuments {
  store: DocumentStore;
  sync: ServerWrites;
}

/** Thrown when a submission has nothing in it to publish. */
export class EmptySubmissionError extends Error {
  readonly code = 'empty_submission';
}

/** Thrown when the article is no longer the version the editor reviewed (its author, or another editor, changed it). */
export class ChangedSinceReviewError extends Error {
  readonly code = 'changed_since_review';
}

async function loadDoc(kring: PublishingDocuments, name: string): Promise<Y.Doc> {
  const doc = new Y.Doc();
  const state = await kring.store.load(name);
  if (state) Y.applyUpdate(doc, state);
  return doc;
}

/** The title a submission's document has now (its SQL title is only a copy from the last decision). */
export async function currentTitle(kring: PublishingDocuments, submission: Submission): Promise<string> {
  return titleOf(await loadDoc(kring, submission.docName)) || submission.title;
}

/** A document's title for lists and the index: trimmed, and cut to a sane length (a raw update can hold anything). */
function titleOf(doc: Y.Doc): string {
  return getPageTitle(doc).trim().slice(0, MAX_TITLE_LENGTH);
}

/**
 * Creates the published page: a new page document with the submission's title and body (only those: whatever
 * else a raw update put into the submission stays behind). Returns the page id and title. `reviewed` is the
 * version the editor read (@kring/shapes `versionOf`): the article as stored must still be exactly that, else
 * the author's later change would go out unread.
 */
export async function createPublishedPage(kring: PublishingDocuments, submission: Submission, editorId: string, reviewed: string): Promise<{ pageId: string; title: string }> {
  const source = await loadDoc(kring, submission.docName);
  if (!isAtVersion(source, reviewed)) throw new ChangedSinceReviewError('The article changed since you read it (or your own changes are not saved yet): read it again, then publish.');
  const title = titleOf(source) || submission.title;
  // Tiptap's layout has elements and text only; a hook could only come from a hand-made update.
  const body = pageBody(source)
    .toArray()
    .filter((node): node is Y.XmlElement | Y.XmlText => !(node instanceof Y.XmlHook));
  if (body.length === 0 && titleOf(source) === '') throw new EmptySubmissionError('The article is empty: nothing to publish.');
  const page = new Y.Doc();
  setPageTitle(page, title);
  // Clones are new Yjs items with the same content and formatting, owned by the new document.
  page.transact(() => pageBody(page).insert(0, body.map((node) => node.clone())));
  const pageId = randomId();
  await kring.sync.writeAsServer(docName(submission.spaceId, 'page', pageId), Y.encodeStateAsUpdate(page), editorId);
  return { pageId, title };
}

/** Lists the page in the news space's index (once: listing it again changes nothing). */
export async function listInIndex(kring: PublishingDocuments, spaceId: string, pageId: string, title: string, authorId: string): Promise<void> {
  await kring.sync.transactAsServer(docName(spaceId, 'index', 'main'), authorId, (index) => {
    if (!getPageEntry(index, pageId)) addPage(index, { id: pageId, title });
  });
}

/** Takes the page out of the news space's index (nothing happens if it is not listed). */
export async function unlistFromIndex(kring: PublishingDocuments, spaceId: string, pageId: string, authorId: string): Promise<void> {
  await kring.sync.transactAsServer(docName(spaceId, 'index', 'main'), authorId, (index) => {
    if (getPageEntry(index, pageId)) removePage(index, pageId);
  });
}

/**
 * Does what is due at `now`: lists scheduled articles whose publish date came, unlists those past their
 * unpublish date. Reading is already right before this runs (the policy checks the dates itself); this keeps
 * the index in step. Returns how many articles it moved.
 */
export function runEditorialClock(kring: KringServices, now = Date.now()): Promise<number> {
  return serially(() => moveDue(kring, now));
}

async function moveDue(kring: KringServices, now: number): Promise<number> {
  const editorial = new Editorial(kring.db);
  const { toPublish, toUnpublish } = await editorial.due(now);
  let moved = 0;
  // One article that fails (its index could not be written) must not hold up the others; it is tried again next time.
  const each = async (submission: Submission, work: () => Promise<void>) => {
    try {
      await work();
      moved++;
    } catch (error) {
      console.error(`editorial clock: ${submission.id}:`, error);
    }
  };
  for (const submission of toPublish) {
    await each(submission, async () => {
      if (submission.pageId !== null) await listInIndex(kring, submission.spaceId, submission.pageId, submission.title, submission.decidedBy ?? submission.authorId);
      await editorial.markLive(submission.id, now);
      await tellReaders(kring, submission, now);
      await kring.accounts.audit({ userId: null, action: 'editorial.clock.publish', subject: submission.docName });
    });
  }
  for (const submission of toUnpublish) {
    await each(submission, async () => {
      if (submission.pageId !== null) await unlistFromIndex(kring, submission.spaceId, submission.pageId, submission.decidedBy ?? submission.authorId);
      await editorial.recordUnpublication(submission.id, null, { comment: '', now });
      await kring.accounts.audit({ userId: null, action: 'editorial.clock.unpublish', subject: submission.docName });
    });
  }
  // Readers who have a page open that just went offline lose it now rather than at the next minute's check.
  if (toUnpublish.length > 0) await kring.events.emit('access.changed', {});
  return moved;
}

/**
 * A news article went live: everyone of the organisation who may read its page hears of it, once per article
 * (the page names the event; unpublishing and publishing again tells nobody twice). Not the author: they heard
 * of the decision itself. Who may read is checked per person when the rows are made (Notifications.record).
 */
export async function tellReaders(kring: KringServices, submission: Submission, now = Date.now()): Promise<void> {
  if (submission.pageId === null) return;
  const space = await kring.accounts.space(submission.spaceId);
  if (!space) return;
  const document = docName(submission.spaceId, 'page', submission.pageId);
  const eventKey = `news:${document}`;
  const people = await kring.accounts.listPeople(space.organisationId);
  const told = people
    .filter((person) => person.active && person.id !== submission.authorId)
    .map((person) => ({ kind: 'news' as const, recipientId: person.id, subject: submission.pageId!, eventKey, excerpt: submission.title.slice(0, 200) }));
  await kring.notifications.notify(document, submission.decidedBy, told, now).catch((error: unknown) => console.error(`notifications of ${document}: storing failed`, error));
}

/** The editorial work of this process, one after the other (see `serially`). */
let queue: Promise<unknown> = Promise.resolve();

/**
 * Runs editorial work one at a time in this process (the clock and the editors' decisions), so two of them
 * never read the same state and both act on it. A module-level queue is enough: the process loads @kring/server
 * once (the built app keeps it external, see vite.config.ts, so it shares web/main.ts's copy).
 */
export function serially<T>(work: () => Promise<T>): Promise<T> {
  const run = queue.then(work, work);
  queue = run.catch(() => undefined);
  return run;
}

/**
 * Starts the clock: every `intervalMs` it does what is due (a run still going is not doubled). Returns the stop.
 * The composition root starts it with the services and stops it when they close.
 */
export function startEditorialClock(kring: KringServices, intervalMs = CLOCK_INTERVAL_MS): () => void {
  let running = false;
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    runEditorialClock(kring)
      .catch((error: unknown) => console.error('editorial clock:', error))
      .finally(() => (running = false));
  }, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
