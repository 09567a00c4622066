export * from './schema.ts';
export * from './sessions.ts';
export * from './accounts.ts';
export * from './throttle.ts';
export * from './demo.ts';
export * from './invites.ts';
export * from './editorial.ts';
export * from './activities.ts';
