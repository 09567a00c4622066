/**
 * Taking your data with you (AVG art. 15 and 20): a person downloads their own data, a space's owner the space, as
 * a zip of JSON and Markdown. Over the wire as a browser downloads it; the zip is opened and its files read. Attacks:
 * nobody gets another person's data, a member who is no owner (or an administrator, even under emergency access)
 * gets no space, and a client's export names no other client. Each export is in the access log.
 */
import { unzipSync, strFromU8 } from 'fflate';
import { beforeAll, describe, expect, it } from 'vitest';
import type { AccessLogAnswer } from '../../packages/contract/src/index.ts';
import { addAssignee, addCard, addColumn, addComment, appendPageBlocks, createPost, setPageTitle } from '../../packages/shapes/src/index.ts';
import { useClients } from '../support/clients.ts';
import { waitForSaved } from '../support/providers.ts';
import { me, useKring, useSessions } from '../support/server.ts';
import { api, invitePerson, type Invited } from './admin-support.ts';

const kring = useKring();
const sessions = useSessions(kring, ['anna', 'bram', 'daan', 'admin']);
const { open } = useClients(kring);
const ids = { anna: '', bram: '', daan: '' };
let fatima: Invited;
let member: Invited;
let officer: Invited;
const stamp = Date.now().toString(36);

/** Downloads `path` as `cookie` and opens the zip: its files by name, as text. */
async function download(path: string, cookie: string): Promise<{ status: number; files: Record<string, string>; headers: Headers }> {
  const response = await fetch(`${kring.url}${path}`, { headers: cookie ? { cookie } : {} });
  if (response.status !== 200) return { status: response.status, files: {}, headers: response.headers };
  const files = unzipSync(new Uint8Array(await response.arrayBuffer()));
  return { status: 200, headers: response.headers, files: Object.fromEntries(Object.entries(files).map(([name, bytes]) => [name, strFromU8(bytes)])) };
}

beforeAll(async () => {
  ids.anna = (await me(kring.url, sessions.anna)).user.id;
  ids.bram = (await me(kring.url, sessions.bram)).user.id;
  ids.daan = (await me(kring.url, sessions.daan)).user.id;
  fatima = await invitePerson(kring.url, sessions.admin, 'client', [{ spaceId: 'clientenplein', role: 'member' }], 'Fatima El Amrani');
  member = await invitePerson(kring.url, sessions.admin, 'employee', [{ spaceId: 'noord', role: 'member' }], 'Mees Medewerker');
  officer = await invitePerson(kring.url, sessions.admin, 'privacy', [], 'Priya Privacy');

  // Anna: a post and a comment in Noord, a protocol page, a card for her on a board.
  const feed = await open(`noord/feed/export-${stamp}`, sessions.anna);
  const postId = createPost(feed.doc, { authorId: ids.anna, authorName: 'Anna de Vries', text: `Wie neemt de dienst van vrijdag over? ${stamp}` });
  addComment(feed.doc, postId, { authorId: ids.anna, authorName: 'Anna de Vries', text: 'Ik vraag het ook aan Zuid.' });
  await waitForSaved(feed);
  const memberFeed = await open(`noord/feed/export-${stamp}`, member.cookie);
  addComment(memberFeed.doc, postId, { authorId: member.id, authorName: 'Mees Medewerker', text: 'Ik kan wel.' });
  await waitForSaved(memberFeed);
  const page = await open(`noord/page/export-${stamp}`, sessions.anna);
  setPageTitle(page.doc, 'Overdracht avonddienst');
  appendPageBlocks(page.doc, [
    { type: 'heading', level: 2, text: 'Stappen' },
    { type: 'orderedList', items: ['Medicatie nalopen', 'Sleutels in het kastje'] },
    { type: 'taskList', items: [{ text: 'Rapportage bijgewerkt', checked: true }] },
  ]);
  await waitForSaved(page);
  const board = await open(`noord/board/export-${stamp}`, sessions.anna);
  const column = addColumn(board.doc, 'Te doen');
  const card = addCard(board.doc, column, { title: 'Rolstoel laten repareren' });
  addAssignee(board.doc, card, { id: ids.anna, name: 'Anna de Vries' }, ids.anna);
  await waitForSaved(board);

  // Bram in his own team; Daan and Fatima in the client space.
  const zuid = await open(`zuid/feed/export-${stamp}`, sessions.bram);
  createPost(zuid.doc, { authorId: ids.bram, authorName: 'Bram Jansen', text: `Geheim van Zuid ${stamp}` });
  await waitForSaved(zuid);
  const plein = await open(`clientenplein/feed/export-${stamp}`, sessions.daan);
  createPost(plein.doc, { authorId: ids.daan, authorName: 'Daan Bakker', text: `Daan zoekt een wandelmaatje ${stamp}` });
  await waitForSaved(plein);
  const pleinFatima = await open(`clientenplein/feed/export-${stamp}`, fatima.cookie);
  createPost(pleinFatima.doc, { authorId: fatima.id, authorName: 'Fatima El Amrani', text: `Fatima heeft een afspraak in het ziekenhuis ${stamp}` });
  await waitForSaved(pleinFatima);
  // Anna reads the client space: in Daan's overview of who looked.
  expect((await api(kring.url, sessions.anna, 'GET', '/api/spaces/clientenplein/members')).status).toBe(200);
  const activity = await api<{ activity: { id: string } }>(kring.url, sessions.anna, 'POST', '/api/activities', {
    spaceId: 'clientenplein',
    title: `Wandelen in de duinen ${stamp}`,
    startsAt: new Date(Date.now() + 48 * 3600_000).toISOString(),
    place: 'Strandopgang 3',
    capacity: 10,
  });
  expect(activity.status).toBe(201);
  expect((await api(kring.url, sessions.daan, 'POST', `/api/activities/${activity.body.activity.id}/signup`, { requestId: `export-${stamp}` })).status).toBe(201);
});

