/**
 * Administration over HTTP: roles, deactivation, spaces and memberships; every action in the audit log, and only
 * for administrators. Invites are in admin-invites.test.ts.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { useClients } from '../support/clients.ts';
import { login, me, useKring, useSessions } from '../support/server.ts';
import { api, invitePerson, observeSocket } from './admin-support.ts';

const CLOSE_FORBIDDEN = 4403;
const CLOSE_SESSION_ENDED = 4410;

interface AuditEntry {
  userId: string | null;
  action: string;
  subject: string | null;
  detail: unknown;
}

describe('administration', () => {
  const kring = useKring();
  const sessions = useSessions(kring, ['admin']);
  let adminId: string;
  const { syncingSocket } = useClients(kring);
  const auditSince = async (count = 50) => (await api<{ entries: AuditEntry[] }>(kring.url, sessions.admin, 'GET', `/api/admin/audit?limit=${count}`)).body.entries;

  beforeAll(async () => {
    adminId = (await me(kring.url, sessions.admin)).user.id;
  });

  describe('only for administrators', () => {
    const endpoints: [string, string, unknown?][] = [
      ['GET', '/api/admin/people'],
      ['PATCH', '/api/admin/people/x', { role: 'admin' }],
      ['GET', '/api/admin/spaces'],
      ['POST', '/api/admin/spaces', { name: 'X', kind: 'team' }],
      ['GET', '/api/admin/spaces/noord'],
      ['PATCH', '/api/admin/spaces/noord', { name: 'X' }],
      ['PUT', '/api/admin/spaces/noord/members/x', { role: 'member' }],
      ['DELETE', '/api/admin/spaces/noord/members/x'],
      ['GET', '/api/admin/invites'],
      ['POST', '/api/admin/invites', { role: 'admin' }],
      ['DELETE', '/api/admin/invites/x'],
      ['GET', '/api/admin/audit'],
    ];

    it('answers 403 to every other role and 401 without a session, changing nothing', async () => {
      const before = (await api<{ people: unknown[] }>(kring.url, sessions.admin, 'GET', '/api/admin/people')).body.people.length;
      for (const email of ['anna@kring.test', 'daan@kring.test', 'eva@kring.test']) {
        const cookie = await login(kring.url, email);
        for (const [method, path, body] of endpoints) {
          const response = await api(kring.url, cookie, method, path, body);
          expect(response.status, `${email} ${method} ${path}`).toBe(403);
          expect(response.body).toMatchObject({ error: { code: 'forbidden' } });
        }
      }
      for (const [method, path, body] of endpoints) expect((await api(kring.url, '', method, path, body)).status, `${method} ${path}`).toBe(401);
      expect((await api<{ people: unknown[] }>(kring.url, sessions.admin, 'GET', '/api/admin/people')).body.people).toHaveLength(before);
    });
  });

  describe('people', () => {
    it('lists everyone with role, state and memberships, and no password hashes', async () => {
      const response = await api<{ people: { email: string; role: string; active: boolean; memberships: unknown[] }[] }>(kring.url, sessions.admin, 'GET', '/api/admin/people');
      expect(response.status).toBe(200);
      expect(response.body.people.find((p) => p.email === 'anna@kring.test')).toMatchObject({
        role: 'employee',
        active: true,
        memberships: [
          { spaceId: 'clientenplein', role: 'member' },
          { spaceId: 'noord', role: 'owner' },
        ],
      });
      expect(JSON.stringify(response.body)).not.toContain('argon2');
    });

    it('changes a role at once: team sockets of someone who became a client close with 4403', async () => {
      const person = await invitePerson(kring.url, sessions.admin, 'employee', [{ spaceId: 'noord', role: 'member' }], 'Wordt Cliënt');
      const socket = await syncingSocket('noord/page/valpreventie', person.cookie);
      const changed = await api(kring.url, sessions.admin, 'PATCH', `/api/admin/people/${person.id}`, { role: 'client' });
      expect(changed.status).toBe(200);
      expect(changed.body).toMatchObject({ person: { role: 'client' } });
      expect((await socket.waitForClose()).code).toBe(CLOSE_FORBIDDEN);
      expect((await me(kring.url, person.cookie)).spaces.map((s) => s.id)).not.toContain('noord');
      expect((await observeSocket(kring.url, person.cookie, 'noord/page/valpreventie', 'x')).access).toBe('none');
      expect((await auditSince()).find((e) => e.action === 'admin.person.role' && e.subject === person.id)).toMatchObject({
        userId: adminId,
        detail: { from: 'employee', to: 'client' },
      });
    });

    it('deactivates: every session ends, every socket closes with 4410, logging in fails; reactivating lets them in again', async () => {
      const person = await invitePerson(kring.url, sessions.admin, 'employee', [{ spaceId: 'noord', role: 'member' }], 'Vertrekt');
      const laptop = await login(kring.url, person.email, 'welkom-123');
      const phoneSocket = await syncingSocket('noord/page/valpreventie', person.cookie);
      const laptopSocket = await syncingSocket('noord/feed/2026-11', laptop);
      const bystander = await syncingSocket('noord/page/valpreventie', await login(kring.url, 'anna@kring.test'));

      const response = await api(kring.url, sessions.admin, 'PATCH', `/api/admin/people/${person.id}`, { active: false });
      expect(response.status).toBe(200);
      expect(response.body).toMatchObject({ person: { active: false } });
      expect((await phoneSocket.waitForClose()).code).toBe(CLOSE_SESSION_ENDED);
      expect((await laptopSocket.waitForClose()).code).toBe(CLOSE_SESSION_ENDED);
      expect(bystander.isOpen).toBe(true);
      for (const cookie of [person.cookie, laptop]) expect((await api(kring.url, cookie, 'GET', '/api/me')).status).toBe(401);
      await expect(login(kring.url, person.email, 'welkom-123')).rejects.toThrow(/401/);

      expect((await api(kring.url, sessions.admin, 'PATCH', `/api/admin/people/${person.id}`, { active: true })).status).toBe(200);
      await login(kring.url, person.email, 'welkom-123');
      const actions = (await auditSince()).filter((e) => e.subject === person.id).map((e) => e.action);
      expect(actions).toEqual(expect.arrayContaining(['admin.person.deactivate', 'admin.person.reactivate']));
    });

    it('keeps at least one administrator: no demoting or deactivating yourself', async () => {
      const demote = await api(kring.url, sessions.admin, 'PATCH', `/api/admin/people/${adminId}`, { role: 'employee' });
      expect(demote.status).toBe(409);
      expect(demote.body).toMatchObject({ error: { code: 'self' } });
      expect((await api(kring.url, sessions.admin, 'PATCH', `/api/admin/people/${adminId}`, { active: false })).status).toBe(409);
      expect((await me(kring.url, sessions.admin)).user.role).toBe('admin');
    });

    it('refuses bad input and unknown people', async () => {
      expect((await api(kring.url, sessions.admin, 'PATCH', `/api/admin/people/${adminId}`, { role: 'koning' })).status).toBe(400);
      expect((await api(kring.url, sessions.admin, 'PATCH', `/api/admin/people/${adminId}`, { active: 'nee' })).status).toBe(400);
      expect((await api(kring.url, sessions.admin, 'PATCH', '/api/admin/people/niemand', { role: 'client' })).status).toBe(404);
    });
  });

  describe('spaces and memberships', () => {
    it('creates a space of a kind, renames it, and lists it with features and members', async () => {
      const created = await api<{ space: { id: string } }>(kring.url, sessions.admin, 'POST', '/api/admin/spaces', { name: 'Buurtteam Oost-Centrum', kind: 'team' });
      expect(created.status).toBe(201);
      expect(created.body.space).toMatchObject({ id: 'buurtteam-oost-centrum', kind: 'team', audience: 'team', memberCount: 0 });
      const twin = await api<{ space: { id: string } }>(kring.url, sessions.admin, 'POST', '/api/admin/spaces', { name: 'Buurtteam Oost-Centrum', kind: 'team' });
      expect(twin.body.space.id).toBe('buurtteam-oost-centrum-2');
      expect((await api(kring.url, sessions.admin, 'POST', '/api/admin/spaces', { id: 'noord', name: 'Dubbel', kind: 'team' })).status).toBe(409);
      expect((await api(kring.url, sessions.admin, 'POST', '/api/admin/spaces', { name: 'X', kind: 'kantine' })).status).toBe(400);

      const renamed = await api(kring.url, sessions.admin, 'PATCH', '/api/admin/spaces/buurtteam-oost-centrum', { name: 'Buurtteam Oost' });
      expect(renamed.body).toMatchObject({ space: { id: 'buurtteam-oost-centrum', name: 'Buurtteam Oost' } });
      const list = await api<{ spaces: { id: string; features: string[] }[] }>(kring.url, sessions.admin, 'GET', '/api/admin/spaces');
      expect(list.body.spaces.find((s) => s.id === 'buurtteam-oost-centrum')).toMatchObject({
        name: 'Buurtteam Oost',
        features: ['feed', 'wiki', 'boards', 'chat', 'polls', 'activities'],
      });
      const actions = (await auditSince()).filter((e) => e.subject === 'buurtteam-oost-centrum').map((e) => e.action);
      expect(actions).toEqual(expect.arrayContaining(['admin.space.create', 'admin.space.rename']));
    });

    it('adds, changes and removes a membership; access follows at once', async () => {
      const person = await invitePerson(kring.url, sessions.admin, 'employee', [], 'Nieuwe Collega');
      expect((await observeSocket(kring.url, person.cookie, 'zuid/page/valpreventie', 'x')).access).toBe('none');

      expect((await api(kring.url, sessions.admin, 'PUT', `/api/admin/spaces/zuid/members/${person.id}`, { role: 'member' })).status).toBe(200);
      expect((await observeSocket(kring.url, person.cookie, 'zuid/page/valpreventie', 'lid')).access).toBe('write');

      const socket = await syncingSocket('zuid/page/valpreventie', person.cookie);
      expect((await api(kring.url, sessions.admin, 'PUT', `/api/admin/spaces/zuid/members/${person.id}`, { role: 'reader' })).status).toBe(200);
      expect((await observeSocket(kring.url, person.cookie, 'zuid/page/valpreventie', 'lezer')).access).toBe('read');
      const members = await api<{ members: { userId: string; membership: string }[] }>(kring.url, sessions.admin, 'GET', '/api/admin/spaces/zuid');
      expect(members.body.members.find((m) => m.userId === person.id)).toMatchObject({ membership: 'reader' });

      const removed = await api(kring.url, sessions.admin, 'DELETE', `/api/admin/spaces/zuid/members/${person.id}`);
      expect(removed.body).toEqual({ removed: true });
      expect((await socket.waitForClose()).code).toBe(CLOSE_FORBIDDEN);
      expect((await observeSocket(kring.url, person.cookie, 'zuid/page/valpreventie', 'weg')).access).toBe('none');
      expect((await api(kring.url, sessions.admin, 'DELETE', `/api/admin/spaces/zuid/members/${person.id}`)).body).toEqual({ removed: false });

      const actions = (await auditSince()).filter((e) => (e.detail as { userId?: string } | null)?.userId === person.id).map((e) => e.action);
      expect(actions.sort()).toEqual(['admin.membership.remove', 'admin.membership.set', 'admin.membership.set']);
    });

    it('never puts a client in a team space', async () => {
      const daanId = (await me(kring.url, await login(kring.url, 'daan@kring.test'))).user.id;
      const response = await api(kring.url, sessions.admin, 'PUT', `/api/admin/spaces/noord/members/${daanId}`, { role: 'reader' });
      expect(response.status).toBe(409);
      expect(response.body).toMatchObject({ error: { code: 'client_in_team_space' } });
    });
  });
});
