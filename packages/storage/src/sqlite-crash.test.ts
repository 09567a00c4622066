import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { it } from 'vitest';
import { expectAcknowledgedToSurviveKill } from './crash.ts';
import { SqliteDocumentStore } from './sqlite.ts';

it('keeps every append that resolved before the process was killed with SIGKILL', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kring-storage-crash-'));
  const file = path.join(dir, 'kring.db');
  try {
    await expectAcknowledgedToSurviveKill(file, () => Promise.resolve(new SqliteDocumentStore(file)));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}, 10_000);
