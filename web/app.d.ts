import type { RetiredSession, User } from '@kring/server';

declare global {
  namespace App {
    interface Locals {
      /** The logged-in person, or null. Set by hooks.server.ts from the session cookie. */
      user: User | null;
      sessionId: string | null;
      /** The session of a deactivated person whose device may still hand in unsaved work (hooks.server.ts). */
      retired: RetiredSession | null;
    }
    interface Error {
      message: string;
    }
  }
}

export {};
