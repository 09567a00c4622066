/**
 * GET /api/spaces/<space>/members: the colleagues a task can be assigned or handed over to. Only someone who
 * can see the space gets the list, and the list holds the people the access policy lets in, of whom only those
 * the policy lets the asker see: being a client is health data, so a client is listed only to people who share
 * a client space with them.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { login, useKring } from '../support/server.ts';
import { createSpace, invitePerson } from './admin-support.ts';

async function members(url: string, spaceId: string, cookie?: string): Promise<{ status: number; names?: string[]; body: unknown }> {
  const response = await fetch(`${url}/api/spaces/${spaceId}/members`, { headers: cookie ? { cookie } : {} });
  const body = (await response.json()) as { members?: { id: string; name: string }[] };
  return { status: response.status, names: body.members?.map((member) => member.name), body };
}

describe('space members', () => {
  const kring = useKring();
  const cookies: Record<string, string> = {};
  beforeAll(async () => {
    for (const who of ['anna', 'bram', 'daan', 'admin']) cookies[who] = await login(kring.url, `${who}@kring.test`);
    // A second client community with its own client, and an external partner invited into the news space.
    await createSpace(kring.url, cookies.admin, 'duinroos', 'Cliëntenraad Duinroos', 'client');
    cookies.fenna = (await invitePerson(kring.url, cookies.admin, 'client', [{ spaceId: 'duinroos', role: 'member' }], 'Fenna de Boer')).cookie;
    cookies.gast = (await invitePerson(kring.url, cookies.admin, 'guest', [{ spaceId: 'nieuws', role: 'reader' }], 'Gijs Gast')).cookie;
  });

  it("lists a team space's members, with their ids and names, to a member", async () => {
    const { status, body } = await members(kring.url, 'noord', cookies.anna);
    expect(status).toBe(200);
    expect(body).toEqual({ members: [{ id: expect.stringMatching(/.+/), name: 'Anna de Vries' }] });
  });

  it('lists the clients and the employee in a client space to its members', async () => {
    expect((await members(kring.url, 'clientenplein', cookies.daan)).names).toEqual(['Anna de Vries', 'Daan Bakker']);
    expect((await members(kring.url, 'duinroos', cookies.fenna)).names).toEqual(['Fenna de Boer']);
  });

  it('never lists a client of another client space to a client, in an organisation-wide space they both read', async () => {
    expect((await members(kring.url, 'nieuws', cookies.daan)).names).toEqual(['Anna de Vries', 'Beheerder', 'Bram Jansen', 'Daan Bakker', 'Eva Visser', 'Gijs Gast']);
    expect((await members(kring.url, 'nieuws', cookies.fenna)).names).toEqual(['Anna de Vries', 'Beheerder', 'Bram Jansen', 'Eva Visser', 'Fenna de Boer', 'Gijs Gast']);
  });

  it('lists a client in an organisation-wide space only to staff and guests who share a client space with them', async () => {
    expect((await members(kring.url, 'nieuws', cookies.anna)).names).toEqual(['Anna de Vries', 'Beheerder', 'Bram Jansen', 'Daan Bakker', 'Eva Visser', 'Gijs Gast']);
    for (const who of ['bram', 'admin', 'gast']) {
      expect((await members(kring.url, 'nieuws', cookies[who])).names, who).toEqual(['Anna de Vries', 'Beheerder', 'Bram Jansen', 'Eva Visser', 'Gijs Gast']);
    }
  });

  it('refuses the list of a space the person cannot see, the same way whether or not the space exists', async () => {
    for (const [who, space] of [
      ['bram', 'noord'],
      ['daan', 'zuid'],
      ['anna', 'bestaat-niet'],
    ] as const) {
      const { status, body, names } = await members(kring.url, space, cookies[who]);
      expect(status, `${who} → ${space}`).toBe(404);
      expect(names).toBeUndefined();
      expect(body).toMatchObject({ error: { code: 'not_found' } });
    }
  });

  it('answers 401 without a session', async () => {
    const { status, body } = await members(kring.url, 'noord');
    expect(status).toBe(401);
    expect(body).toMatchObject({ error: { code: 'no_session' } });
  });
});
