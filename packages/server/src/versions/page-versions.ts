/**
 * A page's versions (list, name, read, restore) and the controlled handbook: a protocol's owner, approver, review
 * date and status, and the approved version readers see. Versions are whole stored states in the document store
 * (`saveVersion`), never Yjs snapshots: the server garbage-collects deleted content. Who may do what is asked of
 * the access policy (`versionRights`, `mayApprove`, `mayAssignPage`).
 */
import * as Y from 'yjs';
import { access, mayApprove, mayAssignPage, mayReadApproved, versionRights, type AccessUser } from '@kring/access';
import type { MustRead, PageControl, PageStatus, PageVersion, PageVersionText, RestoredVersion, VersionKind } from '@kring/contract';
import { pageText, parseDocName, restorePage } from '@kring/shapes';
import type { DocumentStore, VersionInfo } from '@kring/storage';
import { AUTOMATIC_VERSION, type ServerWrites } from '@kring/sync-server';
import type { Accounts, User } from '../accounts/accounts.ts';
import type { KringDb } from '../db/schema.ts';
import { DomainError } from '../errors.ts';

export type VersionErrorCode = 'forbidden' | 'not_found' | 'bad_request';

export class VersionError extends DomainError<VersionErrorCode> {}

/** Labels of versions the server keeps itself, besides the sync server's own (AUTOMATIC_VERSION). */
const BEFORE_RESTORE = 'auto:restore';
const APPROVED = 'auto:approved';

/** Told when a protocol was approved, or who must read an approved one changed (read confirmations ask its readers). */
export type ApprovedListener = (name: string, versionId: number, approver: User) => Promise<void>;

/** `page_controls.must_read` as stored (JSON), read back; anything else is nobody. */
export function parseMustRead(stored: string | null | undefined): MustRead | null {
  if (!stored) return null;
  try {
    const value: unknown = JSON.parse(stored);
    if (value === 'space') return 'space';
    if (Array.isArray(value) && value.length > 0 && value.every((role) => typeof role === 'string')) return value as MustRead;
  } catch {
    // Not ours: nobody must read.
  }
  return null;
}

function kindOf(label: string): VersionKind {
  if (label === AUTOMATIC_VERSION.daily) return 'daily';
  if (label === AUTOMATIC_VERSION.compaction) return 'compaction';
  if (label === BEFORE_RESTORE) return 'restore';
  if (label === APPROVED) return 'approved';
  return 'named';
}

export class PageVersions {
  readonly #db: KringDb;
  readonly #accounts: Accounts;
  readonly #store: DocumentStore;
  readonly #sync: ServerWrites;
  readonly #accessChanged: () => Promise<void>;
  readonly #approved: ApprovedListener[] = [];

  constructor(db: KringDb, accounts: Accounts, store: DocumentStore, sync: ServerWrites, accessChanged: () => Promise<void>) {
    this.#db = db;
    this.#accounts = accounts;
    this.#store = store;
    this.#sync = sync;
    this.#accessChanged = accessChanged;
  }

  /** Calls `listener` after each approval and each change of who must read an approved protocol; a failing listener is logged and undoes nothing. */
  onApproved(listener: ApprovedListener): void {
    this.#approved.push(listener);
  }

