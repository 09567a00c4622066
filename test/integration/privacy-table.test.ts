/**
 * Invariant 3, the whole table: for every organisation role × space kind × membership × kind of document, the
 * server grants over a raw socket, and over the batch endpoint, exactly what the access policy says: refused
 * before any message, read (writes dropped), or write. People and spaces are made through the admin API.
 */
import * as Y from 'yjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { MEMBERSHIP_ROLES, ORG_ROLES, SPACE_KINDS, access, type MembershipRole, type OrgRole, type SpaceKind } from '../../packages/access/src/index.ts';
import { TABLE_DOCUMENTS, grantedUser, tableDocName } from '../../packages/access/src/table.ts';
import { decodeBatchResponse, encodeBatchRequest, isCoveredBy } from '../../packages/protocol/src/index.ts';
import { createPost, sendMessage } from '../../packages/shapes/src/index.ts';
import { login, me, useKring, useSessions } from '../support/server.ts';
import { api, createSpace, inParallel, invitePerson, observeSocket, type Invited, type Observed } from './admin-support.ts';

const CLOSE_FORBIDDEN = 4403;
const SPACE_OF: Record<SpaceKind, string> = { team: 'tabel-team', client: 'tabel-client', news: 'tabel-news', organisation: 'tabel-org' };
const MEMBERSHIPS: (MembershipRole | null)[] = [...MEMBERSHIP_ROLES, null];

interface Person extends Invited {
  role: OrgRole;
  /** The membership the person was given in every table space (null: none). */
  membership: MembershipRole | null;
}

/** The membership `person` really has in a space of `kind`: clients are never put in team spaces. */
const actualMembership = (person: Person, kind: SpaceKind) => (kind === 'team' && person.role === 'client' ? null : person.membership);

