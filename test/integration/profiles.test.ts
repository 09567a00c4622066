/**
 * Profiles and the smoelenboek over HTTP, from other people's valid sessions: who is listed for whom, how much of
 * a client anyone sees, who may change which field, and hostile bodies.
 */
import { describe, expect, it } from 'vitest';
import { useKring, useSessions } from '../support/server.ts';
import { api, createSpace, invitePerson } from './admin-support.ts';

interface Profile {
  id: string;
  name: string;
  kind: string;
  jobTitle: string | null;
  phone: string | null;
  email: string | null;
  locations: string[];
  expertise: string[];
  teams: string[];
  about: string;
  languages: string[];
  workingDays: string[];
}

describe('profiles and the smoelenboek', () => {
  const kring = useKring();
  const sessions = useSessions(kring, ['admin', 'anna', 'bram', 'daan', 'eva']);
  const directory = async (cookie: string) => {
    const response = await api<{ people: Profile[] }>(kring.url, cookie, 'GET', '/api/people');
    expect(response.status).toBe(200);
    return response.body.people;
  };
  const byName = (people: Profile[], name: string) => people.find((person) => person.name === name);

  it('lets a colleague of another team find who does wound care in Noord, with her phone', async () => {
    const people = await directory(sessions.bram);
    const anna = byName(people, 'Anna de Vries');
    expect(anna).toMatchObject({ kind: 'staff', jobTitle: 'Wijkverpleegkundige', locations: ['Noord'], phone: '06 12345678', email: 'anna@kring.test', teams: ['Buurtteam Noord'] });
    expect(anna?.expertise).toContain('wondverzorging');
  });

  it("never shows a client's profile to staff outside the client spaces they share", async () => {
    // Bram and Eva share no client space with Daan; the administrator is in no space at all.
    for (const name of ['bram', 'eva', 'admin'] as const) {
      const people = await directory(sessions[name]);
      expect(byName(people, 'Daan Bakker'), name).toBeUndefined();
      expect(people.every((person) => person.kind === 'staff'), name).toBe(true);
      const daanId = byName(await directory(sessions.anna), 'Daan Bakker')!.id;
      const one = await api(kring.url, sessions[name], 'GET', `/api/people/${daanId}`);
      expect(one.status, name).toBe(404);
      expect(JSON.stringify(one.body)).not.toContain('Daan');
    }
  });

  it("shows staff of a shared client space the client's minimal profile, and nothing of the organisation's fields", async () => {
    const daan = byName(await directory(sessions.anna), 'Daan Bakker');
    expect(daan).toMatchObject({ kind: 'client', about: 'Ik wandel graag en ik hou van puzzels.', phone: null, email: null, jobTitle: null, expertise: [], teams: [] });
  });

  it('lets a client find the people of their client space and nobody else', async () => {
    const people = await directory(sessions.daan);
    expect(people.map((person) => person.name).sort()).toEqual(['Anna de Vries', 'Daan Bakker']);
    const bramId = byName(await directory(sessions.anna), 'Bram Jansen')!.id;
    expect((await api(kring.url, sessions.daan, 'GET', `/api/people/${bramId}`)).status).toBe(404);
  });

  it("shows a fellow client only the name until the client chooses to share more", async () => {
    const other = await invitePerson(kring.url, sessions.admin, 'client', [{ spaceId: 'clientenplein', role: 'member' }], 'Fien Client');
    const seen = () => directory(other.cookie).then((people) => byName(people, 'Daan Bakker'));
    expect(await seen()).toMatchObject({ kind: 'client', about: '', languages: [] });
    expect((await api(kring.url, sessions.daan, 'PATCH', '/api/me/profile', { shareWithClients: true })).status).toBe(200);
    expect(await seen()).toMatchObject({ about: 'Ik wandel graag en ik hou van puzzels.', languages: ['Nederlands'] });
    expect((await api(kring.url, sessions.daan, 'PATCH', '/api/me/profile', { shareWithClients: false })).status).toBe(200);
    expect((await seen())?.about).toBe('');
  });

  it('keeps a client of another client space out of sight of a client', async () => {
    await createSpace(kring.url, sessions.admin, 'dagbesteding', 'Dagbesteding', 'client');
    const elsewhere = await invitePerson(kring.url, sessions.admin, 'client', [{ spaceId: 'dagbesteding', role: 'member' }], 'Gerrit Elders');
    expect(byName(await directory(sessions.daan), 'Gerrit Elders')).toBeUndefined();
    expect((await api(kring.url, sessions.daan, 'GET', `/api/people/${elsewhere.id}`)).status).toBe(404);
    expect(byName(await directory(elsewhere.cookie), 'Anna de Vries')).toBeUndefined();
  });

  it('lets people edit their own fields, not the organisation\'s, and a client only a minimal profile', async () => {
    const changed = await api<{ profile: Profile }>(kring.url, sessions.bram, 'PATCH', '/api/me/profile', { expertise: ['dementie', 'wondverzorging'], workingDays: ['fri', 'mon'], about: '  Hallo  ' });
    expect(changed.status).toBe(200);
    expect(changed.body.profile).toMatchObject({ expertise: ['dementie', 'wondverzorging'], workingDays: ['mon', 'fri'], about: 'Hallo', phone: '06 23456789' });
    for (const body of [{ phone: '06 99999999' }, { jobTitle: 'Directeur' }, { locations: ['Overal'] }]) {
      const refused = await api(kring.url, sessions.bram, 'PATCH', '/api/me/profile', body);
      expect(refused.status, JSON.stringify(body)).toBe(400);
      expect(refused.body).toMatchObject({ error: { code: 'bad_request' } });
    }
    expect((await api(kring.url, sessions.daan, 'PATCH', '/api/me/profile', { expertise: ['alles'] })).status).toBe(400);
    expect((await api(kring.url, sessions.bram, 'PATCH', '/api/me/profile', { shareWithClients: true })).status).toBe(400);
    expect(byName(await directory(sessions.anna), 'Bram Jansen')).toMatchObject({ phone: '06 23456789', jobTitle: 'Verzorgende IG' });
  });

  it("lets only administrators change the organisation's fields, audited", async () => {
    const bramId = byName(await directory(sessions.anna), 'Bram Jansen')!.id;
    for (const name of ['anna', 'bram', 'eva', 'daan'] as const) {
      const refused = await api(kring.url, sessions[name], 'PATCH', `/api/admin/people/${bramId}/profile`, { phone: '06 00000000' });
      expect(refused.status, name).toBe(403);
    }
    expect((await api(kring.url, '', 'PATCH', `/api/admin/people/${bramId}/profile`, { phone: '06 00000000' })).status).toBe(401);
    const changed = await api<{ profile: Profile }>(kring.url, sessions.admin, 'PATCH', `/api/admin/people/${bramId}/profile`, { jobTitle: 'Wijkverpleegkundige', locations: ['Zuid', 'Noord'], phone: '+31 6 11112222' });
    expect(changed.status).toBe(200);
    expect(byName(await directory(sessions.anna), 'Bram Jansen')).toMatchObject({ jobTitle: 'Wijkverpleegkundige', locations: ['Zuid', 'Noord'], phone: '+31 6 11112222' });
    const audit = await api<{ entries: { action: string; subject: string }[] }>(kring.url, sessions.admin, 'GET', '/api/admin/audit?limit=5');
    expect(audit.body.entries.some((entry) => entry.action === 'admin.person.profile' && entry.subject === bramId)).toBe(true);
    expect((await api(kring.url, sessions.admin, 'PATCH', '/api/admin/people/nobody/profile', { phone: '06 00000000' })).status).toBe(404);
  });

  it('refuses hostile bodies: wrong shapes 400 with the field named, too large 413', async () => {
    const bad: unknown[] = [
      null,
      [],
      'tekst',
      { expertise: 'wondverzorging' },
      { expertise: [1, 2] },
      { expertise: Array.from({ length: 21 }, (_, i) => `vak ${i}`) },
      { expertise: ['a'.repeat(41)] },
      { expertise: ['Wond', 'wond'] },
      { expertise: ['   '] },
      { languages: [{ toString: 'x' }] },
      { about: 'a'.repeat(1001) },
      { workingDays: ['maandag'] },
      { workingDays: ['mon', 'mon'] },
      { __proto__: { admin: true }, constructor: 'x' },
    ];
    for (const body of bad) {
      const response = await api<{ error: { code: string; message: string } }>(kring.url, sessions.anna, 'PATCH', '/api/me/profile', body);
      expect(response.status, JSON.stringify(body)).toBe(400);
      expect(response.body.error.code).toBe('bad_request');
      expect(response.body.error.message.length).toBeGreaterThan(0);
    }
    const named = await api<{ error: { message: string } }>(kring.url, sessions.anna, 'PATCH', '/api/me/profile', { about: 'a'.repeat(1001) });
    expect(named.body.error.message).toMatch(/^about: /);
    const notJson = await fetch(`${kring.url}/api/me/profile`, { method: 'PATCH', headers: { cookie: sessions.anna, 'content-type': 'application/json' }, body: '{"about":' });
    expect(notJson.status).toBe(400);
    const huge = await api(kring.url, sessions.anna, 'PATCH', '/api/me/profile', { about: 'x'.repeat(20_000) });
    expect(huge.status).toBe(413);
    expect(huge.body).toMatchObject({ error: { code: 'too_large' } });
    for (const phone of ['bel me', '1', '0'.repeat(30), '06-1234<script>']) {
      const bramId = byName(await directory(sessions.anna), 'Bram Jansen')!.id;
      expect((await api(kring.url, sessions.admin, 'PATCH', `/api/admin/people/${bramId}/profile`, { phone })).status, phone).toBe(400);
    }
    // Nothing of it stuck.
    expect(byName(await directory(sessions.bram), 'Anna de Vries')?.about).toBe('Ik werk sinds 2015 in de wijk. Vragen over wonden? Bel of app mij gerust.');
  });

  it('answers 401 without a session and 304 when the directory did not change', async () => {
    expect((await api(kring.url, '', 'GET', '/api/people')).status).toBe(401);
    expect((await api(kring.url, '', 'GET', '/api/me/profile')).status).toBe(401);
    expect((await api(kring.url, '', 'PATCH', '/api/me/profile', { about: 'x' })).status).toBe(401);
    const first = await fetch(`${kring.url}/api/people`, { headers: { cookie: sessions.eva } });
    const etag = first.headers.get('etag')!;
    expect(first.headers.get('cache-control')).toBe('no-store');
    const again = await fetch(`${kring.url}/api/people`, { headers: { cookie: sessions.eva, 'if-none-match': etag } });
    expect(again.status).toBe(304);
    // Another person's etag tells nothing: their list is theirs.
    const daans = await fetch(`${kring.url}/api/people`, { headers: { cookie: sessions.daan, 'if-none-match': etag } });
    expect(daans.status).toBe(200);
  });

  it('leaves deactivated people out of the smoelenboek', async () => {
    const leaving = await invitePerson(kring.url, sessions.admin, 'employee', [{ spaceId: 'noord', role: 'member' }], 'Henk Vertrekt');
    expect(byName(await directory(sessions.bram), 'Henk Vertrekt')).toBeDefined();
    expect((await api(kring.url, sessions.admin, 'PATCH', `/api/admin/people/${leaving.id}`, { active: false })).status).toBe(200);
    expect(byName(await directory(sessions.bram), 'Henk Vertrekt')).toBeUndefined();
  });
});
