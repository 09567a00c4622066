import type { User } from '@kring/accounts';

declare global {
  namespace App {
    interface Locals {
      /** The logged-in person, or null. Set by hooks.server.ts from the session cookie. */
      user: User | null;
      sessionId: string | null;
    }
    interface Error {
      message: string;
    }
  }
}

export {};
