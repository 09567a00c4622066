/**
 * Read confirmations of the controlled handbook: a protocol can be "must read" for everyone who reads its space or
 * for some organisation roles; each of them confirms having read each approved version. A new approval asks them
 * again (a notification), its keepers see who has and has not confirmed, and remind those who have not.
 *
 * Who confirmed is the session's person, never a field of the request; what they confirm is a version the server
 * approved, never the draft. Confirming twice is the same confirmation (a device may send it again after a lost
 * answer, from its outbox).
 */
import * as Y from 'yjs';
import { mayApprove, mayAssignPage, mayReadApproved, spaceAccess, type AccessUser, type OrgRole } from '@kring/access';
import { amsterdamDate, iso, type MustRead, type ProtocolReader, type ProtocolToRead, type ReadStatus } from '@kring/contract';
import { getPageTitle, parseDocName } from '@kring/shapes';
import type { DocumentStore } from '@kring/storage';
import type { Accounts, User } from '../accounts/accounts.ts';
import type { KringDb } from '../db/schema.ts';
import type { Notifications } from '../notifications/notifications.ts';
import { VersionError, parseMustRead, type PageVersions } from './page-versions.ts';

/** Whether a person of `role` is among those who must read, given the protocol's rule. */
function mustReadFor(rule: MustRead | null, role: OrgRole): boolean {
  return rule === 'space' || (Array.isArray(rule) && rule.includes(role));
}

export class ReadConfirmations {
  readonly #db: KringDb;
  readonly #accounts: Accounts;
  readonly #store: DocumentStore;
  readonly #versions: PageVersions;
  readonly #notifications: Notifications;
  /** Titles of approved versions: a version never changes, so its title is read once. */
  readonly #titles = new Map<string, string>();

