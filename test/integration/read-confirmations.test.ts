/**
 * Read confirmations of the controlled handbook, over the wire, as devices send them: a protocol made must-read,
 * approved, told to those who must read it (not the approver), confirmed, approved again and due again. Every rule
 * is attacked from another person's valid session: a reader setting who must read, a confirmation in another
 * person's name, of a version that was never approved or of a page out of reach, a reminder by a non-keeper, and
 * hostile bodies. A muted space still tells of a protocol, a `protocols` topic turned off does not, and an erased
 * person's confirmations leave the database.
 */
import { join } from 'node:path';
import { openSqlite } from '@kring/server';
import { beforeAll, describe, expect, it } from 'vitest';
import type { NotificationPage, PageControl, ProtocolsToRead, ReadStatus } from '../../packages/contract/src/index.ts';
import { appendPageBlocks, setPageTitle } from '../../packages/shapes/src/index.ts';
import { useClients } from '../support/clients.ts';
import { waitForSaved } from '../support/providers.ts';
import { health, me, useKring, useSessions } from '../support/server.ts';
import { waitFor } from '../support/wait.ts';
import { api, invitePerson, type Invited } from './admin-support.ts';

const PAGE = 'noord/page/valpreventie';
const LINK = '/spaces/noord/pages/valpreventie';
const TITLE = 'Valpreventie bij cliënten thuis';

