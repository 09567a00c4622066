/**
 * Community insight over the wire (issue 21, item 4): figures made from real activity in the test (people invited
 * and signed in, posts and comments written through sync sockets, a protocol approved through the API and opened
 * by some of each team), the rule that no figure is shown for fewer than five people (JSON and CSV), who may see it,
 * and that no answer carries a person's id or name.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { addComment, addPage, appendPageBlocks, createPost, feedDocId } from '../../packages/shapes/src/index.ts';
import { useClients } from '../support/clients.ts';
import { waitForSaved } from '../support/providers.ts';
import { login, me, useKring, useSessions } from '../support/server.ts';
import { api, createSpace, invitePerson, type Invited } from './admin-support.ts';

interface Reach {
  document: string;
  title: string;
  kind: string;
  teams: { spaceId: string; name: string; share: number | null }[];
}
interface Answer {
  weeks: string[];
  activePeople: (number | null)[];
  spaces: { spaceId: string; posts: (number | null)[]; comments: (number | null)[] }[];
  reach: Reach[];
  minGroup: number;
}

const PROTOCOL = 'nieuws/page/medicatie-protocol';

describe('community insight', () => {
  const kring = useKring();
  const sessions = useSessions(kring, ['eva', 'admin', 'anna', 'daan']);
  const { open } = useClients(kring);
  const teams: Record<'oost' | 'west' | 'klein', Invited[]> = { oost: [], west: [], klein: [] };
  const names: string[] = [];
  let guest: Invited;

  beforeAll(async () => {
    await createSpace(kring.url, sessions.admin, 'oost', 'Wijkteam Oost', 'team');
    await createSpace(kring.url, sessions.admin, 'west', 'Wijkteam West', 'team');
    await createSpace(kring.url, sessions.admin, 'klein', 'Wijkteam Klein', 'team');
    for (const [team, size] of [['oost', 6], ['west', 6], ['klein', 3]] as const) {
      for (let i = 1; i <= size; i++) {
        const name = `Medewerker ${team} ${i}`;
        names.push(name);
        teams[team].push(await invitePerson(kring.url, sessions.admin, 'employee', [{ spaceId: team, role: 'member' }], name));
      }
    }
    guest = await invitePerson(kring.url, sessions.admin, 'guest', [{ spaceId: 'oost', role: 'reader' }], 'Gast Partner');
    names.push('Gast Partner');

    // Three posts and a comment in Oost this week, one post in the small team.
    const month = feedDocId(new Date());
    const oost = await open(`oost/feed/${month}`, teams.oost[0]!.cookie);
    const postId = createPost(oost.doc, { authorId: teams.oost[0]!.id, authorName: 'Medewerker oost 1', text: 'Wie neemt zaterdag de dienst over?' });
    createPost(oost.doc, { authorId: teams.oost[0]!.id, authorName: 'Medewerker oost 1', text: 'Overdracht staat op het bord.' });
    await waitForSaved(oost);
    const second = await open(`oost/feed/${month}`, teams.oost[1]!.cookie);
    createPost(second.doc, { authorId: teams.oost[1]!.id, authorName: 'Medewerker oost 2', text: 'Nieuwe sleutelkast bij de voordeur.' });
    addComment(second.doc, postId, { authorId: teams.oost[1]!.id, authorName: 'Medewerker oost 2', text: 'Ik doe het.' });
    await waitForSaved(second);
    const klein = await open(`klein/feed/${month}`, teams.klein[0]!.cookie);
    createPost(klein.doc, { authorId: teams.klein[0]!.id, authorName: 'Medewerker klein 1', text: 'Goedemorgen.' });
    await waitForSaved(klein);

    // Eva writes a new protocol in the news space and approves it.
    const index = await open('nieuws/index/main', sessions.eva);
    addPage(index.doc, { id: 'medicatie-protocol', title: 'Nieuw protocol medicatie' });
    await waitForSaved(index);
    const page = await open(PROTOCOL, sessions.eva);
    appendPageBlocks(page.doc, [{ type: 'paragraph', text: 'Controleer de medicatie samen met een collega.' }]);
    await waitForSaved(page);
    const eva = (await me(kring.url, sessions.eva)).user;
    expect((await api(kring.url, sessions.eva, 'PUT', '/api/documents/control', { name: PROTOCOL, ownerId: eva.id })).status).toBe(200);
    expect((await api(kring.url, sessions.eva, 'POST', '/api/documents/control/approve', { name: PROTOCOL })).status).toBe(200);

    // Five of six in Oost open it, one of six in West, two of three in the small team; some open it twice.
    const reads = [...teams.oost.slice(0, 5), teams.oost[0]!, teams.west[0]!, ...teams.klein.slice(0, 2)];
    for (const person of reads) {
      const read = await api<{ counted: boolean }>(kring.url, person.cookie, 'POST', '/api/insight/reads', { document: PROTOCOL });
      expect(read).toMatchObject({ status: 200, body: { counted: true } });
    }
  });

  it('shows the community manager that reading of the new protocol lags in one team', async () => {
    const answer = await api<Answer>(kring.url, sessions.eva, 'GET', '/api/insight');
    expect(answer.status).toBe(200);
    const protocol = answer.body.reach.find((item) => item.document === PROTOCOL);
    expect(protocol).toMatchObject({ kind: 'protocol', title: 'Nieuw protocol medicatie' });
    const share = (team: string) => protocol!.teams.find((entry) => entry.spaceId === team)?.share;
    expect(share('oost')).toBeCloseTo(5 / 6);
    expect(share('west')).toBeCloseTo(1 / 6);
    // Groups under five: the small team and the demo's teams (one employee each) get no figure.
    expect(share('klein')).toBeNull();
    expect(share('noord')).toBeNull();
    expect(share('zuid')).toBeNull();
  });

  it('counts active people this week and the posts and comments per space, never for a space under five people', async () => {
    const answer = (await api<Answer>(kring.url, sessions.admin, 'GET', '/api/insight')).body;
    expect(answer.weeks).toHaveLength(8);
    expect(answer.minGroup).toBe(5);
    // Everyone invited signed in this week, as did the four demo accounts of this test.
    expect(answer.activePeople.at(-1)).toBeGreaterThanOrEqual(16 + 4);
    const space = (id: string) => answer.spaces.find((entry) => entry.spaceId === id)!;
    expect(space('oost').posts.at(-1)).toBe(3);
    expect(space('oost').comments.at(-1)).toBe(1);
    expect(space('oost').posts.slice(0, -1).every((count) => count === 0)).toBe(true);
    expect(space('klein').posts).toEqual(Array(8).fill(null));
    expect(space('klein').comments).toEqual(Array(8).fill(null));
    expect(space('noord').posts.every((count) => count === null)).toBe(true);
  });

  it('counts a read only for a page that is news or an approved protocol, and that the person may read', async () => {
    const reader = teams.west[1]!;
    // An ordinary team page is not counted, nor a protocol of a team the person is not in.
    expect((await api(kring.url, reader.cookie, 'POST', '/api/insight/reads', { document: 'west/page/rooster' })).body).toEqual({ counted: false });
    expect((await api(kring.url, sessions.daan, 'POST', '/api/insight/reads', { document: 'oost/page/geheim' })).body).toEqual({ counted: false });
    // Anything that is not a page's name, or too big, is refused.
    for (const body of [{ document: 'nieuws/feed/2026-12' }, { document: 'x'.repeat(300) }, { document: 12 }, { document: PROTOCOL, extra: 1 }, []]) {
      expect((await api(kring.url, reader.cookie, 'POST', '/api/insight/reads', body)).status).toBe(400);
    }
    expect((await api(kring.url, '', 'POST', '/api/insight/reads', { document: PROTOCOL })).status).toBe(401);
    // A page of another origin cannot report reads with the person's session.
    const crossSite = await fetch(`${kring.url}/api/insight/reads`, {
      method: 'POST',
      headers: { cookie: reader.cookie, origin: 'https://evil.example', 'content-type': 'application/json' },
      body: JSON.stringify({ document: PROTOCOL }),
    });
    expect(crossSite.status).toBe(403);
    const protocol = (await api<Answer>(kring.url, sessions.eva, 'GET', '/api/insight')).body.reach.find((item) => item.document === PROTOCOL)!;
    expect(protocol.teams.find((team) => team.spaceId === 'west')?.share).toBeCloseTo(1 / 6);
  });

  it("shows the share of the desk's questions answered within a day this week, and nothing for fewer than five", async () => {
    const overview = async () => (await api<Answer & { questionsAnsweredWithinADay?: (number | null)[] }>(kring.url, sessions.eva, 'GET', '/api/insight')).body;
    const ask = async (n: number) => {
      const id = `inzicht-vraag-${Date.now().toString(36)}-${n}`;
      const asked = await api<{ question: { id: string } }>(kring.url, sessions.anna, 'POST', '/api/desk/questions', { id, deskId: 'ondersteuning', subject: `Vraag ${n}`, body: 'Hoe werkt de declaratie?', category: 'finance' });
      expect(asked.status).toBe(201);
      return id;
    };
    // Four questions this week: too few to show.
    const asked = [await ask(1), await ask(2), await ask(3), await ask(4)];
    expect((await overview()).questionsAnsweredWithinADay?.at(-1)).toBeNull();
    asked.push(await ask(5));
    // Bram of the support office answers four of the five at once.
    const bram = await login(kring.url, 'bram@kring.test');
    for (const id of asked.slice(0, 4)) expect((await api(kring.url, bram, 'POST', `/api/desk/questions/${id}/messages`, { body: 'Via het formulier op de balie.' })).status).toBe(201);
    expect((await overview()).questionsAnsweredWithinADay?.at(-1)).toBe(0.8);
  });

  it('refuses everyone but editors and administrators: an employee, a client, a guest, no session', async () => {
    for (const cookie of [sessions.anna, sessions.daan, guest.cookie, teams.oost[0]!.cookie]) {
      const json = await api(kring.url, cookie, 'GET', '/api/insight');
      expect(json.status).toBe(403);
      expect((await api(kring.url, cookie, 'GET', '/api/insight?format=csv')).status).toBe(403);
    }
    expect((await api(kring.url, '', 'GET', '/api/insight')).status).toBe(401);
    expect((await api(kring.url, sessions.eva, 'GET', '/api/insight?format=xml')).status).toBe(400);
  });

  it('carries no person id or name, and its CSV leaves out the same small groups', async () => {
    const json = await fetch(`${kring.url}/api/insight`, { headers: { cookie: sessions.eva } });
    const csv = await fetch(`${kring.url}/api/insight?format=csv`, { headers: { cookie: sessions.eva } });
    expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(csv.headers.get('content-disposition')).toMatch(/^attachment; filename="inzicht-\d{4}-\d{2}-\d{2}\.csv"$/);
    const bodies = [await json.text(), await csv.text()];
    const demo = await Promise.all(['eva', 'admin', 'anna', 'daan'].map(async (name) => (await me(kring.url, sessions[name as 'eva'])).user));
    const everyone = [...Object.values(teams).flat(), guest].map((person) => person.id).concat(demo.map((person) => person.id));
    for (const body of bodies) {
      for (const id of everyone) expect(body).not.toContain(id);
      for (const name of [...names, ...demo.map((person) => person.name)]) expect(body).not.toContain(name);
    }
    const rows = bodies[1]!.trim().split('\r\n');
    expect(rows[0]).toBe('"figure","space","week_or_page","value"');
    expect(rows).toContain('"read_share","Wijkteam Oost","Nieuw protocol medicatie","0.83"');
    expect(rows).toContain('"read_share","Wijkteam West","Nieuw protocol medicatie","0.17"');
    expect(rows).toContain('"read_share","Wijkteam Klein","Nieuw protocol medicatie","te weinig mensen"');
    const kleinPosts = rows.filter((row) => row.startsWith('"posts","Wijkteam Klein"'));
    expect(kleinPosts).toHaveLength(8);
    for (const row of kleinPosts) expect(row.endsWith('"te weinig mensen"')).toBe(true);
  });
});
