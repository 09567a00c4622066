import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { configFromEnv, processServices } from './kring.ts';

it("opens the process's services once: every later call gets the same ones, whatever it passes", async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'kring-services-'));
  try {
    const first = processServices({ dataDir, demo: false, editorialClock: false, secretsKey: 'ab'.repeat(32) });
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

it("judges who wrote what unless the benchmark's variable says exactly 1", () => {
  expect(configFromEnv({}).authorshipChecks).toBe(true);
  for (const value of ['', '0', 'true', 'yes']) expect(configFromEnv({ BENCH_WITHOUT_AUTHORSHIP_CHECKS: value }).authorshipChecks).toBe(true);
  expect(configFromEnv({ BENCH_WITHOUT_AUTHORSHIP_CHECKS: '1' }).authorshipChecks).toBe(false);
});

it("charges the quotas unless the benchmark's variable says exactly 1", () => {
  expect(configFromEnv({}).quotasOn).toBe(true);
  for (const value of ['', '0', 'true', 'yes']) expect(configFromEnv({ BENCH_WITHOUT_QUOTAS: value }).quotasOn).toBe(true);
  expect(configFromEnv({ BENCH_WITHOUT_QUOTAS: '1' }).quotasOn).toBe(false);
});
