/**
 * What the server's unit tests share: a fresh database for each test, a sync server only the server writes
 * through, documents read back from a store, and the code a domain rule refused with.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, onTestFinished } from 'vitest';
import * as Y from 'yjs';
import type { DocumentStore } from '@kring/storage';
import { SyncServer } from '@kring/sync-server';
import { Accounts } from './accounts/accounts.ts';
import { migrate, openSqlite, type KringDb } from './db/schema.ts';
import type { DomainError } from './errors.ts';

/** A migrated database in a folder of its own, removed when the test ends; call it in a test or its `beforeEach`. */
export async function testDatabase(): Promise<KringDb> {
  const dir = mkdtempSync(join(tmpdir(), 'kring-test-'));
  const { db } = openSqlite(join(dir, 'kring.db'));
  onTestFinished(async () => {
    await db.destroy();
    rmSync(dir, { recursive: true, force: true });
  });
  await migrate(db);
  return db;
}

/** A fresh database holding one organisation, `org`, and the accounts on it. */
export async function testOrganisation(): Promise<{ db: KringDb; accounts: Accounts }> {
  const db = await testDatabase();
  const accounts = new Accounts(db);
  await accounts.createOrganisation('org', 'Org');
  return { db, accounts };
}

/** A sync server for writing as the server (publishing, the demo); it lets nobody connect. */
export function serverWritingTo(store: DocumentStore): SyncServer {
  return new SyncServer({
    store,
    hooks: { authenticate: async () => null, authorize: async () => 'none', revalidate: async () => null },
  });
}

/** The document as the store holds it; empty when it was never written. */
export async function readDocument(store: Pick<DocumentStore, 'load'>, name: string): Promise<Y.Doc> {
  const doc = new Y.Doc();
  const update = await store.load(name);
  if (update) Y.applyUpdate(doc, update);
  return doc;
}

/** The code the request was refused with; fails the test when it succeeds or fails otherwise. */
export async function refusal<Code extends string>(request: Promise<unknown>, kind: abstract new (code: Code, message: string) => DomainError<Code>): Promise<Code> {
  const error = await request.then(
    () => null,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(kind);
  return (error as DomainError<Code>).code;
}
