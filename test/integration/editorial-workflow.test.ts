/**
 * The editorial workflow over HTTP and sockets: a client submits an article (its own document), editors request
 * changes, reject or publish it (optionally with dates), the author always sees the status, and a published
 * article is a read-only page of the news space, listed in its index until it is unpublished.
 */
import * as Y from 'yjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { submissionDocId } from '../../packages/access/src/index.ts';
import { appendPageBlocks, getPageTitle, listPageTree, pagePlainText, setPageTitle, versionOf } from '../../packages/shapes/src/index.ts';
import { useClients } from '../support/clients.ts';
import { openSynced, waitForSaved } from '../support/providers.ts';
import { waitFor } from '../support/wait.ts';
import { login, me, useKring, useSessions } from '../support/server.ts';
import { api, invitePerson, observeSocket } from './admin-support.ts';

const CLOSE_FORBIDDEN = 4403;

interface SubmissionView {
  id: string;
  docName: string;
  status: string;
  title: string;
  author: { id: string; name: string };
  pageId: string | null;
  pageDocName: string | null;
  publishAt: string | null;
  unpublishAt: string | null;
}

interface Detail {
  submission: SubmissionView;
  comments: { author: { name: string } | null; action: string; text: string }[];
}

describe('editorial workflow', () => {
  const kring = useKring();
  const sessions = useSessions(kring, ['daan', 'eva']);
  let daanId: string;
  let truus: string;
  const { open, syncingSocket } = useClients(kring);
  let counter = 0;

  /** Daan writes an article in his own submission document and submits it. */
  async function submit(title: string, text: string): Promise<SubmissionView> {
    const docId = submissionDocId(daanId, `stuk${++counter}`);
    const writer = await open(`nieuws/submission/${docId}`, sessions.daan);
    setPageTitle(writer.doc, title);
    appendPageBlocks(writer.doc, [{ type: 'paragraph', text }]);
    await waitForSaved(writer);
    const response = await api<Detail>(kring.url, sessions.daan, 'POST', '/api/editorial/submissions', { spaceId: 'nieuws', docId });
    expect(response.status).toBe(201);
    return response.body.submission;
  }
  const detail = async (cookie: string, id: string) => (await api<Detail>(kring.url, cookie, 'GET', `/api/editorial/submissions/${id}`)).body;
  /** An editor's decision; a publish names the version the editor has just read, as the editorial screen does. */
  async function decide(cookie: string, id: string, action: string, body: Record<string, unknown> = {}) {
    if (action === 'publish' && !('reviewed' in body)) {
      const found = await api<Detail>(kring.url, cookie, 'GET', `/api/editorial/submissions/${id}`);
      if (found.status === 200) body = { ...body, reviewed: versionOf(await read(found.body.submission.docName, cookie)) };
    }
    return api<Detail>(kring.url, cookie, 'POST', `/api/editorial/submissions/${id}/${action}`, body);
  }
  /** A fresh reader's copy of a document. */
  async function read(docName: string, cookie: string): Promise<Y.Doc> {
    const provider = await openSynced(kring.url, docName, cookie);
    const doc = new Y.Doc();
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(provider.doc));
    provider.destroy();
    return doc;
  }
  const listedTitles = async () => listPageTree(await read('nieuws/index/main', sessions.daan)).map((page) => page.title);
  /** Waits (bounded) until the server's clock passed `iso`. */
  const until = (iso: string) => new Promise((resolve) => setTimeout(resolve, Math.max(0, Date.parse(iso) - Date.now() + 50)));

  beforeAll(async () => {
    daanId = (await me(kring.url, sessions.daan)).user.id;
    const admin = await login(kring.url, 'admin@kring.test');
    truus = (await invitePerson(kring.url, admin, 'client', [{ spaceId: 'clientenplein', role: 'member' }], 'Truus')).cookie;
  });

  it('a client submits, an editor requests changes, the client sees why and sends it again, the editor publishes, another client reads it', async () => {
    const submitted = await submit('Onze moestuin', 'De tomaten zijn rijp. Kom gerust proeven!');
    expect(submitted).toMatchObject({ status: 'submitted', title: 'Onze moestuin', author: { id: daanId, name: 'Daan Bakker' }, pageId: null });

    // The author sees his own; the editor sees everything.
    const own = await api<{ editor: boolean; submissions: SubmissionView[] }>(kring.url, sessions.daan, 'GET', '/api/editorial/submissions');
    expect(own.body.editor).toBe(false);
    // Only his own (the demo also has one of his waiting), never someone else's.
    expect(own.body.submissions.map((s) => [s.id, s.status])).toContainEqual([submitted.id, 'submitted']);
    expect(own.body.submissions.every((s) => s.author.id === daanId)).toBe(true);
    const editors = await api<{ editor: boolean; submissions: SubmissionView[] }>(kring.url, sessions.eva, 'GET', '/api/editorial/submissions');
    expect(editors.body.editor).toBe(true);
    expect(editors.body.submissions.map((s) => s.id)).toContain(submitted.id);

    const asked = await decide(sessions.eva, submitted.id, 'request-changes', { comment: 'Mooi! Kun je zeggen waar de moestuin is?' });
    expect(asked.status).toBe(200);
    const seen = await detail(sessions.daan, submitted.id);
    expect(seen.submission.status).toBe('changes_requested');
    expect(seen.comments.at(-1)).toMatchObject({ author: { name: 'Eva Visser' }, action: 'request-changes', text: 'Mooi! Kun je zeggen waar de moestuin is?' });
    // He is told, in his inbox, with the link to his article (issue 17).
    const inbox = await api<{ notifications: { kind: string; actorName: string; excerpt: string; link: string }[] }>(kring.url, sessions.daan, 'GET', '/api/notifications');
    expect(inbox.body.notifications).toContainEqual(
      expect.objectContaining({ kind: 'submission-changes-requested', actorName: 'Eva Visser', excerpt: 'Onze moestuin', link: `/editorial/nieuws/${submitted.docName.split('/')[2]}` }),
    );

    // The author edits his document and sends it again.
    const writer = await open(submitted.docName, sessions.daan);
    appendPageBlocks(writer.doc, [{ type: 'paragraph', text: 'De moestuin ligt achter het buurthuis.' }]);
    await waitForSaved(writer);
    expect((await decide(sessions.daan, submitted.id, 'resubmit', { comment: 'Aangevuld' })).body.submission.status).toBe('submitted');

    const published = await decide(sessions.eva, submitted.id, 'publish', { comment: 'Geplaatst' });
    expect(published.status).toBe(200);
    expect(published.body.submission).toMatchObject({ status: 'published', pageDocName: expect.stringMatching(/^nieuws\/page\//) });
    const pageName = published.body.submission.pageDocName!;

    // Another client reads the published page; it holds the article as submitted, and is read-only for him.
    const page = await read(pageName, truus);
    expect(getPageTitle(page)).toBe('Onze moestuin');
    expect(pagePlainText(page)).toContain('De tomaten zijn rijp. Kom gerust proeven!');
    expect(pagePlainText(page)).toContain('De moestuin ligt achter het buurthuis.');
    expect((await observeSocket(kring.url, truus, pageName, 'Truus schrijft mee')).access).toBe('read');
    expect((await observeSocket(kring.url, sessions.daan, pageName, 'Daan schrijft mee')).access).toBe('read');
    expect(await listedTitles()).toContain('Onze moestuin');
    // The author sees the outcome.
    expect((await detail(sessions.daan, submitted.id)).submission.status).toBe('published');
    // Readers of the news hear of the article, once, with the link to its page; the author heard of the decision.
    type Inbox = { notifications: { kind: string; excerpt: string; link: string }[] };
    const pageLink = `/spaces/nieuws/pages/${pageName.split('/')[2]}`;
    // Told just after the editor's answer, not before it.
    const truusNews = async () => (await api<Inbox>(kring.url, truus, 'GET', '/api/notifications')).body.notifications.filter((n) => n.kind === 'news');
    await waitFor(async () => (await truusNews()).length > 0, "Truus's news");
    expect(await truusNews()).toEqual([expect.objectContaining({ excerpt: 'Onze moestuin', link: pageLink })]);
    const daans = (await api<Inbox>(kring.url, sessions.daan, 'GET', '/api/notifications')).body.notifications;
    expect(daans.map((n) => n.kind)).toContain('submission-published');
    expect(daans.filter((n) => n.kind === 'news' && n.link === pageLink)).toEqual([]);
  });

  it('unpublishing takes the page out of the index and away from readers at once; editors keep it', async () => {
    const submitted = await submit('Vrijwilligers gezocht', 'Wie helpt er mee met de kerstmarkt?');
    const pageName = (await decide(sessions.eva, submitted.id, 'publish')).body.submission.pageDocName!;
    const reader = await syncingSocket(pageName, truus);

    const response = await decide(sessions.eva, submitted.id, 'unpublish', { comment: 'De kerstmarkt gaat niet door' });
    expect(response.body.submission.status).toBe('unpublished');
    expect((await reader.waitForClose()).code).toBe(CLOSE_FORBIDDEN);
    expect((await observeSocket(kring.url, truus, pageName, 'x')).access).toBe('none');
    expect((await observeSocket(kring.url, sessions.daan, pageName, 'x')).access).toBe('none');
    expect((await observeSocket(kring.url, sessions.eva, pageName, 'redactie')).access).toBe('write');
    expect(await listedTitles()).not.toContain('Vrijwilligers gezocht');

    // Published again, it is back.
    expect((await decide(sessions.eva, submitted.id, 'publish')).body.submission.status).toBe('published');
    expect((await observeSocket(kring.url, truus, pageName, 'x')).access).toBe('read');
    expect(await listedTitles()).toContain('Vrijwilligers gezocht');
  });

  it('a publish date keeps the article away from readers until then; an unpublish date takes it away after', async () => {
    const later = await submit('Nieuwe openingstijden', 'Vanaf maandag open om negen uur.');
    const publishAt = new Date(Date.now() + 1500).toISOString();
    const scheduled = await decide(sessions.eva, later.id, 'publish', { publishAt });
    expect(scheduled.body.submission).toMatchObject({ status: 'scheduled', publishAt });
    const laterPage = scheduled.body.submission.pageDocName!;
    expect((await observeSocket(kring.url, truus, laterPage, 'x')).access).toBe('none');
    expect(await listedTitles()).not.toContain('Nieuwe openingstijden');

    const brief = await submit('Griepprik vandaag', 'Vandaag kunt u de griepprik halen.');
    const unpublishAt = new Date(Date.now() + 1500).toISOString();
    const shortLived = await decide(sessions.eva, brief.id, 'publish', { unpublishAt });
    expect(shortLived.body.submission.status).toBe('published');
    const briefPage = shortLived.body.submission.pageDocName!;
    expect((await observeSocket(kring.url, truus, briefPage, 'x')).access).toBe('read');

    await until(publishAt);
    await until(unpublishAt);
    // The policy follows the dates by itself...
    expect((await observeSocket(kring.url, truus, laterPage, 'x')).access).toBe('read');
    expect((await observeSocket(kring.url, truus, briefPage, 'x')).access).toBe('none');
    // ...and the clock (run on every editorial request, and every 30 s) brings the index and status in step.
    const statuses = await api<{ submissions: SubmissionView[] }>(kring.url, sessions.daan, 'GET', '/api/editorial/submissions');
    const byId = Object.fromEntries(statuses.body.submissions.map((s) => [s.id, s.status]));
    expect([byId[later.id], byId[brief.id]]).toEqual(['published', 'unpublished']);
    const titles = await listedTitles();
    expect(titles).toContain('Nieuwe openingstijden');
    expect(titles).not.toContain('Griepprik vandaag');
  });

  it('a rejected article stays with its author, with the reason, and cannot be published', async () => {
    const submitted = await submit('Klacht over de buren', 'Mijn buren zijn te luid.');
    expect((await decide(sessions.eva, submitted.id, 'reject', {})).status).toBe(400);
    const rejected = await decide(sessions.eva, submitted.id, 'reject', { comment: 'Dit past beter in een gesprek met je begeleider.' });
    expect(rejected.body.submission.status).toBe('rejected');
    const seen = await detail(sessions.daan, submitted.id);
    expect(seen.submission.status).toBe('rejected');
    expect(seen.comments.at(-1)?.text).toBe('Dit past beter in een gesprek met je begeleider.');
    const again = await decide(sessions.eva, submitted.id, 'publish');
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ error: { code: 'invalid_state' } });
    expect(await listedTitles()).not.toContain('Klacht over de buren');
  });

  it('only editors decide, only the author resubmits, guests do not submit', async () => {
    const submitted = await submit('Bingo', 'Elke vrijdag bingo.');
    for (const action of ['request-changes', 'reject', 'publish', 'unpublish']) {
      expect((await decide(sessions.daan, submitted.id, action, { comment: 'zelf' })).status, action).toBe(403);
    }
    expect((await decide(truus, submitted.id, 'publish', { comment: 'x' })).status).toBe(404);
    expect((await decide(sessions.eva, submitted.id, 'resubmit')).status).toBe(403);
    expect((await decide(sessions.eva, submitted.id, 'koffie')).status).toBe(404);
    expect((await decide(sessions.eva, submitted.id, 'publish', { publishAt: 'morgen' })).status).toBe(400);
    const now = Date.now();
    expect(
      (await decide(sessions.eva, submitted.id, 'publish', { publishAt: new Date(now + 60_000).toISOString(), unpublishAt: new Date(now + 30_000).toISOString() })).status,
    ).toBe(400);

    const admin = await login(kring.url, 'admin@kring.test');
    const guest = await invitePerson(kring.url, admin, 'guest', [{ spaceId: 'nieuws', role: 'member' }], 'Gast');
    expect((await api(kring.url, guest.cookie, 'POST', '/api/editorial/submissions', { spaceId: 'nieuws' })).status).toBe(403);
    expect((await api(kring.url, sessions.daan, 'POST', '/api/editorial/submissions', { spaceId: 'noord' })).status).toBe(403);
  });

  it('publishes exactly the version the editor read: a change by the author after that is refused until the editor read it', async () => {
    const submitted = await submit('Koffieochtend', 'Donderdag om tien uur in de huiskamer.');
    const reviewed = versionOf(await read(submitted.docName, sessions.eva));
    // After Eva read it, Daan adds a line she has not seen, over his socket as any device would.
    const writer = await open(submitted.docName, sessions.daan);
    appendPageBlocks(writer.doc, [{ type: 'paragraph', text: 'Neem uw medicijnen niet meer in.' }]);
    await waitForSaved(writer);

    const stale = await decide(sessions.eva, submitted.id, 'publish', { reviewed });
    expect(stale.status).toBe(409);
    expect(stale.body).toMatchObject({ error: { code: 'changed_since_review' } });
    expect((await detail(sessions.eva, submitted.id)).submission).toMatchObject({ status: 'submitted', pageId: null });
    expect(await listedTitles()).not.toContain('Koffieochtend');
    // Without a version there is nothing to hold the publication to.
    expect((await decide(sessions.eva, submitted.id, 'publish', { reviewed: null })).status).toBe(400);
    expect((await decide(sessions.eva, submitted.id, 'publish', { reviewed: 'bm9n' })).status).toBe(409);

    // She reads it again and publishes what she read, the added line included.
    const published = await decide(sessions.eva, submitted.id, 'publish', { reviewed: versionOf(await read(submitted.docName, sessions.eva)) });
    expect(published.status).toBe(200);
    expect(pagePlainText(await read(published.body.submission.pageDocName!, sessions.daan))).toContain('Neem uw medicijnen niet meer in.');
  });

  it('registering is idempotent, and a submission id must name its author', async () => {
    const docId = submissionDocId(daanId, 'herhaald');
    const first = await api<Detail>(kring.url, sessions.daan, 'POST', '/api/editorial/submissions', { spaceId: 'nieuws', docId, title: 'Offline geschreven' });
    const retried = await api<Detail>(kring.url, sessions.daan, 'POST', '/api/editorial/submissions', { spaceId: 'nieuws', docId, title: 'Offline geschreven' });
    expect([first.status, retried.status]).toEqual([201, 200]);
    expect(retried.body.submission.id).toBe(first.body.submission.id);
    const evaId = (await me(kring.url, sessions.eva)).user.id;
    expect((await api(kring.url, sessions.daan, 'POST', '/api/editorial/submissions', { spaceId: 'nieuws', docId: submissionDocId(evaId, 'x') })).status).toBe(400);
    // A server-made id names him too.
    const made = await api<Detail>(kring.url, sessions.daan, 'POST', '/api/editorial/submissions', { spaceId: 'nieuws', title: 'Zonder id' });
    expect(made.body.submission.id.startsWith(`${daanId.replaceAll('-', '')}_`)).toBe(true);
    // Nothing written in it: nothing to publish.
    const empty = await decide(sessions.eva, made.body.submission.id, 'publish');
    expect(empty.status).toBe(409);
    expect(empty.body).toMatchObject({ error: { code: 'empty_submission' } });
  });
});
