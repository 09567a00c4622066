import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addAssignee, addCard, addColumn, addComment, createPost, deleteComment, deleteMessage, deletePost, handOverCard, removeCard, sendMessage, updatePost } from '@kring/shapes';
import { deriveNotifications, type Derivation } from './derive.ts';

const FEED = 'noord/feed/2026-12';
const BOARD = 'noord/board/planning';
const sanne = { id: 'id-sanne', name: 'Sanne' };
const anna = { id: 'id-anna', name: 'Anna de Vries' };
const bram = { id: 'id-bram', name: 'Bram' };

/** The server's copy and a device's: what the device writes reaches the server as an update, as over the wire. */
function pair() {
  const server = new Y.Doc();
  const device = new Y.Doc();
  return {
    device,
    /** Applies what the device wrote since the last call to the server's copy and derives from it, as `author`. */
    send(docName: string, author: string | null, present: ReadonlySet<string> = new Set()): Derivation {
      const update = Y.encodeStateAsUpdate(device, Y.encodeStateVector(server));
      let derived: Derivation = { created: [], removed: [] };
      const see = (transaction: Y.Transaction) => (derived = deriveNotifications(docName, author, server, transaction, present));
      server.on('afterTransaction', see);
      Y.applyUpdate(server, update);
      server.off('afterTransaction', see);
      return derived;
    },
  };
}

const who = (derivation: Derivation) => derivation.created.map(({ kind, recipientId }) => `${kind} ${recipientId}`).sort();

