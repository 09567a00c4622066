/**
 * Conversations: one-to-one and group chats. Each is a space of its own kind (`conversation`) with its members in
 * SQL; its messages are the Yjs documents `<conversationId>/chat/<YYYY-MM>`, opened and judged like every other
 * document (@kring/access decides from the name, through the grants `conversationGrants` adds). Who may chat with
 * whom is asked of the policy (`mayChat`, `keepsConversation`), never written out again here.
 */
import * as Y from 'yjs';
import { keepsConversation, mayChat, type ChatPerson, type SpaceGrant } from '@kring/access';
import type { ConversationSummary } from '@kring/contract';
import { chatDocId, listMessages, randomId } from '@kring/shapes';
import type { DocumentStore } from '@kring/storage';
import type { User } from '../accounts/accounts.ts';
import type { KringDb } from '../db/schema.ts';
import { DomainError } from '../errors.ts';

export type ConversationErrorCode = 'not_found' | 'forbidden' | 'not_a_group' | 'self';

/** A request about conversations that is refused; `code` says why. */
export class ConversationError extends DomainError<ConversationErrorCode> {}

/** The most people one group holds. */
export const MAX_GROUP_MEMBERS = 100;

/** One conversation as its member sees it: the contract's shape. */
export type ConversationView = ConversationSummary;

interface Row {
  id: string;
  kind: 'direct' | 'group';
  name: string | null;
}

/** Everyone in the conversations `ids`, by conversation. */
async function membersOf(db: KringDb, ids: readonly string[]): Promise<Map<string, string[]>> {
  if (ids.length === 0) return new Map();
  const rows = await db.selectFrom('conversation_members').select(['conversation_id', 'user_id']).where('conversation_id', 'in', ids).execute();
  const byConversation = new Map<string, string[]>();
  for (const row of rows) byConversation.set(row.conversation_id, [...(byConversation.get(row.conversation_id) ?? []), row.user_id]);
  return byConversation;
}

/** Per conversation, the read markers of the members who share how far they have read (`shares_reading`). */
async function sharedReading(db: KringDb, ids: readonly string[]): Promise<Map<string, Map<string, number>>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .selectFrom('conversation_members')
    .select(['conversation_id', 'user_id', 'read_until'])
    .where('conversation_id', 'in', ids)
    .where('shares_reading', '=', 1)
    .execute();
  const byConversation = new Map<string, Map<string, number>>();
  for (const row of rows) byConversation.set(row.conversation_id, (byConversation.get(row.conversation_id) ?? new Map()).set(row.user_id, Number(row.read_until)));
  return byConversation;
}

/** The people `ids` as the chat rules see them: role, whether active, and the spaces they are members of. */
async function chatPeople(db: KringDb, ids: readonly string[]): Promise<Map<string, ChatPerson & { name: string; organisationId: string }>> {
  if (ids.length === 0) return new Map();
  const users = await db.selectFrom('users').select(['id', 'name', 'role', 'active', 'organisation_id']).where('id', 'in', ids).execute();
  const memberships = await db
    .selectFrom('memberships')
    .innerJoin('spaces', 'spaces.id', 'memberships.space_id')
    .select(['memberships.user_id', 'memberships.space_id', 'spaces.kind'])
    .where('memberships.user_id', 'in', ids)
    .execute();
  const people = new Map<string, ChatPerson & { name: string; organisationId: string }>();
  for (const user of users) people.set(user.id, { id: user.id, name: user.name, role: user.role, active: user.active === 1, organisationId: user.organisation_id, memberOf: new Map() });
  for (const row of memberships) (people.get(row.user_id)?.memberOf as Map<string, string> | undefined)?.set(row.space_id, row.kind);
  return people;
}

/**
 * The conversations `userId` keeps (a member whom the policy still lets have it), as grants for the access policy.
 * One query per table, whatever the number of conversations.
 */
export async function conversationGrants(db: KringDb, userId: string): Promise<Record<string, SpaceGrant>> {
  const rows = await db
    .selectFrom('conversation_members')
    .innerJoin('conversations', 'conversations.id', 'conversation_members.conversation_id')
    .select(['conversations.id', 'conversations.kind'])
    .where('conversation_members.user_id', '=', userId)
    .execute();
  const members = await membersOf(db, rows.map((row) => row.id));
  const people = await chatPeople(db, [...new Set([userId, ...[...members.values()].flat()])]);
  const found = people.get(userId);
  const grants: Record<string, SpaceGrant> = {};
  if (!found) return grants;
  // Whether the person is active is the policy's to check (`access`); a deactivated person's hand-over asks as active.
  const me = { ...found, active: true };
  for (const row of rows) {
    const others = (members.get(row.id) ?? []).filter((id) => id !== userId).flatMap((id) => people.get(id) ?? []);
    if (!keepsConversation(me, others, row.kind)) continue;
    grants[row.id] = { kind: 'conversation', role: 'member' };
    if (me.role === 'client' || others.some((other) => other.role === 'client')) grants[row.id].withClient = true;
  }
  return grants;
}

