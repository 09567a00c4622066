/**
 * Profile photos over HTTP: Anna puts her face in the smoelenboek from her phone. The server keeps a square without
 * the photo's GPS position and shows it to whoever may see Anna's profile, and nobody else; a client's photo only
 * to the people of their client space, and to fellow clients only when the client chose so. Other people try with
 * their own valid sessions what a raw HTTP client can send.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import exifr from 'exifr';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { phonePhoto, pngPicture } from '../support/pictures.ts';
import { me, useKring, useSessions } from '../support/server.ts';
import { api, invitePerson } from './admin-support.ts';

const MAX_BYTES = 300_000;

interface OwnAnswer {
  profile: { id: string; photo: string | null };
}

describe('profile photos', () => {
  const kring = useKring({ env: { FILE_MAX_BYTES: String(MAX_BYTES) } });
  const sessions = useSessions(kring, ['admin', 'anna', 'bram', 'daan', 'eva']);
  const ids = { anna: '', bram: '', daan: '', eva: '' };
  beforeAll(async () => {
    for (const name of ['anna', 'bram', 'daan', 'eva'] as const) ids[name] = (await me(kring.url, sessions[name])).user.id;
  });

  const put = (cookie: string, body: Uint8Array, contentType = 'image/jpeg') =>
    fetch(`${kring.url}/api/me/photo`, { method: 'PUT', headers: { cookie, 'content-type': contentType }, body: body.slice().buffer });
  const photoOf = (cookie: string, userId: string) => fetch(`${kring.url}/api/people/${userId}/photo`, { headers: { cookie } });
  const onDisk = (id: string) => join(kring.dataDir, 'files', id.slice(0, 2), id);
  const photoInDirectory = async (cookie: string, userId: string) => {
    const people = (await api<{ people: { id: string; photo: string | null }[] }>(kring.url, cookie, 'GET', '/api/people')).body.people;
    return people.find((person) => person.id === userId)?.photo;
  };

  it('keeps a square of Anna’s phone photo without its GPS position, shown to colleagues through her profile', async () => {
    const photo = await phonePhoto(640, 480);
    expect(await exifr.gps(photo)).toBeTruthy();
    // Whatever type the device names: the server reads it from the bytes.
    const response = await put(sessions.anna, photo, 'application/octet-stream');
    expect(response.status).toBe(200);
    const { profile } = (await response.json()) as OwnAnswer;
    expect(profile.photo).toMatch(/^[0-9a-f]{64}$/);
    expect(await photoInDirectory(sessions.bram, ids.anna)).toBe(profile.photo);

    const seen = await photoOf(sessions.bram, ids.anna);
    expect(seen.status).toBe(200);
    expect(seen.headers.get('content-type')).toBe('image/jpeg');
    expect(seen.headers.get('content-security-policy')).toContain('sandbox');
    expect(seen.headers.get('x-content-type-options')).toBe('nosniff');
    const bytes = new Uint8Array(await seen.arrayBuffer());
    expect(await sharp(bytes).metadata()).toMatchObject({ width: 480, height: 480, format: 'jpeg' });
    expect(await exifr.gps(bytes)).toBeUndefined();
    // Not through the posts' route: the photo belongs to no document.
    expect((await fetch(`${kring.url}/api/files/${profile.photo}`, { headers: { cookie: sessions.bram } })).status).toBe(404);
    // A browser asking again with what it has gets 304.
    const again = await fetch(`${kring.url}/api/people/${ids.anna}/photo`, { headers: { cookie: sessions.bram, 'if-none-match': seen.headers.get('etag')! } });
    expect(again.status).toBe(304);
  });

  it('deletes the photo it replaces, and the photo when Anna takes it away', async () => {
    const first = ((await (await put(sessions.anna, await pngPicture())).json()) as OwnAnswer).profile.photo!;
    expect(existsSync(onDisk(first))).toBe(true);
    const second = ((await (await put(sessions.anna, await phonePhoto())).json()) as OwnAnswer).profile.photo!;
    expect(second).not.toBe(first);
    expect(existsSync(onDisk(first))).toBe(false);
    expect(existsSync(onDisk(second))).toBe(true);

    const removed = await fetch(`${kring.url}/api/me/photo`, { method: 'DELETE', headers: { cookie: sessions.anna } });
    expect(removed.status).toBe(200);
    expect(((await removed.json()) as OwnAnswer).profile.photo).toBeNull();
    expect(existsSync(onDisk(second))).toBe(false);
    expect((await photoOf(sessions.bram, ids.anna)).status).toBe(404);
    expect(await photoInDirectory(sessions.bram, ids.anna)).toBeNull();
  });

  it("shows a client's photo to the staff of the client's space and nobody else, and to fellow clients only when the client chose so", async () => {
    const daans = ((await (await put(sessions.daan, await phonePhoto())).json()) as OwnAnswer).profile.photo!;
    expect((await photoOf(sessions.anna, ids.daan)).status).toBe(200);
    // Bram, Eva and the administrator share no client space with Daan: the same 404 as for nobody.
    for (const name of ['bram', 'eva', 'admin'] as const) {
      const refused = await photoOf(sessions[name], ids.daan);
      expect(refused.status, name).toBe(404);
      expect(refused.headers.get('content-type'), name).toContain('application/json');
    }
    const fellow = await invitePerson(kring.url, sessions.admin, 'client', [{ spaceId: 'clientenplein', role: 'member' }], 'Fien Foto');
    expect(await photoInDirectory(fellow.cookie, ids.daan)).toBeNull();
    expect((await photoOf(fellow.cookie, ids.daan)).status).toBe(404);
    expect((await api(kring.url, sessions.daan, 'PATCH', '/api/me/profile', { shareWithClients: true })).status).toBe(200);
    expect(await photoInDirectory(fellow.cookie, ids.daan)).toBe(daans);
    expect((await photoOf(fellow.cookie, ids.daan)).status).toBe(200);
    expect((await api(kring.url, sessions.daan, 'PATCH', '/api/me/profile', { shareWithClients: false })).status).toBe(200);
    expect((await photoOf(fellow.cookie, ids.daan)).status).toBe(404);
  });

  it('refuses what is not a picture, too large, and without a session; keeps the photo there was', async () => {
    const kept = ((await (await put(sessions.bram, await phonePhoto())).json()) as OwnAnswer).profile.photo!;
    const html = new TextEncoder().encode('<html><script>alert(1)</script></html>');
    const svg = new TextEncoder().encode('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>');
    for (const body of [html, svg, new Uint8Array(0), new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3])]) {
      const refused = await put(sessions.bram, body);
      expect(refused.status).toBe(415);
    }
    const tooLarge = await put(sessions.bram, new Uint8Array(MAX_BYTES + 1));
    expect(tooLarge.status).toBe(413);
    expect((await fetch(`${kring.url}/api/me/photo`, { method: 'PUT', body: (await pngPicture()).slice().buffer })).status).toBe(401);
    expect(await photoInDirectory(sessions.anna, ids.bram)).toBe(kept);
    expect(existsSync(onDisk(kept))).toBe(true);
    // Someone else's id in the address only ever gives that person's photo, if any.
    expect((await fetch(`${kring.url}/api/people/${ids.bram}/photo?v=${'0'.repeat(64)}`, { headers: { cookie: sessions.anna } })).status).toBe(200);
    expect((await photoOf(sessions.anna, 'no-such-person')).status).toBe(404);
  });
});
