/**
 * The process's services, for the app's server code. web/main.ts opens them before the app handles a request;
 * under `vite dev` there is no main.ts, so the first request opens them (from the environment). Either way it
 * is the one promise @kring/server keeps (`processServices`), so the app and the sync server share one database
 * connection and one session store.
 */
export { processServices as services } from '@kring/server';
