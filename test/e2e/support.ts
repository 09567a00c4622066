/**
 * What every browser test needs: Kring started by the shared launcher (test/support/server.ts), one Debian
 * Chromium per test file driven by playwright-core, and the few steps every test takes (logging in through the
 * real form, opening a page, reading the save state). Needs `pnpm run build` first.
 */
import { beforeAll } from 'vitest';
import { chromium, type Browser, type BrowserContext, type BrowserContextOptions, type Locator, type Page } from 'playwright-core';
import { CHROMIUM, CHROMIUM_ARGS } from '../support/chromium.ts';
import { DEMO_PASSWORD, type KringServer } from '../support/server.ts';
import { nextCode, setUpTwoFactor } from '../support/two-factor.ts';

export { DEMO_PASSWORD, ROOT, startKring, useKring, type KringServer } from '../support/server.ts';

/** Bound for one wait in the browser; well below the 60 s test timeout so a failure names the step. */
export const WAIT_MS = 15_000;

/**
 * Waits until the app's service worker controls the page, as on a device that was used before: only then does
 * the app open with no network. Installing caches every built file, which on a loaded test machine (many browsers
 * at once) can take longer than one ordinary step, so this wait is longer. A page whose load began while the worker
 * was still installing can stay without it even once the worker is active (its claim came before the page's
 * document): as on a device's next open, that page is loaded again (call this before the page holds state a load
 * would lose, such as an editor opened for editing). A worker that never becomes active still fails.
 */
export async function waitForOfflineReady(page: Page): Promise<void> {
  const controlled = () => page.waitForFunction(() => navigator.serviceWorker.controller !== null, undefined, { timeout: WAIT_MS }).then(
    () => true,
    () => false,
  );
  try {
    await page.waitForFunction(() => navigator.serviceWorker.getRegistration().then((registration) => registration?.active?.state === 'activated'), undefined, { timeout: 3 * WAIT_MS });
    if (await controlled()) return;
    await page.reload();
    if (await controlled()) return;
  } catch (error) {
    throw new Error(`The service worker did not become active for ${page.url()} (${await workerState(page)})`, { cause: error });
  }
  throw new Error(`The service worker is active but does not control ${page.url()}, even after a reload (${await workerState(page)})`);
}

/** Where the page's service worker got to, for a failure's message. */
function workerState(page: Page): Promise<string> {
  return page
    .evaluate(async () => {
      const registration = await navigator.serviceWorker.getRegistration();
      if (!registration) return 'no service worker registered';
      return `installing: ${registration.installing?.state ?? '-'}, waiting: ${registration.waiting?.state ?? '-'}, active: ${registration.active?.state ?? '-'}`;
    })
    .catch((reason: unknown) => `page not readable (${String(reason)})`);
}

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

/** A headless Chromium; every context it makes starts with empty storage. */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
}

/** What a test needs of the browser: a fresh context (own cookies and IndexedDB) at a time. */
export type BrowserHandle = Pick<Browser, 'newContext'>;

/**
 * One Chromium for the tests of the calling file: launched before them, closed after them. Each test still
 * gets fresh contexts from `newPage`.
 */
export function useBrowser(): BrowserHandle {
  let browser: Browser | undefined;
  beforeAll(async () => {
    browser = await launchBrowser();
    return () => browser?.close();
  });
  return {
    newContext: (options) => {
      if (!browser) throw new Error('Chromium is not running yet: use it inside tests and hooks, not while the file loads');
      return browser.newContext(options);
    },
  };
}

/** A Chromium whose storage (IndexedDB, service worker, cookies) lives in `userDataDir` and survives a relaunch. */
export function launchPersistent(userDataDir: string, baseURL: string): Promise<BrowserContext> {
  return chromium.launchPersistentContext(userDataDir, { executablePath: CHROMIUM, args: CHROMIUM_ARGS, baseURL });
}

/** A new context (its own cookies and IndexedDB) and a page in it, resolving paths against the app. */
export async function newPage(browser: BrowserHandle, app: Pick<KringServer, 'url'>, options: BrowserContextOptions = {}): Promise<Page> {
  const context = await browser.newContext({ baseURL: app.url, ...options });
  return context.newPage();
}

/**
 * Logs in through the real form and waits for "Mijn ruimtes". A person with two-step sign-in types the code from
 * the app (test/support/two-factor.ts holds it); an administrator or privacy officer who has none yet is sent to
 * Mijn account by the app, and turns it on there over the API (account.test.ts does it through the page).
 */
export async function login(page: Page, email: string, password: string = DEMO_PASSWORD): Promise<void> {
  await page.goto('/login');
  await page.getByLabel('E-mailadres').fill(email);
  await page.getByLabel('Wachtwoord').fill(password);
  await page.getByRole('button', { name: 'Inloggen' }).click();
  const spaces = page.getByRole('heading', { name: 'Mijn ruimtes' });
  const code = page.getByRole('heading', { name: 'Code uit uw app' });
  const setUp = page.getByRole('heading', { name: 'Inloggen in twee stappen' });
  await spaces.or(code).or(setUp).first().waitFor({ timeout: WAIT_MS });
  const origin = new URL(page.url()).origin;
  if (await code.isVisible()) {
    await page.getByLabel('Code', { exact: true }).fill(await nextCode(origin, email));
    await page.getByRole('button', { name: 'Bevestigen' }).click();
    await spaces.or(setUp).first().waitFor({ timeout: WAIT_MS });
  }
  if (await setUp.isVisible()) {
    const session = (await page.context().cookies()).find((cookie) => cookie.name === 'kring_session');
    if (!session) throw new Error(`${email} has no session cookie on the two-factor screen`);
    await setUpTwoFactor(origin, `kring_session=${session.value}`, email);
    await page.goto('/');
  }
  await spaces.waitFor({ timeout: WAIT_MS });
}

