import type { RetiredSession, User } from '@kring/server';

declare global {
  namespace App {
    interface Locals {
      /** The logged-in person, or null. Set by hooks.server.ts from the session cookie. */
      user: User | null;
      sessionId: string | null;
      /**
       * An administrator or privacy officer who has not passed a second factor in this session: only setting it
       * up, /api/me and logging out answer (hooks.server.ts).
       */
      secondFactorOutstanding: boolean;
      /** The session of a deactivated person whose device may still hand in unsaved work (hooks.server.ts). */
      retired: RetiredSession | null;
    }
    interface Error {
      message: string;
    }
    interface PageState {
      /** A page just made opens to edit: there is nothing to read yet. */
      edit?: boolean;
    }
  }
}

export {};
