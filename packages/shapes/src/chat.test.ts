import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { MAX_MESSAGE_LENGTH, chatDocId, deleteMessage, eraseChatAuthor, editMessage, getMessage, isMessageSaved, listMessages, previousChatDocId, sendMessage, toggleReaction } from './chat.ts';

const anna = { authorId: 'anna', authorName: 'Anna de Vries' };
const bram = { authorId: 'bram', authorName: 'Bram Jansen' };

describe('chat', () => {
  it('lists messages oldest first, with replies and mentions', () => {
    const doc = new Y.Doc();
    const first = sendMessage(doc, { ...anna, text: 'Wie kan er zaterdag?', createdAt: new Date('2026-12-01T10:00:00Z') });
    sendMessage(doc, { ...bram, text: '@Anna de Vries ik', replyTo: first, mentions: [{ userId: 'anna', name: 'Anna de Vries' }], createdAt: new Date('2026-12-01T10:01:00Z') });
    expect(listMessages(doc).map((m) => [m.authorName, m.text, m.replyTo, m.mentions.length])).toEqual([
      ['Anna de Vries', 'Wie kan er zaterdag?', null, 0],
      ['Bram Jansen', '@Anna de Vries ik', first, 1],
    ]);
  });

  it("keeps a sender's order when the device's clock jumps back", () => {
    const doc = new Y.Doc();
    sendMessage(doc, { ...anna, text: 'een', createdAt: new Date('2026-12-01T10:00:00Z') });
    sendMessage(doc, { ...anna, text: 'twee', createdAt: new Date('2026-12-01T09:00:00Z') });
    sendMessage(doc, { ...bram, text: 'van Bram', createdAt: new Date('2026-12-01T09:30:00Z') });
    expect(listMessages(doc).map((m) => m.text)).toEqual(['van Bram', 'een', 'twee']);
  });

  it('shows the same order on every replica, whatever order updates arrive in', () => {
    const a = new Y.Doc();
    const b = new Y.Doc();
    const at = new Date('2026-12-01T10:00:00Z');
    sendMessage(a, { ...anna, text: 'A', createdAt: at });
    sendMessage(b, { ...bram, text: 'B', createdAt: at });
    Y.applyUpdate(a, Y.encodeStateAsUpdate(b));
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
    expect(listMessages(a)).toEqual(listMessages(b));
  });

  it('edits and deletes for good', () => {
    const doc = new Y.Doc();
    const id = sendMessage(doc, { ...anna, text: 'BSN 123456782' });
    editMessage(doc, id, { text: 'Bel mij even.' });
    expect(listMessages(doc)[0]).toMatchObject({ text: 'Bel mij even.' });
    expect(listMessages(doc)[0].editedAt).not.toBeNull();
    deleteMessage(doc, id);
    expect(listMessages(doc)).toEqual([]);
    expect(Buffer.from(Y.encodeStateAsUpdate(doc)).includes('123456782')).toBe(false);
  });

  it('refuses empty and too long messages', () => {
    const doc = new Y.Doc();
    expect(() => sendMessage(doc, { ...anna, text: '   ' })).toThrow();
    expect(() => sendMessage(doc, { ...anna, text: 'x'.repeat(MAX_MESSAGE_LENGTH + 1) })).toThrow();
  });

  it('splits by month', () => {
    expect(chatDocId(new Date('2026-12-31T23:59:59Z'))).toBe('2026-12');
    expect(previousChatDocId('2026-01')).toBe('2025-12');
  });
});