export class Conversations {
  readonly #db: KringDb;
  readonly #store: DocumentStore;
  readonly #accessChanged: () => Promise<void>;

  /** @param accessChanged re-checks open sockets now, after someone was removed or left */
  constructor(db: KringDb, store: DocumentStore, accessChanged: () => Promise<void>) {
    this.#db = db;
    this.#store = store;
    this.#accessChanged = accessChanged;
  }

  /** The person's conversations, newest first, with unread counts. */
  async list(user: User, now = new Date()): Promise<ConversationView[]> {
    const grants = await conversationGrants(this.#db, user.id);
    const ids = Object.keys(grants);
    if (ids.length === 0) return [];
    const rows = await this.#db
      .selectFrom('conversations')
      .innerJoin('conversation_members', (join) => join.onRef('conversation_members.conversation_id', '=', 'conversations.id').on('conversation_members.user_id', '=', user.id))
      .select(['conversations.id', 'conversations.kind', 'conversations.name', 'conversations.created_at', 'conversation_members.read_until', 'conversation_members.muted', 'conversation_members.shares_reading'])
      .where('conversations.id', 'in', ids)
      .orderBy('conversations.created_at', 'desc')
      .execute();
    const members = await membersOf(this.#db, ids);
    const reading = await sharedReading(this.#db, ids);
    const people = await chatPeople(this.#db, [...new Set([...members.values()].flat())]);
    const period = chatDocId(now);
    return Promise.all(
      rows.map(async (row) => {
        // How far the others have read: only of those who share it, and only to someone who shares theirs.
        const shared = row.shares_reading === 1 ? reading.get(row.id) : undefined;
        const list = (members.get(row.id) ?? []).flatMap((id) => {
          const person = people.get(id);
          if (!person) return [];
          const until = id === user.id ? undefined : shared?.get(id);
          return [until ? { id, name: person.name, readUntil: new Date(until).toISOString() } : { id, name: person.name }];
        });
        list.sort((a, b) => a.name.localeCompare(b.name, 'nl'));
        const readUntil = Number(row.read_until);
        return {
          id: row.id,
          kind: row.kind,
          name: nameOf(row, list, user.id),
          members: list,
          unread: await this.#unread(`${row.id}/chat/${period}`, user.id, readUntil),
          readUntil: readUntil > 0 ? new Date(readUntil).toISOString() : null,
          muted: row.muted === 1,
          sharesReading: row.shares_reading === 1,
        };
      }),
    );
  }

  async #unread(docName: string, userId: string, readUntil: number): Promise<number> {
    const state = await this.#store.load(docName);
    if (!state) return 0;
    const doc = new Y.Doc();
    Y.applyUpdate(doc, state);
    const unread = listMessages(doc).filter((message) => message.authorId !== userId && Date.parse(message.createdAt) > readUntil).length;
    doc.destroy();
    return unread;
  }

  /** The ids of the conversations the person keeps (for /api/me: the device keeps these and wipes the rest). */
  async ids(user: User): Promise<string[]> {
    return Object.keys(await conversationGrants(this.#db, user.id));
  }

  /** The active people of the organisation the person may chat with (not themselves), by name. */
  async partners(user: User): Promise<{ id: string; name: string }[]> {
    const rows = await this.#db.selectFrom('users').select('id').where('organisation_id', '=', user.organisationId).where('active', '=', 1).execute();
    const people = await chatPeople(this.#db, rows.map((row) => row.id));
    const me = people.get(user.id);
    if (!me) return [];
    return [...people.values()]
      .filter((person) => person.id !== user.id && mayChat(me, person))
      .map(({ id, name }) => ({ id, name }))
      .sort((a, b) => a.name.localeCompare(b.name, 'nl'));
  }

  /** One conversation the person keeps; `not_found` otherwise (the same as for one that does not exist). */
  async get(user: User, conversationId: string): Promise<ConversationView> {
    const found = (await this.list(user)).find((conversation) => conversation.id === conversationId);
    if (!found) throw new ConversationError('not_found', 'No such conversation.');
    return found;
  }

  /**
   * The one-to-one of `user` and `otherId`: the same pair always gets the same conversation. `not_found` for someone
   * the person may not chat with (the same as for someone who does not exist, so it tells nothing about them).
   */
  async startDirect(user: User, otherId: string): Promise<ConversationView> {
    if (otherId === user.id) throw new ConversationError('self', 'A conversation needs someone else.');
    await this.#checkMayChat(user, [otherId]);
    const pairKey = [user.id, otherId].sort().join('|');
    const now = Date.now();
    await this.#db.transaction().execute(async (trx) => {
      const existing = await trx.selectFrom('conversations').select('id').where('pair_key', '=', pairKey).executeTakeFirst();
      if (existing) return;
      const id = `conv_${randomId()}`;
      await trx.insertInto('conversations').values({ id, organisation_id: user.organisationId, kind: 'direct', name: null, pair_key: pairKey, created_by: user.id, created_at: now }).execute();
      await trx
        .insertInto('conversation_members')
        .values([user.id, otherId].map((userId) => ({ conversation_id: id, user_id: userId, added_at: now, read_until: 0, muted: 0, shares_reading: 0 })))
        .execute();
    });
    const row = await this.#db.selectFrom('conversations').select('id').where('pair_key', '=', pairKey).executeTakeFirstOrThrow();
    return this.get(user, row.id);
  }

  /** A named group of `user` and `memberIds`, each of whom must be someone everyone in it may chat with. */
  async createGroup(user: User, name: string, memberIds: readonly string[]): Promise<ConversationView> {
    const ids = [...new Set(memberIds.filter((id) => id !== user.id))];
    if (ids.length + 1 > MAX_GROUP_MEMBERS) throw new ConversationError('forbidden', `A group holds at most ${MAX_GROUP_MEMBERS} people.`);
    await this.#checkMayChat(user, ids);
    const id = `conv_${randomId()}`;
    const now = Date.now();
    await this.#db.transaction().execute(async (trx) => {
      await trx.insertInto('conversations').values({ id, organisation_id: user.organisationId, kind: 'group', name, pair_key: null, created_by: user.id, created_at: now }).execute();
      await trx
        .insertInto('conversation_members')
        .values([user.id, ...ids].map((userId) => ({ conversation_id: id, user_id: userId, added_at: now, read_until: 0, muted: 0, shares_reading: 0 })))
        .execute();
    });
    return this.get(user, id);
  }

  /** Adds someone to a group the person keeps; everyone in it must be allowed to chat with them. */
  async addMember(user: User, conversationId: string, personId: string): Promise<ConversationView> {
    const conversation = await this.#group(user, conversationId);
    if (conversation.members.some((member) => member.id === personId)) return conversation;
    if (conversation.members.length + 1 > MAX_GROUP_MEMBERS) throw new ConversationError('forbidden', `A group holds at most ${MAX_GROUP_MEMBERS} people.`);
    await this.#checkMayChat(user, [personId], conversation.members.map((member) => member.id));
    await this.#db.insertInto('conversation_members').values({ conversation_id: conversationId, user_id: personId, added_at: Date.now(), read_until: 0, muted: 0, shares_reading: 0 }).execute();
    return this.get(user, conversationId);
  }

  /**
   * Takes someone out of a group the person keeps (themselves: they leave). The one taken out loses the whole
   * conversation at once, history included; their open sockets close.
   */
  async removeMember(user: User, conversationId: string, personId: string): Promise<void> {
    await this.#group(user, conversationId);
    const result = await this.#db.deleteFrom('conversation_members').where('conversation_id', '=', conversationId).where('user_id', '=', personId).executeTakeFirst();
    if (Number(result.numDeletedRows) === 0) throw new ConversationError('not_found', 'That person is not in this conversation.');
    await this.#accessChanged();
  }

  /** Moves the person's read marker forward to `until` (never back: another device may have read further). */
  async markRead(user: User, conversationId: string, until: Date): Promise<void> {
    await this.get(user, conversationId);
    await this.#db
      .updateTable('conversation_members')
      .set({ read_until: until.getTime() })
      .where('conversation_id', '=', conversationId)
      .where('user_id', '=', user.id)
      .where('read_until', '<', until.getTime())
      .execute();
  }

  /** Whether the person lets the others in the conversation who do the same see how far they have read. */
  async setSharesReading(user: User, conversationId: string, shares: boolean): Promise<void> {
    await this.get(user, conversationId);
    await this.#db.updateTable('conversation_members').set({ shares_reading: shares ? 1 : 0 }).where('conversation_id', '=', conversationId).where('user_id', '=', user.id).execute();
  }

  /** Mutes or unmutes a conversation for the person. */
  async setMuted(user: User, conversationId: string, muted: boolean): Promise<void> {
    await this.get(user, conversationId);
    await this.#db.updateTable('conversation_members').set({ muted: muted ? 1 : 0 }).where('conversation_id', '=', conversationId).where('user_id', '=', user.id).execute();
  }

  async #group(user: User, conversationId: string): Promise<ConversationView> {
    const conversation = await this.get(user, conversationId);
    if (conversation.kind !== 'group') throw new ConversationError('not_a_group', 'Only a group has members to add or remove.');
    return conversation;
  }

  /** Refuses (`not_found`) unless each of `newIds` is an active person of the organisation whom `user` and every one of `withIds` and of each other may chat with. */
  async #checkMayChat(user: User, newIds: readonly string[], withIds: readonly string[] = []): Promise<void> {
    const people = await chatPeople(this.#db, [...new Set([user.id, ...newIds, ...withIds])]);
    const everyone = [...people.values()].filter((person) => person.active);
    for (const id of newIds) {
      const person = people.get(id);
      const allowed = person !== undefined && person.active && person.organisationId === user.organisationId && everyone.every((other) => mayChat(person, other));
      if (!allowed) throw new ConversationError('not_found', 'No such person to chat with.');
    }
  }
}

function nameOf(row: Row, members: { id: string; name: string }[], userId: string): string {
  if (row.kind === 'group') return row.name ?? '';
  return members.find((member) => member.id !== userId)?.name ?? '';
}