describe('deriveNotifications', () => {
  it('tells the people a new post mentions, never its author', () => {
    const { device, send } = pair();
    createPost(device, { authorId: sanne.id, authorName: sanne.name, text: '@Anna kun jij morgen?', mentions: [{ userId: anna.id, name: anna.name }, { userId: sanne.id, name: sanne.name }] });
    const derived = send(FEED, sanne.id);
    expect(who(derived)).toEqual(['mention id-anna']);
    expect(derived.created[0].excerpt).toBe('@Anna kun jij morgen?');
  });

  it('tells the author of a post of a reply, and names in a reply once, as a mention', () => {
    const { device, send } = pair();
    const postId = createPost(device, { authorId: anna.id, authorName: anna.name, text: 'Wie heeft de sleutel?' });
    send(FEED, anna.id);
    addComment(device, postId, { authorId: sanne.id, authorName: sanne.name, text: 'Ik, @Bram weet het ook', mentions: [{ userId: bram.id, name: bram.name }] });
    expect(who(send(FEED, sanne.id))).toEqual(['mention id-bram', 'reply id-anna']);
    addComment(device, postId, { authorId: sanne.id, authorName: sanne.name, text: '@Anna hier', mentions: [{ userId: anna.id, name: anna.name }] });
    expect(who(send(FEED, sanne.id))).toEqual(['mention id-anna']);
    // Her own comment on her own post tells nobody.
    addComment(device, postId, { authorId: anna.id, authorName: anna.name, text: 'Dank je' });
    expect(who(send(FEED, anna.id))).toEqual([]);
  });

  it('tells at most 50 people of one post', () => {
    const { device, send } = pair();
    // The shape refuses more than 50; a raw client writes what it likes.
    createPost(device, { authorId: sanne.id, authorName: sanne.name, text: 'iedereen' });
    const post = device.getMap('posts').values().next().value as Y.Map<unknown>;
    post.set('mentions', Array.from({ length: 80 }, (_, i) => ({ userId: `id-${i}`, name: `${i}` })));
    expect(send(FEED, sanne.id).created).toHaveLength(50);
  });

  it('tells people an edit adds, with the same event key as the post (so nobody twice)', () => {
    const { device, send } = pair();
    const postId = createPost(device, { authorId: sanne.id, authorName: sanne.name, text: '@Anna', mentions: [{ userId: anna.id, name: anna.name }] });
    const first = send(FEED, sanne.id).created[0];
    updatePost(device, postId, { text: '@Anna @Bram', mentions: [{ userId: anna.id, name: anna.name }, { userId: bram.id, name: bram.name }] });
    const edit = send(FEED, sanne.id).created;
    expect(edit.map((derived) => derived.eventKey)).toEqual([first.eventKey, first.eventKey]);
  });

  it('says which posts and comments an update removed', () => {
    const { device, send } = pair();
    const postId = createPost(device, { authorId: anna.id, authorName: anna.name, text: 'weg' });
    const commentId = addComment(device, postId, { authorId: anna.id, authorName: anna.name, text: 'ook weg' });
    send(FEED, anna.id);
    deleteComment(device, postId, commentId);
    expect(send(FEED, anna.id).removed).toEqual([`${postId}/${commentId}`]);
    deletePost(device, postId);
    expect(send(FEED, null).removed).toEqual([postId]);
  });

  it('notifies nobody of what the server itself wrote', () => {
    const { device, send } = pair();
    createPost(device, { authorId: sanne.id, authorName: sanne.name, text: '@Anna', mentions: [{ userId: anna.id, name: anna.name }] });
    expect(send(FEED, null).created).toEqual([]);
  });

  it('tells a colleague put on a card, and one a card is handed to (with the note), once each', () => {
    const { device, send } = pair();
    const column = addColumn(device, 'Te doen');
    const cardId = addCard(device, column, { title: 'Medicatie bestellen' });
    send(BOARD, sanne.id);
    addAssignee(device, cardId, anna, sanne.id);
    const assigned = send(BOARD, sanne.id).created;
    expect(assigned).toEqual([expect.objectContaining({ kind: 'card-assigned', recipientId: anna.id, subject: cardId, excerpt: 'Medicatie bestellen' })]);
    handOverCard(device, cardId, { from: sanne, to: bram, note: 'Apotheek belt terug' });
    const handed = send(BOARD, sanne.id).created;
    expect(handed).toEqual([expect.objectContaining({ kind: 'card-handed-over', recipientId: bram.id, excerpt: 'Apotheek belt terug' })]);
    removeCard(device, cardId);
    expect(send(BOARD, sanne.id).removed).toEqual([cardId]);
  });

  it('ignores an assignment signed by someone else than the writer', () => {
    const { device, send } = pair();
    const cardId = addCard(device, addColumn(device, 'Te doen'), { title: 'x' });
    send(BOARD, sanne.id);
    addAssignee(device, cardId, anna, bram.id);
    expect(send(BOARD, sanne.id).created).toEqual([]);
  });

  it('tells the people a new chat message names, never its author, and lets go when the message is deleted', () => {
    const { device, send } = pair();
    const CHAT = 'conv_1/chat/2026-12';
    const id = sendMessage(device, { authorId: sanne.id, authorName: sanne.name, text: '@Anna neem jij de sleutel mee?', mentions: [{ userId: anna.id, name: anna.name }, { userId: sanne.id, name: sanne.name }] });
    const derived = send(CHAT, sanne.id);
    expect(who(derived)).toEqual(['chat-mention id-anna']);
    expect(derived.created[0]).toMatchObject({ subject: id, eventKey: `chat-mention:${CHAT}:${id}`, excerpt: '@Anna neem jij de sleutel mee?' });
    // Someone else's message naming nobody tells nobody.
    sendMessage(device, { authorId: bram.id, authorName: bram.name, text: 'Goed zo' });
    expect(who(send(CHAT, bram.id))).toEqual([]);
    deleteMessage(device, id);
    expect(send(CHAT, sanne.id).removed).toEqual([id]);
  });

  it("hands a conversation's new messages on for its members, with whom they name and who had it open; not a space's chat, not the server's writes", () => {
    const { device, send } = pair();
    const first = sendMessage(device, { authorId: sanne.id, authorName: sanne.name, text: 'Wie heeft de sleutel?' });
    const second = sendMessage(device, { authorId: sanne.id, authorName: sanne.name, text: '@Anna jij?', mentions: [{ userId: anna.id, name: anna.name }] });
    const { chat } = send('conv_1/chat/2026-12', sanne.id, new Set([bram.id, sanne.id]));
    expect(chat?.present).toEqual([bram.id, sanne.id]);
    expect(chat?.messages).toHaveLength(2);
    expect(chat?.messages).toEqual(
      expect.arrayContaining([
        { messageId: first, excerpt: 'Wie heeft de sleutel?', named: [] },
        { messageId: second, excerpt: '@Anna jij?', named: [anna.id] },
      ]),
    );
    sendMessage(device, { authorId: sanne.id, authorName: sanne.name, text: 'Teamchat' });
    expect(send('noord/chat/2026-12', sanne.id).chat).toBeUndefined();
    sendMessage(device, { authorId: sanne.id, authorName: sanne.name, text: 'Door de server' });
    expect(send('conv_1/chat/2026-12', null).chat).toBeUndefined();
  });
});
