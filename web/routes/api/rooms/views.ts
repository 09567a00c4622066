import { iso, type BookingView, type RoomTakenBody, type RoomView } from '@kring/contract';
import { mayUseRooms, type Booking, type Room, type RoomTaken, type User } from '@kring/server';
import { Refusal } from '$lib/server/http';

/** Employees, editors and administrators use rooms; clients and guests are refused alike, whatever they ask. */
export function requireRoomUser(person: User): void {
  if (!mayUseRooms(person.role)) throw new Refusal(403, 'forbidden', 'Rooms are for employees.');
}

export const roomView = (room: Room): RoomView => ({ id: room.id, name: room.name, location: room.location, capacity: room.capacity, facilities: room.facilities });

export function bookingView(booking: Booking, person: User): BookingView {
  const mine = booking.userId === person.id;
  return {
    id: booking.id,
    roomId: booking.roomId,
    title: booking.title,
    startsAt: iso(booking.startsAt),
    endsAt: iso(booking.endsAt),
    bookedBy: booking.bookedBy,
    seriesId: booking.seriesId,
    mine,
    canCancel: mine || person.role === 'admin',
    requestId: mine ? booking.requestId : null,
  };
}

export function roomTakenBody(taken: RoomTaken): RoomTakenBody {
  return {
    error: { code: 'room_taken', message: taken.message },
    clashes: taken.clashes.map((clash) => ({ startsAt: iso(clash.startsAt), endsAt: iso(clash.endsAt) })),
    alternatives: taken.alternatives.map((alt) => ({ roomId: alt.roomId, roomName: alt.roomName, startsAt: iso(alt.startsAt), endsAt: iso(alt.endsAt) })),
  };
}

/** The secret feed address as a calendar program asks for it. */
export const feedUrl = (origin: string, token: string) => `${origin}/api/rooms/calendar/${token}`;
