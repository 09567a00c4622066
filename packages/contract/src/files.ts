/** Pictures that belong to a document: uploaded as a raw body, read back by id (packages/shapes/src/files.ts). */
import * as v from 'valibot';

/** POST /api/files?document&key: the document the picture belongs to, and the device's key for it. */
export const FileUploadQuery = v.object({
  document: v.pipe(v.string(), v.maxLength(200)),
  key: v.pipe(v.string(), v.regex(/^[A-Za-z0-9_-]{1,64}$/, 'must be 1–64 of A–Z, a–z, 0–9, _ and -')),
});

/** The answer to an upload: the stored picture, as the server re-encoded it. */
export interface StoredPicture {
  id: string;
  document: string;
  key: string;
  /** image/jpeg, image/png or image/webp. */
  contentType: string;
  bytes: number;
  width: number;
  height: number;
  createdAt: string;
}
