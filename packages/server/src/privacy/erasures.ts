/**
 * The privacy officer's erasure of a person (AVG art. 17): their posts, comments, likes and votes leave every
 * feed (each feed then stores its collected state in place of its history: see docs/privacy.md, "Deleted means
 * gone"), their name and login name are replaced, their sessions end and their account stays inactive. Only the
 * `privacy` role (`mayErasePeople`, the one policy); every erasure is audited without the person's name.
 */
import { mayErasePeople } from '@kring/access';
import type { DocumentStore } from '@kring/storage';
import type { ServerWrites } from '@kring/sync-server';
import { eraseChatAuthor, erasePerson, type FeedErasure } from '@kring/shapes';
import { parseDocName } from '@kring/shapes/names';
import type { Accounts, User } from '../accounts/accounts.ts';
import type { Files } from '../files/files.ts';
import type { Desks } from '../desk/desk.ts';
import type { Insight } from '../insight/insight.ts';
import type { Notifications } from '../notifications/notifications.ts';
import type { Rooms } from '../rooms/rooms.ts';
import type { Digests } from '../digest/digest.ts';
import type { Push } from '../push/push.ts';
import { DomainError } from '../errors.ts';
import type { Sessions } from '../sessions/sessions.ts';
import type { ReadConfirmations } from '../versions/read-confirmations.ts';

export type ErasureErrorCode = 'forbidden' | 'not_found' | 'self';
export class ErasureError extends DomainError<ErasureErrorCode> {}

/** What the erasure took out, summed over the feeds and chats. */
export interface ErasureReport extends FeedErasure {
  documents: number;
  /** Chat messages they wrote. */
  messages: number;
}

/** Someone the privacy officer may choose. */
export interface ErasablePerson {
  id: string;
  name: string;
  role: User['role'];
  active: boolean;
}

/** The name an erased person gets in the account (and so in every list of people). */
export const ERASED_NAME = 'Verwijderde persoon';

export class Erasures {
  readonly #accounts: Accounts;
  readonly #sessions: Sessions;
  readonly #store: DocumentStore;
  readonly #sync: ServerWrites;
  readonly #files: Files | null;
  readonly #notifications: Notifications | null;
  readonly #desks: Desks | null;
  readonly #insight: Insight | null;
  readonly #rooms: Rooms | null;
  readonly #push: Pick<Push, 'forget'> | null;
  readonly #digests: Pick<Digests, 'forget'> | null;
  readonly #reads: Pick<ReadConfirmations, 'forget'> | null;

  constructor(
    accounts: Accounts,
    sessions: Sessions,
    store: DocumentStore,
    sync: ServerWrites,
    files: Files | null = null,
    notifications: Notifications | null = null,
    desks: Desks | null = null,
    insight: Insight | null = null,
    rooms: Rooms | null = null,
    push: Pick<Push, 'forget'> | null = null,
    digests: Pick<Digests, 'forget'> | null = null,
    reads: Pick<ReadConfirmations, 'forget'> | null = null,
  ) {
    this.#accounts = accounts;
    this.#sessions = sessions;
    this.#store = store;
    this.#sync = sync;
    this.#files = files;
    this.#notifications = notifications;
    this.#desks = desks;
    this.#insight = insight;
    this.#rooms = rooms;
    this.#push = push;
    this.#digests = digests;
    this.#reads = reads;
  }

  /** Everyone in the officer's organisation, to choose from. */
  async people(officer: User): Promise<ErasablePerson[]> {
    this.#check(officer);
    return (await this.#accounts.listPeople(officer.organisationId)).map(({ id, name, role, active }) => ({ id, name, role, active }));
  }

  async erase(officer: User, personId: string): Promise<ErasureReport> {
    this.#check(officer);
    const person = await this.#accounts.userById(personId);
    if (!person || person.organisationId !== officer.organisationId) throw new ErasureError('not_found', 'No such person.');
    if (person.id === officer.id) throw new ErasureError('self', 'You cannot erase yourself.');
    // First the account: no new session and no new post while the feeds are being cleaned.
    await this.#accounts.anonymise(person.id, ERASED_NAME);
    await this.#sessions.endAll(person.id);
    const report: ErasureReport = { documents: 0, posts: 0, comments: 0, likes: 0, votes: 0, messages: 0 };
    for (const docName of await this.#documents('chat')) {
      const erased = await this.#sync.transactAsServer(docName, null, (doc) => eraseChatAuthor(doc, person.id));
      if (erased === 0) continue;
      report.documents++;
      report.messages += erased;
    }
    for (const docName of await this.#documents('feed')) {
      const erased = await this.#sync.transactAsServer(docName, null, (doc) => erasePerson(doc, person.id));
      if (erased.posts + erased.comments + erased.likes + erased.votes === 0) continue;
      report.documents++;
      report.posts += erased.posts;
      report.comments += erased.comments;
      report.likes += erased.likes;
      report.votes += erased.votes;
    }
    // Their pictures too, attached to a post or not.
    await this.#files?.eraseBy(person.id);
    // What they were told and what they caused others to be told.
    await this.#notifications?.forget(person.id);
    // Their questions to a desk, with their threads; their name leaves the replies and orders they wrote.
    await this.#desks?.forget(person.id);
    await this.#insight?.forget(person.id);
    // Their room bookings (with the titles they typed) and their calendar address.
    await this.#rooms?.forget(person.id);
    // Their devices' push subscriptions.
    await this.#push?.forget(person.id);
    await this.#digests?.forget(person.id);
    // Which protocols they confirmed having read.
    await this.#reads?.forget(person.id);
    await this.#accounts.audit({ userId: officer.id, action: 'privacy.erase', subject: person.id, detail: report });
    return report;
  }

  #check(officer: User): void {
    if (!mayErasePeople(officer)) throw new ErasureError('forbidden', 'Only the privacy officer can do this.');
  }

  /** Every document of this kind ever stored (feeds, chats), all months of all spaces and conversations. */
  async #documents(kind: 'feed' | 'chat'): Promise<string[]> {
    const found: string[] = [];
    let cursor = 0;
    for (;;) {
      const page = await this.#store.changesSince(cursor, 1000);
      for (const { docName } of page.changes) if (parseDocName(docName)?.kind === kind) found.push(docName);
      if (page.changes.length < 1000) return found;
      cursor = page.cursor;
    }
  }
}
