/**
 * The open app hears at once that its person's inbox changed (GET /api/notifications/events, server-sent events),
 * instead of at its next look a few minutes later. A stream carries no content: only "look again", and the app
 * asks the inbox, which checks who may read what as always. Streams live in this process; a person connected to
 * another process hears at that app's next look (the scale-out issue brings a shared bus).
 */

/** One open app: told to look again, or closed. */
interface Listener {
  userId: string;
  sessionId: string;
  changed(): void;
  close(): void;
}

/** A person has a few devices; more streams than this close the oldest (a tab reopened a hundred times). */
export const LIVE_STREAMS_PER_PERSON = 8;
/** And the process holds no more than this many in all. */
export const LIVE_STREAMS_MAX = 5_000;

export class LiveInbox {
  readonly #listeners = new Set<Listener>();

  /** Adds an open app; returns its removal. Past the limits, the oldest of the person's (or of all) is closed. */
  listen(listener: Listener): () => void {
    const own = [...this.#listeners].filter((other) => other.userId === listener.userId);
    if (own.length >= LIVE_STREAMS_PER_PERSON) this.#drop(own[0]);
    else if (this.#listeners.size >= LIVE_STREAMS_MAX) this.#drop(this.#listeners.values().next().value!);
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** The inboxes of `userIds` changed (a notification made, read on another device). */
  changed(userIds: Iterable<string>): void {
    const told = new Set(userIds);
    for (const listener of this.#listeners) if (told.has(listener.userId)) listener.changed();
  }

  /** Sessions that ended (logout, deactivation, ended on Mijn account): their streams close at once. */
  sessionsEnded(sessionIds: readonly string[]): void {
    const ended = new Set(sessionIds);
    for (const listener of [...this.#listeners]) if (ended.has(listener.sessionId)) this.#drop(listener);
  }

  get size(): number {
    return this.#listeners.size;
  }

  #drop(listener: Listener): void {
    this.#listeners.delete(listener);
    listener.close();
  }
}
