import { describe, expect, it } from 'vitest';
import { access, keepsConversation, mayChat, refusesWrites, type AccessUser, type ChatPerson, type SpaceKind, type WrittenChange, type KeyWrite } from './index.ts';

const person = (id: string, role: ChatPerson['role'], spaces: [string, SpaceKind][] = []): ChatPerson => ({ id, role, active: true, memberOf: new Map(spaces) });
const anna = person('anna', 'employee', [['noord', 'team'], ['plein', 'client']]);
const bram = person('bram', 'employee', [['zuid', 'team']]);
const daan = person('daan', 'client', [['plein', 'client']]);
const fleur = person('fleur', 'client', [['plein', 'client']]);
const gert = person('gert', 'guest', [['zuid', 'team']]);

describe('who may chat with whom', () => {
  it('staff with staff, whatever their spaces', () => {
    expect(mayChat(anna, bram)).toBe(true);
  });

  it('a client only with the people of a client space both are members of', () => {
    expect(mayChat(daan, anna)).toBe(true);
    expect(mayChat(daan, fleur)).toBe(true);
    expect(mayChat(daan, bram)).toBe(false);
    expect(mayChat(bram, daan)).toBe(false);
    // A team space shared with a client does not count: clients never belong there.
    expect(mayChat(person('x', 'client', [['noord', 'team']]), anna)).toBe(false);
  });

  it('a guest only with the people of a space both are members of', () => {
    expect(mayChat(gert, bram)).toBe(true);
    expect(mayChat(gert, anna)).toBe(false);
    expect(mayChat(gert, person('h', 'client', [['zuid', 'client']]))).toBe(false);
  });

  it("a deactivated colleague's conversation stays with the others", () => {
    expect(keepsConversation(anna, [{ ...bram, active: false }], 'direct')).toBe(true);
    expect(keepsConversation({ ...anna, active: false }, [bram], 'direct')).toBe(false);
  });
});

describe('who keeps a conversation when a shared membership ends', () => {
  const daanGone = person('daan', 'client');
  it('a one-to-one is gone for both', () => {
    expect(keepsConversation(daanGone, [anna], 'direct')).toBe(false);
    expect(keepsConversation(anna, [daanGone], 'direct')).toBe(false);
    expect(keepsConversation(daan, [anna], 'direct')).toBe(true);
  });

  it('in a group, staff keep it and the client who left loses it; the other clients keep it', () => {
    expect(keepsConversation(anna, [bram, daanGone, fleur], 'group')).toBe(true);
    expect(keepsConversation(daanGone, [anna, fleur], 'group')).toBe(false);
    expect(keepsConversation(fleur, [anna, daanGone], 'group')).toBe(true);
  });
});

describe('access to a conversation', () => {
  const user: AccessUser = { id: 'anna', role: 'employee', active: true, spaces: { conv_x: { kind: 'conversation', role: 'member' } } };
  it('opens its chat documents and nothing else', () => {
    expect(access(user, 'conv_x/chat/2026-12')).toBe('write');
    for (const kind of ['feed', 'page', 'board', 'index']) expect(access(user, `conv_x/${kind}/main`), kind).toBe('none');
    expect(access(user, 'conv_y/chat/2026-12')).toBe('none');
  });
});

describe('who said it in a chat', () => {
  const user: AccessUser = { id: 'bram', role: 'admin', active: true, spaces: { conv_x: { kind: 'conversation', role: 'member' } } };
  const writer = { user, name: 'Bram Jansen' };
  /** A change of `writes` to a document holding Anna's message `m1`, that sets `values`. */
  const change = (writes: KeyWrite[], values: Record<string, unknown> = {}, created: string[] = []): WrittenChange => ({
    writes,
    read: (path) => (path.join('/') in values ? values[path.join('/')] : path.join('/') === 'messages/m1/authorId' ? 'anna' : undefined),
    creates: (path) => created.includes(path.join('/')),
    entries: () => [],
  });
  const doc = 'conv_x/chat/2026-12';

  it('lets a member send in their own name', () => {
    const values = { 'messages/m2/authorId': 'bram', 'messages/m2/authorName': 'Bram Jansen', 'messages/m2/text': 'Ja.' };
    const writes: KeyWrite[] = [{ op: 'set', path: ['messages', 'm2'], replaces: false, made: 'map' }, ...['authorId', 'authorName', 'text'].map((key): KeyWrite => ({ op: 'set', path: ['messages', 'm2', key], replaces: false, value: values[`messages/m2/${key}` as keyof typeof values] }))];
    expect(refusesWrites(writer, doc, change(writes, values, ['messages/m2']))).toBe(false);
    expect(refusesWrites(writer, doc, change(writes, { ...values, 'messages/m2/authorId': 'anna' }, ['messages/m2']))).toBe(true);
    expect(refusesWrites(writer, doc, change(writes, { ...values, 'messages/m2/authorName': 'Anna de Vries' }, ['messages/m2']))).toBe(true);
  });

  it("refuses anyone's edit or deletion of another's message, an administrator's too", () => {
    expect(refusesWrites(writer, doc, change([{ op: 'set', path: ['messages', 'm1', 'text'], replaces: true, value: 'anders' }]))).toBe(true);
    expect(refusesWrites(writer, doc, change([{ op: 'delete', path: ['messages', 'm1'], replaces: false }]))).toBe(true);
    expect(refusesWrites({ user: { ...user, id: 'anna' }, name: 'Anna de Vries' }, doc, change([{ op: 'delete', path: ['messages', 'm1'], replaces: false }]))).toBe(false);
  });

  it('refuses anything outside the messages, and shared types inside one', () => {
    expect(refusesWrites(writer, doc, change([{ op: 'set', path: ['other'], replaces: false, value: 'x' }]))).toBe(true);
    expect(refusesWrites({ user: { ...user, id: 'anna' }, name: 'Anna' }, doc, change([{ op: 'set', path: ['messages', 'm1', 'text'], replaces: true, made: 'text' }]))).toBe(true);
  });
});
