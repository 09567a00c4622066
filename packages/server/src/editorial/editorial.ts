/**
 * The editorial workflow's authoritative state: which submissions exist, their status, the editors' comments and
 * the publication window. The article itself is a document (`<newsSpace>/submission/<id>`); publishing copies it
 * into a page of the news space (publishing.ts, which has the document store); who may do which action, and what
 * each does, is decisions.ts. This file is SQL only.
 *
 * Status: submitted → changes_requested (→ submitted again by the author) → published / rejected. Publishing
 * with a later publish date gives `scheduled` until then; an unpublish date, or unpublishing, gives
 * `unpublished`. A published page outside its window is hidden from readers by the access policy
 * (`hiddenPagesBySpace` feeds `SpaceGrant.hiddenPages`).
 */
import type { KringDb, SubmissionStatus, SubmissionTable } from '../db/schema.ts';
import { DomainError } from '../errors.ts';

export type { SubmissionStatus };

export interface Submission {
  id: string;
  spaceId: string;
  /** `<spaceId>/submission/<id>`: the document the author writes in. */
  docName: string;
  authorId: string;
  status: SubmissionStatus;
  title: string;
  /** The published page's id in the space, once published. */
  pageId: string | null;
  publishAt: number | null;
  unpublishAt: number | null;
  createdAt: number;
  updatedAt: number;
  decidedBy: string | null;
}

export interface SubmissionComment {
  id: number;
  authorId: string;
  at: number;
  action: string;
  text: string;
}

export type EditorialErrorCode = 'not_found' | 'conflict' | 'invalid_state' | 'forbidden' | 'bad_request';

/** Thrown for a request the workflow refuses; `code` says why, so callers never match on message text. */
export class EditorialError extends DomainError<EditorialErrorCode> {}

/** An editor's decision, as named in the API. */
export type Decision = 'request-changes' | 'reject' | 'publish' | 'unpublish';

/** The states each decision may be taken from. */
const ALLOWED_FROM: Record<Decision | 'resubmit', readonly SubmissionStatus[]> = {
  'request-changes': ['submitted'],
  reject: ['submitted', 'changes_requested'],
  // Publishing again changes the dates (or brings back an unpublished article).
  publish: ['submitted', 'changes_requested', 'scheduled', 'published', 'unpublished'],
  unpublish: ['scheduled', 'published'],
  resubmit: ['changes_requested'],
};

export const MAX_TITLE_LENGTH = 200;
export const MAX_COMMENT_LENGTH = 4000;

type Row = SubmissionTable;
const toSubmission = (row: Row): Submission => ({
  id: row.id,
  spaceId: row.space_id,
  docName: `${row.space_id}/submission/${row.id}`,
  authorId: row.author_id,
  status: row.status,
  title: row.title,
  pageId: row.page_id,
  publishAt: row.publish_at === null ? null : Number(row.publish_at),
  unpublishAt: row.unpublish_at === null ? null : Number(row.unpublish_at),
  createdAt: Number(row.created_at),
  updatedAt: Number(row.updated_at),
  decidedBy: row.decided_by,
});

/**
 * Whether a published page is visible to readers at `now`: the dates decide, whether or not the clock has
 * already moved a scheduled article to `published` (and into the index).
 */
export function isLive(submission: Pick<Submission, 'status' | 'publishAt' | 'unpublishAt'>, now: number): boolean {
  return (
    (submission.status === 'published' || submission.status === 'scheduled') &&
    (submission.publishAt === null || submission.publishAt <= now) &&
    (submission.unpublishAt === null || submission.unpublishAt > now)
  );
}

/**
 * Per news space, the ids of published pages that readers may not open at `now`: scheduled for later,
 * past their unpublish date, or unpublished.
 */
export async function hiddenPagesBySpace(db: KringDb, spaceIds: readonly string[], now: number): Promise<Map<string, string[]>> {
  const result = new Map<string, string[]>();
  if (spaceIds.length === 0) return result;
  const rows = await db
    .selectFrom('submissions')
    .selectAll()
    .where('space_id', 'in', [...spaceIds])
    .where('page_id', 'is not', null)
    .execute();
  for (const row of rows) {
    const submission = toSubmission(row);
    if (isLive(submission, now)) continue;
    result.set(submission.spaceId, [...(result.get(submission.spaceId) ?? []), submission.pageId!]);
  }
  return result;
}

