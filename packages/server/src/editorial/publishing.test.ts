import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { appendPageBlocks, docName, getPageEntry, getPageTitle, pageBody, pagePlainText, setPageTitle, versionOf } from '@kring/shapes';
import { MemoryDocumentStore } from '@kring/storage';
import type { SyncServer } from '@kring/sync-server';
import { readDocument, serverWritingTo } from '../testing.ts';
import type { Submission } from './editorial.ts';
import { ChangedSinceReviewError, EmptySubmissionError, createPublishedPage, listInIndex, unlistFromIndex, type PublishingDocuments } from './publishing.ts';

let store: MemoryDocumentStore;
let sync: SyncServer;
let documents: PublishingDocuments;

beforeEach(() => {
  store = new MemoryDocumentStore();
  sync = serverWritingTo(store);
  documents = { store, sync };
});

afterEach(async () => {
  await sync.close();
  await store.close();
});

const submission = (id: string): Submission => ({
  id,
  spaceId: 'nieuws',
  docName: docName('nieuws', 'submission', id),
  authorId: 'daan',
  status: 'submitted',
  title: 'Titel uit de database',
  pageId: null,
  publishAt: null,
  unpublishAt: null,
  createdAt: 0,
  updatedAt: 0,
  decidedBy: null,
});

const read = (name: string) => readDocument(store, name);

describe('publishing writes as the server, for the editor who decided', () => {
  it("creates the page from the submission's title and body, recorded in its history as the editor's", async () => {
    const article = new Y.Doc();
    setPageTitle(article, 'Nieuwe koffieautomaat');
    appendPageBlocks(article, [{ type: 'paragraph', text: 'Op de tweede verdieping.' }]);
    await store.append(submission('s1').docName, Y.encodeStateAsUpdate(article), 'daan');

    const { pageId, title } = await createPublishedPage(documents, submission('s1'), 'eva', versionOf(article));
    expect(title).toBe('Nieuwe koffieautomaat');
    const name = docName('nieuws', 'page', pageId);
    const page = await read(name);
    expect(getPageTitle(page)).toBe('Nieuwe koffieautomaat');
    expect(pagePlainText(page)).toContain('Op de tweede verdieping.');
    expect((await store.history(name)).map((entry) => entry.author)).toEqual(['eva']);
  });

  it('refuses an empty submission and writes nothing', async () => {
    await expect(createPublishedPage(documents, submission('s2'), 'eva', versionOf(new Y.Doc()))).rejects.toThrow(EmptySubmissionError);
    expect(sync.stats.updatesStored).toBe(0);
  });

  it('publishes only the version the editor reviewed: a later addition or deletion by the author is refused, nothing written', async () => {
    const article = new Y.Doc();
    setPageTitle(article, 'Moestuin');
    appendPageBlocks(article, [{ type: 'paragraph', text: 'De tomaten zijn rijp.' }]);
    const name = submission('s3').docName;
    await store.append(name, Y.encodeStateAsUpdate(article), 'daan');
    const reviewed = versionOf(article);

    const before = Y.encodeStateVector(article);
    appendPageBlocks(article, [{ type: 'paragraph', text: 'Stop met uw medicatie.' }]);
    await store.append(name, Y.encodeStateAsUpdate(article, before), 'daan');
    await expect(createPublishedPage(documents, submission('s3'), 'eva', reviewed)).rejects.toThrow(ChangedSinceReviewError);

    // Re-read, then only a deletion: the state vector stays the same, the version does not.
    const reread = versionOf(await read(name));
    const edited = await read(name);
    const beforeDelete = Y.encodeStateVector(edited);
    pageBody(edited).delete(0, 1);
    await store.append(name, Y.encodeStateAsUpdate(edited, beforeDelete), 'daan');
    await expect(createPublishedPage(documents, submission('s3'), 'eva', reread)).rejects.toThrow(ChangedSinceReviewError);
    expect(sync.stats.updatesStored).toBe(0);
  });

  it("lists the page in the index once and unlists it, each change in the index's history as the editor's", async () => {
    const index = docName('nieuws', 'index', 'main');
    await listInIndex(documents, 'nieuws', 'p1', 'Koffie', 'eva');
    await listInIndex(documents, 'nieuws', 'p1', 'Koffie', 'eva');
    expect(getPageEntry(await read(index), 'p1')?.title).toBe('Koffie');
    await unlistFromIndex(documents, 'nieuws', 'p1', 'admin');
    await unlistFromIndex(documents, 'nieuws', 'p1', 'admin');
    expect(getPageEntry(await read(index), 'p1')).toBeNull();
    expect((await store.history(index)).map((entry) => entry.author)).toEqual(['eva', 'admin']);
  });
});
