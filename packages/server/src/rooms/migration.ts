/**
 * The tables of room booking (rooms/): the rooms, their bookings and the secret addresses of the calendar feeds.
 * A booking's times are milliseconds since the epoch (UTC); Europe/Amsterdam is only how they are shown.
 */
import type { Migration } from 'kysely/migration';

export interface RoomTable {
  id: string;
  organisation_id: string;
  name: string;
  /** Where the room is, e.g. "Kantoor Noord, 1e verdieping". */
  location: string;
  capacity: number;
  /** JSON array of short texts ("beamer", "whiteboard"). */
  facilities: string;
  created_at: number;
  updated_at: number;
}

export interface RoomBookingTable {
  id: string;
  room_id: string;
  user_id: string;
  title: string;
  starts_at: number;
  ends_at: number;
  /** The device's id for the request: a retry finds these rows instead of booking again. One request may book a series. */
  request_id: string;
  /** Shared by the occurrences of a weekly series; null for a single booking. */
  series_id: string | null;
  created_at: number;
  /** Cancelled bookings leave the calendars at once; the row stays for the record until the room or person goes. */
  cancelled_at: number | null;
  cancelled_by: string | null;
}

/** A calendar feed's secret address: only the SHA-256 of its token is kept. One live token per person or room. */
export interface CalendarFeedTable {
  token_hash: string;
  /** `person:<userId>` or `room:<roomId>`. */
  owner: string;
  created_at: number;
}

export interface RoomSchema {
  rooms: RoomTable;
  room_bookings: RoomBookingTable;
  calendar_feeds: CalendarFeedTable;
}

export const roomsMigration: Migration = {
  async up(db) {
    await db.schema
      .createTable('rooms')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('organisation_id', 'text', (c) => c.notNull().references('organisations.id'))
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('location', 'text', (c) => c.notNull())
      .addColumn('capacity', 'integer', (c) => c.notNull())
      .addColumn('facilities', 'text', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('updated_at', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema
      .createTable('room_bookings')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('room_id', 'text', (c) => c.notNull().references('rooms.id').onDelete('cascade'))
      .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
      .addColumn('title', 'text', (c) => c.notNull())
      .addColumn('starts_at', 'bigint', (c) => c.notNull())
      .addColumn('ends_at', 'bigint', (c) => c.notNull())
      .addColumn('request_id', 'text', (c) => c.notNull())
      .addColumn('series_id', 'text')
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('cancelled_at', 'bigint')
      .addColumn('cancelled_by', 'text')
      .execute();
    await db.schema.createIndex('room_bookings_room').on('room_bookings').columns(['room_id', 'starts_at']).execute();
    await db.schema.createIndex('room_bookings_person').on('room_bookings').columns(['user_id', 'starts_at']).execute();
    await db.schema.createIndex('room_bookings_request').on('room_bookings').columns(['user_id', 'request_id', 'starts_at']).unique().execute();
    await db.schema
      .createTable('calendar_feeds')
      .addColumn('token_hash', 'text', (c) => c.primaryKey())
      .addColumn('owner', 'text', (c) => c.notNull().unique())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .execute();
  },
};
