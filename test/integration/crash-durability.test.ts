/**
 * Durable before acknowledged: whatever the server said was saved survives `kill -9` of the server process
 * and is there when a fresh client loads the document from the restarted server.
 */
import type { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isCoveredBy } from '../../packages/protocol/src/index.ts';
import { openSynced, waitForSaved } from '../support/providers.ts';
import { createDataDir, login, removeDataDir, startKring, type KringServer } from '../support/server.ts';

const ROUNDS = 4;
const EDITS_PER_ROUND = 150;
const nextTurn = () => new Promise((resolve) => setImmediate(resolve));

describe('saved edits survive kill -9', () => {
  let dataDir: string;
  let kring: KringServer | undefined;
  const providers: WebsocketProvider[] = [];

  beforeAll(async () => {
    dataDir = await createDataDir();
  });
  afterAll(async () => {
    for (const provider of providers.splice(0)) provider.destroy();
    await kring?.stop();
    await removeDataDir(dataDir);
  });

  /** Starts (or restarts) Kring on the shared data folder and logs Anna in. */
  async function restart(): Promise<{ url: string; anna: string }> {
    kring = await startKring({ dataDir });
    return { url: kring.url, anna: await login(kring.url, 'anna@kring.test') };
  }

  /** Kills the server as a crash would, then drops the clients that were connected to it. */
  async function crash(): Promise<void> {
    await kring?.kill9();
    kring = undefined;
    for (const provider of providers.splice(0)) provider.destroy();
  }

  async function open(url: string, docName: string, cookie: string): Promise<WebsocketProvider> {
    const provider = await openSynced(url, docName, cookie);
    providers.push(provider);
    return provider;
  }

  it('keeps every saved edit over several crash-and-restart rounds of many small edits', async () => {
    const docName = 'noord/page/crash-rounds';
    let savedText = '';
    for (let round = 0; round < ROUNDS; round++) {
      const { url, anna } = await restart();
      const client = await open(url, docName, anna);
      const text = client.doc.getText('body');
      expect(text.toString(), `what round ${round} finds after the crash`).toBe(savedText);
      // Some edits land in one turn (one commit), others spread over turns (many commits). 4 × 150 appends
      // also pass the point where the server compacts the log into a snapshot (500).
      for (let i = 0; i < EDITS_PER_ROUND; i++) {
        text.insert(text.length, `r${round}e${i};`);
        if (i % 4 === 0) await nextTurn();
      }
      await waitForSaved(client);
      savedText = text.toString();
      await crash();
    }
    const { url, anna } = await restart();
    const fresh = await open(url, docName, anna);
    const loaded = fresh.doc.getText('body').toString();
    expect(loaded).toBe(savedText);
    for (let round = 0; round < ROUNDS; round++) for (let i = 0; i < EDITS_PER_ROUND; i++) expect(loaded).toContain(`r${round}e${i};`);
    await crash();
  });

  it('keeps what was saved when the crash comes while later edits are still in flight', async () => {
    const docName = 'noord/page/crash-in-flight';
    const { url, anna } = await restart();
    const client = await open(url, docName, anna);
    const text = client.doc.getText('body');
    for (let i = 0; i < 100; i++) {
      text.insert(text.length, `saved${i};`);
      await nextTurn();
    }
    const savedVector = await waitForSaved(client);
    const savedText = text.toString();
    // Unacknowledged edits: the crash may or may not take them, but it must not take anything before them.
    for (let i = 0; i < 200; i++) text.insert(text.length, `unsaved${i};`);
    await crash();

    const restarted = await restart();
    const fresh = await open(restarted.url, docName, restarted.anna);
    const loaded = fresh.doc.getText('body').toString();
    expect(loaded.startsWith(savedText)).toBe(true);
    expect(isCoveredBy(savedVector, Y.encodeStateVector(fresh.doc))).toBe(true);
    await crash();
  });

  it('keeps saved edits of several documents and writers committed together', async () => {
    const { url, anna } = await restart();
    const eva = await login(url, 'eva@kring.test');
    const docs = [
      { name: 'noord/page/crash-a', cookie: anna },
      { name: 'noord/board/crash-b', cookie: anna },
      { name: 'clientenplein/page/crash-c', cookie: anna },
      { name: 'nieuws/page/crash-d', cookie: eva },
    ];
    const clients = await Promise.all(docs.map((doc) => open(url, doc.name, doc.cookie)));
    for (let i = 0; i < 50; i++) {
      // One turn per step, in which every document gets an edit: their appends share commits.
      clients.forEach((client, n) => client.doc.getText('body').insert(client.doc.getText('body').length, `d${n}e${i};`));
      await nextTurn();
    }
    await Promise.all(clients.map((client) => waitForSaved(client)));
    const savedTexts = clients.map((client) => client.doc.getText('body').toString());
    await crash();

    const restarted = await restart();
    const evaAgain = await login(restarted.url, 'eva@kring.test');
    for (const [n, doc] of docs.entries()) {
      const fresh = await open(restarted.url, doc.name, doc.cookie === eva ? evaAgain : restarted.anna);
      expect(fresh.doc.getText('body').toString(), doc.name).toBe(savedTexts[n]);
    }
  });
});
