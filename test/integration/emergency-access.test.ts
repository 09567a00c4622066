/**
 * Emergency access (docs/privacy.md): an administrator who is no member of a team space declares a reason and reads
 * the space for a limited time, never writes; it is in the access log as `emergency`, the space's owners see who,
 * when, why and until when, and it ends by itself: open sockets close, the batch and new sockets are refused again.
 * Everyone else is refused, over HTTP, sockets and the batch, as a raw client would try.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { AccessLogAnswer, EmergencyAccessAnswer, EmergencyAccessList } from '../../packages/contract/src/index.ts';
import { decodeBatchResponse, encodeBatchRequest, type BatchResponseItem } from '../../packages/protocol/src/index.ts';
import { useClients } from '../support/clients.ts';
import { waitForSaved } from '../support/providers.ts';
import { health, me, useKring, useSessions, type KringServer } from '../support/server.ts';
import { waitFor } from '../support/wait.ts';
import { api, invitePerson, type Invited } from './admin-support.ts';

const CLOSE_FORBIDDEN = 4403;
const REASON = 'Anna is ziek en het overdrachtsprotocol van vannacht is nodig';

/** A read of `docName` through the sync batch, as a device's background sync asks. */
async function batchRead(kring: KringServer, cookie: string, docName: string): Promise<BatchResponseItem> {
  const response = await fetch(`${kring.url}/api/sync/batch`, {
    method: 'POST',
    headers: { cookie, 'content-type': 'application/octet-stream' },
    body: encodeBatchRequest([{ docName, stateVector: Y.encodeStateVector(new Y.Doc()), update: new Uint8Array() }]).slice().buffer,
  });
  expect(response.status).toBe(200);
  return decodeBatchResponse(new Uint8Array(await response.arrayBuffer()))[0];
}

/** The text of a page as the batch answered it. */
function textOf(item: BatchResponseItem): string {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, item.diff);
  return doc.getText('body').toString();
}

