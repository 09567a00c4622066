/**
 * Who said it: in a feed the server vouches for authors. Daan (a client in the Cliëntenplein) tries with his own
 * valid session what a raw Yjs client can send; none of it reaches Anna or the store. What he may do (his own
 * post, comment, like and vote) still goes through, and Anna, who moderates there as staff, may remove his post.
 */
import * as Y from 'yjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { decodeBatchResponse, encodeBatchRequest, type BatchRequestItem } from '../../packages/protocol/src/index.ts';
import { addComment, createPost, getPost, listComments, listPosts, setLike, updatePost, vote } from '../../packages/shapes/src/index.ts';
import { useClients } from '../support/clients.ts';
import { craftUpdate, idOf } from '../support/crafted-update.ts';
import { syncUpdate } from '../support/messages.ts';
import { waitForSaved } from '../support/providers.ts';
import { health, me, useKring, useSessions } from '../support/server.ts';
import { waitFor } from '../support/wait.ts';

describe('authorship in a feed', () => {
  const kring = useKring();
  const sessions = useSessions(kring, ['anna', 'daan']);
  const { open, rawSocket, syncingSocket } = useClients(kring);
  const ids = { anna: '', daan: '' };
  beforeAll(async () => {
    ids.anna = (await me(kring.url, sessions.anna)).user.id;
    ids.daan = (await me(kring.url, sessions.daan)).user.id;
  });

  let month = 0;
  /** A feed document of its own per test, in a month the demo never wrote. */
  const freshFeed = () => `clientenplein/feed/2040-${String(++month).padStart(2, '0')}`;
  const refused = async () => (await health(kring.url)).sync.changesRefused;

  /** Anna's post (with a poll) in `docName`, saved on the server, and her open client. */
  const annasPost = async (docName: string) => {
    const anna = await open(docName, sessions.anna);
    const postId = createPost(anna.doc, { authorId: ids.anna, authorName: 'Anna de Vries', text: 'Koffie om tien uur.', poll: { options: ['ja', 'nee'] } });
    await waitForSaved(anna);
    return { anna, postId };
  };

  /** Runs `attack` on Daan's synced client of `docName` and waits until the server has refused it. */
  const daanTries = async (docName: string, attack: (doc: Y.Doc) => void) => {
    const daan = await open(docName, sessions.daan);
    const before = await refused();
    attack(daan.doc);
    await waitFor(async () => (await refused()) > before, 'the server to refuse the change');
    return daan;
  };

  /** A document made of `update`. */
  const applied = (update: Uint8Array) => {
    const doc = new Y.Doc();
    Y.applyUpdate(doc, update);
    return doc;
  };

  /** The feed as the server stores it, read by a client that opens it afresh. */
  const stored = async (docName: string) => (await open(docName, sessions.anna, new Y.Doc())).doc;

  it("refuses a post in Anna's name: nobody receives it and the server does not store it", async () => {
    const docName = freshFeed();
    const { anna } = await annasPost(docName);
    await daanTries(docName, (doc) => {
      createPost(doc, { authorId: ids.anna, authorName: 'Anna de Vries', text: 'U kunt stoppen met uw medicatie.' });
    });
    for (const doc of [anna.doc, await stored(docName)]) {
      expect(listPosts(doc).map((post) => post.text)).toEqual(['Koffie om tien uur.']);
    }
  });

  it('refuses a post with his own id but her name', async () => {
    const docName = freshFeed();
    await daanTries(docName, (doc) => {
      createPost(doc, { authorId: ids.daan, authorName: 'Anna de Vries', text: 'Namens Anna.' });
    });
    expect(listPosts(await stored(docName))).toEqual([]);
  });

  it("refuses an edit of Anna's post", async () => {
    const docName = freshFeed();
    const { anna, postId } = await annasPost(docName);
    await daanTries(docName, (doc) => updatePost(doc, postId, { text: 'Gewijzigd door Daan.' }));
    for (const doc of [anna.doc, await stored(docName)]) {
      expect(getPost(doc, postId)).toMatchObject({ text: 'Koffie om tien uur.', editedAt: null });
    }
  });

  it("refuses deleting Anna's post", async () => {
    const docName = freshFeed();
    const { anna, postId } = await annasPost(docName);
    await daanTries(docName, (doc) => (doc.getMap('posts') as Y.Map<unknown>).delete(postId));
    for (const doc of [anna.doc, await stored(docName)]) expect(getPost(doc, postId)?.text).toBe('Koffie om tien uur.');
  });

  it("refuses replacing Anna's post under its key (an overwrite, not an insert)", async () => {
    const docName = freshFeed();
    const { anna, postId } = await annasPost(docName);
    await daanTries(docName, (doc) => {
      const post = new Y.Map<unknown>();
      (doc.getMap('posts') as Y.Map<unknown>).set(postId, post);
      for (const [key, value] of Object.entries({ authorId: ids.daan, authorName: 'Daan Bakker', text: 'Weg ermee.', createdAt: new Date().toISOString() })) post.set(key, value);
    });
    for (const doc of [anna.doc, await stored(docName)]) expect(getPost(doc, postId)).toMatchObject({ authorId: ids.anna, text: 'Koffie om tien uur.' });
  });

  it("refuses wiping the likes of Anna's post by overwriting its likes map", async () => {
    const docName = freshFeed();
    const { anna, postId } = await annasPost(docName);
    setLike(anna.doc, postId, ids.anna, true);
    await waitForSaved(anna);
    await daanTries(docName, (doc) => ((doc.getMap('posts') as Y.Map<Y.Map<unknown>>).get(postId)!.set('likes', new Y.Map())));
    for (const doc of [anna.doc, await stored(docName)]) expect(getPost(doc, postId)?.likedBy).toEqual([ids.anna]);
  });

  it('refuses votes and likes for other people, real or made up', async () => {
    const docName = freshFeed();
    const { anna, postId } = await annasPost(docName);
    const optionId = getPost(anna.doc, postId)!.poll!.options[0].id;
    for (const someone of [ids.anna, 'made-up-1', '00000000-0000-4000-8000-000000000000']) {
      await daanTries(docName, (doc) => vote(doc, postId, someone, optionId));
      await daanTries(docName, (doc) => setLike(doc, postId, someone, true));
    }
    for (const doc of [anna.doc, await stored(docName)]) expect(getPost(doc, postId)).toMatchObject({ likedBy: [], poll: { totalVotes: 0 } });
  });

  it("refuses overwriting Anna's vote with another option", async () => {
    const docName = freshFeed();
    const { anna, postId } = await annasPost(docName);
    const [yes, no] = getPost(anna.doc, postId)!.poll!.options.map((option) => option.id);
    vote(anna.doc, postId, ids.anna, yes);
    await waitForSaved(anna);
    await daanTries(docName, (doc) => vote(doc, postId, ids.anna, no));
    for (const doc of [anna.doc, await stored(docName)]) expect(getPost(doc, postId)?.poll?.votes).toEqual({ [ids.anna]: yes });
  });

  /** The likes or votes map of a post, as raw Yjs. */
  const rawMap = (doc: Y.Doc, postId: string, part: 'likes' | 'votes') => {
    const post = (doc.getMap('posts') as Y.Map<Y.Map<unknown>>).get(postId)!;
    return (part === 'likes' ? post.get('likes') : (post.get('poll') as Y.Map<unknown>).get('votes')) as Y.Map<unknown>;
  };

  it("refuses taking over Anna's vote or like under its own key, and taking it back", async () => {
    const docName = freshFeed();
    const { anna, postId } = await annasPost(docName);
    const [yes, no] = getPost(anna.doc, postId)!.poll!.options.map((option) => option.id);
    vote(anna.doc, postId, ids.anna, yes);
    setLike(anna.doc, postId, ids.anna, true);
    await waitForSaved(anna);
    const [voteKey] = [...rawMap(anna.doc, postId, 'votes').keys()];
    const [likeKey] = [...rawMap(anna.doc, postId, 'likes').keys()];
    await daanTries(docName, (doc) => rawMap(doc, postId, 'votes').set(voteKey, { userId: ids.daan, optionId: no }));
    await daanTries(docName, (doc) => rawMap(doc, postId, 'votes').delete(voteKey));
    await daanTries(docName, (doc) => rawMap(doc, postId, 'likes').delete(likeKey));
    for (const doc of [anna.doc, await stored(docName)]) expect(getPost(doc, postId)).toMatchObject({ likedBy: [ids.anna], poll: { votes: { [ids.anna]: yes } } });
  });

  it('refuses a second like or vote by the same person, and a like keyed by a user id (kept after deletion)', async () => {
    const docName = freshFeed();
    const { anna, postId } = await annasPost(docName);
    const [yes, no] = getPost(anna.doc, postId)!.poll!.options.map((option) => option.id);
    const daan = await open(docName, sessions.daan);
    setLike(daan.doc, postId, ids.daan, true);
    vote(daan.doc, postId, ids.daan, yes);
    await waitForSaved(daan);
    await daanTries(docName, (doc) => rawMap(doc, postId, 'likes').set('second-like', { userId: ids.daan }));
    await daanTries(docName, (doc) => rawMap(doc, postId, 'votes').set('second-vote', { userId: ids.daan, optionId: no }));
    await daanTries(docName, (doc) => rawMap(doc, postId, 'likes').set(ids.daan, true));
    const saved = await stored(docName);
    expect(getPost(saved, postId)).toMatchObject({ likeCount: 1, likedBy: [ids.daan], poll: { totalVotes: 1, votes: { [ids.daan]: yes } } });
    for (const part of ['likes', 'votes'] as const) expect([...rawMap(saved, postId, part).keys()].some((key) => key === ids.daan || key.startsWith('second'))).toBe(false);
  });

  it("refuses a comment in Anna's name", async () => {
    const docName = freshFeed();
    const { anna, postId } = await annasPost(docName);
    await daanTries(docName, (doc) => addComment(doc, postId, { authorId: ids.anna, authorName: 'Anna de Vries', text: 'Ik ook niet.' }));
    for (const doc of [anna.doc, await stored(docName)]) expect(listComments(doc, postId)).toEqual([]);
  });

  it("refuses a forged post handed in by the batch and stores nothing of it", async () => {
    const docName = freshFeed();
    const forged = new Y.Doc();
    createPost(forged, { authorId: ids.anna, authorName: 'Anna de Vries', text: 'Via de achterdeur.' });
    const item: BatchRequestItem = { docName, stateVector: Y.encodeStateVector(new Y.Doc()), update: Y.encodeStateAsUpdate(forged) };
    const before = await refused();
    const response = await fetch(`${kring.url}/api/sync/batch`, {
      method: 'POST',
      headers: { cookie: sessions.daan, 'content-type': 'application/octet-stream' },
      body: encodeBatchRequest([item]).slice().buffer,
    });
    expect(response.status).toBe(200);
    const [answer] = decodeBatchResponse(new Uint8Array(await response.arrayBuffer()));
    // The device is told, and given the document as stored instead of its own copy.
    expect(answer).toMatchObject({ status: 'refused', refusal: 'not-yours' });
    expect(listPosts(applied(answer.diff))).toEqual([]);
    expect(await refused()).toBe(before + 1);
    expect(listPosts(await stored(docName))).toEqual([]);
  });

  it('lets Daan post, comment, like and vote as himself, and Anna remove his post as a moderator', async () => {
    const docName = freshFeed();
    const { anna, postId } = await annasPost(docName);
    const optionId = getPost(anna.doc, postId)!.poll!.options[1].id;
    const daan = await open(docName, sessions.daan);
    const before = await refused();
    const own = createPost(daan.doc, { authorId: ids.daan, authorName: 'Daan Bakker', text: 'Ik kom ook.' });
    const commentId = addComment(daan.doc, postId, { authorId: ids.daan, authorName: 'Daan Bakker', text: 'Leuk!' });
    setLike(daan.doc, postId, ids.daan, true);
    vote(daan.doc, postId, ids.daan, optionId);
    updatePost(daan.doc, own, { text: 'Ik kom ook, om tien uur.' });
    await waitForSaved(daan);
    await waitFor(() => getPost(anna.doc, postId)?.poll?.totalVotes === 1 && getPost(anna.doc, own)?.editedAt, "Daan's changes to reach Anna");
    expect(getPost(anna.doc, postId)).toMatchObject({ likedBy: [ids.daan], poll: { votes: { [ids.daan]: optionId } } });
    expect(listComments(anna.doc, postId).map((comment) => comment.id)).toEqual([commentId]);

    (anna.doc.getMap('posts') as Y.Map<unknown>).delete(own);
    await waitForSaved(anna);
    await waitFor(() => getPost(daan.doc, own) === null, "Anna's removal to reach Daan");
    expect(getPost(await stored(docName), own)).toBeNull();
    expect(await refused()).toBe(before);
  });

  describe('an update crafted by hand: every value of a struct is judged', () => {
    /**
     * A like in one struct holding two values. A map shows the last: Daan's then Anna's reads as hers; Anna's then
     * Daan's hides hers in the store, where a later partial deletion could bring it out. Both are refused outright.
     */
    const doubleLike = (likes: Y.Map<unknown>, client: number, order: 'his-first' | 'hers-first' = 'his-first') => {
      const values = [{ userId: ids.daan }, { userId: ids.anna }];
      if (order === 'hers-first') values.reverse();
      return craftUpdate(client, 0, [{ parent: idOf(likes), key: `like-${client}`, content: { any: values } }]);
    };
    const singleLike = (likes: Y.Map<unknown>, client: number) =>
      craftUpdate(client, 0, [{ parent: idOf(likes), key: `like-${client}`, content: { any: [{ userId: ids.daan }] } }]);
    const sendBatch = async (docName: string, update: Uint8Array) => {
      const response = await fetch(`${kring.url}/api/sync/batch`, {
        method: 'POST',
        headers: { cookie: sessions.daan, 'content-type': 'application/octet-stream' },
        body: encodeBatchRequest([{ docName, stateVector: Y.encodeStateVector(new Y.Doc()), update }]).slice().buffer,
      });
      expect(response.status).toBe(200);
      return decodeBatchResponse(new Uint8Array(await response.arrayBuffer()))[0];
    };

    it('refuses a like that carries two values over the socket; the same like with one value is stored', async () => {
      const docName = freshFeed();
      const { anna, postId } = await annasPost(docName);
      const likes = rawMap(anna.doc, postId, 'likes');
      const socket = await syncingSocket(docName, sessions.daan);
      const before = await refused();
      await socket.send(syncUpdate(doubleLike(likes, 900_001)));
      await socket.send(syncUpdate(doubleLike(likes, 900_005, 'hers-first')));
      await waitFor(async () => (await refused()) === before + 2, 'the server to refuse both double likes');
      expect(getPost(await stored(docName), postId)).toMatchObject({ likeCount: 0 });

      await socket.send(syncUpdate(singleLike(likes, 900_002)));
      await waitFor(() => getPost(anna.doc, postId)?.likeCount === 1, 'the honest like to reach Anna');
      expect(getPost(await stored(docName), postId)).toMatchObject({ likedBy: [ids.daan] });
      expect(await refused()).toBe(before + 2);
    });

    it('refuses a like that carries two values handed in by the batch', async () => {
      const docName = freshFeed();
      const { anna, postId } = await annasPost(docName);
      const likes = rawMap(anna.doc, postId, 'likes');
      // The batch carries the whole state the device has: Anna's post, and the crafted like on top of it.
      const withPost = (like: Uint8Array) => Y.mergeUpdates([Y.encodeStateAsUpdate(anna.doc), like]);
      const before = await refused();
      expect(await sendBatch(docName, withPost(doubleLike(likes, 900_003, 'hers-first')))).toMatchObject({ status: 'refused', refusal: 'not-yours' });
      expect(await refused()).toBe(before + 1);
      expect(getPost(await stored(docName), postId)).toMatchObject({ likeCount: 0 });
      expect((await sendBatch(docName, withPost(singleLike(likes, 900_004)))).status).toBe('ok');
      expect(getPost(await stored(docName), postId)).toMatchObject({ likedBy: [ids.daan] });
    });
  });

  it('tells a device that asked (?refused=1) that its update was refused, and a stock client nothing new', async () => {
    const docName = freshFeed();
    await annasPost(docName);
    const asking = rawSocket(docName, { cookie: sessions.daan, refused: true });
    const stock = await syncingSocket(docName, sessions.daan);
    await asking.waitForMessage((m) => m.type === 'sync-step-1', 'sync step 1');
    const forged = (clientId: number) => {
      const doc = new Y.Doc();
      doc.clientID = clientId;
      createPost(doc, { authorId: ids.anna, authorName: 'Anna de Vries', text: 'Namens Anna.' });
      return Y.encodeStateAsUpdate(doc);
    };
    const before = await refused();
    await stock.send(syncUpdate(forged(800_001)));
    await asking.send(syncUpdate(forged(800_002)));
    expect(await asking.waitForMessage((m) => m.type === 'refused', 'the refusal')).toEqual({ type: 'refused', code: 'not-yours' });
    await waitFor(async () => (await refused()) === before + 2, 'both to be refused');
    expect(stock.messages().some((m) => m.type === 'refused' || m.type === 'other')).toBe(false);
  });
});