export class Editorial {
  readonly #db: KringDb;

  constructor(db: KringDb) {
    this.#db = db;
  }

  /**
   * Registers a submission (status `submitted`). Idempotent: the same author sending the same id again (an
   * offline request retried) gets the existing one, `created: false`.
   */
  async create(input: { id: string; spaceId: string; authorId: string; title: string; now?: number }): Promise<{ submission: Submission; created: boolean }> {
    const existing = await this.get(input.id);
    if (existing) {
      if (existing.authorId !== input.authorId || existing.spaceId !== input.spaceId) throw new EditorialError('conflict', 'this submission id is taken');
      return { submission: existing, created: false };
    }
    const now = input.now ?? Date.now();
    const row: Row = {
      id: input.id,
      space_id: input.spaceId,
      author_id: input.authorId,
      status: 'submitted',
      title: input.title,
      page_id: null,
      publish_at: null,
      unpublish_at: null,
      created_at: now,
      updated_at: now,
      decided_by: null,
    };
    await this.#db.insertInto('submissions').values(row).execute();
    await this.#comment(input.id, input.authorId, 'submit', '', now);
    return { submission: toSubmission(row), created: true };
  }

  async get(id: string): Promise<Submission | null> {
    const row = await this.#db.selectFrom('submissions').selectAll().where('id', '=', id).executeTakeFirst();
    return row ? toSubmission(row) : null;
  }

  /** Submissions newest first: of one author, or (for editors) of the given spaces. */
  async list(filter: { authorId: string } | { spaceIds: readonly string[] }): Promise<Submission[]> {
    if ('spaceIds' in filter && filter.spaceIds.length === 0) return [];
    const rows = await this.#db
      .selectFrom('submissions')
      .selectAll()
      .$if('authorId' in filter, (query) => query.where('author_id', '=', (filter as { authorId: string }).authorId))
      .$if('spaceIds' in filter, (query) => query.where('space_id', 'in', [...(filter as { spaceIds: readonly string[] }).spaceIds]))
      .orderBy('created_at', 'desc')
      .orderBy('id')
      .execute();
    return rows.map(toSubmission);
  }

  /** The submission's history of comments and decisions, oldest first. */
  async comments(id: string): Promise<SubmissionComment[]> {
    const rows = await this.#db.selectFrom('submission_comments').selectAll().where('submission_id', '=', id).orderBy('id').execute();
    return rows.map((row) => ({ id: Number(row.id), authorId: row.author_id, at: Number(row.at), action: row.action, text: row.text }));
  }

  /** A comment without a decision (an editor's note, or the author's answer). */
  async addComment(id: string, authorId: string, text: string, now = Date.now()): Promise<void> {
    await this.#require(id);
    await this.#comment(id, authorId, 'comment', text, now);
  }

  /** The author sends the article back after changes were requested. */
  async resubmit(id: string, authorId: string, input: { title: string; comment: string; now?: number }): Promise<Submission> {
    const now = input.now ?? Date.now();
    const submission = await this.#require(id, 'resubmit');
    await this.#db.updateTable('submissions').set({ status: 'submitted', title: input.title, updated_at: now }).where('id', '=', id).execute();
    await this.#comment(id, authorId, 'submit', input.comment, now);
    return { ...submission, status: 'submitted', title: input.title, updatedAt: now };
  }

  /** Checks that `decision` may be taken now; throws an EditorialError otherwise. */
  async check(id: string, decision: Decision): Promise<Submission> {
    return this.#require(id, decision);
  }

