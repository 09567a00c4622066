/** Kring's HTTP contract: every /api endpoint's input schemas, answer types and error codes, in one place. */
export * from './http.ts';
export * from './endpoints.ts';
export * from './people.ts';
export * from './admin.ts';
export * from './spaces.ts';
export * from './versions.ts';
export * from './activities.ts';
export * from './editorial.ts';
export * from './sync.ts';
export * from './privacy.ts';
export * from './account.ts';
export * from './access-log.ts';
export * from './emergency-access.ts';
export * from './files.ts';
export * from './profiles.ts';
export * from './conversations.ts';
export * from './notifications.ts';