describe('reactions', () => {
  it('counts each person once per emoji, in a fixed order, and a second tap takes it back', () => {
    const doc = new Y.Doc();
    const id = sendMessage(doc, { ...anna, text: 'Mevrouw Smit is weer thuis.' });
    expect(toggleReaction(doc, id, 'bram', '❤️')).toBe(true);
    toggleReaction(doc, id, 'anna', '👍');
    toggleReaction(doc, id, 'bram', '👍');
    expect(getMessage(doc, id)?.reactions).toEqual([
      { emoji: '👍', by: ['anna', 'bram'] },
      { emoji: '❤️', by: ['bram'] },
    ]);
    expect(toggleReaction(doc, id, 'bram', '👍')).toBe(false);
    expect(listMessages(doc)[0]?.reactions).toEqual([
      { emoji: '👍', by: ['anna'] },
      { emoji: '❤️', by: ['bram'] },
    ]);
  });

  it('counts one person once when two of their devices react at the same time', () => {
    const a = new Y.Doc();
    const id = sendMessage(a, { ...anna, text: 'Dank je!' });
    const b = new Y.Doc();
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
    toggleReaction(a, id, 'bram', '🙏');
    toggleReaction(b, id, 'bram', '🙏');
    Y.applyUpdate(a, Y.encodeStateAsUpdate(b));
    expect(getMessage(a, id)?.reactions).toEqual([{ emoji: '🙏', by: ['bram'] }]);
    // And one tap takes back both.
    expect(toggleReaction(a, id, 'bram', '🙏')).toBe(false);
    expect(a.getMap('reactions').size).toBe(0);
  });

  it('refuses what is not one of the reactions, and a message that is not there', () => {
    const doc = new Y.Doc();
    const id = sendMessage(doc, { ...anna, text: 'Hoi' });
    expect(() => toggleReaction(doc, id, 'bram', 'boe' as '👍')).toThrow();
    expect(() => toggleReaction(doc, 'weg', 'bram', '👍')).toThrow();
  });

  it('go with their message, and with the person erased', () => {
    const doc = new Y.Doc();
    const gone = sendMessage(doc, { ...anna, text: 'Verkeerd gesprek' });
    const kept = sendMessage(doc, { ...anna, text: 'Goed gesprek' });
    toggleReaction(doc, gone, 'bram', '😮');
    toggleReaction(doc, kept, 'bram', '👍');
    toggleReaction(doc, kept, 'carla', '👍');
    deleteMessage(doc, gone);
    expect(doc.getMap('reactions').size).toBe(2);
    eraseChatAuthor(doc, 'bram');
    expect(getMessage(doc, kept)?.reactions).toEqual([{ emoji: '👍', by: ['carla'] }]);
    expect(doc.getMap('reactions').size).toBe(1);
  });
});

describe('whether a message is on the server', () => {
  it('is not until the server state vector covers its creation', () => {
    const doc = new Y.Doc();
    const first = sendMessage(doc, { ...anna, text: 'een' });
    const saved = Y.encodeStateVector(doc);
    const second = sendMessage(doc, { ...anna, text: 'twee' });
    expect(isMessageSaved(doc, first, null)).toBe(false);
    expect(isMessageSaved(doc, first, saved)).toBe(true);
    expect(isMessageSaved(doc, second, saved)).toBe(false);
    expect(isMessageSaved(doc, second, Y.encodeStateVector(doc))).toBe(true);
  });

  it('erases every message of one author and nobody else’s, with its text gone from the bytes', () => {
    const doc = new Y.Doc();
    sendMessage(doc, { authorId: 'daan', authorName: 'Daan', text: 'Mijn BSN is 123456782' });
    const annas = sendMessage(doc, { authorId: 'anna', authorName: 'Anna', text: 'Dank u, ik geef het door.' });
    sendMessage(doc, { authorId: 'daan', authorName: 'Daan', text: 'Tot morgen' });
    expect(eraseChatAuthor(doc, 'daan')).toBe(2);
    expect(listMessages(doc).map((message) => message.id)).toEqual([annas]);
    expect(Buffer.from(Y.encodeStateAsUpdate(doc)).includes('123456782')).toBe(false);
    expect(eraseChatAuthor(doc, 'daan')).toBe(0);
  });
});
