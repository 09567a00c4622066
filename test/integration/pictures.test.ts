/**
 * Pictures over the wire: Anna posts a photo taken on her phone in her team's feed. The server reads the type from
 * the bytes, keeps the picture without its GPS position, serves it so it never runs, and only to people who may read
 * the feed. When the post goes, the picture goes, from disk too. Daan (a client) and Bram (another team) try with
 * their own valid sessions what a raw HTTP or Yjs client can send.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import exifr from 'exifr';
import sharp from 'sharp';
import * as Y from 'yjs';
import { beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { createPost, deleteMessage, deletePost, fileId, getMessage, getPost, listPosts, sendMessage } from '../../packages/shapes/src/index.ts';
import { useClients } from '../support/clients.ts';
import { phonePhoto, pngPicture } from '../support/pictures.ts';
import { waitForSaved } from '../support/providers.ts';
import { health, login, me, startKring, useKring, useSessions } from '../support/server.ts';
import { waitFor } from '../support/wait.ts';

const MAX_BYTES = 300_000;

describe('pictures', () => {
  const kring = useKring({ env: { FILE_MAX_BYTES: String(MAX_BYTES) } });
  const sessions = useSessions(kring, ['anna', 'bram', 'daan']);
  const { open } = useClients(kring);
  const ids = { anna: '', bram: '', daan: '' };
  beforeAll(async () => {
    for (const name of ['anna', 'bram', 'daan'] as const) ids[name] = (await me(kring.url, sessions[name])).user.id;
  });

  let month = 0;
  /** A feed document of its own per test, in a month the demo never wrote. */
  const freshFeed = (space: string) => `${space}/feed/2042-${String(++month).padStart(2, '0')}`;

  const upload = (cookie: string, document: string, key: string, body: Uint8Array, contentType = 'image/jpeg') =>
    fetch(`${kring.url}/api/files?${new URLSearchParams({ document, key })}`, { method: 'POST', headers: { cookie, 'content-type': contentType }, body: body.slice().buffer });
  const download = (cookie: string, id: string) => fetch(`${kring.url}/api/files/${id}`, { headers: { cookie } });
  const onDisk = (id: string) => join(kring.dataDir, 'files', id.slice(0, 2), id);

  /** Anna's post with her phone photo in `docName`, saved on the server: the post's id, the file's id, her client. */
  const annasPhotoPost = async (docName: string, key = 'foto1') => {
    const uploaded = await upload(sessions.anna, docName, key, await phonePhoto());
    expect(uploaded.status).toBe(201);
    const anna = await open(docName, sessions.anna);
    const postId = createPost(anna.doc, { authorId: ids.anna, authorName: 'Anna de Vries', text: 'De nieuwe fietsen staan er.', pictures: [key] });
    await waitForSaved(anna);
    return { anna, postId, fileId: fileId(ids.anna, docName, key) };
  };

  it('keeps a team post’s phone photo without its GPS position or camera, and shows it to the team', async () => {
    const docName = freshFeed('noord');
    const photo = await phonePhoto();
    expect(await exifr.gps(photo)).toMatchObject({ latitude: expect.closeTo(52.1, 1) });
    const uploaded = await upload(sessions.anna, docName, 'k1', photo, 'application/octet-stream');
    expect(uploaded.status).toBe(201);
    const stored = await uploaded.json();
    expect(stored).toMatchObject({ id: fileId(ids.anna, docName, 'k1'), document: docName, key: 'k1', contentType: 'image/jpeg', width: 64, height: 48 });

    const response = await download(sessions.anna, stored.id);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('image/jpeg');
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('content-security-policy')).toBe("default-src 'none'; sandbox; frame-ancestors 'none'");
    expect(response.headers.get('content-disposition')).toMatch(/^inline; filename="foto-[0-9a-f]{12}\.jpeg"$/);
    expect(response.headers.get('cache-control')).toMatch(/^private/);
    const bytes = new Uint8Array(await response.arrayBuffer());
    expect(await exifr.parse(bytes)).toBeUndefined();
    expect((await sharp(bytes).metadata()).exif).toBeUndefined();
    expect(Buffer.from(bytes).includes('Kringfoon')).toBe(false);

    const etag = response.headers.get('etag')!;
    expect((await fetch(`${kring.url}/api/files/${stored.id}`, { headers: { cookie: sessions.anna, 'if-none-match': etag } })).status).toBe(304);
  });

  it('answers 404 to a client and to another team, as for a picture that does not exist, and 401 without a session', async () => {
    const docName = freshFeed('noord');
    const { fileId: id } = await annasPhotoPost(docName);
    const missing = await download(sessions.anna, '0'.repeat(64));
    expect(missing.status).toBe(404);
    const missingBody = await missing.json();
    for (const cookie of [sessions.daan, sessions.bram]) {
      const refused = await download(cookie, id);
      expect(refused.status).toBe(404);
      expect(await refused.json()).toEqual(missingBody);
    }
    expect((await fetch(`${kring.url}/api/files/${id}`)).status).toBe(401);
    for (const bad of ['..%2F..%2Fkring.sqlite', 'ABC', `${id}x`]) expect((await download(sessions.anna, bad)).status).toBe(404);
  });

  it('refuses uploads to a document the person may not write', async () => {
    expect((await upload(sessions.daan, freshFeed('noord'), 'k1', await phonePhoto())).status).toBe(403);
    expect((await upload(sessions.bram, freshFeed('noord'), 'k1', await phonePhoto())).status).toBe(403);
    expect((await upload(sessions.anna, 'noord/page/x', 'k1', await phonePhoto())).status).toBe(400);
    expect((await upload(sessions.anna, freshFeed('noord'), '../x', await phonePhoto())).status).toBe(400);
    expect((await upload(sessions.anna, 'no-such-name', 'k1', await phonePhoto())).status).toBe(400);
  });

  it.each([
    ['HTML and script named .png', new TextEncoder().encode('<!doctype html><script>fetch("/api/me")</script>'), 'image/png'],
    ['an SVG with a script', new TextEncoder().encode('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>'), 'image/svg+xml'],
    ['PNG magic bytes before HTML', new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, ...new TextEncoder().encode('<script>alert(1)</script>')]), 'image/png'],
    ['nothing at all', new Uint8Array(), 'image/png'],
  ])('refuses %s with 415 and stores nothing', async (_, body, type) => {
    const docName = freshFeed('noord');
    const response = await upload(sessions.anna, docName, 'forged', body, type);
    expect(response.status).toBe(415);
    expect((await response.json()).error.code).toBe('unsupported_type');
    const id = fileId(ids.anna, docName, 'forged');
    expect((await download(sessions.anna, id)).status).toBe(404);
    expect(existsSync(onDisk(id))).toBe(false);
  });

  it('refuses an upload over FILE_MAX_BYTES with 413, also when the body streams in without a length', async () => {
    const response = await upload(sessions.anna, freshFeed('noord'), 'big', new Uint8Array(MAX_BYTES + 1));
    expect(response.status).toBe(413);
    expect((await response.json()).error.code).toBe('too_large');
    // Chunked, with no Content-Length to refuse it by: counted as it comes.
    const chunk = new Uint8Array(64 * 1024);
    let sent = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent > 2 * MAX_BYTES) return controller.close();
        sent += chunk.byteLength;
        controller.enqueue(chunk);
      },
    });
    const streamed = await fetch(`${kring.url}/api/files?${new URLSearchParams({ document: freshFeed('noord'), key: 'stream' })}`, {
      method: 'POST',
      headers: { cookie: sessions.anna, 'content-type': 'application/octet-stream' },
      body,
      duplex: 'half',
    } as RequestInit);
    expect(streamed.status).toBe(413);
  });

  it('answers a retried upload (the outbox after a lost answer) with the same file, stored once', async () => {
    const docName = freshFeed('noord');
    const first = await upload(sessions.anna, docName, 'again', await pngPicture(), 'image/png');
    expect(first.status).toBe(201);
    const second = await upload(sessions.anna, docName, 'again', await pngPicture(), 'image/png');
    expect(second.status).toBe(200);
    expect(await second.json()).toEqual(await first.json());
  });

  it('deletes the picture, from disk too, when its post is deleted', async () => {
    const docName = freshFeed('noord');
    const { anna, postId, fileId: id } = await annasPhotoPost(docName);
    expect(existsSync(onDisk(id))).toBe(true);
    deletePost(anna.doc, postId);
    await waitForSaved(anna);
    await waitFor(async () => (await download(sessions.anna, id)).status === 404, 'the picture to be gone');
    expect(existsSync(onDisk(id))).toBe(false);
  });

  it('never shows another person’s picture in a post: a post names keys, and a key finds only its author’s own upload', async () => {
    const docName = freshFeed('clientenplein');
    const { postId, fileId: annasFile } = await annasPhotoPost(docName, 'van-anna');
    // Daan puts Anna's key in a post of his own: it names his upload under that key, which does not exist.
    const daan = await open(docName, sessions.daan);
    const daansPost = createPost(daan.doc, { authorId: ids.daan, authorName: 'Daan Bakker', text: 'Mijn foto', pictures: ['van-anna'] });
    await waitForSaved(daan);
    expect(getPost(daan.doc, daansPost)?.pictures).toEqual(['van-anna']);
    expect((await download(sessions.daan, fileId(ids.daan, docName, 'van-anna'))).status).toBe(404);
    // Deleting his own post leaves Anna's picture alone.
    deletePost(daan.doc, daansPost);
    await waitForSaved(daan);
    expect((await download(sessions.daan, annasFile)).status).toBe(200);
    // Setting pictures on Anna's post is not his to do: the server refuses it, and her post stays as she made it.
    const before = (await health(kring.url)).sync.changesRefused;
    (daan.doc.getMap('posts').get(postId) as Y.Map<unknown>).set('pictures', ['van-daan']);
    await waitFor(async () => (await health(kring.url)).sync.changesRefused > before, 'the server to refuse the change');
    const stored = (await open(docName, sessions.anna, new Y.Doc())).doc;
    expect(getPost(stored, postId)?.pictures).toEqual(['van-anna']);
    expect(listPosts(stored)).toHaveLength(1);
  });
});

