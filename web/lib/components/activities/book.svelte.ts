/**
 * The activities of one client space as the person sees them: the server's list (kept on the device, so it shows
 * offline too), the person's sign-ups, and the requests that have not reached the server yet. Signing up and
 * cancelling go through the device's outbox: kept in IndexedDB, shown as "not sent yet", sent when the server can
 * be reached, and never done twice (the sign-up carries an id made once by the device).
 */
import { randomId } from '@kring/shapes';
import type { Outbox, OutboxAnswer, OutboxRequest } from '$lib/client/outbox.ts';
import { ENDPOINTS, urlOf, type Activity, type ActivityChangesBody, type ActivityDetail, type ActivityPlan } from '@kring/contract';
import { api } from '$lib/api/client.ts';
import { problemText } from '$lib/api/problem-text.ts';
import { m } from '$lib/paraglide/messages.js';

export const SIGNUP = 'activity-signup';
export const CANCEL = 'activity-cancel';

/** What the person's own line about an activity says. */
export type MyState =
  | { kind: 'none' }
  | { kind: 'confirmed' }
  | { kind: 'waiting'; position: number | null }
  | { kind: 'pending-signup' }
  | { kind: 'pending-cancel' }
  | { kind: 'failed'; request: OutboxRequest; reason: string };

export class ActivityBook {
  /** The list, soonest first; null until known. */
  activities = $state<Activity[] | null>(null);
  /** Staff only: who has a place and who waits, per activity id (filled by `loadOne`). */
  participants = $state<Record<string, NonNullable<ActivityDetail['participants']>>>({});
  /** When the shown list was fetched, if it came from the device because the server could not be reached. */
  fromDeviceAt = $state<number | null>(null);
  problem = $state('');
  requests = $state<OutboxRequest[]>([]);
  readonly spaceId: string;
  readonly #outbox: Outbox;

  constructor(outbox: Outbox, spaceId: string) {
    this.#outbox = outbox;
    this.spaceId = spaceId;
  }