describe('read confirmations', () => {
  const kring = useKring();
  const sessions = useSessions(kring, ['anna', 'bram', 'admin']);
  const { open } = useClients(kring);
  let annaId = '';
  let reader: Invited;
  let member: Invited;
  /** The approved versions of PAGE, oldest first. */
  const approvedIds: number[] = [];

  beforeAll(async () => {
    annaId = (await me(kring.url, sessions.anna)).user.id;
    reader = await invitePerson(kring.url, sessions.admin, 'employee', [{ spaceId: 'noord', role: 'reader' }], 'Rik Lezer');
    member = await invitePerson(kring.url, sessions.admin, 'employee', [{ spaceId: 'noord', role: 'member' }], 'Bo Collega');
  });

  const control = (cookie: string, body: Record<string, unknown>, name = PAGE) => api<PageControl>(kring.url, cookie, 'PUT', '/api/documents/control', { name, ...body });
  const approve = (cookie: string, name = PAGE) => api<PageControl>(kring.url, cookie, 'POST', '/api/documents/control/approve', { name });
  const reads = (cookie: string, name = PAGE) => api<ReadStatus>(kring.url, cookie, 'GET', `/api/documents/reads?name=${encodeURIComponent(name)}`);
  const confirm = (cookie: string, body: Record<string, unknown>) => api<ReadStatus & { error?: { code: string; message: string } }>(kring.url, cookie, 'POST', '/api/documents/reads', body);
  const remind = (cookie: string, name = PAGE) => api<{ reminded: number }>(kring.url, cookie, 'POST', '/api/documents/reads/remind', { name });
  const toRead = async (cookie: string) => (await api<ProtocolsToRead>(kring.url, cookie, 'GET', '/api/documents/to-read')).body.protocols;
  const told = async (cookie: string, link = LINK) =>
    (await api<NotificationPage>(kring.url, cookie, 'GET', '/api/notifications')).body.notifications.filter((n) => n.kind === 'protocol-to-read' && n.link === link);
  /** A fresh page in Noord with a title and a paragraph, written by Anna over a provider. */
  const freshPage = async (docId: string, title: string) => {
    const name = `noord/page/${docId}`;
    const editor = await open(name, sessions.anna);
    setPageTitle(editor.doc, title);
    appendPageBlocks(editor.doc, [{ type: 'paragraph', text: 'Lees dit voor je dienst.' }]);
    await waitForSaved(editor);
    return name;
  };
  /** Anna makes herself owner of `name` with `mustRead`, and approves it: the approved version's id. */
  const makeProtocol = async (name: string, mustRead: unknown) => {
    const set = await control(sessions.anna, { ownerId: annaId, mustRead }, name);
    expect(set.status, JSON.stringify(set.body)).toBe(200);
    const approved = await approve(sessions.anna, name);
    expect(approved.status).toBe(200);
    return approved.body.approved!.versionId;
  };

  it('tells everyone who must read an approved protocol but its approver, and a confirmation makes it current', async () => {
    const set = await control(sessions.anna, { ownerId: annaId, mustRead: 'space' });
    expect(set.status).toBe(200);
    expect(set.body).toMatchObject({ mustRead: 'space', owner: { id: annaId } });
    // Before any approval there is nothing to confirm, and nothing to remind of.
    expect((await reads(reader.cookie)).body).toMatchObject({ mustRead: true, versionId: null, due: false });
    expect((await remind(sessions.anna)).status).toBe(400);

    const approved = await approve(sessions.anna);
    expect(approved.status).toBe(200);
    approvedIds.push(approved.body.approved!.versionId);

    for (const person of [reader, member]) {
      const [notification] = await waitFor(async () => {
        const found = await told(person.cookie);
        return found.length > 0 && found;
      }, 'the protocol-to-read notification');
      expect(notification).toMatchObject({ kind: 'protocol-to-read', link: LINK, excerpt: TITLE, spaceId: 'noord', actorName: 'Anna de Vries' });
    }
    expect(await told(sessions.anna)).toEqual([]);
    // Bram (of Zuid) cannot read the page and hears nothing of it.
    expect(await told(sessions.bram)).toEqual([]);

    const due = await reads(reader.cookie);
    expect(due.status).toBe(200);
    expect(due.body).toMatchObject({ name: PAGE, mustRead: true, versionId: approvedIds[0], confirmed: null, due: true, readers: null, mayRemind: false });
    expect(await toRead(reader.cookie)).toEqual([expect.objectContaining({ name: PAGE, spaceId: 'noord', title: TITLE, versionId: approvedIds[0], confirmedVersionId: null })]);

    const confirmed = await confirm(reader.cookie, { name: PAGE, versionId: approvedIds[0] });
    expect(confirmed.status).toBe(200);
    expect(confirmed.body).toMatchObject({ due: false, confirmed: { versionId: approvedIds[0] }, readers: null, mayRemind: false });
    expect((await reads(reader.cookie)).body).toMatchObject({ due: false, confirmed: { versionId: approvedIds[0] }, readers: null, mayRemind: false });
    expect(await toRead(reader.cookie)).toEqual([]);
    // Sent again from an outbox: the same confirmation, the first time stays.
    const again = await confirm(reader.cookie, { name: PAGE, versionId: approvedIds[0] });
    expect(again.body.confirmed).toEqual(confirmed.body.confirmed);

    const kept = await reads(sessions.anna);
    expect(kept.body.mayRemind).toBe(true);
    const readers = kept.body.readers!;
    expect(readers.map((r) => r.id)).toEqual(expect.arrayContaining([annaId, reader.id, member.id]));
    expect(readers.find((r) => r.id === reader.id)).toMatchObject({ name: 'Rik Lezer', current: true, confirmed: { versionId: approvedIds[0] } });
    expect(readers.find((r) => r.id === member.id)).toMatchObject({ name: 'Bo Collega', current: false, confirmed: null });
    expect(readers.map((r) => r.id)).not.toContain((await me(kring.url, sessions.bram)).user.id);
  });

  it('asks again after a new approval, and lets the reader compare approved versions but no other', async () => {
    const editor = await open(PAGE, sessions.anna);
    appendPageBlocks(editor.doc, [{ type: 'paragraph', text: 'Nieuw: controleer ook de verlichting.' }]);
    await waitForSaved(editor);
    const named = await api<{ id: number }>(kring.url, sessions.anna, 'POST', '/api/documents/versions', { name: PAGE, label: 'Concept verlichting' });
    expect(named.status).toBe(201);
    const approved = await approve(sessions.anna);
    approvedIds.push(approved.body.approved!.versionId);
    const [before, now] = approvedIds as [number, number];
    expect(now).not.toBe(before);

    await waitFor(async () => (await told(reader.cookie)).length === 2, 'a second protocol-to-read for the new version');
    const status = await reads(reader.cookie);
    expect(status.body).toMatchObject({ mustRead: true, versionId: now, due: true, confirmed: { versionId: before } });
    // Anna renames the next draft: what the reader must read still has the approved version's title.
    setPageTitle(editor.doc, 'CONCEPT valpreventie');
    await waitForSaved(editor);
    expect(await toRead(reader.cookie)).toEqual([expect.objectContaining({ name: PAGE, title: TITLE, versionId: now, confirmedVersionId: before })]);

    const versionText = (id: number) => api<{ title: string; blocks: string[] }>(kring.url, reader.cookie, 'GET', `/api/documents/versions/${id}?name=${encodeURIComponent(PAGE)}`);
    const old = await versionText(before);
    expect(old.status).toBe(200);
    expect(old.body.title).toBe(TITLE);
    expect(old.body.blocks).not.toContain('Nieuw: controleer ook de verlichting.');
    expect((await versionText(now)).body.blocks).toContain('Nieuw: controleer ook de verlichting.');
    // A named version is a draft's: not for those who read the protocol as approved.
    expect((await versionText(named.body.id)).status).toBe(403);
    expect((await api(kring.url, reader.cookie, 'GET', `/api/documents/versions?name=${encodeURIComponent(PAGE)}`)).status).toBe(403);
  });

  it('lets only those who assign say who must read', async () => {
    for (const cookie of [reader.cookie, member.cookie, sessions.bram]) {
      expect((await control(cookie, { mustRead: null })).status).toBe(403);
      expect((await control(cookie, { mustRead: ['employee'] })).status).toBe(403);
    }
    expect((await api<PageControl>(kring.url, sessions.anna, 'GET', `/api/documents/control?name=${PAGE}`)).body.mustRead).toBe('space');
  });

  it("records the session's person, never a userId in the body", async () => {
    const now = approvedIds[1]!;
    const sneaky = await confirm(member.cookie, { name: PAGE, versionId: now, userId: reader.id });
    expect(sneaky.status).toBe(200);
    expect(sneaky.body).toMatchObject({ due: false, confirmed: { versionId: now } });
    expect((await reads(reader.cookie)).body).toMatchObject({ due: true, confirmed: { versionId: approvedIds[0] } });
    const readers = (await reads(sessions.anna)).body.readers!;
    expect(readers.find((r) => r.id === reader.id)).toMatchObject({ current: false });
    expect(readers.find((r) => r.id === member.id)).toMatchObject({ current: true });
  });

  it('confirms only a version of this page that was approved, and only a page the person can read', async () => {
    const named = await api<{ id: number }>(kring.url, sessions.anna, 'POST', '/api/documents/versions', { name: PAGE, label: 'Nooit goedgekeurd' });
    const other = await freshPage('ander-protocol', 'Ander protocol');
    const othersApproved = await makeProtocol(other, 'space');
    const answers = [];
    for (const versionId of [named.body.id, 999_999, othersApproved]) answers.push((await confirm(reader.cookie, { name: PAGE, versionId })).body.error?.code);
    expect(answers).toEqual(['bad_request', 'bad_request', 'bad_request']);
    expect((await reads(reader.cookie)).body).toMatchObject({ due: true, confirmed: { versionId: approvedIds[0] } });

    // Bram is in Zuid, not Noord: the page is out of his reach in every form.
    expect((await confirm(sessions.bram, { name: PAGE, versionId: approvedIds[1] })).status).toBe(403);
    expect((await reads(sessions.bram)).status).toBe(403);
    expect((await remind(sessions.bram)).status).toBe(403);
    expect(await toRead(sessions.bram)).toEqual([]);
    const bramId = (await me(kring.url, sessions.bram)).user.id;
    expect((await reads(sessions.anna)).body.readers!.map((r) => r.id)).not.toContain(bramId);
  });

  it('lets only keepers remind, tells only those not current, and once a day', async () => {
    const forbidden = await remind(member.cookie);
    expect(forbidden.status).toBe(403);
    expect((await reads(member.cookie)).body).toMatchObject({ readers: null, mayRemind: false });

    const readers = (await reads(sessions.anna)).body.readers!;
    const behind = readers.filter((r) => !r.current && r.id !== annaId);
    expect(behind.map((r) => r.id)).toContain(reader.id);
    expect(behind.map((r) => r.id)).not.toContain(member.id);
    const readerBefore = (await told(reader.cookie)).length;
    const memberBefore = (await told(member.cookie)).length;

    const reminded = await remind(sessions.anna);
    expect(reminded.status).toBe(200);
    expect(reminded.body.reminded).toBe(behind.length);
    const [reminder] = await waitFor(async () => {
      const found = await told(reader.cookie);
      return found.length === readerBefore + 1 && found;
    }, 'the reminder to reach the reader');
    // The approved version's title, not the draft's.
    expect(reminder).toMatchObject({ excerpt: TITLE, actorName: 'Anna de Vries', read: false });
    expect(await told(member.cookie)).toHaveLength(memberBefore);
    expect(await told(sessions.anna)).toEqual([]);

    expect((await remind(sessions.anna)).body).toEqual({ reminded: 0 });
    expect(await told(reader.cookie)).toHaveLength(readerBefore + 1);
  });

  it('makes nobody in a team space read a protocol that is must-read for clients', async () => {
    const name = await freshPage('voor-clienten', 'Voor cliënten');
    const versionId = await makeProtocol(name, ['client']);
    const link = '/spaces/noord/pages/voor-clienten';
    expect((await reads(sessions.anna, name)).body).toMatchObject({ mustRead: false, versionId, due: false, readers: [] });
    for (const person of [reader, member]) {
      expect((await reads(person.cookie, name)).body).toMatchObject({ mustRead: false, due: false });
      expect((await toRead(person.cookie)).map((p) => p.name)).not.toContain(name);
      expect(await told(person.cookie, link)).toEqual([]);
    }
    expect((await remind(sessions.anna, name)).body).toEqual({ reminded: 0 });
  });

  it('names a protocol by its approved title, also when it became must-read after the approval and the draft was renamed since', async () => {
    const name = await freshPage('wondzorg', 'Wondzorg thuis');
    const versionId = await makeProtocol(name, null);
    const editor = await open(name, sessions.anna);
    setPageTitle(editor.doc, 'CONCEPT wondzorg');
    await waitForSaved(editor);
    expect((await control(sessions.anna, { mustRead: 'space' }, name)).status).toBe(200);
    expect((await reads(member.cookie, name)).body).toMatchObject({ mustRead: true, versionId, due: true });
    expect((await toRead(member.cookie)).find((p) => p.name === name)).toMatchObject({ title: 'Wondzorg thuis', versionId });
  });

  it('refuses junk bodies with a clear error and stays up', async () => {
    const [, now] = approvedIds as [number, number];
    // Each refusal names what is wrong: the field, before the server looks at any version.
    const refusals: [string, Promise<{ status: number; body: unknown }>, string | RegExp][] = [
      ["mustRead 'everyone'", control(sessions.anna, { mustRead: 'everyone' }), /^mustRead: must be "space", a list of roles/],
      ['mustRead []', control(sessions.anna, { mustRead: [] }), 'mustRead: must name a role'],
      ['mustRead a role twice', control(sessions.anna, { mustRead: ['employee', 'employee'] }), 'mustRead: must not repeat a role'],
      ['mustRead an unknown role', control(sessions.anna, { mustRead: ['god'] }), /^mustRead: /],
      ['versionId -1', confirm(reader.cookie, { name: PAGE, versionId: -1 }), /^versionId: /],
      ["versionId '3'", confirm(reader.cookie, { name: PAGE, versionId: String(now) }), /^versionId: /],
      ['versionId 1.5', confirm(reader.cookie, { name: PAGE, versionId: 1.5 }), /^versionId: /],
      ['no versionId', confirm(reader.cookie, { name: PAGE }), /^versionId: /],
      ['a board', confirm(reader.cookie, { name: 'noord/board/planning', versionId: now }), /^Only pages/],
      ['an extra-large name', confirm(reader.cookie, { name: `noord/page/${'x'.repeat(20_000)}`, versionId: now }), /./],
      ['remind without a name', api(kring.url, sessions.anna, 'POST', '/api/documents/reads/remind', {}), /^name: /],
    ];
    for (const [what, request, message] of refusals) {
      const { status, body } = await request;
      expect(status, what).toBe(400);
      expect(body, what).toMatchObject({ error: { code: 'bad_request', message: expect.stringMatching(message) } });
    }
    expect((await api(kring.url, reader.cookie, 'GET', `/api/documents/reads?name=${'x'.repeat(5_000)}`)).status).toBe(400);
    expect((await api(kring.url, '', 'GET', `/api/documents/reads?name=${PAGE}`)).status).toBe(401);
    // Nothing of it was stored.
    expect((await api<PageControl>(kring.url, sessions.anna, 'GET', `/api/documents/control?name=${PAGE}`)).body.mustRead).toBe('space');
    expect((await reads(reader.cookie)).body).toMatchObject({ due: true, confirmed: { versionId: approvedIds[0] } });
    expect((await health(kring.url)).ok).toBe(true);
  });

  it('leaves out someone removed from the space: no longer among the readers, nothing to read or confirm', async () => {
    expect((await api(kring.url, sessions.admin, 'DELETE', `/api/admin/spaces/noord/members/${member.id}`)).status).toBeLessThan(300);
    expect((await reads(sessions.anna)).body.readers!.map((r) => r.id)).not.toContain(member.id);
    expect((await reads(member.cookie)).status).toBe(403);
    expect((await confirm(member.cookie, { name: PAGE, versionId: approvedIds[1] })).status).toBe(403);
    expect(await toRead(member.cookie)).toEqual([]);
    expect(await told(member.cookie)).toEqual([]);
  });

  it('has nothing to read or confirm while pages are switched off in the space, and all of it again when on', async () => {
    const features = (wiki: boolean) => api(kring.url, sessions.anna, 'PUT', '/api/spaces/noord/features', { features: { wiki } });
    expect((await features(false)).status).toBe(200);
    expect(await toRead(reader.cookie)).toEqual([]);
    expect((await reads(reader.cookie)).status).toBe(403);
    expect((await confirm(reader.cookie, { name: PAGE, versionId: approvedIds[1] })).status).toBe(403);
    expect((await features(true)).status).toBe(200);
    expect((await toRead(reader.cookie)).map((p) => p.name)).toContain(PAGE);
    expect((await reads(reader.cookie)).body).toMatchObject({ due: true, confirmed: { versionId: approvedIds[0] } });
  });
});

