/**
 * Whether the browser keeps Kring's data. Without persistent storage a browser may delete IndexedDB under
 * storage pressure, which for a local-first app means losing unsaved work; so the app asks for it, shows the
 * answer, and warns when the device is running out of room.
 */

export interface StorageInfo {
  /** true: the browser will not evict on its own; false: it may; null: the browser cannot say. */
  persisted: boolean | null;
  usage: number | null;
  quota: number | null;
}

export type StorageWarning = 'none' | 'may-be-evicted' | 'almost-full';

/** Share of the quota in use from which the app warns. */
export const ALMOST_FULL = 0.8;

export async function requestPersistentStorage(): Promise<boolean | null> {
  const storage = globalThis.navigator?.storage;
  if (!storage?.persist) return null;
  try {
    return (await storage.persisted()) || (await storage.persist());
  } catch {
    return null;
  }
}

export async function storageInfo(): Promise<StorageInfo> {
  const storage = globalThis.navigator?.storage;
  const [persisted, estimate] = await Promise.all([
    storage?.persisted ? storage.persisted().catch(() => null) : null,
    storage?.estimate ? storage.estimate().catch(() => null) : null,
  ]);
  return { persisted, usage: estimate?.usage ?? null, quota: estimate?.quota ?? null };
}

export function storageWarning(info: StorageInfo): StorageWarning {
  if (info.usage !== null && info.quota && info.usage / info.quota >= ALMOST_FULL) return 'almost-full';
  if (info.persisted === false) return 'may-be-evicted';
  return 'none';
}
