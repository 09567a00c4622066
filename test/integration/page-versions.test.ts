/**
 * Versions of a page and the controlled handbook, over the wire: versions listed with the server's authors, a named
 * version, a restore beside another person's concurrent edit, and every rule attacked from another person's valid
 * session (a reader's restore, a non-approver's approval, a reader's raw write to an approved page).
 */
import * as Y from 'yjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { decodeBatchResponse, encodeBatchRequest } from '../../packages/protocol/src/index.ts';
import { appendPageBlocks, pageBody, pageText } from '../../packages/shapes/src/index.ts';
import { useClients } from '../support/clients.ts';
import { openProvider, waitForSaved, waitForSynced } from '../support/providers.ts';
import { me, useKring, useSessions } from '../support/server.ts';
import { waitFor } from '../support/wait.ts';
import { api, invitePerson, observeSocket, type Invited } from './admin-support.ts';

interface Version {
  id: number;
  kind: string;
  label: string;
  author: { id: string; name: string } | null;
  at: string;
}

const PAGE = 'noord/page/valpreventie';

describe('versions of a page', () => {
  const kring = useKring();
  const sessions = useSessions(kring, ['anna', 'bram', 'admin']);
  const { open, track } = useClients(kring);
  let reader: Invited;
  let colleague: Invited;

  beforeAll(async () => {
    reader = await invitePerson(kring.url, sessions.admin, 'employee', [{ spaceId: 'noord', role: 'reader' }], 'Rik Lezer');
    colleague = await invitePerson(kring.url, sessions.admin, 'employee', [{ spaceId: 'noord', role: 'member' }], 'Bo Collega');
  });

  const versions = (cookie: string, name = PAGE) => api<{ versions: Version[]; mayChange: boolean }>(kring.url, cookie, 'GET', `/api/documents/versions?name=${encodeURIComponent(name)}`);
  const nameVersion = (cookie: string, label: string, name = PAGE) => api<Version>(kring.url, cookie, 'POST', '/api/documents/versions', { name, label });
  const restore = (cookie: string, id: number, name = PAGE) => api<{ id: number; before: number; removed: number; inserted: number }>(kring.url, cookie, 'POST', `/api/documents/versions/${id}/restore`, { name });
  const versionText = (cookie: string, id: number, name = PAGE) => api<{ title: string; blocks: string[] }>(kring.url, cookie, 'GET', `/api/documents/versions/${id}?name=${encodeURIComponent(name)}`);

  it('lists named versions newest first with the author the server recorded, to readers too', async () => {
    const anna = await me(kring.url, sessions.anna);
    const named = await nameVersion(sessions.anna, '  Voor de herziening ');
    expect(named.status).toBe(201);
    expect(named.body).toMatchObject({ kind: 'named', label: 'Voor de herziening', author: { id: anna.user.id, name: 'Anna de Vries' } });

    const listed = await versions(reader.cookie);
    expect(listed.status).toBe(200);
    expect(listed.body.mayChange).toBe(false);
    expect(listed.body.versions[0]).toEqual(named.body);
    expect((await versions(sessions.anna)).body.mayChange).toBe(true);

    const text = await versionText(reader.cookie, named.body.id);
    expect(text.status).toBe(200);
    expect(text.body.title).toBe('Valpreventie bij cliënten thuis');
    expect(text.body.blocks[1]).toBe('Bij elk bezoek');
  });

  it('refuses versions to people outside the space, naming and restoring to readers, and bad input', async () => {
    const { body } = await nameVersion(sessions.anna, 'Basis');
    expect((await versions(sessions.bram)).status).toBe(403);
    expect((await versionText(sessions.bram, body.id)).status).toBe(403);
    expect((await nameVersion(reader.cookie, 'Van Rik')).status).toBe(403);
    expect((await restore(reader.cookie, body.id)).status).toBe(403);
    expect((await restore(sessions.bram, body.id)).status).toBe(403);
    expect((await restore(sessions.bram, body.id, 'zuid/page/x')).status).toBe(404);
    for (const label of ['', ' ', 'auto:daily', 'x'.repeat(81)]) expect((await nameVersion(sessions.anna, label)).status, label).toBe(400);
    expect((await nameVersion(sessions.anna, 'Bord', 'noord/board/b')).status).toBe(400);
    expect((await versionText(sessions.anna, 999_999)).status).toBe(404);
    expect((await api(kring.url, sessions.anna, 'GET', `/api/documents/versions/abc?name=${PAGE}`)).status).toBe(400);
    // Another page's version is no version of this one.
    const other = await nameVersion(sessions.anna, 'Medicatie', 'noord/page/medicatie-overdracht');
    expect((await restore(sessions.anna, other.body.id)).status).toBe(404);
  });

  it("restores as a new change by the restorer, and another person's concurrent edit to an untouched paragraph survives", async () => {
    const name = 'noord/page/herstel';
    const seeded = await open(name, sessions.anna);
    appendPageBlocks(seeded.doc, [
      { type: 'paragraph', text: 'Eerste alinea.' },
      { type: 'paragraph', text: 'Tweede alinea.' },
      { type: 'paragraph', text: 'Derde alinea.' },
    ]);
    await waitForSaved(seeded);
    const saved = await nameVersion(sessions.anna, 'Goed', name);

    // An accidental edit to the first paragraph.
    const first = pageBody(seeded.doc).get(0) as Y.XmlElement;
    (first.get(0) as Y.XmlText).insert(0, 'PER ONGELUK ');
    await waitForSaved(seeded);

    // Bo edits the third paragraph offline, at the same time as the restore.
    const bo = track(openProvider(kring.url, name, colleague.cookie));
    await waitForSynced(bo);
    bo.disconnect();
    ((pageBody(bo.doc).get(2) as Y.XmlElement).get(0) as Y.XmlText).insert(13, ' Met Bo erbij.');

    const restored = await restore(sessions.anna, saved.body.id, name);
    expect(restored.status).toBe(200);
    expect(restored.body).toMatchObject({ id: saved.body.id, removed: 1, inserted: 1 });
    await waitFor(() => pageText(seeded.doc).blocks[0] === 'Eerste alinea.', 'the restore to reach Anna');

    bo.connect();
    await waitForSaved(bo);
    const check = await open(name, sessions.anna);
    expect(pageText(check.doc).blocks).toEqual(['Eerste alinea.', 'Tweede alinea.', 'Derde alinea. Met Bo erbij.']);

    // The restore is in the page's history as Anna's, and the state before it was kept.
    const anna = await me(kring.url, sessions.anna);
    const history = await api<{ changes: { author: { id: string } | null }[] }>(kring.url, sessions.anna, 'GET', `/api/documents/history?name=${name}`);
    expect(history.body.changes.map((change) => change.author?.id)).toContain(anna.user.id);
    const before = await versionText(sessions.anna, restored.body.before, name);
    expect(before.body.blocks[0]).toBe('PER ONGELUK Eerste alinea.');
    const listed = (await versions(sessions.anna, name)).body.versions;
    expect(listed[0]).toMatchObject({ id: restored.body.before, kind: 'restore', author: { id: anna.user.id } });
  });
});