  constructor(db: KringDb, accounts: Accounts, store: DocumentStore, versions: PageVersions, notifications: Notifications) {
    this.#db = db;
    this.#accounts = accounts;
    this.#store = store;
    this.#versions = versions;
    this.#notifications = notifications;
    versions.onApproved((name, versionId, approver) => this.#askAgain(name, versionId, approver));
  }

  /** Where `user` stands with the protocol; its keepers also get everyone who must read it. */
  async status(user: User, name: string): Promise<ReadStatus> {
    const { asker, row } = await this.#page(user, name);
    const rule = parseMustRead(row?.must_read);
    const versionId = row?.approved_version_id ?? null;
    const mine = await this.#confirmations([user.id], name);
    const confirmed = mine.get(user.id) ?? null;
    const mustRead = rule !== null && mustReadFor(rule, user.role);
    const keeps = this.#keeps(asker, name, row);
    return {
      name,
      mustRead,
      versionId,
      confirmed: confirmed && { versionId: confirmed.newest, at: iso(confirmed.at) },
      due: mustRead && versionId !== null && !confirmed?.versions.has(versionId),
      readers: keeps ? await this.#readers(name, rule, versionId) : null,
      mayRemind: keeps,
    };
  }

  /** "I read version `versionId`": the session's person, a version that was approved. */
  async confirm(user: User, name: string, versionId: number, now = Date.now()): Promise<ReadStatus> {
    await this.#page(user, name);
    if (!(await this.#versions.wasApproved(name, versionId))) throw new VersionError('bad_request', 'Only an approved version of this page is confirmed as read.');
    await this.#db
      .insertInto('read_confirmations')
      .values({ document: name, space_id: parseDocName(name)!.spaceId, user_id: user.id, version_id: versionId, confirmed_at: now })
      .onConflict((oc) => oc.columns(['document', 'user_id', 'version_id']).doNothing())
      .execute();
    return this.status(user, name);
  }

  /** Tells everyone who must read the approved version and has not confirmed it, at most once a day each. */
  async remind(user: User, name: string, now = Date.now()): Promise<number> {
    const { asker, row } = await this.#page(user, name);
    if (!this.#keeps(asker, name, row)) throw new VersionError('forbidden', "Only the protocol's owner, its approver, the space's owners and administrators remind its readers.");
    const versionId = row?.approved_version_id ?? null;
    if (versionId === null) throw new VersionError('bad_request', 'This protocol has no approved version to read yet.');
    const readers = await this.#readers(name, parseMustRead(row?.must_read), versionId);
    const behind = readers.filter((reader) => !reader.current && reader.id !== user.id).map((reader) => reader.id);
    // The day in the key: pressing again the same day tells nobody twice.
    return this.#tell(name, versionId, behind, user.id, `protocol-reminder:${name}:${versionId}:${amsterdamDate(now)}`, now);
  }

  /** The protocols `user` must still confirm, newest approval first (the home screen's "Te lezen"). */
  async toRead(user: User): Promise<ProtocolToRead[]> {
    const asker = await this.#accounts.accessUser(user);
    const spaceIds = Object.keys(asker.spaces);
    if (spaceIds.length === 0) return [];
    const rows = await this.#db
      .selectFrom('page_controls')
      .select(['document', 'space_id', 'approved_version_id', 'approved_at', 'must_read'])
      .where('space_id', 'in', spaceIds)
      .where('must_read', 'is not', null)
      .where('approved_version_id', 'is not', null)
      .orderBy('approved_at', 'desc')
      .execute();
    const mine = await this.#db
      .selectFrom('read_confirmations')
      .select(['document', 'version_id', 'confirmed_at'])
      .where('user_id', '=', user.id)
      .where('space_id', 'in', spaceIds)
      .orderBy('confirmed_at')
      .execute();
    const protocols: ProtocolToRead[] = [];
    for (const row of rows) {
      const versionId = row.approved_version_id!;
      if (!mustReadFor(parseMustRead(row.must_read), user.role) || !mayReadApproved(asker, row.document)) continue;
      const confirmed = mine.filter((confirmation) => confirmation.document === row.document);
      if (confirmed.some((confirmation) => confirmation.version_id === versionId)) continue;
      const space = await this.#accounts.space(row.space_id);
      protocols.push({
        name: row.document,
        spaceId: row.space_id,
        spaceName: space?.name ?? '',
        title: await this.#title(row.document, versionId),
        versionId,
        approvedAt: iso(Number(row.approved_at)),
        confirmedVersionId: confirmed.at(-1)?.version_id ?? null,
      });
    }
    return protocols;
  }

  /** Every confirmation the person gave, oldest first (their export). */
  async mine(userId: string): Promise<{ document: string; versionId: number; confirmedAt: number }[]> {
    const rows = await this.#db.selectFrom('read_confirmations').select(['document', 'version_id', 'confirmed_at']).where('user_id', '=', userId).orderBy('confirmed_at').orderBy('document').execute();
    return rows.map((row) => ({ document: row.document, versionId: row.version_id, confirmedAt: Number(row.confirmed_at) }));
  }

  /** Erasure: the person's confirmations go with them. */
  async forget(userId: string): Promise<void> {
    await this.#db.deleteFrom('read_confirmations').where('user_id', '=', userId).execute();
  }

  /** A new approved version: everyone who must read it hears so (not the approver), once per version. */
  async #askAgain(name: string, versionId: number, approver: User): Promise<void> {
    const row = await this.#row(name);
    const rule = parseMustRead(row?.must_read);
    if (rule === null) return;
    const readers = await this.#readers(name, rule, versionId);
    await this.#tell(
      name,
      versionId,
      readers.filter((reader) => !reader.current && reader.id !== approver.id).map((reader) => reader.id),
      approver.id,
      `protocol:${name}:${versionId}`,
      Date.now(),
    );
  }

  async #tell(name: string, versionId: number, recipients: string[], actorId: string, eventKey: string, now: number): Promise<number> {
    const title = await this.#title(name, versionId);
    const docId = parseDocName(name)!.docId;
    const before = await this.#told(eventKey);
    await this.#notifications.notify(
      name,
      actorId,
      recipients.map((recipientId) => ({ kind: 'protocol-to-read' as const, recipientId, subject: docId, eventKey, excerpt: title.slice(0, 200) })),
      now,
    );
    return (await this.#told(eventKey)) - before;
  }

  async #told(eventKey: string): Promise<number> {
    const { count } = await this.#db.selectFrom('notifications').select((eb) => eb.fn.countAll<number>().as('count')).where('event_key', '=', eventKey).executeTakeFirstOrThrow();
    return Number(count);
  }

