/**
 * The document side of the editorial workflow: publishing copies a submission into a new page of the news
 * space and lists it in the space's index; unpublishing takes it out of the index (the access policy hides the
 * page itself, see SpaceGrant.hiddenPages). A clock does the same for publish and unpublish dates.
 *
 * Plain Node (no `$lib`), so web/main.ts can start the clock too: `startEditorialClock(services)`.
 */
import * as Y from 'yjs';
import { addPage, docName, getPageEntry, getPageTitle, pageBody, randomId, removePage, setPageTitle } from '@kring/shapes';
import { Editorial, MAX_TITLE_LENGTH, type Submission } from '@kring/server';
import type { AccountPrincipal, KringServices } from '@kring/server';

/** How often the clock looks for articles whose publish or unpublish date came. */
export const CLOCK_INTERVAL_MS = 30_000;

/** Thrown when a submission has nothing in it to publish. */
export class EmptySubmissionError extends Error {
  readonly code = 'empty_submission';
}

async function loadDoc(kring: KringServices, name: string): Promise<Y.Doc> {
  const doc = new Y.Doc();
  const state = await kring.store.load(name);
  if (state) Y.applyUpdate(doc, state);
  return doc;
}

/** The title a submission's document has now (its SQL title is only a copy from the last decision). */
export async function currentTitle(kring: KringServices, submission: Submission): Promise<string> {
  return titleOf(await loadDoc(kring, submission.docName)) || submission.title;
}

/** A document's title for lists and the index: trimmed, and cut to a sane length (a raw update can hold anything). */
function titleOf(doc: Y.Doc): string {
  return getPageTitle(doc).trim().slice(0, MAX_TITLE_LENGTH);
}

/**
 * Writes `update` into the document as the server, on behalf of `authorId` (who appears in its history).
 * Through the sync server when it runs in this process: people who have the document open get the change at
 * once, and the document's room, if open, stays the same as the store. Straight into the store otherwise.
 */
async function write(kring: KringServices, name: string, update: Uint8Array, authorId: string): Promise<void> {
  const spaceId = name.split('/')[0];
  // The server acting for the editor who decided; it needs write access to the news space's pages and index.
  const server: AccountPrincipal = {
    sessionId: 'kring:editorial',
    userId: authorId,
    name: 'Kring',
    accessUser: { id: authorId, role: 'admin', active: true, spaces: { [spaceId]: { kind: 'news', role: 'owner' } } },
  };
  const [result] = await kring.sync.reconcile(server, [{ docName: name, stateVector: Y.encodeStateVectorFromUpdate(update), update }]);
  if (result?.status !== 'ok') throw new Error(`could not write ${name}: ${result?.status}`);
}

/**
 * Creates the published page: a new page document with the submission's title and body (only those: whatever
 * else a raw update put into the submission stays behind). Returns the page id and title.
 */
export async function createPublishedPage(kring: KringServices, submission: Submission, editorId: string): Promise<{ pageId: string; title: string }> {
  const source = await loadDoc(kring, submission.docName);
  const title = titleOf(source) || submission.title;
  // Tiptap's layout has elements and text only; a hook could only come from a hand-made update.
  const body = pageBody(source)
    .toArray()
    .filter((node): node is Y.XmlElement | Y.XmlText => !(node instanceof Y.XmlHook));
  if (body.length === 0 && titleOf(source) === '') throw new EmptySubmissionError('the submission is empty');
  const page = new Y.Doc();
  setPageTitle(page, title);
  // Clones are new Yjs items with the same content and formatting, owned by the new document.
  page.transact(() => pageBody(page).insert(0, body.map((node) => node.clone())));
  const pageId = randomId();
  await write(kring, docName(submission.spaceId, 'page', pageId), Y.encodeStateAsUpdate(page), editorId);
  return { pageId, title };
}

/** Lists the page in the news space's index (once: listing it again changes nothing). */
export async function listInIndex(kring: KringServices, spaceId: string, pageId: string, title: string, authorId: string): Promise<void> {
  const name = docName(spaceId, 'index', 'main');
  const index = await loadDoc(kring, name);
  if (getPageEntry(index, pageId)) return;
  const before = Y.encodeStateVector(index);
  addPage(index, { id: pageId, title });
  await write(kring, name, Y.encodeStateAsUpdate(index, before), authorId);
}

/** Takes the page out of the news space's index (nothing happens if it is not listed). */
export async function unlistFromIndex(kring: KringServices, spaceId: string, pageId: string, authorId: string): Promise<void> {
  const name = docName(spaceId, 'index', 'main');
  const index = await loadDoc(kring, name);
  if (!getPageEntry(index, pageId)) return;
  const before = Y.encodeStateVector(index);
  removePage(index, pageId);
  await write(kring, name, Y.encodeStateAsUpdate(index, before), authorId);
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
  if (toUnpublish.length > 0) await kring.sync.revalidate();
  return moved;
}

const CLOCK = Symbol.for('kring.editorial-clock');
const LOCK = Symbol.for('kring.editorial-lock');
type Holder = { [CLOCK]?: NodeJS.Timeout; [LOCK]?: Promise<unknown> };

/**
 * Runs editorial work one at a time in this process (the clock and the editors' decisions), so two of them
 * never read the same state and both act on it. Keyed on globalThis: the built app and web/main.ts each load
 * their own copy of this module.
 */
export function serially<T>(work: () => Promise<T>): Promise<T> {
  const holder = globalThis as Holder;
  const run = (holder[LOCK] ?? Promise.resolve()).then(work, work);
  holder[LOCK] = run.catch(() => undefined);
  return run;
}

/**
 * Starts the clock once per process (later calls do nothing). The editorial endpoints call it, so it runs
 * from the first editorial request at the latest; web/main.ts may call it at start.
 */
export function startEditorialClock(kring: KringServices, intervalMs = CLOCK_INTERVAL_MS): void {
  const holder = globalThis as Holder;
  if (holder[CLOCK]) return;
  let running = false;
  holder[CLOCK] = setInterval(() => {
    if (running) return;
    running = true;
    runEditorialClock(kring)
      .catch((error: unknown) => console.error('editorial clock:', error))
      .finally(() => (running = false));
  }, intervalMs);
  holder[CLOCK].unref();
}
