/**
 * One person, one wipe: everything this device keeps for a person, listed here and removed together at logout,
 * at deactivation and at erasure; what they keep of one space goes when they leave it (`wipeLeftSpaces`). Whatever new is stored for a person must be added here (test/e2e/wipe.test.ts
 * enumerates all the browser holds and fails on anything of the person left behind).
 *
 * - IndexedDB `kring-user-<user>`: their documents and what the server confirmed of each (LocalStore)
 * - localStorage `kring-journal:<user>:<document>`: edits not yet in IndexedDB (LocalStore)
 * - IndexedDB `kring-outbox-<user>`: requests waiting for the server (photos not yet sent among them), and cached
 *   answers (Outbox), photos seen in posts among them (components/feed/pictures.ts)
 * - IndexedDB `kring-device`, entries keyed with the person (`colleagues:<user>:<space>`, `people:<user>` (the
 *   smoelenboek), `notifications:<user>` (the inbox's copy), `conversations:<user>` (the chat list), `changes-cursor:<user>`,
 *   `home-seen:<user>` (what "Vandaag" counted as seen at the last visit, home/device.ts),
 *   `refusals:<user>`: refused changes with what was typed in them, until read)
 * - IndexedDB `kring-search-<user>`: their search index (search/kept.ts), built from all of the above
 * - localStorage `kring:me`: the cached /api/me, when it is this person's
 * - The browser's push subscription for this device, and the notifications it still shows (they name people): the
 *   server ends the subscription with the session anyway (push/device.ts)
 * - Cache Storage holds only the built app, the same for everyone, never an /api answer (service-worker.ts)
 * - Cookies: the session cookie is HttpOnly; the server clears it at logout (`Identity.logOut`), which the
 *   callers do; the language cookie says nothing about the person
 */
import { parseDocName } from '@kring/shapes';
import { Dexie } from 'dexie';
import { cachedMe, cacheMe, type Me } from './identity.ts';
import { DeviceCache, LocalStore } from './local-store.ts';
import { deleteSearchIndex } from '../search/kept.ts';
import { deleteOutbox } from './outbox.ts';
import type { SyncManager } from './sync-manager.ts';

/** Removes everything the device keeps for `userId`. Close their store and sync first. */
export async function wipePerson(userId: string): Promise<void> {
  await Promise.all([new LocalStore(userId).deleteAll(), deleteOutbox(userId), new DeviceCache().forget(userId), deleteSearchIndex(userId), forgetPushHere()]);
  if (cachedMe()?.user.id === userId) cacheMe(null);
}

/** This device's push subscription and shown notifications; never fails the wipe (no service worker, no push). */
async function forgetPushHere(): Promise<void> {
  try {
    if (typeof navigator === 'undefined' || !('serviceWorker' in navigator)) return;
    const registration = await navigator.serviceWorker.getRegistration();
    if (!registration) return;
    await (await registration.pushManager?.getSubscription())?.unsubscribe();
    for (const shown of await registration.getNotifications()) shown.close();
  } catch {
    // Nothing to forget here.
  }
}

/**
 * Removes what the device keeps of spaces `me` no longer belongs to (an administrator removed them): the spaces'
 * documents, with their journals, and the entries kept per space. The search index drops them at its next
 * refresh (search/indexer.ts), which forgetting starts. Called whenever the server says who `me` is.
 */
export async function wipeLeftSpaces(sync: SyncManager, me: Me): Promise<void> {
  // Conversations are spaces of their own kind: one the person left or lost goes from the device too.
  const spaces = new Set([...me.spaces.map((space) => space.id), ...(me.conversations ?? [])]);
  try {
    const left = (await sync.knownDocuments()).filter((name) => {
      const spaceId = parseDocName(name)?.spaceId;
      return spaceId !== undefined && !spaces.has(spaceId);
    });
    await Promise.all([sync.forget(left), new DeviceCache().forgetSpaces(me.user.id, spaces)]);
  } catch (error) {
    // The person logged out meanwhile: their store is closed, and their whole copy goes.
    if (!(error instanceof Dexie.DatabaseClosedError)) throw error;
  }
}
