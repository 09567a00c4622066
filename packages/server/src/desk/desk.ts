/**
 * The virtual desk: an organisation's desks (support office, IT, communication), each with its staff. Anyone
 * signed in asks a question; it gets a number per organisation (V-0042) and a status, and the desk's staff reply,
 * assign and close it from their queue. The asker sees the thread and is told of every reply. A question can be
 * made a knowledge item: readable by the organisation's staff, without the asker's name.
 *
 * A desk may keep a catalogue (posters, flyers, …). The organisation's staff order for a team they are a member
 * of; the desk's staff move the order on to delivered. Questions and orders carry an id made by the device, so one
 * sent again after the network came back is the same one, never a second.
 *
 * Who may do what is decided here, in one place (`#staffOf`, `mayOrder`, `visibleQuestion`), and every refusal
 * that would tell a stranger something answers as "not found".
 */
import { randomUUID } from 'node:crypto';
import { DESK_LIMITS, OPEN_ORDER, OPEN_QUESTION, QUESTION_CATEGORIES, type OrderStatus, type QuestionCategory, type QuestionStatus } from '@kring/contract';
import type { AccessUser } from '@kring/access';
import type { User } from '../accounts/accounts.ts';
import { sql, type KringDb } from '../db/schema.ts';
import { DomainError } from '../errors.ts';
import type { Notifications } from '../notifications/notifications.ts';
import type { DeskCatalogueTable, DeskOrderTable, DeskQuestionTable } from './migration.ts';

export type DeskErrorCode = 'not_found' | 'forbidden' | 'throttled' | 'request_id_reused' | 'bad_request';
export class DeskError extends DomainError<DeskErrorCode> {}

const HOUR = 3600_000;
const DAY = 24 * HOUR;

export interface DeskRecord {
  id: string;
  organisationId: string;
  name: string;
  description: string;
}

export interface QuestionRecord {
  id: string;
  number: number;
  deskId: string;
  deskName: string;
  askerId: string;
  askerName: string | null;
  subject: string;
  body: string;
  category: QuestionCategory;
  status: QuestionStatus;
  assignedTo: string | null;
  assignedName: string | null;
  public: boolean;
  createdAt: number;
  updatedAt: number;
}

export interface MessageRecord {
  id: string;
  authorId: string | null;
  authorName: string | null;
  fromStaff: boolean;
  body: string;
  createdAt: number;
}

export interface CatalogueRecord {
  id: string;
  deskId: string;
  kind: string;
  name: string;
  description: string;
  sizes: string[];
  picture: string;
  printable: boolean;
}

export interface OrderRecord {
  id: string;
  number: number;
  deskId: string;
  itemId: string;
  itemName: string;
  kind: string;
  spaceId: string;
  spaceName: string;
  size: string;
  quantity: number;
  printText: string;
  deliveryAddress: string;
  status: OrderStatus;
  orderedBy: string | null;
  orderedByName: string | null;
  createdAt: number;
  updatedAt: number;
}

export interface NewQuestionInput {
  id: string;
  deskId: string;
  subject: string;
  body: string;
  category: QuestionCategory;
}

export interface NewOrderInput {
  id: string;
  itemId: string;
  spaceId: string;
  size: string;
  quantity: number;
  printText: string;
  deliveryAddress: string;
}

/** Clients and guests do not order: ordering material to promote a team is work of the organisation's staff. */
export function mayOrder(user: Pick<User, 'role' | 'active'>): boolean {
  return user.active && user.role !== 'client' && user.role !== 'guest';
}

/**
 * The teams `user` may order for, and whose orders they see: team spaces where they are a member or owner (not a
 * reader, not by emergency); none for clients and guests, even as members of a team.
 */
export function orderingTeams(user: AccessUser): string[] {
  if (!mayOrder(user)) return [];
  return Object.entries(user.spaces)
    .filter(([, grant]) => grant.kind === 'team' && (grant.role === 'member' || grant.role === 'owner') && grant.emergencyUntil === undefined)
    .map(([spaceId]) => spaceId);
}

/** Knowledge items are for the organisation's staff; clients and guests do not read them. */
export function mayReadKnowledge(user: Pick<User, 'role' | 'active'>): boolean {
  return mayOrder(user);
}