  /**
   * Follows the outbox and the network while the view is shown, and tells `onanswer` of each answer after the book
   * took it in; returns the function that stops it.
   */
  start(onanswer?: (answer: OutboxAnswer) => void): () => void {
    const unsubscribe = this.#outbox.requests.subscribe((requests) => (this.requests = requests));
    const stopAnswers = this.#outbox.onAnswer((answer) => {
      this.#answered(answer);
      onanswer?.(answer);
    });
    const online = () => void this.#outbox.flush().then(() => this.load());
    globalThis.addEventListener?.('online', online);
    void this.#outbox.ready().then(() => this.#outbox.flush());
    return () => {
      unsubscribe();
      stopAnswers();
      globalThis.removeEventListener?.('online', online);
    };
  }

  /** The space's coming activities: from the server, or as last seen on this device. */
  async load(): Promise<void> {
    const key = `activities:${this.spaceId}`;
    const result = await api.activities.list(this.spaceId);
    if (result.ok) {
      this.activities = result.body.activities;
      this.fromDeviceAt = null;
      this.problem = '';
      await this.#outbox.remember(key, result.body.activities);
      return;
    }
    if (result.code === 'offline') {
      const kept = await this.#outbox.recall<Activity[]>(key);
      if (kept) {
        this.activities = kept.value;
        this.fromDeviceAt = kept.at;
        this.problem = '';
        return;
      }
    }
    this.problem = problemText(result);
  }

  /** One activity (with its participants for staff): from the server, or as last seen on this device. */
  async loadOne(id: string): Promise<Activity | null> {
    const key = `activity:${id}`;
    const result = await api.activities.get(id);
    if (result.ok) {
      this.#put(result.body.activity);
      if (result.body.participants) this.participants = { ...this.participants, [id]: result.body.participants };
      this.fromDeviceAt = null;
      this.problem = '';
      await this.#outbox.remember(key, result.body);
      return result.body.activity;
    }
    if (result.code === 'offline') {
      const kept = await this.#outbox.recall<ActivityDetail>(key);
      const fromList = (await this.#outbox.recall<Activity[]>(`activities:${this.spaceId}`))?.value.find((activity) => activity.id === id);
      const activity = kept?.value.activity ?? fromList;
      if (activity) {
        this.#put(activity);
        if (kept?.value.participants) this.participants = { ...this.participants, [id]: kept.value.participants };
        this.fromDeviceAt = kept?.at ?? Date.now();
        return activity;
      }
    }
    this.problem = problemText(result);
    return null;
  }

  get(id: string): Activity | undefined {
    return this.activities?.find((activity) => activity.id === id);
  }

  /** What the person's line about this activity says, counting requests not yet answered. */
  stateOf(activity: Activity): MyState {
    const failed = this.requests.find((request) => request.subject === activity.id && request.state === 'failed');
    if (failed) return { kind: 'failed', request: failed, reason: problemText(failed.failure ?? { status: 0, code: 'error' }) };
    const pending = this.requests.findLast((request) => request.subject === activity.id && request.state === 'pending');
    if (pending?.kind === SIGNUP) return { kind: 'pending-signup' };
    if (pending?.kind === CANCEL) return { kind: 'pending-cancel' };
    if (activity.me?.status === 'confirmed') return { kind: 'confirmed' };
    if (activity.me?.status === 'waiting') return { kind: 'waiting', position: activity.me.position };
    return { kind: 'none' };
  }

  /** Signs up (or joins the waiting list); works offline: the request waits on the device. */
  async signUp(activity: Activity): Promise<void> {
    // The id is made once, here; every retry of this sign-up sends the same one.
    const id = `su-${randomId()}`;
    await this.#outbox.add({ id, kind: SIGNUP, subject: activity.id, method: 'POST', path: urlOf(ENDPOINTS.signUp, { id: activity.id }), body: { requestId: id }, label: activity.title });
  }

  /** Cancels the person's sign-up. A sign-up that has not left the device yet is simply taken back. */
  async cancel(activity: Activity): Promise<void> {
    const waiting = this.requests.findLast((request) => request.subject === activity.id && request.state === 'pending');
    if (waiting?.kind === SIGNUP) {
      await this.#outbox.remove(waiting.id);
      return;
    }
    const id = `cx-${randomId()}`;
    await this.#outbox.add({ id, kind: CANCEL, subject: activity.id, method: 'POST', path: urlOf(ENDPOINTS.cancelSignup, { id: activity.id }), body: {}, label: activity.title });
  }

  /** Forgets a refused request once the person has read why. */
  dismiss(request: OutboxRequest): Promise<void> {
    return this.#outbox.remove(request.id);
  }

  /** Staff: plans a new activity. */
  async create(input: ActivityPlan): Promise<{ ok: true; activity: Activity } | { ok: false; message: string }> {
    const result = await api.activities.create({ spaceId: this.spaceId, ...input });
    if (!result.ok) return { ok: false, message: result.code === 'bad_request' ? m.activities_form_check() : problemText(result) };
    this.#put(result.body.activity);
    this.activities = [...(this.activities ?? [])].sort((a, b) => a.startsAt.localeCompare(b.startsAt));
    return { ok: true, activity: result.body.activity };
  }

  /** Staff: changes an activity, or calls it off with `{cancelled: true}`. */
  async update(id: string, changes: ActivityChangesBody): Promise<{ ok: true } | { ok: false; message: string }> {
    const result = await api.activities.change(id, changes);
    if (!result.ok) return { ok: false, message: result.code === 'bad_request' ? m.activities_form_check() : problemText(result) };
    this.#put(result.body.activity);
    await this.loadOne(id);
    return { ok: true };
  }

  #answered(answer: OutboxAnswer): void {
    const activity = (answer.body as { activity?: Activity } | null)?.activity;
    if (activity && activity.spaceId === this.spaceId) this.#put(activity);
    // Positions of others on the waiting list move too; the list is read again.
    void this.load();
  }

  #put(activity: Activity): void {
    const list = this.activities ?? [];
    this.activities = list.some((item) => item.id === activity.id) ? list.map((item) => (item.id === activity.id ? activity : item)) : [...list, activity];
  }
}