describe("a person's own data", () => {
  it('is a zip with JSON and Markdown of their account, posts, comments, pages, tasks, and nothing of others', async () => {
    const { status, files, headers } = await download('/api/me/export', sessions.anna);
    expect(status).toBe(200);
    expect(headers.get('content-type')).toBe('application/zip');
    expect(headers.get('content-disposition')).toMatch(/^attachment; filename="kring-mijn-gegevens-\d{4}-\d{2}-\d{2}\.zip"$/);
    expect(headers.get('cache-control')).toBe('no-store');
    expect(Object.keys(files).sort()).toEqual(['mijn-gegevens.json', 'mijn-gegevens.md']);
    const data = JSON.parse(files['mijn-gegevens.json']) as Record<string, unknown[]> & { account: { id: string; name: string } };
    expect(data.account).toMatchObject({ id: ids.anna, name: 'Anna de Vries' });
    expect(data.posts).toContainEqual(expect.objectContaining({ text: `Wie neemt de dienst van vrijdag over? ${stamp}`, space: 'Buurtteam Noord' }));
    expect(data.comments).toContainEqual(expect.objectContaining({ text: 'Ik vraag het ook aan Zuid.' }));
    expect(data.pagesChanged).toContainEqual(expect.objectContaining({ title: 'Overdracht avonddienst', document: `noord/page/export-${stamp}` }));
    expect(data.tasks).toContainEqual(expect.objectContaining({ title: 'Rolstoel laten repareren', column: 'Te doen', space: 'Buurtteam Noord' }));
    const all = JSON.stringify(files);
    // Not other people's words, even where she reads them.
    expect(all).not.toContain('Ik kan wel.');
    expect(all).not.toContain(`Geheim van Zuid ${stamp}`);
    expect(files['mijn-gegevens.md']).toContain('# Mijn gegevens in Kring');
    expect(files['mijn-gegevens.md']).toContain(`Wie neemt de dienst van vrijdag over? ${stamp}`);
    expect(files['mijn-gegevens.md']).toContain('Overdracht avonddienst');
  });

  it('holds her choices about notifications, push and the e-mail digest: her own, and of her devices no key', async () => {
    // Anna chooses; Bram chooses otherwise, so that his rows would show if the export read anyone's.
    const keys = { p256dh: 'B'.repeat(87), auth: 'A'.repeat(22) };
    const annasPhone = `https://fcm.googleapis.com/fcm/send/anna-${stamp}`;
    expect((await api(kring.url, sessions.anna, 'POST', '/api/push/subscriptions', { endpoint: annasPhone, keys })).status).toBe(204);
    expect((await api(kring.url, sessions.bram, 'POST', '/api/push/subscriptions', { endpoint: `https://updates.push.services.mozilla.com/wpush/v2/bram-${stamp}`, keys })).status).toBe(204);
    expect((await api(kring.url, sessions.anna, 'PUT', '/api/push/settings', { quietHours: { on: true, from: '21:30', until: '06:45' } })).status).toBe(200);
    expect((await api(kring.url, sessions.bram, 'PUT', '/api/push/settings', { quietHours: { on: true, from: '23:15', until: '05:15' } })).status).toBe(200);
    const choose = (cookie: string, body: unknown) => api(kring.url, cookie, 'PUT', '/api/notifications/settings', body);
    expect((await choose(sessions.anna, { topics: { news: { inbox: true, push: false, email: false } }, mutedSpaces: ['noord'] })).status).toBe(200);
    expect((await choose(sessions.bram, { topics: { chat: { inbox: false, push: false, email: false } }, mutedSpaces: ['zuid'] })).status).toBe(200);
    expect((await api(kring.url, sessions.anna, 'PUT', '/api/digest/settings', { frequency: 'weekly' })).status).toBe(200);
    expect((await api(kring.url, sessions.bram, 'PUT', '/api/digest/settings', { frequency: 'daily' })).status).toBe(200);

    const { files } = await download('/api/me/export', sessions.anna);
    const data = JSON.parse(files['mijn-gegevens.json']) as {
      notifications: {
        topics: Record<string, { inbox: boolean; push: boolean; email: boolean }>;
        mutedSpaces: { space: string; spaceId: string; mutedAt: string }[];
        push: { quietHours: unknown; devices: { service: string; subscribedAt: string }[] };
        digest: { frequency: string; lastSentAt: string | null };
      };
    };
    const { topics, mutedSpaces, push, digest } = data.notifications;
    expect(topics.news).toEqual({ inbox: true, push: false, email: false });
    expect(topics.chat).toEqual({ inbox: true, push: true, email: true });
    expect(mutedSpaces).toEqual([{ space: 'Buurtteam Noord', spaceId: 'noord', mutedAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/) }]);
    expect(push.quietHours).toEqual({ on: true, from: '21:30', until: '06:45' });
    expect(push.devices).toEqual([{ service: 'https://fcm.googleapis.com', subscribedAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/) }]);
    expect(digest).toEqual({ frequency: 'weekly', lastSentAt: null });
    const all = JSON.stringify(files);
    // The device's address at its push service and its keys stay out: with them anyone could push to her phone.
    expect(all).not.toContain(`anna-${stamp}`);
    expect(all).not.toContain(keys.p256dh);
    // Nothing of Bram's.
    for (const his of ['mozilla', `bram-${stamp}`, '23:15', 'zuid', 'daily']) expect(all).not.toContain(his);
    const md = files['mijn-gegevens.md'].split('## Uw keuzes voor meldingen')[1];
    expect(md).toContain('- Nieuws: in de app');
    expect(md).toContain('- Chatberichten: in de app, op uw toestel, per e-mail');
    expect(md).toContain('Stil gezet: Buurtteam Noord.');
    expect(md).toContain('Stille uren: van 21:30 tot 06:45.');
    expect(md).toMatch(/- via https:\/\/fcm\.googleapis\.com, sinds \d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC/);
    expect(md).toContain('E-mail met wat nieuw is: elke maandagochtend.');
  });

  it('holds the protocols she confirmed having read, with the version and when, and not those of others', async () => {
    // Each keeps a protocol of their own team, makes it must-read, approves it and confirms having read it.
    const confirm = async (cookie: string, userId: string, name: string) => {
      expect((await api(kring.url, cookie, 'PUT', '/api/documents/control', { name, ownerId: userId, mustRead: 'space' })).status).toBe(200);
      const approved = await api<{ approved: { versionId: number } }>(kring.url, cookie, 'POST', '/api/documents/control/approve', { name });
      expect(approved.status).toBe(200);
      expect((await api(kring.url, cookie, 'POST', '/api/documents/reads', { name, versionId: approved.body.approved.versionId })).status).toBe(200);
      return approved.body.approved.versionId;
    };
    const annas = `noord/page/export-${stamp}`;
    const versionId = await confirm(sessions.anna, ids.anna, annas);
    const bramsPage = await open(`zuid/page/lezen-${stamp}`, sessions.bram);
    setPageTitle(bramsPage.doc, `Sleutelbeleid ${stamp}`);
    await waitForSaved(bramsPage);
    await confirm(sessions.bram, ids.bram, `zuid/page/lezen-${stamp}`);

    const { files } = await download('/api/me/export', sessions.anna);
    const data = JSON.parse(files['mijn-gegevens.json']) as { protocolsRead: { space: string; document: string; versionId: number; confirmedAt: string }[] };
    expect(data.protocolsRead).toEqual([{ space: 'Buurtteam Noord', document: annas, versionId, confirmedAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/) }]);
    expect(JSON.stringify(files)).not.toContain(`lezen-${stamp}`);
    expect(files['mijn-gegevens.md'].split('## Protocollen die u als gelezen bevestigde')[1]).toContain(`${annas} (Buurtteam Noord), versie ${versionId}, bevestigd`);
  });

  it("gives a client their posts, sign-ups and who looked, and no other client's name or words", async () => {
    const { status, files } = await download('/api/me/export', sessions.daan);
    expect(status).toBe(200);
    const data = JSON.parse(files['mijn-gegevens.json']) as { account: { id: string }; posts: { text: string }[]; signups: { activity: string }[]; accessLog: { actor: { kind: string; name?: string } }[] };
    expect(data.account.id).toBe(ids.daan);
    expect(data.posts.map((p) => p.text)).toContain(`Daan zoekt een wandelmaatje ${stamp}`);
    expect(data.signups.map((s) => s.activity)).toContain(`Wandelen in de duinen ${stamp}`);
    expect(data.accessLog).toContainEqual(expect.objectContaining({ actor: { kind: 'staff', name: 'Anna de Vries', role: 'employee' } }));
    const all = JSON.stringify(files);
    expect(all).not.toContain('Fatima');
    expect(all).not.toContain('ziekenhuis');
    expect(all).not.toContain(fatima.id);
    expect(files['mijn-gegevens.md']).toContain('## Wie keek mee');
    // In words, as on 'Wie keek mee': never a document name.
    expect(files['mijn-gegevens.md']).toMatch(/Anna de Vries \(medewerker\) heeft de lijst van leden in Cliëntenplein bekeken/);
    expect(files['mijn-gegevens.md'].split('## Wie keek mee')[1]).not.toContain('clientenplein/');
  });

  it("is only ever the asker's own: no session is 401, and naming someone else changes nothing", async () => {
    expect((await download('/api/me/export', '')).status).toBe(401);
    for (const query of [`?person=${ids.anna}`, `?userId=${ids.anna}`, `?id=${ids.anna}`]) {
      const { status, files } = await download(`/api/me/export${query}`, sessions.bram);
      expect(status).toBe(200);
      const data = JSON.parse(files['mijn-gegevens.json']) as { account: { id: string } };
      expect(data.account.id).toBe(ids.bram);
      expect(JSON.stringify(files)).not.toContain('Wie neemt de dienst');
    }
  });
});

