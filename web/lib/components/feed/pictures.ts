/**
 * Photos in posts, on the device. A photo is made smaller here before it is sent (a phone's 12-megapixel photo
 * of 4 MB becomes about 200 kB at 1600 pixels), and drawing it on a canvas leaves its EXIF (the GPS position of
 * where it was taken) behind; the server checks and re-encodes it anyway (docs/privacy.md, "Pictures"). The
 * upload waits in the person's outbox until the server has it, shown as not yet sent; a photo seen once is kept
 * in the same outbox store, so it shows offline and goes with everything else of the person at logout (wipe.ts).
 */
import { fileId } from '@kring/shapes';
import type { Outbox } from '$lib/client/outbox.ts';

/** Longest side a photo is sent with. */
export const MAX_DEVICE_SIDE = 1600;
/** The outbox's kind for an upload. */
export const PICTURE_UPLOAD = 'picture-upload';

/** A photo the person chose or took, made smaller and re-drawn as JPEG (without its EXIF). */
export async function resizePicture(file: Blob, maxSide = MAX_DEVICE_SIDE): Promise<Uint8Array> {
  const bitmap = await createImageBitmap(file, { imageOrientation: 'from-image' });
  const scale = Math.min(1, maxSide / Math.max(bitmap.width, bitmap.height));
  const canvas = document.createElement('canvas');
  canvas.width = Math.max(1, Math.round(bitmap.width * scale));
  canvas.height = Math.max(1, Math.round(bitmap.height * scale));
  canvas.getContext('2d')!.drawImage(bitmap, 0, 0, canvas.width, canvas.height);
  bitmap.close();
  const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/jpeg', 0.85));
  if (!blob) throw new Error('the photo could not be drawn');
  return new Uint8Array(await blob.arrayBuffer());
}

const subjectOf = (docName: string, key: string) => `${docName}#${key}`;

/** Puts the photo in the outbox for `docName` under `key`; it is sent now, or when the server can be reached. */
export function queuePicture(outbox: Outbox, docName: string, key: string, bytes: Uint8Array, label: string): Promise<unknown> {
  return outbox.add({
    id: `picture-${key}`,
    kind: PICTURE_UPLOAD,
    subject: subjectOf(docName, key),
    method: 'POST',
    path: `/api/files?${new URLSearchParams({ document: docName, key })}`,
    body: bytes,
    label,
  });
}

/** Whether the photo is still waiting in this device's outbox. */
export function isUnsent(outbox: Outbox, docName: string, key: string): boolean {
  return outbox.find(PICTURE_UPLOAD, subjectOf(docName, key))?.state === 'pending';
}

export interface LoadedPicture {
  blob: Blob;
  /** Still waiting in the outbox: not yet on the server. */
  unsent: boolean;
}

/**
 * The photo `key` of a post by `authorId` in `docName`: the copy waiting in the outbox, else the server's (kept on
 * the device for offline reading), else the kept copy when the server cannot be reached. Null when there is none
 * (not yet uploaded by its author's device, or gone).
 */
export async function loadPicture(outbox: Outbox, authorId: string, docName: string, key: string): Promise<LoadedPicture | null> {
  const waiting = outbox.find(PICTURE_UPLOAD, subjectOf(docName, key));
  if (waiting?.state === 'pending' && waiting.body instanceof Uint8Array) return { blob: new Blob([waiting.body.slice()], { type: 'image/jpeg' }), unsent: true };
  const id = fileId(authorId, docName, key);
  const keptKey = `picture:${id}`;
  try {
    const response = await fetch(`/api/files/${id}`, { credentials: 'same-origin' });
    if (response.ok) {
      const type = response.headers.get('content-type') ?? 'image/jpeg';
      const bytes = new Uint8Array(await response.arrayBuffer());
      await outbox.remember(keptKey, { type, bytes });
      return { blob: new Blob([bytes.slice()], { type }), unsent: false };
    }
    if (response.status === 404) return null;
  } catch {
    // No network: the copy kept on the device, below.
  }
  const kept = await outbox.recall<{ type: string; bytes: Uint8Array }>(keptKey);
  return kept ? { blob: new Blob([kept.value.bytes.slice()], { type: kept.value.type }), unsent: false } : null;
}
