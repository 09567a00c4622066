/**
 * Lighthouse's performance score of the start page, logged in, in its default mobile setting (simulated
 * slow 4G and a 4x slower CPU), with Debian's Chromium started by chrome-launcher in its own process.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { launch } from 'chrome-launcher';
import lighthouse from 'lighthouse';
import { CHROMIUM } from './browser.ts';
import { withTimeout } from '../lib/wait.ts';

const RUN_TIMEOUT_MS = 120_000;
/** BENCH_LHR_DIR=<dir> keeps each run's full Lighthouse report there, to see what costs the points. */
const LHR_DIR = process.env.BENCH_LHR_DIR;

/** One Lighthouse run; returns the performance score (0–100) and the main timings (ms). */
export async function lighthouseScore(url: string, cookie: string): Promise<{ score: number; lcpMs: number; tbtMs: number }> {
  const chrome = await launch({
    chromePath: CHROMIUM,
    chromeFlags: ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    logLevel: 'silent',
  });
  try {
    const result = await withTimeout(
      lighthouse(url, { port: chrome.port, onlyCategories: ['performance'], logLevel: 'error', output: 'json', extraHeaders: { Cookie: cookie } }),
      'Lighthouse',
      RUN_TIMEOUT_MS,
    );
    const lhr = result?.lhr;
    if (lhr && LHR_DIR) await writeFile(join(LHR_DIR, `lhr-${Date.now()}.json`), JSON.stringify(lhr));
    const score = lhr?.categories.performance?.score;
    if (!lhr || score === null || score === undefined) {
      const problem = lhr?.runtimeError?.message ?? lhr?.runWarnings.join('; ') ?? 'no result';
      throw new Error(`Lighthouse gave no performance score: ${problem}`);
    }
    return {
      score: score * 100,
      lcpMs: lhr.audits['largest-contentful-paint']?.numericValue ?? Number.NaN,
      tbtMs: lhr.audits['total-blocking-time']?.numericValue ?? Number.NaN,
    };
  } finally {
    chrome.kill();
  }
}
