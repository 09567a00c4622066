/**
 * Pictures that belong to documents (posts in a feed; chat later), and profile photos. A person uploads a picture for a
 * document they may write, under a key their device chose (so a retried upload from the outbox lands on the same
 * file); the server checks and re-encodes it (pictures.ts), counts it in their quota and keeps it in the file store.
 * Whoever may read the document may read the picture, and nobody else learns it exists. The picture goes when the
 * post that carries it goes (the sync server tells, `released`) and when its uploader is erased.
 *
 * A profile photo belongs to no document: its row names `people/<userId>` (which no document is called, so the
 * documents' rule refuses everyone) and whoever may see the person's photo (the profiles' rule) gets it through
 * the person, never through its file id. A new photo replaces the old one, which goes.
 */
import { randomBytes } from 'node:crypto';
import type { StoredPicture } from '@kring/contract';
import { access, type AccessUser } from '@kring/access';
import { fileId, isFileId, isFileKey, parseDocName } from '@kring/shapes';
import type { KringDb } from '../db/schema.ts';
import { DomainError } from '../errors.ts';
import type { Quotas } from '../quotas/quotas.ts';
import { cleanPicture, PictureError } from './pictures.ts';
import type { FileStore } from './store.ts';

const MiB = 1024 * 1024;
/** Largest upload the server reads (`FILE_MAX_BYTES`); a phone's photo resized on the device is far below it. */
export const DEFAULT_FILE_MAX_BYTES = 10 * MiB;

export type FileErrorCode = 'bad_request' | 'forbidden' | 'not_found' | 'too_large' | 'unsupported_type' | 'storage_full' | 'throttled';
export class FileError extends DomainError<FileErrorCode> {
  /** For `throttled`: seconds until the upload would pass. */
  readonly retryAfterSeconds: number | null;
  constructor(code: FileErrorCode, message: string, retryAfterSeconds: number | null = null) {
    super(code, message);
    this.retryAfterSeconds = retryAfterSeconds;
  }
}

/** A stored picture, as its endpoint answers it (the contract's shape). */
export type StoredFile = StoredPicture;

export class Files {
  readonly #db: KringDb;
  readonly #store: FileStore;
  readonly #quotas: Quotas | null;
  readonly maxBytes: number;

  constructor(db: KringDb, store: FileStore, quotas: Quotas | null, { maxBytes = DEFAULT_FILE_MAX_BYTES }: { maxBytes?: number } = {}) {
    this.#db = db;
    this.#store = store;
    this.#quotas = quotas;
    this.maxBytes = maxBytes;
  }

