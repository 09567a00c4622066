/** Kring's server: the composition root (kring.ts) and the domain modules, one folder per concept. */
export * from './kring.ts';
export * from './errors.ts';
export * from './db/schema.ts';
export * from './sessions/sessions.ts';
export * from './sessions/throttle.ts';
export * from './accounts/accounts.ts';
export * from './people/people.ts';
export * from './account/own-account.ts';
export * from './account/password-rules.ts';
export * from './account/password-resets.ts';
export * from './mail/mailer.ts';
export * from './privacy/erasures.ts';
export * from './access-log/access-log.ts';
export * from './access-log/overview.ts';
export type { ChainReport } from './access-log/chain.ts';
export * from './spaces/spaces.ts';
export * from './invites/invites.ts';
export * from './editorial/editorial.ts';
export * from './editorial/publishing.ts';
export * from './editorial/decisions.ts';
export * from './events/bus.ts';
export * from './activities/activities.ts';
export * from './demo/accounts.ts';
export { seedDemoContent } from './demo/index.ts';
export { accountHooks, type AccountPrincipal } from './sync/hooks.ts';
export * from './quotas/quotas.ts';
/** A batch refused for a quota; the app answers it 429 or 413. */
export { QuotaExceededError } from '@kring/sync-server';