export function questionNumber(n: number): string {
  return `V-${String(n).padStart(4, '0')}`;
}
export function orderNumber(n: number): string {
  return `B-${String(n).padStart(4, '0')}`;
}

export class Desks {
  readonly #db: KringDb;
  readonly #notifications: Notifications | null;

  constructor(db: KringDb, notifications: Notifications | null = null) {
    this.#db = db;
    this.#notifications = notifications;
  }

  // ---- desks and staff ----

  async create(organisationId: string, name: string, description = '', id: string = randomUUID(), now = Date.now()): Promise<DeskRecord> {
    await this.#db.insertInto('desks').values({ id, organisation_id: organisationId, name, description, created_at: now }).execute();
    return { id, organisationId, name, description };
  }

  async desksOf(organisationId: string): Promise<DeskRecord[]> {
    const rows = await this.#db.selectFrom('desks').selectAll().where('organisation_id', '=', organisationId).orderBy('name').execute();
    return rows.map((row) => ({ id: row.id, organisationId: row.organisation_id, name: row.name, description: row.description }));
  }

  /** The desk, if it is of the person's organisation. */
  async desk(user: Pick<User, 'organisationId'>, deskId: string): Promise<DeskRecord | null> {
    const row = await this.#db.selectFrom('desks').selectAll().where('id', '=', deskId).where('organisation_id', '=', user.organisationId).executeTakeFirst();
    return row ? { id: row.id, organisationId: row.organisation_id, name: row.name, description: row.description } : null;
  }

  /** The ids of the desks `userId` works at. */
  async staffDesks(userId: string): Promise<Set<string>> {
    const rows = await this.#db.selectFrom('desk_staff').select('desk_id').where('user_id', '=', userId).execute();
    return new Set(rows.map((row) => row.desk_id));
  }

  async isStaff(user: Pick<User, 'id' | 'active'>, deskId: string): Promise<boolean> {
    if (!user.active) return false;
    const row = await this.#db.selectFrom('desk_staff').select('user_id').where('desk_id', '=', deskId).where('user_id', '=', user.id).executeTakeFirst();
    return row !== undefined;
  }

  async staff(deskId: string): Promise<{ id: string; name: string }[]> {
    return this.#db
      .selectFrom('desk_staff')
      .innerJoin('users', 'users.id', 'desk_staff.user_id')
      .select(['users.id', 'users.name'])
      .where('desk_staff.desk_id', '=', deskId)
      .where('users.active', '=', 1)
      .orderBy('users.name')
      .execute();
  }

