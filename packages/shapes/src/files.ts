/**
 * Files (pictures) that belong to a document. A file is named by whoever uploads it with a key of their choosing
 * (a random id made on the device), and its id is derived from the uploader, the document and that key: the same
 * upload sent again from the outbox lands on the same file, and a document that names a key (a post's `pictures`)
 * can only ever reach a file its author uploaded for that document.
 */
import { sha256 } from '@oslojs/crypto/sha2';
import { encodeHexLowerCase } from '@oslojs/encoding';

const FILE_KEY = /^[A-Za-z0-9_-]{1,64}$/;
const FILE_ID = /^[0-9a-f]{64}$/;

/** Whether `key` is a file key: 1–64 of A–Z, a–z, 0–9, `_` and `-`. */
export function isFileKey(key: string): boolean {
  return FILE_KEY.test(key);
}

/** Whether `id` has the form of a file id (64 lowercase hex digits). */
export function isFileId(id: string): boolean {
  return FILE_ID.test(id);
}

/** The id of the file `uploaderId` uploaded for `docName` under `key`. */
export function fileId(uploaderId: string, docName: string, key: string): string {
  // NUL cannot occur in any of the three, so the parts cannot run into each other.
  return encodeHexLowerCase(sha256(new TextEncoder().encode(`${uploaderId}\0${docName}\0${key}`)));
}
