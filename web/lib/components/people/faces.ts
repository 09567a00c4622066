/**
 * Profile photos on the device. A photo's id changes with every new photo and its bytes never do, so a copy kept
 * once (in the person's outbox store, wiped with everything else at logout) is good for as long as the smoelenboek
 * names that id: the list shows faces offline and asks the server only for faces it has not kept yet. The server
 * decided who may see whom; a person the device's list no longer names is not shown, kept copy or not.
 */
import { urlOf, ENDPOINTS } from '@kring/contract';
import type { Outbox } from '$lib/client/outbox.ts';

/** Faces shown in this page's life, as object URLs; the oldest are let go past this many. */
const SHOWN_AT_MOST = 300;
const shown = new Map<string, Promise<string | null>>();
/** The same, once loaded: drawn at once, without waiting for a promise. */
const loaded = new Map<string, string>();

/** The object URL of photo `photo` if this page has loaded it already. */
export function shownFace(photo: string): string | undefined {
  return loaded.get(photo);
}

/** An object URL of `userId`'s photo `photo` (kept, else fetched and kept); null when there is none to show. */
export function faceUrl(outbox: Outbox, userId: string, photo: string): Promise<string | null> {
  let url = shown.get(photo);
  if (!url) {
    url = load(outbox, userId, photo);
    shown.set(photo, url);
    // A face that could not be had now (offline, not kept) is asked for again next time.
    void url.then((found) => {
      if (found) loaded.set(photo, found);
      else shown.delete(photo);
    });
    if (shown.size > SHOWN_AT_MOST) {
      const [oldest, first] = shown.entries().next().value!;
      shown.delete(oldest);
      void first.then((found) => {
        loaded.delete(oldest);
        if (found) URL.revokeObjectURL(found);
      });
    }
  }
  return url;
}

async function load(outbox: Outbox, userId: string, photo: string): Promise<string | null> {
  const keptKey = `face:${photo}`;
  const kept = await outbox.recall<{ type: string; bytes: Uint8Array }>(keptKey);
  if (kept) return URL.createObjectURL(new Blob([kept.value.bytes.slice()], { type: kept.value.type }));
  try {
    const response = await fetch(urlOf(ENDPOINTS.profilePhoto, { userId }, { v: photo }), { credentials: 'same-origin' });
    if (!response.ok) return null;
    const type = response.headers.get('content-type') ?? 'image/jpeg';
    const bytes = new Uint8Array(await response.arrayBuffer());
    await outbox.remember(keptKey, { type, bytes });
    return URL.createObjectURL(new Blob([bytes.slice()], { type }));
  } catch {
    return null;
  }
}
