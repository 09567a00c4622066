/**
 * The sync server started on its own (`node packages/server/src/sync-main.ts`, for scale-out) on the app's database:
 * it accepts the app's sessions, serves the same documents and refuses what the app would refuse.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { createPost } from '../../packages/shapes/src/index.ts';
import { openProvider, openSynced, waitForClose, waitForSaved } from '../support/providers.ts';
import { login, me, useKring } from '../support/server.ts';
import { waitFor, withTimeout } from '../support/wait.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const app = useKring();
let standalone: ChildProcess;
let syncUrl: string;

beforeAll(async () => {
  standalone = spawn(process.execPath, ['packages/server/src/sync-main.ts'], {
    cwd: ROOT,
    env: { ...process.env, PORT: '0', DATA_DIR: app.dataDir },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const port = await withTimeout(
    new Promise<number>((resolve, reject) => {
      standalone.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
        output += chunk;
        const match = /listening on port (\d+)/.exec(output);
        if (match) resolve(Number(match[1]));
      });
      standalone.once('exit', (code) => reject(new Error(`standalone sync server exited with ${code}`)));
    }),
    'the standalone sync server to listen',
  );
  syncUrl = `http://localhost:${port}`;
});

afterAll(async () => {
  standalone?.kill('SIGTERM');
});

describe('the sync server on its own', () => {
  it('serves a document to a session made by the app', async () => {
    const cookie = await login(app.url, 'anna@kring.test');
    const provider = await openSynced(syncUrl, 'noord/page/valpreventie', cookie);
    expect(provider.doc.getText('title').toString()).toBe('Valpreventie bij cliënten thuis');
    provider.destroy();
  });

  it("refuses another team's document with 4403, as the app does", async () => {
    const cookie = await login(app.url, 'bram@kring.test');
    const provider = openProvider(syncUrl, 'noord/page/valpreventie', cookie);
    expect((await waitForClose(provider)).code).toBe(4403);
    provider.destroy();
  });

  it('tells of one post once although two processes stored it (issue 17: the event key is unique per person)', async () => {
    const anna = await login(app.url, 'anna@kring.test');
    const daan = await login(app.url, 'daan@kring.test');
    const [annaId, daanId] = [(await me(app.url, anna)).user.id, (await me(app.url, daan)).user.id];
    const device = new Y.Doc();
    const postId = createPost(device, { authorId: annaId, authorName: 'Anna de Vries', text: '@Daan Bakker tot morgen', mentions: [{ userId: daanId, name: 'Daan Bakker' }] });
    const update = Y.encodeStateAsUpdate(device);
    // The same update reaches both processes, as a device's two tabs on two servers could send it.
    const docName = 'clientenplein/feed/2043-01';
    const providers = [await openSynced(app.url, docName, anna), await openSynced(syncUrl, docName, anna)];
    for (const provider of providers) Y.applyUpdate(provider.doc, update);
    await Promise.all(providers.map((provider) => waitForSaved(provider)));
    type Page = { notifications: { kind: string; link: string }[] };
    const about = async () => {
      const response = await fetch(`${app.url}/api/notifications`, { headers: { cookie: daan } });
      return ((await response.json()) as Page).notifications.filter((n) => n.link === `/spaces/clientenplein#post-${postId}`);
    };
    await waitFor(async () => (await about()).length > 0, "Daan's notification");
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(await about()).toHaveLength(1);
    for (const provider of providers) provider.destroy();
  });
});