  /**
   * Everyone who must read the protocol: active people of the organisation who may read the page (live or as
   * approved) and whom the rule names, with their newest confirmation.
   */
  async #readers(name: string, rule: MustRead | null, versionId: number | null): Promise<ProtocolReader[]> {
    if (rule === null) return [];
    const { spaceId } = parseDocName(name)!;
    const space = await this.#accounts.space(spaceId);
    if (!space || !space.features.includes('wiki')) return [];
    const people = (await this.#accounts.activePeopleWithMembership(space.organisationId, spaceId)).filter(
      (person) => mustReadFor(rule, person.role) && spaceAccess(person.role, { kind: space.kind, role: person.membership }, 'page') !== 'none',
    );
    const confirmations = await this.#confirmations(
      people.map((person) => person.id),
      name,
    );
    return people.map((person) => {
      const confirmed = confirmations.get(person.id);
      return {
        id: person.id,
        name: person.name,
        confirmed: confirmed ? { versionId: confirmed.newest, at: iso(confirmed.at) } : null,
        current: versionId !== null && !!confirmed?.versions.has(versionId),
      };
    });
  }

  /** Per person: the versions they confirmed, and the newest confirmation (version and when). */
  async #confirmations(userIds: string[], name: string): Promise<Map<string, { versions: Set<number>; newest: number; at: number }>> {
    const found = new Map<string, { versions: Set<number>; newest: number; at: number }>();
    if (userIds.length === 0) return found;
    const rows = await this.#db.selectFrom('read_confirmations').select(['user_id', 'version_id', 'confirmed_at']).where('document', '=', name).orderBy('confirmed_at').orderBy('version_id').execute();
    const wanted = new Set(userIds);
    for (const row of rows) {
      if (!wanted.has(row.user_id)) continue;
      const entry = found.get(row.user_id) ?? { versions: new Set<number>(), newest: row.version_id, at: Number(row.confirmed_at) };
      entry.versions.add(row.version_id);
      if (row.version_id >= entry.newest) {
        entry.newest = row.version_id;
        entry.at = Number(row.confirmed_at);
      }
      found.set(row.user_id, entry);
    }
    return found;
  }

  /** Keepers: the protocol's owner and approver, the space's owners and administrators (all with write access). */
  #keeps(asker: AccessUser, name: string, row: { owner_id: string | null; approver_id: string | null } | undefined): boolean {
    const control = { ownerId: row?.owner_id ?? null, approverId: row?.approver_id ?? null };
    return mayAssignPage(asker, name, control) || mayApprove(asker, name, control);
  }

  async #page(user: User, name: string) {
    if (parseDocName(name)?.kind !== 'page') throw new VersionError('bad_request', 'Only pages are read and confirmed: name must be <spaceId>/page/<docId>.');
    const asker = await this.#accounts.accessUser(user);
    if (!mayReadApproved(asker, name)) throw new VersionError('forbidden', 'No access to this page.');
    return { asker, row: await this.#row(name) };
  }

  #row(name: string) {
    return this.#db.selectFrom('page_controls').selectAll().where('document', '=', name).executeTakeFirst();
  }

  async #title(name: string, versionId: number): Promise<string> {
    const key = `${name}#${versionId}`;
    let title = this.#titles.get(key);
    if (title === undefined) {
      const state = await this.#store.loadVersion(name, versionId);
      const doc = new Y.Doc();
      if (state) Y.applyUpdate(doc, state);
      title = getPageTitle(doc);
      doc.destroy();
      if (this.#titles.size > 1000) this.#titles.clear();
      this.#titles.set(key, title);
    }
    return title;
  }
}