  /** Records a decision that needs no document work: request changes, or reject. */
  async decide(id: string, decision: 'request-changes' | 'reject', editorId: string, input: { title: string; comment: string; now?: number }): Promise<Submission> {
    const now = input.now ?? Date.now();
    const submission = await this.#require(id, decision);
    const status: SubmissionStatus = decision === 'reject' ? 'rejected' : 'changes_requested';
    await this.#db.updateTable('submissions').set({ status, title: input.title, updated_at: now, decided_by: editorId }).where('id', '=', id).execute();
    await this.#comment(id, editorId, decision, input.comment, now);
    return { ...submission, status, title: input.title, updatedAt: now, decidedBy: editorId };
  }

  /** Records a publication: the page exists; `published` when it is live at `now`, else `scheduled`. */
  async recordPublication(
    id: string,
    editorId: string,
    input: { pageId: string; title: string; publishAt: number | null; unpublishAt: number | null; comment: string; now?: number },
  ): Promise<Submission> {
    const now = input.now ?? Date.now();
    const submission = await this.#require(id, 'publish');
    const status: SubmissionStatus = input.publishAt !== null && input.publishAt > now ? 'scheduled' : 'published';
    const changes = {
      status,
      title: input.title,
      page_id: input.pageId,
      publish_at: input.publishAt,
      unpublish_at: input.unpublishAt,
      updated_at: now,
      decided_by: editorId,
    };
    await this.#db.updateTable('submissions').set(changes).where('id', '=', id).execute();
    await this.#comment(id, editorId, 'publish', input.comment, now);
    return { ...submission, status, title: input.title, pageId: input.pageId, publishAt: input.publishAt, unpublishAt: input.unpublishAt, updatedAt: now, decidedBy: editorId };
  }

  /** Records that the article is taken offline (by an editor, or by the clock when `editorId` is null). */
  async recordUnpublication(id: string, editorId: string | null, input: { comment: string; now?: number }): Promise<Submission> {
    const now = input.now ?? Date.now();
    const submission = await this.#require(id, 'unpublish');
    const changes = editorId === null ? { status: 'unpublished' as const, updated_at: now } : { status: 'unpublished' as const, updated_at: now, decided_by: editorId };
    await this.#db.updateTable('submissions').set(changes).where('id', '=', id).execute();
    if (editorId !== null) await this.#comment(id, editorId, 'unpublish', input.comment, now);
    return { ...submission, ...(editorId === null ? {} : { decidedBy: editorId }), status: 'unpublished', updatedAt: now };
  }

  /** A scheduled article whose publish date came: it is now published (the clock adds it to the index). */
  async markLive(id: string, now = Date.now()): Promise<void> {
    await this.#db.updateTable('submissions').set({ status: 'published', updated_at: now }).where('id', '=', id).where('status', '=', 'scheduled').execute();
  }

  /** What the clock must do at `now`: scheduled articles to publish, published ones past their unpublish date. */
  async due(now: number): Promise<{ toPublish: Submission[]; toUnpublish: Submission[] }> {
    const toPublish = await this.#db
      .selectFrom('submissions')
      .selectAll()
      .where('status', '=', 'scheduled')
      .where('publish_at', '<=', now)
      .execute();
    const toUnpublish = await this.#db
      .selectFrom('submissions')
      .selectAll()
      .where('status', 'in', ['published', 'scheduled'])
      .where('unpublish_at', '<=', now)
      .execute();
    const unpublishing = new Set(toUnpublish.map((row) => row.id));
    return { toPublish: toPublish.filter((row) => !unpublishing.has(row.id)).map(toSubmission), toUnpublish: toUnpublish.map(toSubmission) };
  }

  async #require(id: string, decision?: Decision | 'resubmit'): Promise<Submission> {
    const submission = await this.get(id);
    if (!submission) throw new EditorialError('not_found', 'no such submission');
    if (decision && !ALLOWED_FROM[decision].includes(submission.status)) {
      throw new EditorialError('invalid_state', `cannot ${decision} a submission that is ${submission.status}`);
    }
    return submission;
  }

  async #comment(id: string, authorId: string, action: string, text: string, now: number): Promise<void> {
    await this.#db.insertInto('submission_comments').values({ submission_id: id, author_id: authorId, at: now, action, text }).execute();
  }
}