  /**
   * Sets a desk's whole staff (administrators). Staff are people of the organisation who are not clients or
   * guests: a desk's queue shows who asked what.
   */
  async setStaff(desk: DeskRecord, userIds: readonly string[]): Promise<void> {
    const unique = [...new Set(userIds)];
    if (unique.length > 0) {
      const people = await this.#db.selectFrom('users').select(['id', 'role', 'organisation_id', 'active']).where('id', 'in', unique).execute();
      const fit = people.filter((p) => p.organisation_id === desk.organisationId && p.active === 1 && p.role !== 'client' && p.role !== 'guest');
      if (fit.length !== unique.length) throw new DeskError('bad_request', 'Desk staff must be active staff of the organisation.');
    }
    await this.#db.transaction().execute(async (trx) => {
      await trx.deleteFrom('desk_staff').where('desk_id', '=', desk.id).execute();
      if (unique.length > 0) await trx.insertInto('desk_staff').values(unique.map((user_id) => ({ desk_id: desk.id, user_id }))).execute();
    });
  }

  // ---- questions ----

  /**
   * Stores a question; the same id again (from the same person) answers the stored question and `created: false`.
   * Numbers are given inside the transaction, so two questions at once never get the same one.
   */
  async ask(asker: User, input: NewQuestionInput, now = Date.now()): Promise<{ question: QuestionRecord; created: boolean }> {
    const existing = await this.#db.selectFrom('desk_questions').select(['asker_id']).where('id', '=', input.id).executeTakeFirst();
    if (existing) {
      if (existing.asker_id !== asker.id) throw new DeskError('request_id_reused', 'This id was used for another question.');
      return { question: (await this.question(input.id))!, created: false };
    }
    const desk = await this.desk(asker, input.deskId);
    if (!desk) throw new DeskError('not_found', 'No such desk.');
    if (!QUESTION_CATEGORIES.includes(input.category)) throw new DeskError('bad_request', 'Unknown category.');
    const recent = await this.#db
      .selectFrom('desk_questions')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('asker_id', '=', asker.id)
      .where('created_at', '>', now - HOUR)
      .executeTakeFirstOrThrow();
    if (Number(recent.n) >= DESK_LIMITS.questionsPerHour) throw new DeskError('throttled', 'Too many questions in an hour.');
    let created = true;
    await this.#db.transaction().execute(async (trx) => {
      // A retry racing its first try: whichever came second finds the first.
      const again = await trx.selectFrom('desk_questions').select('id').where('id', '=', input.id).executeTakeFirst();
      if (again) {
        created = false;
        return;
      }
      const last = await trx.selectFrom('desk_questions').select((eb) => eb.fn.max('number').as('n')).where('organisation_id', '=', asker.organisationId).executeTakeFirst();
      const row: DeskQuestionTable = {
        id: input.id,
        organisation_id: asker.organisationId,
        desk_id: desk.id,
        number: Number(last?.n ?? 0) + 1,
        asker_id: asker.id,
        subject: input.subject,
        body: input.body,
        category: input.category,
        status: 'new',
        assigned_to: null,
        public: 0,
        created_at: now,
        updated_at: now,
        first_answered_at: null,
      };
      await trx.insertInto('desk_questions').values(row).execute();
    });
    return { question: (await this.question(input.id))!, created };
  }

  async question(id: string): Promise<QuestionRecord | null> {
    const [row] = await this.#questions((q) => q.where('desk_questions.id', '=', id));
    return row ?? null;
  }

  /**
   * The question if `user` may see it: its asker, the desk's staff, or (a knowledge item) the organisation's
   * staff; null for everyone else, as for a question that does not exist.
   */
  async visibleQuestion(user: User, id: string): Promise<{ question: QuestionRecord; role: 'asker' | 'staff' | 'reader' } | null> {
    const question = await this.question(id);
    if (!question || !user.active) return null;
    const desk = await this.desk(user, question.deskId);
    if (!desk) return null;
    if (await this.isStaff(user, desk.id)) return { question, role: 'staff' };
    if (question.askerId === user.id) return { question, role: 'asker' };
    if (question.public && mayReadKnowledge(user)) return { question, role: 'reader' };
    return null;
  }

  /** The person's own questions, newest first. */
  async questionsOf(askerId: string): Promise<QuestionRecord[]> {
    return this.#questions((q) => q.where('desk_questions.asker_id', '=', askerId).orderBy('desk_questions.created_at', 'desc').limit(200));
  }

  /** A desk's open questions (new, in progress, waiting for the asker), oldest first. */
  async queue(deskId: string): Promise<QuestionRecord[]> {
    return this.#questions((q) =>
      q
        .where('desk_questions.desk_id', '=', deskId)
        .where('desk_questions.status', 'in', [...OPEN_QUESTION])
        .orderBy('desk_questions.created_at')
        .limit(500),
    );
  }

  /** The organisation's knowledge items, newest first. */
  async knowledge(organisationId: string): Promise<QuestionRecord[]> {
    return this.#questions((q) =>
      q
        .where('desk_questions.organisation_id', '=', organisationId)
        .where('desk_questions.public', '=', 1)
        .orderBy('desk_questions.updated_at', 'desc')
        .limit(200),
    );
  }

  async messages(questionId: string): Promise<MessageRecord[]> {
    const rows = await this.#db
      .selectFrom('desk_messages')
      .leftJoin('users', 'users.id', 'desk_messages.author_id')
      .select(['desk_messages.id', 'desk_messages.author_id', 'users.name', 'desk_messages.from_staff', 'desk_messages.body', 'desk_messages.created_at'])
      .where('desk_messages.question_id', '=', questionId)
      .orderBy('desk_messages.created_at')
      .orderBy('desk_messages.id')
      .execute();
    return rows.map((row) => ({ id: row.id, authorId: row.author_id, authorName: row.name, fromStaff: row.from_staff === 1, body: row.body, createdAt: Number(row.created_at) }));
  }

  /**
   * A reply in the thread. From the desk's staff it sets the status (default: answered) and tells the asker; from
   * the asker it puts the question back in the queue (in progress when someone has it, new otherwise).
   */
  async reply(author: User, question: QuestionRecord, role: 'asker' | 'staff', body: string, status?: QuestionStatus, now = Date.now()): Promise<MessageRecord> {
    const recent = await this.#db
      .selectFrom('desk_messages')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('author_id', '=', author.id)
      .where('created_at', '>', now - HOUR)
      .executeTakeFirstOrThrow();
    if (Number(recent.n) >= DESK_LIMITS.repliesPerHour) throw new DeskError('throttled', 'Too many replies in an hour.');
    const fromStaff = role === 'staff';
    const next: QuestionStatus = fromStaff ? (status ?? 'answered') : question.assignedTo ? 'in_progress' : 'new';
    const message: MessageRecord = { id: randomUUID(), authorId: author.id, authorName: author.name, fromStaff, body, createdAt: now };
    await this.#db.transaction().execute(async (trx) => {
      await trx.insertInto('desk_messages').values({ id: message.id, question_id: question.id, author_id: author.id, from_staff: fromStaff ? 1 : 0, body, created_at: now }).execute();
      await trx
        .updateTable('desk_questions')
        .set((eb) => ({
          status: next,
          updated_at: now,
          first_answered_at: fromStaff ? eb.fn.coalesce('first_answered_at', eb.val(now)) : eb.ref('first_answered_at'),
          // Whoever of the staff replies first takes it, unless someone has it already.
          assigned_to: fromStaff ? eb.fn.coalesce('assigned_to', eb.val(author.id)) : eb.ref('assigned_to'),
        }))
        .where('id', '=', question.id)
        .execute();
    });
    if (fromStaff && question.askerId !== author.id) {
      await this.#notifications?.tell(question.askerId, 'desk-reply', `desk-reply/${message.id}`, question.id, author.id, question.subject, now);
    }
    return message;
  }

  /**
   * Staff change the status, who has it (one of the desk's staff, or nobody) and whether it is a knowledge item;
   * the asker may only close their own question.
   */
  async change(question: QuestionRecord, role: 'asker' | 'staff', changes: { status?: QuestionStatus; assignedTo?: string | null; public?: boolean }, now = Date.now()): Promise<QuestionRecord> {
    if (role !== 'staff') {
      const onlyClosing = changes.assignedTo === undefined && changes.public === undefined && (changes.status === undefined || changes.status === 'closed');
      if (!onlyClosing) throw new DeskError('forbidden', 'Only the desk changes this.');
    }
    if (changes.assignedTo) {
      const staff = await this.#db.selectFrom('desk_staff').select('user_id').where('desk_id', '=', question.deskId).where('user_id', '=', changes.assignedTo).executeTakeFirst();
      if (!staff) throw new DeskError('bad_request', 'A question is assigned to one of the desk’s staff.');
    }
    await this.#db
      .updateTable('desk_questions')
      .set({
        ...(changes.status === undefined ? {} : { status: changes.status }),
        ...(changes.assignedTo === undefined ? {} : { assigned_to: changes.assignedTo }),
        ...(changes.public === undefined ? {} : { public: changes.public ? 1 : 0 }),
        updated_at: now,
      })
      .where('id', '=', question.id)
      .execute();
    return (await this.question(question.id))!;
  }

  // ---- saved answers ----

  async savedAnswers(deskId: string): Promise<{ id: string; title: string; body: string }[]> {
    return this.#db.selectFrom('desk_saved_answers').select(['id', 'title', 'body']).where('desk_id', '=', deskId).orderBy('title').limit(200).execute();
  }

  async addSavedAnswer(deskId: string, title: string, body: string, now = Date.now()): Promise<{ id: string; title: string; body: string }> {
    const count = await this.#db.selectFrom('desk_saved_answers').select((eb) => eb.fn.countAll<number>().as('n')).where('desk_id', '=', deskId).executeTakeFirstOrThrow();
    if (Number(count.n) >= 200) throw new DeskError('bad_request', 'A desk keeps at most 200 saved answers.');
    const id = randomUUID();
    await this.#db.insertInto('desk_saved_answers').values({ id, desk_id: deskId, title, body, created_at: now }).execute();
    return { id, title, body };
  }

  async removeSavedAnswer(deskId: string, id: string): Promise<boolean> {
    const { numDeletedRows } = await this.#db.deleteFrom('desk_saved_answers').where('desk_id', '=', deskId).where('id', '=', id).executeTakeFirst();
    return numDeletedRows > 0n;
  }

  // ---- catalogue and orders ----

  async addItem(deskId: string, item: Omit<CatalogueRecord, 'id' | 'deskId'> & { id?: string }, position = 0): Promise<CatalogueRecord> {
    const row: DeskCatalogueTable = {
      id: item.id ?? randomUUID(),
      desk_id: deskId,
      kind: item.kind,
      name: item.name,
      description: item.description,
      sizes: JSON.stringify(item.sizes),
      picture: item.picture,
      printable: item.printable ? 1 : 0,
      position,
    };
    await this.#db.insertInto('desk_catalogue').values(row).execute();
    return toItem(row);
  }

  async catalogue(deskId: string): Promise<CatalogueRecord[]> {
    const rows = await this.#db.selectFrom('desk_catalogue').selectAll().where('desk_id', '=', deskId).orderBy('position').orderBy('name').execute();
    return rows.map(toItem);
  }

  async hasCatalogue(deskIds: readonly string[]): Promise<Set<string>> {
    if (deskIds.length === 0) return new Set();
    const rows = await this.#db.selectFrom('desk_catalogue').select('desk_id').distinct().where('desk_id', 'in', [...deskIds]).execute();
    return new Set(rows.map((row) => row.desk_id));
  }

  /** The teams' delivery addresses, by space id. */
  async addresses(spaceIds: readonly string[]): Promise<Map<string, string>> {
    if (spaceIds.length === 0) return new Map();
    const rows = await this.#db.selectFrom('desk_delivery_addresses').select(['space_id', 'address']).where('space_id', 'in', [...spaceIds]).execute();
    return new Map(rows.map((row) => [row.space_id, row.address]));
  }

  /** The teams `spaceIds` by name, each with its last delivery address ('' for none): what the order form offers. */
  async orderingTeamsWithAddress(spaceIds: readonly string[]): Promise<{ spaceId: string; name: string; address: string }[]> {
    if (spaceIds.length === 0) return [];
    const names = await this.#db.selectFrom('spaces').select(['id', 'name']).where('id', 'in', [...spaceIds]).orderBy('name').execute();
    const addresses = await this.addresses(spaceIds);
    return names.map((space) => ({ spaceId: space.id, name: space.name, address: addresses.get(space.id) ?? '' }));
  }

  /**
   * Places an order for a team: by staff of the organisation who are a member of the team (`orderingTeams`).
   * The same id again answers the stored order; the address becomes the team's delivery address.
   */
  async order(orderer: User, access: AccessUser, input: NewOrderInput, now = Date.now()): Promise<{ order: OrderRecord; created: boolean }> {
    const existing = await this.#db.selectFrom('desk_orders').select(['ordered_by']).where('id', '=', input.id).executeTakeFirst();
    if (existing) {
      if (existing.ordered_by !== orderer.id) throw new DeskError('request_id_reused', 'This id was used for another order.');
      return { order: (await this.orderById(input.id))!, created: false };
    }
    if (!mayOrder(orderer)) throw new DeskError('forbidden', 'Clients and guests do not order.');
    if (!orderingTeams(access).includes(input.spaceId)) throw new DeskError('forbidden', 'You can only order for a team you are a member of.');
    const item = await this.#db
      .selectFrom('desk_catalogue')
      .innerJoin('desks', 'desks.id', 'desk_catalogue.desk_id')
      .selectAll('desk_catalogue')
      .where('desk_catalogue.id', '=', input.itemId)
      .where('desks.organisation_id', '=', orderer.organisationId)
      .executeTakeFirst();
    if (!item) throw new DeskError('not_found', 'No such item.');
    const sizes = JSON.parse(item.sizes) as string[];
    if (!sizes.includes(input.size)) throw new DeskError('bad_request', 'This item does not come in that size.');
    if (item.printable === 0 && input.printText !== '') throw new DeskError('bad_request', 'Nothing is printed on this item.');
    const recent = await this.#db
      .selectFrom('desk_orders')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('ordered_by', '=', orderer.id)
      .where('created_at', '>', now - HOUR)
      .executeTakeFirstOrThrow();
    if (Number(recent.n) >= DESK_LIMITS.ordersPerHour) throw new DeskError('throttled', 'Too many orders in an hour.');
    let created = true;
    await this.#db.transaction().execute(async (trx) => {
      const again = await trx.selectFrom('desk_orders').select('id').where('id', '=', input.id).executeTakeFirst();
      if (again) {
        created = false;
        return;
      }
      const last = await trx.selectFrom('desk_orders').select((eb) => eb.fn.max('number').as('n')).where('organisation_id', '=', orderer.organisationId).executeTakeFirst();
      const row: DeskOrderTable = {
        id: input.id,
        organisation_id: orderer.organisationId,
        desk_id: item.desk_id,
        number: Number(last?.n ?? 0) + 1,
        item_id: item.id,
        space_id: input.spaceId,
        ordered_by: orderer.id,
        size: input.size,
        quantity: input.quantity,
        print_text: input.printText,
        delivery_address: input.deliveryAddress,
        status: 'ordered',
        created_at: now,
        updated_at: now,
      };
      await trx.insertInto('desk_orders').values(row).execute();
      await trx
        .insertInto('desk_delivery_addresses')
        .values({ space_id: input.spaceId, address: input.deliveryAddress, updated_at: now })
        .onConflict((oc) => oc.column('space_id').doUpdateSet({ address: input.deliveryAddress, updated_at: now }))
        .execute();
    });
    return { order: (await this.orderById(input.id))!, created };
  }

  async orderById(id: string): Promise<OrderRecord | null> {
    const [row] = await this.#orders((q) => q.where('desk_orders.id', '=', id));
    return row ?? null;
  }

  /** The orders of the teams `spaceIds` (the person's own teams), newest first. */
  async ordersOfTeams(spaceIds: readonly string[]): Promise<OrderRecord[]> {
    if (spaceIds.length === 0) return [];
    return this.#orders((q) => q.where('desk_orders.space_id', 'in', [...spaceIds]).orderBy('desk_orders.created_at', 'desc').limit(200));
  }

  /** A desk's open orders (ordered, in progress, sent), oldest first. */
  async openOrders(deskId: string): Promise<OrderRecord[]> {
    return this.#orders((q) => q.where('desk_orders.desk_id', '=', deskId).where('desk_orders.status', 'in', [...OPEN_ORDER]).orderBy('desk_orders.created_at').limit(500));
  }

  /** The desk's staff move an order on; its orderer may only cancel it while nothing was done with it. */
  async changeOrder(order: OrderRecord, role: 'staff' | 'team', status: OrderStatus, now = Date.now()): Promise<OrderRecord> {
    if (role !== 'staff' && !(status === 'cancelled' && order.status === 'ordered')) throw new DeskError('forbidden', 'Only the desk changes an order’s status.');
    await this.#db.updateTable('desk_orders').set({ status, updated_at: now }).where('id', '=', order.id).execute();
    return (await this.orderById(order.id))!;
  }

  /**
   * A person's erasure: their questions go with their threads; in others' threads and in orders only the link to
   * them goes (the desk's answer and the team's order are the organisation's).
   */
  async forget(personId: string): Promise<void> {
    await this.#db.transaction().execute(async (trx) => {
      await trx.deleteFrom('desk_questions').where('asker_id', '=', personId).execute();
      await trx.updateTable('desk_messages').set({ author_id: null }).where('author_id', '=', personId).execute();
      await trx.updateTable('desk_orders').set({ ordered_by: null }).where('ordered_by', '=', personId).execute();
      await trx.updateTable('desk_questions').set({ assigned_to: null }).where('assigned_to', '=', personId).execute();
      await trx.deleteFrom('desk_staff').where('user_id', '=', personId).execute();
    });
    // Deleted means gone: the old pages may still be in the write-ahead log (as in notifications.ts).
    await sql`PRAGMA wal_checkpoint(TRUNCATE)`.execute(this.#db);
  }

  // ---- figures ----

  /**
   * Per week (ISO week, Monday 00:00 UTC) from `from` to `to`: how many questions were asked and how many of
   * those had the desk's first reply within a day. Aggregates only: no question or person is named.
   */
  async weeklyAnswerFigures(organisationId: string, from: number, to: number): Promise<{ week: string; asked: number; answeredWithinDay: number }[]> {
    const rows = await this.#db
      .selectFrom('desk_questions')
      .select(['created_at', 'first_answered_at'])
      .where('organisation_id', '=', organisationId)
      .where('created_at', '>=', from)
      .where('created_at', '<', to)
      .execute();
    const weeks = new Map<string, { asked: number; answeredWithinDay: number }>();
    for (const row of rows) {
      const key = isoWeek(Number(row.created_at));
      const entry = weeks.get(key) ?? { asked: 0, answeredWithinDay: 0 };
      entry.asked += 1;
      if (row.first_answered_at !== null && Number(row.first_answered_at) - Number(row.created_at) <= DAY) entry.answeredWithinDay += 1;
      weeks.set(key, entry);
    }
    return [...weeks].sort(([a], [b]) => a.localeCompare(b)).map(([week, counts]) => ({ week, ...counts }));
  }

  // ---- reading ----

  async #questions(
    shape: (
      q: ReturnType<Desks['questionQuery']>,
    ) => ReturnType<Desks['questionQuery']>,
  ): Promise<QuestionRecord[]> {
    const rows = await shape(this.questionQuery()).execute();
    return rows.map((row) => ({
      id: row.id,
      number: Number(row.number),
      deskId: row.desk_id,
      deskName: row.desk_name,
      askerId: row.asker_id,
      askerName: row.asker_name,
      subject: row.subject,
      body: row.body,
      category: row.category as QuestionCategory,
      status: row.status as QuestionStatus,
      assignedTo: row.assigned_to,
      assignedName: row.assigned_name,
      public: row.public === 1,
      createdAt: Number(row.created_at),
      updatedAt: Number(row.updated_at),
    }));
  }

  /** The question with its desk's, asker's and assignee's names (public for its type only). */
  questionQuery() {
    return this.#db
      .selectFrom('desk_questions')
      .innerJoin('desks', 'desks.id', 'desk_questions.desk_id')
      .leftJoin('users as asker', 'asker.id', 'desk_questions.asker_id')
      .leftJoin('users as assignee', 'assignee.id', 'desk_questions.assigned_to')
      .selectAll('desk_questions')
      .select(['desks.name as desk_name', 'asker.name as asker_name', 'assignee.name as assigned_name']);
  }

  orderQuery() {
    return this.#db
      .selectFrom('desk_orders')
      .innerJoin('desk_catalogue', 'desk_catalogue.id', 'desk_orders.item_id')
      .innerJoin('spaces', 'spaces.id', 'desk_orders.space_id')
      .leftJoin('users', 'users.id', 'desk_orders.ordered_by')
      .selectAll('desk_orders')
      .select(['desk_catalogue.name as item_name', 'desk_catalogue.kind as item_kind', 'spaces.name as space_name', 'users.name as orderer_name']);
  }

  async #orders(shape: (q: ReturnType<Desks['orderQuery']>) => ReturnType<Desks['orderQuery']>): Promise<OrderRecord[]> {
    const rows = await shape(this.orderQuery()).execute();
    return rows.map((row) => ({
      id: row.id,
      number: Number(row.number),
      deskId: row.desk_id,
      itemId: row.item_id,
      itemName: row.item_name,
      kind: row.item_kind,
      spaceId: row.space_id,
      spaceName: row.space_name,
      size: row.size,
      quantity: Number(row.quantity),
      printText: row.print_text,
      deliveryAddress: row.delivery_address,
      status: row.status as OrderStatus,
      orderedBy: row.ordered_by,
      orderedByName: row.orderer_name,
      createdAt: Number(row.created_at),
      updatedAt: Number(row.updated_at),
    }));
  }
}

function toItem(row: DeskCatalogueTable): CatalogueRecord {
  return {
    id: row.id,
    deskId: row.desk_id,
    kind: row.kind,
    name: row.name,
    description: row.description,
    sizes: JSON.parse(row.sizes) as string[],
    picture: row.picture,
    printable: row.printable === 1,
  };
}

/** `2026-W49`: the ISO week of a moment (UTC). */
export function isoWeek(ms: number): string {
  const date = new Date(ms);
  const day = (date.getUTCDay() + 6) % 7;
  // The Thursday of this week decides the year.
  const thursday = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate() - day + 3));
  const yearStart = Date.UTC(thursday.getUTCFullYear(), 0, 1);
  const week = Math.ceil(((thursday.getTime() - yearStart) / DAY + 1) / 7);
  return `${thursday.getUTCFullYear()}-W${String(week).padStart(2, '0')}`;
}
