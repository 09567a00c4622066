/**
 * Deleted means gone: Anna posts a client's BSN in the Cliëntenplein by mistake and deletes it (and edits it out
 * of another post, and a comment goes with the first). As soon as the server said "saved", no answer it gives
 * holds the number — not the sync step 2 a new member receives, not the batch, not the document history — and
 * neither do the database file and its write-ahead log on disk.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as Y from 'yjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { decodeBatchResponse, encodeBatchRequest } from '../../packages/protocol/src/index.ts';
import { addComment, createPost, deletePost, listPosts, updatePost } from '../../packages/shapes/src/index.ts';
import { useClients } from '../support/clients.ts';
import { syncStep1 } from '../support/messages.ts';
import { waitForSaved } from '../support/providers.ts';
import { me, useKring, useSessions } from '../support/server.ts';

const SECRET = '123456782';

/** Whether `bytes` hold the number anywhere, in any of the ways text can sit in Yjs or SQLite bytes. */
const holdsSecret = (bytes: Uint8Array) => Buffer.from(bytes).includes(SECRET);

describe('deleted means gone', () => {
  const kring = useKring();
  const sessions = useSessions(kring, ['anna', 'daan']);
  const { open, syncingSocket } = useClients(kring);
  const docName = 'clientenplein/feed/2041-01';
  let kept = '';

  beforeAll(async () => {
    const annaId = (await me(kring.url, sessions.anna)).user.id;
    const anna = await open(docName, sessions.anna);
    const author = { authorId: annaId, authorName: 'Anna de Vries' };
    const mistake = createPost(anna.doc, { ...author, text: `BSN ${SECRET} van mevrouw Jansen` });
    addComment(anna.doc, mistake, { ...author, text: `Nogmaals: BSN ${SECRET}` });
    const edited = createPost(anna.doc, { ...author, text: `Bel mevrouw Jansen, BSN ${SECRET}` });
    await waitForSaved(anna);
    expect(holdsSecret(Y.encodeStateAsUpdate(anna.doc))).toBe(true);
    deletePost(anna.doc, mistake);
    updatePost(anna.doc, edited, { text: 'Bel mevrouw Jansen.' });
    kept = 'Bel mevrouw Jansen.';
    await waitForSaved(anna);
  });

  it('sends a new member a sync step 2 without it', async () => {
    const daan = await syncingSocket(docName, sessions.daan);
    await daan.send(syncStep1(Y.encodeStateVector(new Y.Doc())));
    const step2 = await daan.waitForMessage((message) => message.type === 'sync-step-2', 'sync step 2');
    if (step2.type !== 'sync-step-2') throw new Error('not a sync step 2');
    const doc = new Y.Doc();
    Y.applyUpdate(doc, step2.update);
    expect(listPosts(doc).map((post) => post.text)).toEqual([kept]);
    for (const { data } of daan.received) expect(holdsSecret(data)).toBe(false);
  });

  it('answers a batch from an empty device without it', async () => {
    const response = await fetch(`${kring.url}/api/sync/batch`, {
      method: 'POST',
      headers: { cookie: sessions.daan, 'content-type': 'application/octet-stream' },
      body: encodeBatchRequest([{ docName, stateVector: Y.encodeStateVector(new Y.Doc()), update: new Uint8Array() }]).slice().buffer,
    });
    expect(response.status).toBe(200);
    const body = new Uint8Array(await response.arrayBuffer());
    const [answer] = decodeBatchResponse(body);
    expect(answer.status).toBe('ok');
    expect(answer.diff.byteLength).toBeGreaterThan(0);
    expect(holdsSecret(body)).toBe(false);
  });

  it('answers the document history and the changes feed without it', async () => {
    for (const path of [`/api/documents/history?name=${encodeURIComponent(docName)}`, '/api/sync/changes?cursor=0']) {
      const response = await fetch(`${kring.url}${path}`, { headers: { cookie: sessions.anna } });
      expect(response.status, path).toBe(200);
      expect(holdsSecret(new Uint8Array(await response.arrayBuffer())), path).toBe(false);
    }
  });

  it('leaves no copy in the database files on disk, write-ahead log included', async () => {
    const files = (await readdir(kring.dataDir)).filter((name) => name.startsWith('kring.sqlite'));
    expect(files).toContain('kring.sqlite');
    for (const name of files) expect(holdsSecret(await readFile(join(kring.dataDir, name))), name).toBe(false);
  });

  it('a member who kept the post open loses it too: a fresh load has only what is left', async () => {
    const doc = (await open(docName, sessions.daan, new Y.Doc())).doc;
    expect(listPosts(doc).map((post) => post.text)).toEqual([kept]);
    expect(holdsSecret(Y.encodeStateAsUpdate(doc))).toBe(false);
  });
});