describe('read confirmations and what a person chose to hear', () => {
  const kring = useKring();
  const sessions = useSessions(kring, ['anna', 'admin']);
  const { open } = useClients(kring);

  it('tells of a protocol in a muted space, but not to someone who turned the protocols topic off', async () => {
    const annaId = (await me(kring.url, sessions.anna)).user.id;
    const muter = await invitePerson(kring.url, sessions.admin, 'employee', [{ spaceId: 'noord', role: 'reader' }], 'Mo Stil');
    const silent = await invitePerson(kring.url, sessions.admin, 'employee', [{ spaceId: 'noord', role: 'reader' }], 'Sil Uit');
    expect((await api(kring.url, muter.cookie, 'PUT', '/api/notifications/settings', { mutedSpaces: ['noord'] })).status).toBe(200);
    expect((await api(kring.url, silent.cookie, 'PUT', '/api/notifications/settings', { topics: { protocols: { inbox: false, push: true, email: true } } })).status).toBe(200);

    const name = 'noord/page/nachtdienst';
    const editor = await open(name, sessions.anna);
    setPageTitle(editor.doc, 'Nachtdienst');
    await waitForSaved(editor);
    expect((await api(kring.url, sessions.anna, 'PUT', '/api/documents/control', { name, ownerId: annaId, mustRead: 'space' })).status).toBe(200);
    expect((await api(kring.url, sessions.anna, 'POST', '/api/documents/control/approve', { name })).status).toBe(200);

    const protocols = async (cookie: string) =>
      (await api<NotificationPage>(kring.url, cookie, 'GET', '/api/notifications')).body.notifications.filter((n) => n.kind === 'protocol-to-read');
    const [heard] = await waitFor(async () => {
      const found = await protocols(muter.cookie);
      return found.length > 0 && found;
    }, 'the muted reader to be told of the protocol');
    expect(heard).toMatchObject({ link: '/spaces/noord/pages/nachtdienst', excerpt: 'Nachtdienst' });
    expect(await protocols(silent.cookie)).toEqual([]);
    // The topic off silences the notification, not the duty.
    expect((await api<ProtocolsToRead>(kring.url, silent.cookie, 'GET', '/api/documents/to-read')).body.protocols.map((p) => p.name)).toEqual([name]);
  });
});