  /** Counts the stored files in the quotas (once, at start). */
  async countInQuotas(): Promise<void> {
    if (!this.#quotas) return;
    const rows = await this.#db.selectFrom('files').select(['uploaded_by', 'space_id']).select((eb) => eb.fn.sum<number>('bytes').as('total')).groupBy(['uploaded_by', 'space_id']).execute();
    for (const row of rows) this.#quotas.stored(row.uploaded_by, row.space_id, Number(row.total));
  }

  /** Stores a picture `user` uploads for `docName` under `key`; the same upload again answers the stored file. */
  async upload(user: AccessUser, docName: string, key: string, body: Uint8Array): Promise<StoredFile> {
    const name = parseDocName(docName);
    if (!name || !isFileKey(key)) throw new FileError('bad_request', 'document must be a document name and key 1–64 of A–Z, a–z, 0–9, _ and -.');
    if (access(user, docName) !== 'write') throw new FileError('forbidden', 'You cannot add pictures to this document.');
    // Only posts and chat messages carry pictures: there the server lets go of them again when they are deleted.
    if (name.kind !== 'feed' && name.kind !== 'chat') throw new FileError('bad_request', 'Pictures belong to posts in a feed or messages in a chat.');
    const id = fileId(user.id, docName, key);
    const existing = await this.#row(id);
    if (existing) return existing;
    if (body.byteLength > this.maxBytes) throw new FileError('too_large', `A picture may be at most ${this.maxBytes} bytes.`);
    if (body.byteLength === 0) throw new FileError('unsupported_type', 'The upload is empty.');
    const refusal = this.#quotas?.spendFile(user.id, name.spaceId, body.byteLength) ?? null;
    if (refusal) {
      if (refusal.limit === 'bytes-per-minute') throw new FileError('throttled', 'Too many pictures at once; try again shortly.', refusal.retryAfterSeconds);
      throw new FileError('storage_full', 'There is no room left for more pictures.');
    }
    let picture;
    try {
      picture = await cleanPicture(body);
    } catch (error) {
      // Nothing was stored: the allowance goes back.
      this.#quotas?.stored(user.id, name.spaceId, -body.byteLength);
      if (error instanceof PictureError) throw new FileError(error.code, error.message);
      throw error;
    }
    // The quota counted what came in; it keeps what is stored.
    this.#quotas?.stored(user.id, name.spaceId, picture.bytes.byteLength - body.byteLength);
    await this.#store.put(id, picture.bytes);
    const row = {
      id,
      document: docName,
      space_id: name.spaceId,
      uploaded_by: user.id,
      key,
      content_type: picture.contentType,
      bytes: picture.bytes.byteLength,
      width: picture.width,
      height: picture.height,
      created_at: Date.now(),
    };
    // Two tries of the same upload at once store the same bytes under the same id; one row stays.
    await this.#db.insertInto('files').values(row).onConflict((oc) => oc.column('id').doNothing()).execute();
    return toStored(row);
  }

  /** Stores `userId`'s new profile photo (a square cut from the middle); the caller puts it on the profile. */
  async uploadProfilePhoto(userId: string, body: Uint8Array): Promise<StoredFile> {
    if (body.byteLength > this.maxBytes) throw new FileError('too_large', `A picture may be at most ${this.maxBytes} bytes.`);
    if (body.byteLength === 0) throw new FileError('unsupported_type', 'The upload is empty.');
    const place = profilePhotoPlace(userId);
    const refusal = this.#quotas?.spendFile(userId, place, body.byteLength) ?? null;
    if (refusal) {
      if (refusal.limit === 'bytes-per-minute') throw new FileError('throttled', 'Too many pictures at once; try again shortly.', refusal.retryAfterSeconds);
      throw new FileError('storage_full', 'There is no room left for more pictures.');
    }
    let picture;
    try {
      picture = await cleanPicture(body, 'square');
    } catch (error) {
      this.#quotas?.stored(userId, place, -body.byteLength);
      if (error instanceof PictureError) throw new FileError(error.code, error.message);
      throw error;
    }
    this.#quotas?.stored(userId, place, picture.bytes.byteLength - body.byteLength);
    // A new id for every photo: nobody can ask for it before it exists, and a device's kept copy of the old one is
    // never taken for the new one.
    const id = randomBytes(32).toString('hex');
    await this.#store.put(id, picture.bytes);
    const row = {
      id,
      document: place,
      space_id: place,
      uploaded_by: userId,
      key: 'photo',
      content_type: picture.contentType,
      bytes: picture.bytes.byteLength,
      width: picture.width,
      height: picture.height,
      created_at: Date.now(),
    };
    await this.#db.insertInto('files').values(row).execute();
    return toStored(row);
  }

  /** `userId`'s profile photo `id` and its bytes; `not_found` when it is not theirs or gone. Whether the asker may see it is the profiles' rule. */
  async readProfilePhoto(userId: string, id: string): Promise<{ file: StoredFile; bytes: Uint8Array }> {
    const file = isFileId(id) ? await this.#row(id) : null;
    if (!file || file.document !== profilePhotoPlace(userId)) throw new FileError('not_found', 'No such picture.');
    const bytes = await this.#store.get(id);
    if (!bytes) throw new FileError('not_found', 'No such picture.');
    return { file, bytes };
  }

  /** The picture and its bytes, for someone who may read its document; `not_found` for everyone else alike. */
  async read(user: AccessUser, id: string): Promise<{ file: StoredFile; bytes: Uint8Array }> {
    const file = isFileId(id) ? await this.#row(id) : null;
    if (!file || access(user, file.document) === 'none') throw new FileError('not_found', 'No such picture.');
    const bytes = await this.#store.get(id);
    if (!bytes) throw new FileError('not_found', 'No such picture.');
    return { file, bytes };
  }

  /** Deletes these files for good (their post is gone); ids without a file are skipped. */
  async release(ids: readonly string[]): Promise<number> {
    const valid = ids.filter(isFileId);
    if (valid.length === 0) return 0;
    const rows = await this.#db.selectFrom('files').select(['id', 'uploaded_by', 'space_id', 'bytes']).where('id', 'in', valid).execute();
    for (const row of rows) {
      // The bytes first: a crash between leaves a row without a file (answered 404), never a file without a row.
      await this.#store.delete(row.id);
      await this.#db.deleteFrom('files').where('id', '=', row.id).execute();
      this.#quotas?.stored(row.uploaded_by, row.space_id, -row.bytes);
    }
    return rows.length;
  }

  /** Deletes `userId`'s profile photos but `keep` (the one on their profile, or null for none). */
  async releaseProfilePhotos(userId: string, keep: string | null): Promise<number> {
    let query = this.#db.selectFrom('files').select('id').where('document', '=', profilePhotoPlace(userId));
    if (keep !== null) query = query.where('id', '!=', keep);
    return this.release((await query.execute()).map((row) => row.id));
  }

  /** Deletes every picture `userId` uploaded (their erasure). */
  async eraseBy(userId: string): Promise<number> {
    const rows = await this.#db.selectFrom('files').select('id').where('uploaded_by', '=', userId).execute();
    return this.release(rows.map((row) => row.id));
  }

  async #row(id: string): Promise<StoredFile | null> {
    const row = await this.#db.selectFrom('files').selectAll().where('id', '=', id).executeTakeFirst();
    return row ? toStored(row) : null;
  }
}

/** Where a person's profile photos are counted and named: not a document name, so no document rule lets anyone read it. */
const profilePhotoPlace = (userId: string) => `people/${userId}`;

function toStored(row: { id: string; document: string; key: string; content_type: string; bytes: number; width: number; height: number; created_at: number }): StoredFile {
  return {
    id: row.id,
    document: row.document,
    key: row.key,
    contentType: row.content_type,
    bytes: row.bytes,
    width: row.width,
    height: row.height,
    createdAt: new Date(row.created_at).toISOString(),
  };
}