describe('the privacy table over the wire', () => {
  const kring = useKring();
  const sessions = useSessions(kring, ['admin']);
  /** Someone else's submissions are Daan's (a client): the case that matters most. */
  let otherAuthor: string;
  const people: Person[] = [];

  beforeAll(async () => {
    otherAuthor = (await me(kring.url, await login(kring.url, 'daan@kring.test'))).user.id;
    for (const kind of SPACE_KINDS) await createSpace(kring.url, sessions.admin, SPACE_OF[kind], `Tabel ${kind}`, kind);
    for (const role of ORG_ROLES) {
      for (const membership of MEMBERSHIPS) {
        const spaces = membership === null ? [] : SPACE_KINDS.filter((kind) => !(kind === 'team' && role === 'client')).map((kind) => ({ spaceId: SPACE_OF[kind], role: membership }));
        // A guest without any space cannot be invited (they would see nothing): give them one outside the table.
        if (role === 'guest' && spaces.length === 0) spaces.push({ spaceId: 'clientenplein', role: 'reader' });
        const person = await invitePerson(kring.url, sessions.admin, role, spaces, `${role} ${membership ?? 'geen lid'}`);
        people.push({ ...person, role, membership });
      }
    }
  }, 120_000);

  it('refuses to make a client a member of a team space', async () => {
    const client = people.find((p) => p.role === 'client' && p.membership === 'member')!;
    const response = await api(kring.url, sessions.admin, 'PUT', `/api/admin/spaces/${SPACE_OF.team}/members/${client.id}`, { role: 'member' });
    expect(response.status).toBe(409);
    expect(response.body).toMatchObject({ error: { code: 'client_in_team_space' } });
  });

  it('lists in /api/me exactly the table spaces the policy lets each person see', async () => {
    for (const person of people) {
      const listed = (await me(kring.url, person.cookie)).spaces.map((s) => s.id).filter((id) => id.startsWith('tabel-'));
      const expected = SPACE_KINDS.filter((kind) => access(grantedUser(person.id, person.role, 's', kind, actualMembership(person, kind)), 's/index/main') !== 'none').map(
        (kind) => SPACE_OF[kind],
      );
      expect(listed.sort(), `${person.role} ${person.membership}`).toEqual(expected.sort());
    }
  });

  it('grants over raw sockets exactly what the policy says, refusing with 4403 before any message', async () => {
    const mismatches: string[] = [];
    const seen: { person: Person; kind: SpaceKind; document: string; access: Observed }[] = [];
    for (const person of people) {
      const cases = SPACE_KINDS.flatMap((kind) => TABLE_DOCUMENTS.map((document) => ({ kind, document })));
      await inParallel(cases, 14, async ({ kind, document }) => {
        const spaceId = SPACE_OF[kind];
        const name = tableDocName(spaceId, document, person.id, otherAuthor);
        const expected = access(grantedUser(person.id, person.role, spaceId, kind, actualMembership(person, kind)), name);
        const observed = await observeSocket(kring.url, person.cookie, name, `socket ${person.id} ${name}`);
        seen.push({ person, kind, document, access: observed.access });
        const label = `${person.role} ${person.membership ?? 'non-member'} · ${kind} · ${document}`;
        if (observed.access !== expected) mismatches.push(`${label}: policy ${expected}, server ${observed.access}`);
        if (observed.access === 'none' && (observed.closeCode !== CLOSE_FORBIDDEN || observed.received.length > 0)) {
          mismatches.push(`${label}: refused with ${observed.closeCode} after ${observed.received.length} messages`);
        }
      });
    }
    expect(seen).toHaveLength(ORG_ROLES.length * MEMBERSHIPS.length * SPACE_KINDS.length * TABLE_DOCUMENTS.length);
    expect(mismatches).toEqual([]);

    // The promises that matter most, checked against what the server did rather than against the policy.
    const granted = (filter: (cell: (typeof seen)[number]) => boolean) => seen.filter(filter).filter((cell) => cell.access !== 'none');
    expect(granted((c) => c.person.role === 'client' && c.kind === 'team')).toEqual([]);
    expect(granted((c) => c.person.role === 'guest' && c.person.membership === null)).toEqual([]);
    expect(granted((c) => c.document === "someone else's submission").map((c) => [c.person.role, c.kind, c.access])).toEqual(
      seen.filter((c) => c.document === "someone else's submission" && ['editor', 'admin'].includes(c.person.role) && c.kind === 'news').map((c) => [c.person.role, 'news', 'write']),
    );
    expect(seen.filter((c) => c.person.role === 'client' && c.person.membership === null && c.kind === 'news' && c.document === 'page').map((c) => c.access)).toEqual(['read']);
  });

  it('grants over POST /api/sync/batch exactly what the policy says, and sends nothing of what it refuses', async () => {
    const mismatches: string[] = [];
    for (const person of people) {
      const cases = SPACE_KINDS.flatMap((kind) => TABLE_DOCUMENTS.map((document) => ({ kind, document, name: tableDocName(SPACE_OF[kind], document, person.id, otherAuthor) })));
      // A feed and a chat take only posts and messages in the writer's own name; elsewhere any text will do.
      const self = (await me(kring.url, person.cookie)).user;
      const docs = cases.map(({ name }) => {
        const doc = new Y.Doc();
        const kind = name.split('/')[1];
        if (kind === 'feed') createPost(doc, { authorId: self.id, authorName: self.name, text: `batch ${person.id} ${name}` });
        else if (kind === 'chat') sendMessage(doc, { authorId: self.id, authorName: self.name, text: `batch ${person.id} ${name}` });
        else doc.getText('table').insert(0, `batch ${person.id} ${name}`);
        return doc;
      });
      const body = encodeBatchRequest(cases.map(({ name }, i) => ({ docName: name, stateVector: Y.encodeStateVector(docs[i]), update: Y.encodeStateAsUpdate(docs[i]) })));
      const response = await fetch(`${kring.url}/api/sync/batch`, {
        method: 'POST',
        headers: { cookie: person.cookie, 'content-type': 'application/octet-stream' },
        body: body.slice().buffer,
      });
      expect(response.status).toBe(200);
      const items = decodeBatchResponse(new Uint8Array(await response.arrayBuffer()));
      cases.forEach(({ kind, document, name }, i) => {
        const expected = access(grantedUser(person.id, person.role, SPACE_OF[kind], kind, actualMembership(person, kind)), name);
        const item = items[i];
        const observed: Observed = item.status === 'forbidden' ? 'none' : isCoveredBy(Y.encodeStateVector(docs[i]), item.saved) ? 'write' : 'read';
        const label = `${person.role} ${person.membership ?? 'non-member'} · ${kind} · ${document}`;
        if (item.docName !== name || item.status === 'malformed') mismatches.push(`${label}: answered ${item.docName} ${item.status}`);
        if (observed !== expected) mismatches.push(`${label}: policy ${expected}, batch ${observed}`);
        if (observed === 'none' && (item.diff.byteLength > 0 || item.saved.byteLength > 0)) mismatches.push(`${label}: refused but sent ${item.diff.byteLength} bytes`);
      });
    }
    expect(mismatches).toEqual([]);
  });

  it('lets a guest see only the spaces they were invited into', async () => {
    for (const guest of people.filter((p) => p.role === 'guest')) {
      const spaces = (await me(kring.url, guest.cookie)).spaces.map((s) => s.id).sort();
      const invited = guest.membership === null ? ['clientenplein'] : SPACE_KINDS.map((kind) => SPACE_OF[kind]).sort();
      expect(spaces, `guest ${guest.membership}`).toEqual(invited);
      for (const name of ['nieuws/page/welkom', 'nieuws/index/main', 'noord/page/valpreventie']) {
        expect((await observeSocket(kring.url, guest.cookie, name, 'gast')).access, name).toBe('none');
      }
    }
  });
});