describe('read confirmations of an erased person', () => {
  const kring = useKring();
  const sessions = useSessions(kring, ['anna', 'admin']);

  it('leave with the person: gone from the keepers list and from the database', async () => {
    const annaId = (await me(kring.url, sessions.anna)).user.id;
    const reader = await invitePerson(kring.url, sessions.admin, 'employee', [{ spaceId: 'noord', role: 'reader' }], 'Rik Weg');
    const officer = await invitePerson(kring.url, sessions.admin, 'privacy', [], 'Pim Privacy');
    expect((await api(kring.url, sessions.anna, 'PUT', '/api/documents/control', { name: PAGE, ownerId: annaId, mustRead: 'space' })).status).toBe(200);
    const approved = await api<PageControl>(kring.url, sessions.anna, 'POST', '/api/documents/control/approve', { name: PAGE });
    const versionId = approved.body.approved!.versionId;
    expect((await api(kring.url, reader.cookie, 'POST', '/api/documents/reads', { name: PAGE, versionId })).status).toBe(200);
    const readersOf = async () => (await api<ReadStatus>(kring.url, sessions.anna, 'GET', `/api/documents/reads?name=${PAGE}`)).body.readers!;
    expect((await readersOf()).find((r) => r.id === reader.id)).toMatchObject({ current: true });

    const erased = await api(kring.url, officer.cookie, 'POST', '/api/privacy/erasures', { personId: reader.id });
    expect(erased.status).toBe(200);

    expect((await readersOf()).map((r) => r.id)).not.toContain(reader.id);
    const { sqlite } = openSqlite(join(kring.dataDir, 'kring.sqlite'));
    try {
      expect(sqlite.prepare('SELECT count(*) AS n FROM read_confirmations WHERE user_id = ?').get(reader.id)).toEqual({ n: 0 });
      // Anna's own are left alone: she confirms, and hers stay.
      expect((await api(kring.url, sessions.anna, 'POST', '/api/documents/reads', { name: PAGE, versionId })).status).toBe(200);
      expect(sqlite.prepare('SELECT count(*) AS n FROM read_confirmations WHERE user_id = ?').get(annaId)).toEqual({ n: 1 });
    } finally {
      sqlite.close();
    }
  });
});