describe('emergency access while it holds', () => {
  const kring = useKring();
  const sessions = useSessions(kring, ['anna', 'bram', 'daan', 'admin']);
  const { open, rawSocket, syncingSocket } = useClients(kring);
  let officer: Invited;
  let member: Invited;
  const docName = `noord/page/nood-${Date.now().toString(36)}`;

  beforeAll(async () => {
    officer = await invitePerson(kring.url, sessions.admin, 'privacy', [], 'Priya Privacy');
    member = await invitePerson(kring.url, sessions.admin, 'employee', [{ spaceId: 'noord', role: 'member' }], 'Mees Medewerker');
    const anna = await open(docName, sessions.anna);
    anna.doc.getText('body').insert(0, 'Overdracht: mevrouw Jansen krijgt om 22 uur haar medicatie');
    await waitForSaved(anna);
  });

  it('refuses an administrator without it: socket 4403, batch forbidden', async () => {
    const socket = rawSocket(docName, { cookie: sessions.admin });
    expect((await socket.waitForClose()).code).toBe(CLOSE_FORBIDDEN);
    expect(socket.received).toEqual([]);
    expect((await batchRead(kring, sessions.admin, docName)).status).toBe('forbidden');
  });

  it('is declared by nobody but an administrator: members, other employees, clients and the privacy officer are refused', async () => {
    const body = { reason: REASON };
    expect((await api(kring.url, sessions.anna, 'POST', '/api/spaces/noord/emergency-access', body)).status).toBe(403);
    expect((await api(kring.url, member.cookie, 'POST', '/api/spaces/noord/emergency-access', body)).status).toBe(403);
    // Who does not see the space learns nothing about it.
    expect((await api(kring.url, sessions.bram, 'POST', '/api/spaces/noord/emergency-access', body)).status).toBe(404);
    expect((await api(kring.url, sessions.daan, 'POST', '/api/spaces/noord/emergency-access', body)).status).toBe(404);
    expect((await api(kring.url, officer.cookie, 'POST', '/api/spaces/noord/emergency-access', body)).status).toBe(404);
    expect((await api(kring.url, '', 'POST', '/api/spaces/noord/emergency-access', body)).status).toBe(401);
    // Not where he sees the space anyway.
    expect((await api(kring.url, sessions.admin, 'POST', '/api/spaces/nieuws/emergency-access', body)).status).toBe(403);
    expect((await api(kring.url, sessions.admin, 'POST', '/api/spaces/bestaat-niet/emergency-access', body)).status).toBe(404);
    // Still nothing for anyone.
    const socket = rawSocket(docName, { cookie: sessions.bram });
    expect((await socket.waitForClose()).code).toBe(CLOSE_FORBIDDEN);
  });

  it('needs a reason of a few words: missing, too short, not text or too long is refused', async () => {
    for (const body of [{}, { reason: '' }, { reason: '   nood   ' }, { reason: 42 }, { reason: 'x'.repeat(501) }, 'nood']) {
      const answer = await api(kring.url, sessions.admin, 'POST', '/api/spaces/noord/emergency-access', body);
      expect(answer.status, JSON.stringify(body)).toBe(400);
    }
    expect((await batchRead(kring, sessions.admin, docName)).status).toBe('forbidden');
  });

  it('lets the administrator read, never write, once declared; the owner sees who, when, why and until when; the log has it', async () => {
    const before = Date.now();
    const declared = await api<EmergencyAccessAnswer>(kring.url, sessions.admin, 'POST', '/api/spaces/noord/emergency-access', { reason: `  ${REASON}  ` });
    expect(declared.status).toBe(201);
    const grant = declared.body.emergencyAccess;
    expect(grant).toMatchObject({ spaceId: 'noord', reason: REASON, active: true });
    // Four hours by default.
    expect(Date.parse(grant.endsAt) - Date.parse(grant.startedAt)).toBe(4 * 60 * 60 * 1000);

    const item = await batchRead(kring, sessions.admin, docName);
    expect(item.status).toBe('ok');
    expect(textOf(item)).toContain('mevrouw Jansen');
    const socket = await syncingSocket(docName, sessions.admin);
    expect(socket.received.length).toBeGreaterThan(0);
    const spaces = (await me(kring.url, sessions.admin)).spaces as { id: string; role: string | null; emergencyUntil?: string }[];
    expect(spaces.find((space) => space.id === 'noord')).toMatchObject({ role: 'reader', emergencyUntil: grant.endsAt });

    // Read only: his write through a stock client is dropped, the stored page stays Anna's.
    const dropped = (await health(kring.url)).sync.readOnlyWritesDropped;
    const admin = await open(docName, sessions.admin);
    admin.doc.getText('body').insert(0, 'GEWIJZIGD ');
    await waitFor(async () => (await health(kring.url)).sync.readOnlyWritesDropped > dropped, 'the write dropped');
    const write = await batchRead(kring, sessions.anna, docName);
    expect(textOf(write)).not.toContain('GEWIJZIGD');

    // The owner sees it; a member who is no owner and an employee of another team do not.
    const list = await api<EmergencyAccessList>(kring.url, sessions.anna, 'GET', '/api/spaces/noord/emergency-access');
    expect(list.status).toBe(200);
    expect(list.body.canDeclare).toBe(false);
    expect(list.body.entries[0]).toMatchObject({ id: grant.id, by: { name: 'Beheerder' }, reason: REASON, endsAt: grant.endsAt, active: true });
    expect((await api(kring.url, member.cookie, 'GET', '/api/spaces/noord/emergency-access')).status).toBe(403);
    expect((await api(kring.url, sessions.bram, 'GET', '/api/spaces/noord/emergency-access')).status).toBe(404);
    expect((await api(kring.url, sessions.daan, 'GET', '/api/spaces/noord/emergency-access')).status).toBe(404);

    // The access log holds the declaration (ids only: the reason is not in it) and what he read under it.
    const adminId = (await me(kring.url, sessions.admin)).user.id;
    const declaredLog = await api<AccessLogAnswer>(kring.url, officer.cookie, 'GET', `/api/access-log?document=${encodeURIComponent(`noord/emergency/${grant.id}`)}`);
    expect(declaredLog.body.entries).toHaveLength(1);
    expect(declaredLog.body.entries[0]).toMatchObject({ event: 'emergency', accessPoint: 'api', actor: { kind: 'person', id: adminId } });
    expect(Date.parse(declaredLog.body.entries[0].at)).toBeGreaterThanOrEqual(before - 1000);
    const reads = await api<AccessLogAnswer>(kring.url, officer.cookie, 'GET', `/api/access-log?document=${encodeURIComponent(docName)}`);
    expect(reads.body.entries.map((e) => `${e.event}/${e.accessPoint}`)).toContain('read/batch');
    expect(JSON.stringify([declaredLog.body, reads.body])).not.toContain('overdrachtsprotocol');
  });
});

describe('emergency access when it ends', () => {
  // Three seconds instead of four hours, so the end comes within the test.
  const kring = useKring({ env: { EMERGENCY_ACCESS_MINUTES: '0.05' } });
  const sessions = useSessions(kring, ['anna', 'admin']);
  const { rawSocket, syncingSocket } = useClients(kring);

  it('closes his open socket with 4403 by itself and refuses him again over sockets and the batch', async () => {
    const docName = `noord/page/einde-${Date.now().toString(36)}`;
    const declared = await api<EmergencyAccessAnswer>(kring.url, sessions.admin, 'POST', '/api/spaces/noord/emergency-access', { reason: REASON });
    expect(declared.status).toBe(201);
    const socket = await syncingSocket(docName, sessions.admin);
    // Nobody changes anything meanwhile: the end alone closes it.
    expect((await socket.waitForClose()).code).toBe(CLOSE_FORBIDDEN);
    expect(Date.now()).toBeGreaterThanOrEqual(Date.parse(declared.body.emergencyAccess.endsAt));
    const again = rawSocket(docName, { cookie: sessions.admin });
    expect((await again.waitForClose()).code).toBe(CLOSE_FORBIDDEN);
    expect(again.received).toEqual([]);
    expect((await batchRead(kring, sessions.admin, docName)).status).toBe('forbidden');
    const list = await api<EmergencyAccessList>(kring.url, sessions.anna, 'GET', '/api/spaces/noord/emergency-access');
    expect(list.body.entries[0]).toMatchObject({ id: declared.body.emergencyAccess.id, active: false });
    const spaces = (await me(kring.url, sessions.admin)).spaces as { id: string }[];
    expect(spaces.map((space) => space.id)).not.toContain('noord');
  });
});
