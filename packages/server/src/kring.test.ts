import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { processServices } from './kring.ts';

it("opens the process's services once: every later call gets the same ones, whatever it passes", async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'kring-services-'));
  try {
    const first = processServices({ dataDir, demo: false, editorialClock: false });
    expect(processServices()).toBe(first);
    expect(processServices({ dataDir: join(dataDir, 'other'), demo: true })).toBe(first);
    const services = await first;
    expect(services.config.dataDir).toBe(dataDir);
    expect(services.seeded).toBe(false);
    await services.close();
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
});