describe('the controlled handbook', () => {
  const kring = useKring();
  const sessions = useSessions(kring, ['eva', 'daan', 'bram', 'admin']);
  const { open } = useClients(kring);
  const NEWS = 'nieuws/page/welkom';
  const control = (cookie: string, body?: Record<string, unknown>) =>
    body ? api<Record<string, unknown>>(kring.url, cookie, 'PUT', '/api/documents/control', { name: NEWS, ...body }) : api<Record<string, unknown>>(kring.url, cookie, 'GET', `/api/documents/control?name=${NEWS}`);
  const approve = (cookie: string) => api<Record<string, unknown>>(kring.url, cookie, 'POST', '/api/documents/control/approve', { name: NEWS });

  it('lets only the owner or the approver approve; readers then read the approved version and cannot touch the draft', async () => {
    const eva = (await me(kring.url, sessions.eva)).user;
    const daan = (await me(kring.url, sessions.daan)).user;
    // Nobody makes himself owner or approver but the space's owners (Eva) and administrators.
    expect((await control(sessions.daan, { approverId: daan.id })).status).toBe(403);
    expect((await control(sessions.eva, { approverId: daan.id })).status).toBe(400);
    const set = await control(sessions.eva, { ownerId: eva.id, reviewOn: '2026-01-01', status: 'in_review' });
    expect(set.status).toBe(200);
    expect(set.body).toMatchObject({ status: 'in_review', owner: { id: eva.id }, reviewOn: '2026-01-01', reviewDue: true, mayApprove: true });

    // The administrator writes news pages but is neither owner nor approver; a reader approves nothing either.
    expect((await approve(sessions.admin)).status).toBe(403);
    expect((await approve(sessions.daan)).status).toBe(403);
    expect((await api(kring.url, sessions.daan, 'GET', `/api/documents/approved?name=${NEWS}`)).status).toBe(404);

    const approved = await approve(sessions.eva);
    expect(approved.status).toBe(200);
    expect(approved.body).toMatchObject({ status: 'approved', approved: { by: { id: eva.id } } });

    // Eva works on the next draft.
    const editor = await open(NEWS, sessions.eva);
    editor.doc.getText('title').insert(0, 'CONCEPT ');
    await waitForSaved(editor);

    // Daan reads the approved version, without the draft.
    const response = await fetch(`${kring.url}/api/documents/approved?name=${NEWS}`, { headers: { cookie: sessions.daan } });
    expect(response.status).toBe(200);
    const doc = new Y.Doc();
    Y.applyUpdate(doc, new Uint8Array(await response.arrayBuffer()));
    expect(doc.getText('title').toString()).not.toContain('CONCEPT');
    expect(doc.getText('title').toString().length).toBeGreaterThan(0);
    expect((await control(sessions.daan)).body).toMatchObject({ status: 'approved', mayApprove: false, mayEdit: false });

    // Daan's raw socket on the page is refused before anything is sent either way, and so is a batch write.
    const observed = await observeSocket(kring.url, sessions.daan, NEWS, 'DAAN SCHRIJFT');
    expect(observed.access).toBe('none');
    const sneaky = new Y.Doc();
    sneaky.getText('title').insert(0, 'DAAN SCHRIJFT');
    const body = encodeBatchRequest([{ docName: NEWS, stateVector: Y.encodeStateVector(sneaky), update: Y.encodeStateAsUpdate(sneaky) }]);
    const answer = await fetch(`${kring.url}/api/sync/batch`, { method: 'POST', headers: { cookie: sessions.daan, 'content-type': 'application/octet-stream' }, body: body.slice().buffer });
    const [item] = decodeBatchResponse(new Uint8Array(await answer.arrayBuffer()));
    expect([item!.status, item!.diff.byteLength]).toEqual(['forbidden', 0]);
    const check = await open(NEWS, sessions.eva);
    expect(check.doc.getText('title').toString()).not.toContain('DAAN');
    // Bram (an employee, who reads news) is not refused the approved version.
    expect((await fetch(`${kring.url}/api/documents/approved?name=${NEWS}`, { headers: { cookie: sessions.bram } })).status).toBe(200);
  });
});
