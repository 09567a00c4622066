/**
 * What every browser test needs: the built Kring process (`node web/main.ts`) on a free port with its own
 * empty data folder, Debian's Chromium driven by playwright-core, and the few steps every test takes
 * (logging in through the real form, opening a page, reading the save state). Needs `pnpm run build` first.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type BrowserContextOptions, type Locator, type Page } from 'playwright-core';

/** The repository root, found from this file so the tests run from any working directory. */
export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const MAIN = join(ROOT, 'web', 'main.ts');
const BUILT_HANDLER = join(ROOT, 'build', 'handler.js');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export const DEMO_PASSWORD = 'kring-demo';
/** Bound for one wait in the browser; well below the 60 s test timeout so a failure names the step. */
export const WAIT_MS = 15_000;
const START_TIMEOUT_MS = 20_000;
const STOP_TIMEOUT_MS = 5_000;

/** The demo content the tests rely on (seeded by the server in demo mode). */
export const NOORD = { id: 'noord', name: 'Buurtteam Noord' };
export const ZUID = { id: 'zuid', name: 'Buurtteam Zuid' };
export const VALPREVENTIE = {
  id: 'valpreventie',
  title: 'Valpreventie bij cliënten thuis',
  /** The protocol's first sentence, to recognise its body anywhere. */
  text: 'Vallen is de grootste oorzaak van letsel',
};
export const VALPREVENTIE_PATH = `/spaces/${NOORD.id}/pages/${VALPREVENTIE.id}`;

export interface RunningApp {
  /** e.g. http://127.0.0.1:41234, no trailing slash */
  url: string;
  dataDir: string;
  /** Everything the process wrote to stderr so far (for error messages). */
  stderr(): string;
  /** SIGTERM, SIGKILL when it does not exit in time; removes the data folder. Safe to call twice. */
  stop(): Promise<void>;
}

/** Starts the built app on port 0 with a fresh data folder and waits until it says it is running. */
export async function startApp(): Promise<RunningApp> {
  if (!existsSync(BUILT_HANDLER)) throw new Error(`${BUILT_HANDLER} is missing: run \`pnpm run build\` before the browser tests`);
  const dataDir = await mkdtemp(join(tmpdir(), 'kring-e2e-'));
  const child = spawn(process.execPath, [MAIN], {
    cwd: ROOT,
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let stdout = '';
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));

  let stopped: Promise<void> | null = null;
  const stop = () =>
    (stopped ??= (async () => {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
        await exited;
        clearTimeout(timer);
      }
      process.off('exit', killOnExit);
      await rm(dataDir, { recursive: true, force: true });
    })());

  try {
    const port = await new Promise<number>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`Kring did not say it was running within ${START_TIMEOUT_MS} ms`)), START_TIMEOUT_MS);
      child.stdout.on('data', () => {
        const match = /Kring is running at (\S+)/.exec(stdout);
        if (match) {
          clearTimeout(timer);
          resolve(Number(new URL(match[1]).port));
        }
      });
      child.once('exit', (code, signal) => {
        clearTimeout(timer);
        reject(new Error(`Kring exited (${code ?? signal}) before it was running`));
      });
      child.once('error', (error) => {
        clearTimeout(timer);
        reject(error);
      });
    });
    return { url: `http://127.0.0.1:${port}`, dataDir, stderr: () => stderr, stop };
  } catch (error) {
    await stop();
    throw new Error(`${error instanceof Error ? error.message : String(error)}\nstdout:\n${stdout}\nstderr:\n${stderr}`, { cause: error });
  }
}

/** A headless Chromium; every context it makes starts with empty storage. */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
}

/** A Chromium whose storage (IndexedDB, service worker, cookies) lives in `userDataDir` and survives a relaunch. */
export function launchPersistent(userDataDir: string, baseURL: string): Promise<BrowserContext> {
  return chromium.launchPersistentContext(userDataDir, { executablePath: CHROMIUM, args: CHROMIUM_ARGS, baseURL });
}

/** A new context (its own cookies and IndexedDB) and a page in it, resolving paths against the app. */
export async function newPage(browser: Browser, app: RunningApp, options: BrowserContextOptions = {}): Promise<Page> {
  const context = await browser.newContext({ baseURL: app.url, ...options });
  return context.newPage();
}

/** Logs in through the real form and waits for "Mijn ruimtes". */
export async function login(page: Page, email: string, password: string = DEMO_PASSWORD): Promise<void> {
  await page.goto('/login');
  await page.getByLabel('E-mailadres').fill(email);
  await page.getByLabel('Wachtwoord').fill(password);
  await page.getByRole('button', { name: 'Inloggen' }).click();
  await page.getByRole('heading', { name: 'Mijn ruimtes' }).waitFor({ timeout: WAIT_MS });
}

/** The page's rich-text editor. */
export function editor(page: Page): Locator {
  return page.getByRole('textbox', { name: 'Inhoud van de pagina' });
}

/** The document's own save state line (not the header's overall status). */
export function saveStatus(page: Page): Locator {
  return page.locator('[role="status"][data-save]');
}

/** The header's overall status, carrying the number of documents with work only on this device. */
export function overallStatus(page: Page): Locator {
  return page.locator('header [role="status"][data-unsaved]');
}

/** Opens a page by its address and waits until its editor shows the document's content. */
export async function openPage(page: Page, path: string = VALPREVENTIE_PATH, expectText: string = VALPREVENTIE.text): Promise<void> {
  await page.goto(path);
  await editor(page).filter({ hasText: expectText }).waitFor({ timeout: WAIT_MS });
}

/** Puts the caret at the very end of the editor's content and types `text` as a new paragraph. */
export async function typeAtEnd(page: Page, text: string): Promise<void> {
  const box = editor(page);
  await box.click();
  await page.keyboard.press('Control+End');
  await page.keyboard.press('Enter');
  await page.keyboard.type(text);
}

/** Waits until the document's save state is `state`. */
export async function waitForSaveState(page: Page, state: 'local' | 'saving' | 'saved', timeout = WAIT_MS): Promise<void> {
  await page.locator(`[role="status"][data-save="${state}"]`).waitFor({ timeout });
}

/**
 * Starts recording every value the document's save state takes (a MutationObserver in the page), so a test
 * can tell a fresh "saved" from one that was already there. Read the record with `saveStates`.
 */
export async function recordSaveStates(page: Page): Promise<void> {
  await page.evaluate(() => {
    const seen: string[] = [];
    (window as unknown as { __kringSaveStates: string[] }).__kringSaveStates = seen;
    const note = () => {
      const value = document.querySelector('[role="status"][data-save]')?.getAttribute('data-save') ?? 'none';
      if (seen.at(-1) !== value) seen.push(value);
    };
    note();
    new MutationObserver(note).observe(document.body, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-save'] });
  });
}

/** The save states seen since `recordSaveStates`, in order, without repeats. */
export function saveStates(page: Page): Promise<string[]> {
  return page.evaluate(() => [...(window as unknown as { __kringSaveStates: string[] }).__kringSaveStates]);
}

/** The editor's text content. */
export function editorText(page: Page): Promise<string> {
  return editor(page).innerText();
}