describe('a space', () => {
  it("is a zip for its owner: pages as Markdown, boards as lists, the feed as posts, and all as JSON", async () => {
    const { status, files, headers } = await download('/api/spaces/noord/export', sessions.anna);
    expect(status).toBe(200);
    expect(headers.get('content-disposition')).toMatch(/^attachment; filename="kring-buurtteam-noord-\d{4}-\d{2}-\d{2}\.zip"$/);
    expect(files['README.md']).toContain('# Buurtteam Noord');
    const page = files[`paginas/overdracht-avonddienst-export-${stamp}.md`];
    expect(page).toBe(['# Overdracht avonddienst', '', '### Stappen', '', '1. Medicatie nalopen', '2. Sleutels in het kastje', '', '- [x] Rapportage bijgewerkt', ''].join('\n'));
    expect(files['README.md']).toContain(`(<paginas/overdracht-avonddienst-export-${stamp}.md>)`);
    const boardFile = Object.keys(files).find((name) => name.startsWith('borden/') && name.endsWith(`export-${stamp}.md`))!;
    expect(files[boardFile]).toContain('## Te doen');
    expect(files[boardFile]).toContain('- [ ] **Rolstoel laten repareren** (voor Anna de Vries)');
    const feed = files[`berichten/export-${stamp}.md`];
    expect(feed).toContain(`Wie neemt de dienst van vrijdag over? ${stamp}`);
    expect(feed).toContain('> **Mees Medewerker**');
    const data = JSON.parse(files['ruimte.json']) as { space: { id: string }; pages: { title: string }[]; feeds: { posts: { text: string }[] }[] };
    expect(data.space.id).toBe('noord');
    expect(data.pages.map((p) => p.title)).toContain('Overdracht avonddienst');
    // Only this space.
    expect(JSON.stringify(files)).not.toContain(`Geheim van Zuid ${stamp}`);
    expect(JSON.stringify(files)).not.toContain('wandelmaatje');
  });

  it('is refused to a member who is no owner, to other teams, to clients, to the administrator even under emergency access', async () => {
    expect((await download('/api/spaces/noord/export', member.cookie)).status).toBe(403);
    expect((await download('/api/spaces/noord/export', sessions.bram)).status).toBe(404);
    expect((await download('/api/spaces/noord/export', sessions.daan)).status).toBe(404);
    expect((await download('/api/spaces/clientenplein/export', sessions.daan)).status).toBe(403);
    expect((await download('/api/spaces/noord/export', sessions.admin)).status).toBe(404);
    expect((await download('/api/spaces/noord/export', '')).status).toBe(401);
    expect((await download('/api/spaces/bestaat-niet/export', sessions.anna)).status).toBe(404);
    const declared = await api(kring.url, sessions.admin, 'POST', '/api/spaces/noord/emergency-access', { reason: 'Controle op verzoek van de klachtencommissie' });
    expect(declared.status).toBe(201);
    expect((await download('/api/spaces/noord/export', sessions.admin)).status).toBe(403);
  });

  it('leaves an `export` entry in the access log for each export, by whom', async () => {
    await download('/api/me/export', sessions.daan);
    await download('/api/spaces/noord/export', sessions.anna);
    const byDaan = await api<AccessLogAnswer>(kring.url, officer.cookie, 'GET', `/api/access-log?person=${ids.daan}`);
    expect(byDaan.body.entries).toContainEqual(expect.objectContaining({ event: 'export', document: `person/export/${ids.daan}`, accessPoint: 'api' }));
    const space = await api<AccessLogAnswer>(kring.url, officer.cookie, 'GET', `/api/access-log?document=${encodeURIComponent('noord/export/all')}`);
    expect(space.body.entries.length).toBeGreaterThanOrEqual(1);
    expect(space.body.entries[0]).toMatchObject({ event: 'export', actor: { kind: 'person', id: ids.anna } });
  });
});