/** A new context and page (see `newPage`), logged in as `email` through the real form. */
export async function loggedInPage(browser: BrowserHandle, app: Pick<KringServer, 'url'>, email: string, options: BrowserContextOptions = {}): Promise<Page> {
  const page = await newPage(browser, app, options);
  await login(page, email);
  return page;
}

/**
 * Walks the main screens as Anna meets them (login, my spaces, her team's space, its protocol page) and
 * returns what `look` found on each, by path, in that order.
 */
export async function visitMainScreens<T>(page: Page, look: (page: Page) => Promise<T>): Promise<Record<string, T>> {
  const found: Record<string, T> = {};
  await page.goto('/login');
  await page.getByRole('button', { name: 'Inloggen' }).waitFor({ timeout: WAIT_MS });
  found['/login'] = await look(page);

  await login(page, 'anna@kring.test');
  found['/'] = await look(page);

  await page.goto(`/spaces/${NOORD.id}`);
  await page.getByRole('link', { name: VALPREVENTIE.title }).waitFor({ timeout: WAIT_MS });
  found[`/spaces/${NOORD.id}`] = await look(page);

  await openPage(page);
  found[VALPREVENTIE_PATH] = await look(page);
  return found;
}

/**
 * The page's content: the rich-text editor once "Bewerken" was pressed, else the page as it is read (both carry
 * the same accessible name). Pages open to read; `openPage` and `typeAtEnd` press "Bewerken" for writers.
 */
export function editor(page: Page): Locator {
  return page.getByLabel('Inhoud van de pagina', { exact: true });
}

/** The document's own save state line (not the header's overall status). */
export function saveStatus(page: Page): Locator {
  return page.locator('[role="status"][data-save]');
}

/**
 * The header's overall status: the sync state's words (for screen readers; the icon shows them), carrying the
 * number of documents with work only on this device and whether the server said it is full.
 */
export function overallStatus(page: Page): Locator {
  return page.locator('header [role="status"][data-unsaved]');
}

/** Opens the sync state's panel from the header's icon and returns it (what is only on this device, what to do). */
export async function openSyncState(page: Page): Promise<Locator> {
  const panel = page.locator('[data-sync-panel]');
  if (!(await panel.isVisible())) await page.locator('header button[data-sync-state]').click();
  await panel.waitFor({ state: 'visible', timeout: WAIT_MS });
  return panel;
}

/** Opens the person's menu (language, account, logout) from the header and returns it. */
export async function openPersonMenu(page: Page): Promise<Locator> {
  const menu = page.locator('[data-person-menu-panel]');
  if (!(await menu.isVisible())) await page.locator('header button[data-person-menu]').click();
  await menu.waitFor({ state: 'visible', timeout: WAIT_MS });
  return menu;
}

/** Logs out as a person does: the person's menu, then its logout button (`name` in the app's language). */
export async function clickLogout(page: Page, name = 'Uitloggen'): Promise<void> {
  const menu = await openPersonMenu(page);
  await menu.getByRole('button', { name }).click();
}

/** The page's content, read or edited (as `editor`, by its reading name). */
export function pageContent(page: Page): Locator {
  return editor(page);
}

/** Presses "Bewerken" if the page is open to read, and waits for the editor. */
export async function startEditing(page: Page): Promise<void> {
  const button = page.getByRole('button', { name: 'Bewerken', exact: true });
  if ((await button.count()) > 0) await button.click();
  await page.getByRole('textbox', { name: 'Inhoud van de pagina' }).waitFor({ timeout: WAIT_MS });
}

/**
 * Opens a page by its address and waits until it shows the document's content. Pages open to read; for someone
 * who may write, `edit` (the default) then presses "Bewerken" and waits for the editor.
 */
export async function openPage(page: Page, path: string = VALPREVENTIE_PATH, expectText: string = VALPREVENTIE.text, { edit = true } = {}): Promise<void> {
  await page.goto(path);
  await pageContent(page).filter({ hasText: expectText }).waitFor({ timeout: WAIT_MS });
  const button = page.getByRole('button', { name: 'Bewerken', exact: true });
  if (!edit || (await button.count()) === 0) return;
  await button.click();
  await page.getByRole('textbox', { name: 'Inhoud van de pagina' }).filter({ hasText: expectText }).waitFor({ timeout: WAIT_MS });
}

/** Puts the caret at the very end of the editor's content and types `text` as a new paragraph. */
export async function typeAtEnd(page: Page, text: string): Promise<void> {
  await startEditing(page);
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
