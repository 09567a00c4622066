import type { KringServices } from '@kring/server';

/**
 * The process's services. web/main.ts opens them before the app handles a request and puts them here, so the
 * app and the sync server share one database connection and one session store. Under `vite dev` there is no
 * main.ts, so they are opened on first use.
 */
const KEY = Symbol.for('kring.services');
type Holder = { [KEY]?: Promise<KringServices> };

export function services(): Promise<KringServices> {
  const holder = globalThis as Holder;
  holder[KEY] ??= import('@kring/server').then(({ openServices, configFromEnv }) => openServices(configFromEnv()));
  return holder[KEY];
}

export function provideServices(value: KringServices): void {
  (globalThis as Holder)[KEY] = Promise.resolve(value);
}