  /** The page's versions, newest first, each with who saved it as the server recorded it. */
  async list(user: User, name: string): Promise<{ versions: PageVersion[]; mayChange: boolean }> {
    const rights = versionRights(await this.#asker(user, name), name);
    if (!rights.read) throw new VersionError('forbidden', 'No access to the versions of this page.');
    const versions = await this.#store.listVersions(name);
    return { versions: await this.#views(versions.reverse()), mayChange: rights.change };
  }

  /** Keeps the page as it is now under `label`, as `user`. */
  async name(user: User, name: string, label: string): Promise<PageVersion> {
    await this.#mayChange(user, name);
    const id = await this.#store.saveVersion(name, label, user.id);
    const saved = (await this.#store.listVersions(name)).find((version) => version.id === id)!;
    return (await this.#views([saved]))[0]!;
  }

  /** A version's text per block, for a comparison on the device. */
  async text(user: User, name: string, id: number): Promise<PageVersionText> {
    const asker = await this.#asker(user, name);
    // Those who read a protocol as approved compare approved versions (what changed since they confirmed), no draft.
    const readable = versionRights(asker, name).read || (mayReadApproved(asker, name) && (await this.wasApproved(name, id)));
    if (!readable) throw new VersionError('forbidden', 'No access to the versions of this page.');
    const doc = await this.#version(name, id);
    return { name, id, ...pageText(doc) };
  }

  /**
   * Makes the page read as version `id` again, as a new change by `user`: only the blocks that differ are replaced,
   * so what someone else changes at the same time elsewhere in the page stays. The state before is kept first.
   */
  async restore(user: User, name: string, id: number): Promise<RestoredVersion> {
    await this.#mayChange(user, name);
    const version = await this.#version(name, id);
    const before = await this.#store.saveVersion(name, BEFORE_RESTORE, user.id);
    const { removed, inserted } = await this.#sync.transactAsServer(name, user.id, (live) => restorePage(live, version));
    return { id, before, removed, inserted };
  }

  /** Whether version `id` of the page was approved at some time (readers confirm and compare only those). */
  async wasApproved(name: string, id: number): Promise<boolean> {
    return (await this.#store.listVersions(name)).some((version) => version.id === id && version.label === APPROVED);
  }

  /** The protocol's control as `user` sees it; a page nobody assigned is a draft without owner. */
  async control(user: User, name: string): Promise<PageControl> {
    const asker = await this.#asker(user, name);
    if (!mayReadApproved(asker, name)) throw new VersionError('forbidden', 'No access to this page.');
    const row = await this.#row(name);
    const person = async (id: string | null) => {
      const found = id ? await this.#accounts.userById(id) : null;
      return found ? { id: found.id, name: found.name } : null;
    };
    const control = { ownerId: row?.owner_id ?? null, approverId: row?.approver_id ?? null };
    const today = new Date().toISOString().slice(0, 10);
    return {
      name,
      status: row?.status ?? 'draft',
      owner: await person(control.ownerId),
      approver: await person(control.approverId),
      reviewOn: row?.review_on ?? null,
      reviewDue: !!row?.review_on && row.review_on <= today,
      approved:
        row?.approved_version_id != null
          ? { versionId: row.approved_version_id, at: new Date(Number(row.approved_at)).toISOString(), by: await person(row.approved_by) }
          : null,
      mustRead: parseMustRead(row?.must_read),
      mayApprove: mayApprove(asker, name, control),
      mayAssign: mayAssignPage(asker, name, control),
      mayEdit: access(asker, name) === 'write',
    };
  }

  /**
   * Changes owner, approver, review date (space owners, administrators, the protocol's owner) or status (draft or in
   * review: any writer; approving is `approve`). An owner or approver must be able to write the page.
   */
  async changeControl(
    user: User,
    name: string,
    change: { ownerId?: string | null; approverId?: string | null; reviewOn?: string | null; status?: Exclude<PageStatus, 'approved'>; mustRead?: MustRead | null },
  ): Promise<PageControl> {
    const asker = await this.#asker(user, name);
    if (access(asker, name) !== 'write') throw new VersionError('forbidden', 'Only those who write the page change its status.');
    const row = await this.#row(name);
    const assigns = change.ownerId !== undefined || change.approverId !== undefined || change.reviewOn !== undefined || change.mustRead !== undefined;
    if (assigns && !mayAssignPage(asker, name, { ownerId: row?.owner_id ?? null })) {
      throw new VersionError('forbidden', "Only the space's owners, administrators and the protocol's owner name its owner, approver, review date and who must read it.");
    }
    for (const id of [change.ownerId, change.approverId]) {
      if (!id) continue;
      const person = await this.#accounts.userById(id);
      if (!person || person.organisationId !== user.organisationId || access(await this.#accounts.accessUser(person), name) !== 'write') {
        throw new VersionError('bad_request', 'An owner or approver must be someone who writes this page.');
      }
    }
    const values = {
      status: change.status ?? row?.status ?? 'draft',
      owner_id: change.ownerId !== undefined ? change.ownerId : (row?.owner_id ?? null),
      approver_id: change.approverId !== undefined ? change.approverId : (row?.approver_id ?? null),
      review_on: change.reviewOn !== undefined ? change.reviewOn : (row?.review_on ?? null),
      must_read: change.mustRead !== undefined ? (change.mustRead === null ? null : JSON.stringify(change.mustRead)) : (row?.must_read ?? null),
      updated_at: Date.now(),
    };
    await this.#db
      .insertInto('page_controls')
      .values({ document: name, space_id: parseDocName(name)!.spaceId, ...values })
      .onConflict((oc) => oc.column('document').doUpdateSet(values))
      .execute();
    await this.#accounts.audit({ userId: user.id, action: 'page.control', subject: name, detail: change });
    // Who must read an approved protocol changed: those it names now are asked at once, not at the next approval.
    if (change.mustRead !== undefined && row?.approved_version_id != null) await this.#tellApproved(name, row.approved_version_id, user);
    return this.control(user, name);
  }

  /**
   * The owner's or approver's explicit act: the page as it is now becomes the approved version, the one readers
   * see, while the next draft is worked on. Open sockets of readers on the page close (they read the approved one).
   */
  async approve(user: User, name: string): Promise<PageControl> {
    const asker = await this.#asker(user, name);
    const row = await this.#row(name);
    if (!mayApprove(asker, name, { ownerId: row?.owner_id ?? null, approverId: row?.approver_id ?? null })) {
      throw new VersionError('forbidden', "Only the protocol's owner or its approver approves it.");
    }
    const versionId = await this.#store.saveVersion(name, APPROVED, user.id);
    const at = Date.now();
    await this.#db
      .updateTable('page_controls')
      .set({ status: 'approved', approved_version_id: versionId, approved_at: at, approved_by: user.id, updated_at: at })
      .where('document', '=', name)
      .execute();
    await this.#accounts.audit({ userId: user.id, action: 'page.approve', subject: name, detail: { versionId } });
    await this.#accessChanged();
    await this.#tellApproved(name, versionId, user);
    return this.control(user, name);
  }

  /** The approved version as a Yjs update, for everyone who may read the page (readers get nothing else of it). */
  async approved(user: User, name: string): Promise<Uint8Array> {
    const asker = await this.#asker(user, name);
    if (!mayReadApproved(asker, name)) throw new VersionError('forbidden', 'No access to this page.');
    const row = await this.#row(name);
    const state = row?.approved_version_id != null ? await this.#store.loadVersion(name, row.approved_version_id) : null;
    if (!state) throw new VersionError('not_found', 'This page has no approved version.');
    return state;
  }

  /** Pages with an approved version, per space: for `SpaceGrant.controlledPages`. */
  static async controlledPagesBySpace(db: KringDb, spaceIds: readonly string[]): Promise<Map<string, string[]>> {
    const pages = new Map<string, string[]>();
    if (spaceIds.length === 0) return pages;
    const rows = await db.selectFrom('page_controls').select(['document', 'space_id']).where('space_id', 'in', [...spaceIds]).where('approved_version_id', 'is not', null).execute();
    for (const row of rows) {
      const docId = parseDocName(row.document)?.docId;
      if (docId) pages.set(row.space_id, [...(pages.get(row.space_id) ?? []), docId]);
    }
    return pages;
  }

  async #tellApproved(name: string, versionId: number, by: User): Promise<void> {
    for (const listener of this.#approved) await listener(name, versionId, by).catch((error: unknown) => console.error(`after approving ${name}:`, error));
  }

  async #asker(user: User, name: string): Promise<AccessUser> {
    if (parseDocName(name)?.kind !== 'page') throw new VersionError('bad_request', 'Only pages have versions: name must be <spaceId>/page/<docId>.');
    return this.#accounts.accessUser(user);
  }

  async #mayChange(user: User, name: string): Promise<void> {
    if (!versionRights(await this.#asker(user, name), name).change) throw new VersionError('forbidden', 'Only those who write the page name or restore its versions.');
  }

  async #version(name: string, id: number): Promise<Y.Doc> {
    const state = await this.#store.loadVersion(name, id);
    if (!state) throw new VersionError('not_found', 'No such version of this page.');
    const doc = new Y.Doc();
    Y.applyUpdate(doc, state);
    return doc;
  }

  #row(name: string) {
    return this.#db.selectFrom('page_controls').selectAll().where('document', '=', name).executeTakeFirst();
  }

  async #views(versions: VersionInfo[]): Promise<PageVersion[]> {
    const names = new Map<string, string | null>();
    for (const { author } of versions) if (author !== null && !names.has(author)) names.set(author, (await this.#accounts.userById(author))?.name ?? null);
    return versions.map((version) => {
      const authorName = version.author === null ? null : names.get(version.author);
      const kind = kindOf(version.label);
      return {
        id: version.id,
        kind,
        label: kind === 'named' ? version.label : '',
        author: version.author !== null && authorName ? { id: version.author, name: authorName } : null,
        at: new Date(version.at).toISOString(),
      };
    });
  }
}