describe('photos in a chat', () => {
  const kring = useKring();
  const sessions = useSessions(kring, ['anna', 'bram', 'eva']);
  const { open } = useClients(kring);
  const ids = { anna: '', bram: '', eva: '' };
  beforeAll(async () => {
    for (const name of ['anna', 'bram', 'eva'] as const) ids[name] = (await me(kring.url, sessions[name])).user.id;
  });
  const upload = (cookie: string, document: string, key: string, body: Uint8Array) =>
    fetch(`${kring.url}/api/files?${new URLSearchParams({ document, key })}`, { method: 'POST', headers: { cookie, 'content-type': 'image/jpeg' }, body: body.slice().buffer });
  const download = (cookie: string, id: string) => fetch(`${kring.url}/api/files/${id}`, { headers: { cookie } });

  it('a photo in a one-to-one: the other sees it, nobody outside does, nobody adds one to a message later, and it goes with its message', async () => {
    const started = await fetch(`${kring.url}/api/conversations/direct`, { method: 'POST', headers: { cookie: sessions.anna, 'content-type': 'application/json', origin: kring.url }, body: JSON.stringify({ personId: ids.bram }) });
    expect(started.status).toBe(200);
    const { id: conversationId } = ((await started.json()) as { conversation: { id: string } }).conversation;
    const docName = `${conversationId}/chat/2042-01`;
    expect((await upload(sessions.anna, docName, 'wond', await phonePhoto())).status).toBe(201);
    // Someone outside the conversation cannot upload for it.
    expect((await upload(sessions.eva, docName, 'ook', await phonePhoto())).status).toBe(403);
    const anna = await open(docName, sessions.anna);
    const messageId = sendMessage(anna.doc, { authorId: ids.anna, authorName: 'Anna de Vries', text: '', pictures: ['wond'] });
    await waitForSaved(anna);
    const id = fileId(ids.anna, docName, 'wond');
    expect((await download(sessions.bram, id)).status).toBe(200);
    expect((await download(sessions.eva, id)).status).toBe(404);

    // Bram cannot put photos on her message, nor can she add some after sending it.
    for (const [who, writer] of [
      ['bram', sessions.bram],
      ['anna', sessions.anna],
    ] as const) {
      const raw = await open(docName, writer, new Y.Doc());
      const before = (await health(kring.url)).sync.changesRefused;
      (raw.doc.getMap('messages').get(messageId) as Y.Map<unknown>).set('pictures', ['wond', 'andere']);
      await waitFor(async () => (await health(kring.url)).sync.changesRefused > before, `the server to refuse ${who}'s change`);
      raw.destroy();
    }
    // Nor sends one with something else than picture keys in it.
    const raw = await open(docName, sessions.bram, new Y.Doc());
    const before = (await health(kring.url)).sync.changesRefused;
    raw.doc.transact(() => {
      const forged = new Y.Map<unknown>();
      raw.doc.getMap('messages').set('vals', forged);
      for (const [key, value] of Object.entries({ authorId: ids.bram, authorName: 'Bram Jansen', text: '', createdAt: new Date().toISOString(), pictures: ['../../etc/passwd'] })) forged.set(key, value);
    });
    await waitFor(async () => (await health(kring.url)).sync.changesRefused > before, 'the server to refuse the forged pictures');
    raw.destroy();
    expect(getMessage((await open(docName, sessions.bram, new Y.Doc())).doc, messageId)?.pictures).toEqual(['wond']);

    deleteMessage(anna.doc, messageId);
    await waitForSaved(anna);
    await waitFor(async () => (await download(sessions.anna, id)).status === 404, 'the photo to be gone with its message');
  });
});

describe('pictures and the bytes a minute', () => {
  it('refuses a person who sends too much at once with 429 and Retry-After, and keeps nothing of it', async () => {
    const photo = await phonePhoto(800, 600);
    const kring = await startKring({ env: { QUOTA_BYTES_PER_MINUTE: String(Math.round(photo.byteLength * 1.5)) } });
    onTestFinished(() => kring.stop());
    const anna = await login(kring.url, 'anna@kring.test');
    const docName = 'noord/feed/2043-01';
    const send = (key: string) =>
      fetch(`${kring.url}/api/files?${new URLSearchParams({ document: docName, key })}`, { method: 'POST', headers: { cookie: anna, 'content-type': 'image/jpeg' }, body: photo.slice().buffer });
    expect((await send('one')).status).toBe(201);
    const refused = await send('two');
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await refused.json()).error.code).toBe('throttled');
    expect((await fetch(`${kring.url}/api/files/${fileId((await me(kring.url, anna)).user.id, docName, 'two')}`, { headers: { cookie: anna } })).status).toBe(404);
  });
});
