/**
 * The desk's tables (docs/architecture.md, "The desk"): desks with their staff, questions with their threads and
 * saved answers, a catalogue per desk, orders and each team's delivery address. Authoritative SQL: a question's
 * number and an order's status are decided by the server, once.
 */
import type { Migration } from 'kysely/migration';

export interface DeskTable {
  id: string;
  organisation_id: string;
  name: string;
  description: string;
  created_at: number;
}

/** Who works at a desk (set by administrators). */
export interface DeskStaffTable {
  desk_id: string;
  user_id: string;
}

export interface DeskQuestionTable {
  /** Chosen by the asker's device, so a question sent again is the same question. */
  id: string;
  organisation_id: string;
  desk_id: string;
  /** Per organisation, from 1 (shown as V-0042). */
  number: number;
  asker_id: string;
  subject: string;
  body: string;
  category: string;
  status: string;
  assigned_to: string | null;
  /** 1: a knowledge item, readable by the organisation's staff without the asker's name. */
  public: number;
  created_at: number;
  updated_at: number;
  /** When the desk first replied: for "answered within a day". */
  first_answered_at: number | null;
}

export interface DeskMessageTable {
  id: string;
  question_id: string;
  /** null when the author was erased. */
  author_id: string | null;
  from_staff: number;
  body: string;
  created_at: number;
}

export interface DeskSavedAnswerTable {
  id: string;
  desk_id: string;
  title: string;
  body: string;
  created_at: number;
}

export interface DeskCatalogueTable {
  id: string;
  desk_id: string;
  kind: string;
  name: string;
  description: string;
  /** JSON array of size names. */
  sizes: string;
  picture: string;
  printable: number;
  position: number;
}

export interface DeskOrderTable {
  /** Chosen by the orderer's device. */
  id: string;
  organisation_id: string;
  desk_id: string;
  /** Per organisation, from 1 (shown as B-0007). */
  number: number;
  item_id: string;
  space_id: string;
  /** null when the orderer was erased: the team's order stays. */
  ordered_by: string | null;
  size: string;
  quantity: number;
  print_text: string;
  delivery_address: string;
  status: string;
  created_at: number;
  updated_at: number;
}

/** Where a team's (space's) orders go: the address of its last order. */
export interface DeskDeliveryAddressTable {
  space_id: string;
  address: string;
  updated_at: number;
}

export interface DeskSchema {
  desks: DeskTable;
  desk_staff: DeskStaffTable;
  desk_questions: DeskQuestionTable;
  desk_messages: DeskMessageTable;
  desk_saved_answers: DeskSavedAnswerTable;
  desk_catalogue: DeskCatalogueTable;
  desk_orders: DeskOrderTable;
  desk_delivery_addresses: DeskDeliveryAddressTable;
}

export const deskMigration: Migration = {
  async up(db) {
    await db.schema
      .createTable('desks')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('organisation_id', 'text', (c) => c.notNull().references('organisations.id').onDelete('cascade'))
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema
      .createTable('desk_staff')
      .addColumn('desk_id', 'text', (c) => c.notNull().references('desks.id').onDelete('cascade'))
      .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
      .addPrimaryKeyConstraint('desk_staff_pk', ['desk_id', 'user_id'])
      .execute();
    await db.schema.createIndex('desk_staff_user').on('desk_staff').column('user_id').execute();
    await db.schema
      .createTable('desk_questions')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('organisation_id', 'text', (c) => c.notNull().references('organisations.id').onDelete('cascade'))
      .addColumn('desk_id', 'text', (c) => c.notNull().references('desks.id').onDelete('cascade'))
      .addColumn('number', 'integer', (c) => c.notNull())
      // A person's questions go with them when they are erased (docs/privacy.md).
      .addColumn('asker_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
      .addColumn('subject', 'text', (c) => c.notNull())
      .addColumn('body', 'text', (c) => c.notNull())
      .addColumn('category', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('assigned_to', 'text', (c) => c.references('users.id').onDelete('set null'))
      .addColumn('public', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('updated_at', 'bigint', (c) => c.notNull())
      .addColumn('first_answered_at', 'bigint')
      .addUniqueConstraint('desk_questions_number', ['organisation_id', 'number'])
      .execute();
    await db.schema.createIndex('desk_questions_queue').on('desk_questions').columns(['desk_id', 'status', 'created_at']).execute();
    await db.schema.createIndex('desk_questions_asker').on('desk_questions').columns(['asker_id', 'created_at']).execute();
    await db.schema
      .createTable('desk_messages')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('question_id', 'text', (c) => c.notNull().references('desk_questions.id').onDelete('cascade'))
      .addColumn('author_id', 'text', (c) => c.references('users.id').onDelete('set null'))
      .addColumn('from_staff', 'integer', (c) => c.notNull())
      .addColumn('body', 'text', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('desk_messages_question').on('desk_messages').columns(['question_id', 'created_at']).execute();
    await db.schema.createIndex('desk_messages_author').on('desk_messages').columns(['author_id', 'created_at']).execute();
    await db.schema
      .createTable('desk_saved_answers')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('desk_id', 'text', (c) => c.notNull().references('desks.id').onDelete('cascade'))
      .addColumn('title', 'text', (c) => c.notNull())
      .addColumn('body', 'text', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema
      .createTable('desk_catalogue')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('desk_id', 'text', (c) => c.notNull().references('desks.id').onDelete('cascade'))
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
      .addColumn('sizes', 'text', (c) => c.notNull())
      .addColumn('picture', 'text', (c) => c.notNull())
      .addColumn('printable', 'integer', (c) => c.notNull().defaultTo(1))
      .addColumn('position', 'integer', (c) => c.notNull().defaultTo(0))
      .execute();
    await db.schema
      .createTable('desk_orders')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('organisation_id', 'text', (c) => c.notNull().references('organisations.id').onDelete('cascade'))
      .addColumn('desk_id', 'text', (c) => c.notNull().references('desks.id').onDelete('cascade'))
      .addColumn('number', 'integer', (c) => c.notNull())
      .addColumn('item_id', 'text', (c) => c.notNull().references('desk_catalogue.id').onDelete('cascade'))
      .addColumn('space_id', 'text', (c) => c.notNull().references('spaces.id').onDelete('cascade'))
      .addColumn('ordered_by', 'text', (c) => c.references('users.id').onDelete('set null'))
      .addColumn('size', 'text', (c) => c.notNull())
      .addColumn('quantity', 'integer', (c) => c.notNull())
      .addColumn('print_text', 'text', (c) => c.notNull())
      .addColumn('delivery_address', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('updated_at', 'bigint', (c) => c.notNull())
      .addUniqueConstraint('desk_orders_number', ['organisation_id', 'number'])
      .execute();
    await db.schema.createIndex('desk_orders_desk').on('desk_orders').columns(['desk_id', 'status', 'created_at']).execute();
    await db.schema.createIndex('desk_orders_space').on('desk_orders').columns(['space_id', 'created_at']).execute();
    await db.schema.createIndex('desk_orders_orderer').on('desk_orders').columns(['ordered_by', 'created_at']).execute();
    await db.schema
      .createTable('desk_delivery_addresses')
      .addColumn('space_id', 'text', (c) => c.primaryKey().references('spaces.id').onDelete('cascade'))
      .addColumn('address', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'bigint', (c) => c.notNull())
      .execute();
  },
};
