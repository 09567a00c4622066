/**
 * The room planner as the person sees it: the rooms and bookings of a day or week (kept on the device, so they
 * show offline too) and the person's booking requests. A booking goes through the device's outbox: kept in
 * IndexedDB and shown as "aangevraagd" until the server decides; then it is confirmed, or refused with the
 * nearest free alternatives the server sent (kept with the refused request until the person dismisses it).
 */
import { randomId } from '@kring/shapes';
import { ENDPOINTS, urlOf, type BookingView, type NewBookingBody, type NewRoomBody, type RoomChangesBody, type RoomTakenBody, type RoomsAnswer } from '@kring/contract';
import type { Outbox, OutboxAnswer, OutboxRequest } from '$lib/client/outbox.ts';
import { api } from '$lib/api/client.ts';
import { problemText } from '$lib/api/problem-text.ts';

export const BOOK = 'room-booking';
export const CANCEL = 'room-cancel';

/** A booking request as the person's list shows it. */
export type RequestState =
  | { kind: 'requested'; request: OutboxRequest; body: NewBookingBody }
  | { kind: 'refused'; request: OutboxRequest; body: NewBookingBody; taken: RoomTakenBody | null; reason: string };

export class RoomPlanner {
  data = $state<RoomsAnswer | null>(null);
  fromDeviceAt = $state<number | null>(null);
  problem = $state('');
  requests = $state<OutboxRequest[]>([]);
  /** The bookings just confirmed by the server, for a short "confirmed" line. */
  confirmed = $state<BookingView[]>([]);
  readonly #outbox: Outbox;
  #shown: { from: string; days: number } | null = null;

  constructor(outbox: Outbox) {
    this.#outbox = outbox;
  }

  /** Follows the outbox and the network while the planner is shown; returns the function that stops it. */
  start(): () => void {
    const unsubscribe = this.#outbox.requests.subscribe((requests) => (this.requests = requests));
    const stopAnswers = this.#outbox.onAnswer((answer) => this.#answered(answer));
    const online = () => void this.#outbox.flush().then(() => this.reload());
    globalThis.addEventListener?.('online', online);
    void this.#outbox.ready().then(() => this.#outbox.flush());
    return () => {
      unsubscribe();
      stopAnswers();
      globalThis.removeEventListener?.('online', online);
    };
  }

  /** The rooms and bookings of `days` days from `from` (Amsterdam dates): from the server, or as last seen here. */
  async load(from: string, days: number): Promise<void> {
    this.#shown = { from, days };
    const key = `rooms:${from}:${days}`;
    const result = await api.rooms.list(from, days);
    if (this.#shown.from !== from || this.#shown.days !== days) return;
    if (result.ok) {
      this.data = result.body;
      this.fromDeviceAt = null;
      this.problem = '';
      await this.#outbox.remember(key, result.body);
      await this.#outbox.remember('rooms:last', result.body);
      return;
    }
    if (result.code === 'offline') {
      // The same days as last seen, else at least the rooms and the person's own bookings.
      const kept = (await this.#outbox.recall<RoomsAnswer>(key)) ?? (await this.#outbox.recall<RoomsAnswer>('rooms:last'));
      if (kept) {
        const same = kept.value.from === from && kept.value.days === days;
        this.data = same ? kept.value : { ...kept.value, from, days, bookings: [] };
        this.fromDeviceAt = kept.at;
        this.problem = '';
        return;
      }
    }
    this.problem = problemText(result);
  }

  reload(): Promise<void> {
    return this.#shown ? this.load(this.#shown.from, this.#shown.days) : Promise.resolve();
  }

  /** The person's booking requests the server has not confirmed: waiting, or refused. */
  get bookingRequests(): RequestState[] {
    return this.requests
      .filter((request) => request.kind === BOOK)
      .map((request) => {
        const body = request.body as NewBookingBody;
        if (request.state === 'pending') return { kind: 'requested', request, body };
        const taken = request.failure?.code === 'room_taken' ? ((request.failure.answer ?? null) as RoomTakenBody | null) : null;
        return { kind: 'refused', request, body, taken, reason: problemText(request.failure ?? { status: 0, code: 'error' }) };
      });
  }

  /** Whether a cancellation of this booking waits on the device. */
  cancelling(booking: BookingView): boolean {
    return this.requests.some((request) => request.kind === CANCEL && request.subject === booking.id && request.state === 'pending');
  }

  /** Asks for the room; works offline: the request waits on the device until the server decides. */
  async book(roomId: string, roomName: string, booking: Omit<NewBookingBody, 'requestId'>): Promise<void> {
    // The id is made once, here; every retry of this request sends the same one.
    const id = `rb-${randomId()}`;
    await this.#outbox.add({ id, kind: BOOK, subject: roomId, method: 'POST', path: urlOf(ENDPOINTS.bookRoom, { roomId }), body: { ...booking, requestId: id }, label: roomName });
    void this.#outbox.flush();
  }

  /** Cancels a booking (with `series`, its later times too); a request not yet sent is simply taken back. */
  async cancel(booking: BookingView, series = false): Promise<void> {
    const id = `rc-${randomId()}`;
    const path = urlOf(ENDPOINTS.cancelBooking, { bookingId: booking.id }, series ? { series: 1 } : {});
    await this.#outbox.add({ id, kind: CANCEL, subject: booking.id, method: 'DELETE', path, body: {}, label: booking.title });
    void this.#outbox.flush();
  }

  /** Takes back a request that has not left the device, or forgets a refused one once read. */
  dismiss(request: OutboxRequest): Promise<void> {
    return this.#outbox.remove(request.id);
  }

  /** A new secret calendar address; the old one stops working. */
  async renewFeed(): Promise<{ ok: true; url: string } | { ok: false; message: string }> {
    const result = await api.rooms.renewFeed();
    return result.ok ? { ok: true, url: result.body.url } : { ok: false, message: problemText(result) };
  }

  /** Administrators: adds a room (online only: a room is not something to plan offline). */
  async createRoom(room: NewRoomBody): Promise<{ ok: true } | { ok: false; message: string }> {
    const result = await api.rooms.create(room);
    if (!result.ok) return { ok: false, message: problemText(result) };
    await this.reload();
    return { ok: true };
  }

  /** Changes a room's name, place, size or facilities (administrators). */
  async changeRoom(roomId: string, changes: RoomChangesBody): Promise<{ ok: true } | { ok: false; message: string }> {
    const result = await api.rooms.change(roomId, changes);
    if (!result.ok) return { ok: false, message: problemText(result) };
    await this.reload();
    return { ok: true };
  }

  /** Removes a room with its bookings (administrators; the page asks first). */
  async removeRoom(roomId: string): Promise<{ ok: true } | { ok: false; message: string }> {
    const result = await api.rooms.remove(roomId);
    if (!result.ok) return { ok: false, message: problemText(result) };
    await this.reload();
    return { ok: true };
  }

  #answered(answer: OutboxAnswer): void {
    if (answer.request.kind !== BOOK && answer.request.kind !== CANCEL) return;
    if (answer.request.kind === BOOK && answer.status < 300) this.confirmed = (answer.body as { bookings?: BookingView[] } | null)?.bookings ?? [];
    void this.reload();
  }
}
