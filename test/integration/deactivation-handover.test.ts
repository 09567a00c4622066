/**
 * Deactivation and the device's last contact: a deactivated person's device is recognised once more, may hand
 * in the work it had not saved (only to documents the person could write, receiving no content), and is then
 * forgotten. Everything over HTTP and raw sockets, as a device would.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { decodeBatchResponse, encodeBatchRequest, isCoveredBy, type BatchRequestItem } from '../../packages/protocol/src/index.ts';
import { loadText } from '../support/providers.ts';
import { RawSocket } from '../support/RawSocket.ts';
import { login, useKring } from '../support/server.ts';
import { api, invitePerson, type Invited } from './admin-support.ts';

const CLOSE_NO_SESSION = 4401;
const WRITABLE = 'noord/page/overdracht-na-uitzetten';

const kring = useKring();
let admin: string;
let anna: string;

beforeAll(async () => {
  admin = await login(kring.url, 'admin@kring.test');
  anna = await login(kring.url, 'anna@kring.test');
});

async function post(path: string, cookie: string, items: BatchRequestItem[]) {
  const body = encodeBatchRequest(items);
  const response = await fetch(`${kring.url}${path}`, { method: 'POST', headers: { cookie, 'content-type': 'application/octet-stream' }, body: body.slice().buffer });
  return { status: response.status, items: response.ok ? decodeBatchResponse(new Uint8Array(await response.arrayBuffer())) : [], response };
}

const item = (docName: string, doc: Y.Doc, saved?: Uint8Array): BatchRequestItem => ({
  docName,
  stateVector: Y.encodeStateVector(doc),
  update: Y.encodeStateAsUpdate(doc, saved),
});

async function deactivate(person: Invited): Promise<void> {
  expect((await api(kring.url, admin, 'PATCH', `/api/admin/people/${person.id}`, { active: false })).status).toBe(200);
}

describe('a deactivated person’s device', () => {
  it('is told it was deactivated, hands in its unsaved work once, receives nothing, and is then forgotten', async () => {
    const person = await invitePerson(kring.url, admin, 'employee', [{ spaceId: 'noord', role: 'member' }], 'Vertrekkende Collega');
    // The device synced the page, then typed more while offline.
    const page = new Y.Doc();
    page.getText('t').insert(0, 'Eerst opgeslagen. ');
    const first = await post('/api/sync/batch', person.cookie, [item(WRITABLE, page)]);
    expect(first.items[0]).toMatchObject({ status: 'ok' });
    const saved = first.items[0]!.saved;
    page.getText('t').insert(page.getText('t').length, 'Offline getypt, nog niet opgeslagen.');
    // Someone else wrote on the page meanwhile: the handover must not hand that to the deactivated device.
    await post('/api/sync/batch', anna, [item(WRITABLE, (() => {
      const other = new Y.Doc();
      other.getText('t').insert(0, 'Van Anna. ');
      return other;
    })())]);

    await deactivate(person);

    const meAnswer = await api<{ error: { code: string } }>(kring.url, person.cookie, 'GET', '/api/me');
    expect(meAnswer.status).toBe(401);
    expect(meAnswer.body.error.code).toBe('deactivated');
    // The cookie is kept for the handover (not blanked), yet it opens nothing else.
    expect(meAnswer.headers.getSetCookie()).toEqual([]);
    expect((await post('/api/sync/batch', person.cookie, [item(WRITABLE, page, saved)])).status).toBe(401);
    const socket = new RawSocket(kring.url, WRITABLE, { cookie: person.cookie });
    expect((await socket.waitForClose()).code).toBe(CLOSE_NO_SESSION);
    expect(socket.messages()).toEqual([]);

    // The handover: the writable page is stored; a Zuid page and a news page (read only for employees) are not.
    const zuid = new Y.Doc();
    zuid.getText('t').insert(0, 'Niet van mij');
    const news = new Y.Doc();
    news.getText('t').insert(0, 'Ik mag hier niet schrijven');
    const handover = await post('/api/sync/handover', person.cookie, [item(WRITABLE, page, saved), item('zuid/page/valpreventie', zuid), item('nieuws/page/welkom', news)]);
    expect(handover.status).toBe(200);
    const [mine, other, newsPage] = handover.items;
    expect(mine).toMatchObject({ docName: WRITABLE, status: 'ok' });
    expect(mine!.diff.byteLength).toBe(0);
    expect(isCoveredBy(Y.encodeStateVector(page), mine!.saved)).toBe(true);
    expect(other).toMatchObject({ status: 'forbidden' });
    expect(newsPage).toMatchObject({ status: 'forbidden' });
    const onServer = await loadText(kring.url, WRITABLE, anna, 't');
    expect(onServer).toContain('Offline getypt, nog niet opgeslagen.');
    expect(onServer).toContain('Van Anna.');
    expect(await loadText(kring.url, 'zuid/page/valpreventie', await login(kring.url, 'bram@kring.test'), 't')).not.toContain('Niet van mij');

    // Done: logging out ends the handover; the device is then no more than a stranger.
    expect((await api(kring.url, person.cookie, 'POST', '/api/auth/logout')).status).toBe(200);
    expect((await api<{ error: { code: string } }>(kring.url, person.cookie, 'GET', '/api/me')).body.error.code).toBe('no_session');
    expect((await post('/api/sync/handover', person.cookie, [item(WRITABLE, page)])).status).toBe(401);

    const audit = (await api<{ entries: { userId: string | null; action: string; detail: unknown }[] }>(kring.url, admin, 'GET', '/api/admin/audit?limit=50')).body.entries.filter(
      (entry) => entry.userId === person.id,
    );
    expect(audit.map((entry) => entry.action)).toEqual(expect.arrayContaining(['handover', 'handover.done']));
    expect(audit.find((entry) => entry.action === 'handover')!.detail).toEqual({ documents: [WRITABLE] });
  });

  it('hands in once: a second handover with the same cookie is refused and stores or creates nothing', async () => {
    const person = await invitePerson(kring.url, admin, 'employee', [{ spaceId: 'noord', role: 'member' }]);
    const page = new Y.Doc();
    page.getText('t').insert(0, 'Niet opgeslagen werk. ');
    await deactivate(person);

    const first = await post('/api/sync/handover', person.cookie, [item(WRITABLE, page)]);
    expect(first.status).toBe(200);
    expect(first.items[0]).toMatchObject({ status: 'ok' });
    // The session is gone with the hand-in: the device is a stranger now, not a deactivated person.
    expect((await api<{ error: { code: string } }>(kring.url, person.cookie, 'GET', '/api/me')).body.error.code).toBe('no_session');

    // The same cookie again, as an attacker would replay it: an edit to the page and a new document.
    page.getText('t').insert(0, 'Nog een keer. ');
    const fresh = new Y.Doc();
    fresh.getText('t').insert(0, 'Nieuw na het vertrek');
    const fresher = 'noord/page/na-het-vertrek';
    const second = await post('/api/sync/handover', person.cookie, [item(WRITABLE, page), item(fresher, fresh)]);
    expect(second.status).toBe(401);
    const onServer = await loadText(kring.url, WRITABLE, anna, 't');
    expect(onServer).toContain('Niet opgeslagen werk.');
    expect(onServer).not.toContain('Nog een keer.');
    const history = await api<{ changes: unknown[] }>(kring.url, anna, 'GET', `/api/documents/history?name=${encodeURIComponent(fresher)}&limit=10`);
    expect(history.status).toBe(200);
    expect(history.body.changes).toEqual([]);
  });

  it('hands in once even when the handover is sent many times at once', async () => {
    const person = await invitePerson(kring.url, admin, 'employee', [{ spaceId: 'noord', role: 'member' }]);
    await deactivate(person);
    const answers = await Promise.all(
      Array.from({ length: 5 }, async (_, i) => {
        const doc = new Y.Doc();
        doc.getText('t').insert(0, `Tegelijk ${i}`);
        return (await post('/api/sync/handover', person.cookie, [item(`noord/page/tegelijk-${i}`, doc)])).status;
      }),
    );
    expect(answers.filter((status) => status === 200)).toHaveLength(1);
    expect(answers.filter((status) => status === 401)).toHaveLength(4);
  });

  it('every device of the person is recognised, each once', async () => {
    const person = await invitePerson(kring.url, admin, 'employee', [{ spaceId: 'noord', role: 'member' }]);
    const laptop = await login(kring.url, person.email, 'welkom-123');
    await deactivate(person);
    for (const cookie of [person.cookie, laptop]) expect((await api<{ error: { code: string } }>(kring.url, cookie, 'GET', '/api/me')).body.error.code).toBe('deactivated');
    await api(kring.url, laptop, 'POST', '/api/auth/logout');
    expect((await api<{ error: { code: string } }>(kring.url, laptop, 'GET', '/api/me')).body.error.code).toBe('no_session');
    expect((await api<{ error: { code: string } }>(kring.url, person.cookie, 'GET', '/api/me')).body.error.code).toBe('deactivated');
  });

  it('after reactivation the old devices are only logged out: they keep their copy and log in again', async () => {
    const person = await invitePerson(kring.url, admin, 'employee', [{ spaceId: 'noord', role: 'member' }]);
    await deactivate(person);
    expect((await api(kring.url, admin, 'PATCH', `/api/admin/people/${person.id}`, { active: true })).status).toBe(200);
    expect((await api<{ error: { code: string } }>(kring.url, person.cookie, 'GET', '/api/me')).body.error.code).toBe('no_session');
    const doc = new Y.Doc();
    doc.getText('t').insert(0, 'x');
    expect((await post('/api/sync/handover', person.cookie, [item(WRITABLE, doc)])).status).toBe(401);
  });

  it('refuses a handover from a live session, from nobody, and a malformed one', async () => {
    const doc = new Y.Doc();
    doc.getText('t').insert(0, 'Geen overdracht');
    expect((await post('/api/sync/handover', anna, [item(WRITABLE, doc)])).status).toBe(401);
    expect((await post('/api/sync/handover', '', [item(WRITABLE, doc)])).status).toBe(401);
    const person = await invitePerson(kring.url, admin, 'employee', [{ spaceId: 'noord', role: 'member' }]);
    await deactivate(person);
    const malformed = await fetch(`${kring.url}/api/sync/handover`, { method: 'POST', headers: { cookie: person.cookie, 'content-type': 'application/octet-stream' }, body: new Uint8Array([1, 2, 3, 250, 251]) });
    expect(malformed.status).toBe(400);
    expect(await loadText(kring.url, WRITABLE, anna, 't')).not.toContain('Geen overdracht');
  });
});
