/**
 * The frame on a phone first (issue 18): at 360 px every main screen starts its content right under one header
 * row that stays in view, nothing scrolls sideways, axe finds nothing against WCAG 2.2 AA (target size included),
 * the board tells only keyboard users about keys, and a client meets none of the app's technical words.
 */
import { AxeBuilder } from '@axe-core/playwright';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { overflow, PHONE } from './community-support.ts';
import { login, newPage, NOORD, openPersonMenu, openSyncState, useBrowser, useKring, VALPREVENTIE, VALPREVENTIE_PATH, WAIT_MS, type BrowserHandle } from './support.ts';

const app = useKring();
const browser = useBrowser();

/** How far from the top a screen's own content may start at 360 px: the 56 px header and a little air. */
const CONTENT_TOP_PX = 72;

/** A main screen: where it is, and what shows it has drawn its content. */
interface Screen {
  path: string;
  ready: (page: Page) => Promise<void>;
}

const heading = (name: string | RegExp) => (page: Page) => page.getByRole('heading', { level: 1, name }).waitFor({ timeout: WAIT_MS });

/** The main screens of a member of staff (Anna). */
const STAFF: Screen[] = [
  { path: '/', ready: heading('Vandaag') },
  { path: `/spaces/${NOORD.id}`, ready: heading(NOORD.name) },
  { path: `/spaces/${NOORD.id}/pages`, ready: (page) => page.getByRole('link', { name: VALPREVENTIE.title }).first().waitFor({ timeout: WAIT_MS }) },
  { path: VALPREVENTIE_PATH, ready: (page) => page.getByLabel('Inhoud van de pagina', { exact: true }).filter({ hasText: VALPREVENTIE.text }).waitFor({ timeout: WAIT_MS }) },
  { path: `/spaces/${NOORD.id}/boards`, ready: (page) => page.getByRole('link', { name: 'Teamplanning' }).waitFor({ timeout: WAIT_MS }) },
  { path: `/spaces/${NOORD.id}/boards/teamplanning`, ready: heading('Teamplanning') },
  { path: '/tasks', ready: heading('Mijn taken') },
  { path: '/rooms', ready: (page) => page.locator('li[data-room]').first().waitFor({ timeout: WAIT_MS }) },
  { path: '/people', ready: (page) => page.locator('[data-people] li').first().waitFor({ timeout: WAIT_MS }) },
  { path: '/editorial', ready: heading(/.+/) },
];

/** The main screens of a client (Daan). */
const CLIENT: Screen[] = [
  { path: '/', ready: heading('Vandaag') },
  { path: '/spaces/clientenplein', ready: heading('Cliëntenplein') },
  { path: '/spaces/clientenplein/activities', ready: heading(/.+/) },
  { path: '/spaces/nieuws', ready: heading('Nieuws') },
  { path: '/people', ready: (page) => page.locator('[data-people] li').first().waitFor({ timeout: WAIT_MS }) },
  { path: '/editorial', ready: heading(/.+/) },
];

/** The administrator's own screens. */
const ADMIN: Screen[] = [
  { path: '/admin', ready: heading(/.+/) },
  { path: '/admin/spaces', ready: heading(/.+/) },
  { path: '/admin/invites', ready: heading(/.+/) },
];

/** A phone in the hand: 360 px wide, touch. */
const PHONE_OPTIONS = { viewport: PHONE, isMobile: true, hasTouch: true };

/** Logs `email` in on a new phone-sized page, then visits each screen and returns what `look` found there, by path. */
async function visit<T>(handle: BrowserHandle, email: string, screens: Screen[], look: (page: Page) => Promise<T>): Promise<Record<string, T>> {
  const page = await newPage(handle, app, PHONE_OPTIONS);
  try {
    await login(page, email);
    const found: Record<string, T> = {};
    for (const screen of screens) {
      await page.goto(screen.path);
      await screen.ready(page);
      found[screen.path] = await look(page);
    }
    return found;
  } finally {
    await page.context().close();
  }
}

/** Where the screen's own content starts (the top of main's first drawn element), and the header's place and height. */
function layout(page: Page): Promise<{ contentTop: number; headerTop: number; headerHeight: number; headerAfterScroll: number }> {
  return page.evaluate(async () => {
    const main = document.querySelector('main');
    const first = [...(main?.children ?? [])].find((element) => element.getBoundingClientRect().height > 0);
    const header = document.querySelector('header');
    const box = header?.getBoundingClientRect();
    // The header stays in view: scroll to the end and look again.
    window.scrollTo(0, document.documentElement.scrollHeight);
    await new Promise((resolve) => requestAnimationFrame(resolve));
    const after = header?.getBoundingClientRect().top ?? -1;
    window.scrollTo(0, 0);
    return { contentTop: first?.getBoundingClientRect().top ?? -1, headerTop: box?.top ?? -1, headerHeight: box?.height ?? -1, headerAfterScroll: after };
  });
}

/** Every violation of WCAG 2.0–2.2 A and AA that axe finds (target size included), one readable line each. */
async function wcagViolations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']).analyze();
  return results.violations.map((violation) => `${violation.id}: ${violation.help} (${violation.nodes.map((node) => node.target.join(' ')).join(', ')})`);
}

/** Words of the machinery a client should never have to read (B1: no jargon), and the informal "je". */
const TECHNICAL = [/synchronis/i, /opslag/i, /\bMB\b/, /document/i, /\bcache/i, /indexeddb/i, /\bsync/i, /browser/i, /server/i];
const INFORMAL = /\b(je|jij|jou|jouw)\b/i;

/** The text a client can read on the page, with the sync state's panel and the person's menu opened too. */
async function clientText(page: Page): Promise<string> {
  const panel = await openSyncState(page);
  const panelText = await panel.innerText();
  await page.keyboard.press('Escape');
  const menu = await openPersonMenu(page);
  const menuText = await menu.innerText();
  await page.keyboard.press('Escape');
  return [await page.locator('body').innerText(), panelText, menuText].join('\n');
}

describe('the frame at 360 px', () => {
  it('starts every main screen right under a header of at most 56 px that stays in view, and scrolls none sideways', async () => {
    const look = async (page: Page) => ({ ...(await layout(page)), width: await overflow(page) });
    const found = { ...(await visit(browser, 'anna@kring.test', STAFF, look)), ...(await visit(browser, 'daan@kring.test', CLIENT, look)) };

    for (const [path, { contentTop, headerTop, headerHeight, headerAfterScroll, width }] of Object.entries(found)) {
      expect(headerTop, path).toBe(0);
      expect(headerHeight, path).toBeLessThanOrEqual(56);
      expect(headerAfterScroll, `${path}: the header scrolled away`).toBe(0);
      expect(contentTop, path).toBeGreaterThan(0);
      expect(contentTop, `${path} starts its content at ${contentTop} px`).toBeLessThanOrEqual(CONTENT_TOP_PX);
      expect(width.scrollWidth, `${path} is ${width.scrollWidth} px wide; sticking out: ${width.wide.join(', ')}`).toBeLessThanOrEqual(PHONE.width);
    }
  });

  it("says in the header which space a screen belongs to, and keeps a space's tabs on one row", async () => {
    const found = await visit(browser, 'anna@kring.test', STAFF, (page) =>
      page.evaluate(() => {
        const tabs = [...document.querySelectorAll('nav.space-nav a')].map((tab) => tab.getBoundingClientRect().top);
        return { here: document.querySelector('header [data-here]')?.textContent?.trim() ?? null, rows: new Set(tabs).size, tabs: tabs.length };
      }),
    );
    for (const path of [`/spaces/${NOORD.id}`, `/spaces/${NOORD.id}/pages`, VALPREVENTIE_PATH, `/spaces/${NOORD.id}/boards/teamplanning`]) {
      expect(found[path]?.here, path).toBe(NOORD.name);
      expect(found[path]?.tabs, path).toBeGreaterThan(2);
      expect(found[path]?.rows, `${path}: the tabs wrap`).toBe(1);
    }
    // A main place is marked in the navigation; the header names no space there.
    expect(found['/tasks']?.here).toBeNull();
    expect(found['/']?.here).toBeNull();
  });

  it("shows a protocol's title and its first paragraph on a phone's first screen", async () => {
    const found = await visit(browser, 'anna@kring.test', STAFF.filter((screen) => screen.path === VALPREVENTIE_PATH), async (page) => {
      const title = await page.getByRole('heading', { level: 1 }).boundingBox();
      const text = await page.getByText(VALPREVENTIE.text).boundingBox();
      return { titleBottom: title ? title.y + title.height : Infinity, textBottom: text ? text.y + text.height : Infinity };
    });
    const { titleBottom, textBottom } = found[VALPREVENTIE_PATH]!;
    expect(titleBottom).toBeLessThan(PHONE.height);
    // Above the bottom bar (about 56 px).
    expect(textBottom).toBeLessThan(PHONE.height - 56);
  });

  it("tells keyboard users, not phone users, how to move a card with keys", async () => {
    const look = (page: Page) => page.locator('[data-keyboard-hint]').isVisible();
    const phone = await visit(browser, 'anna@kring.test', STAFF.filter((screen) => screen.path.endsWith('/teamplanning')), look);
    expect(Object.values(phone)).toEqual([false]);

    const desktop = await newPage(browser, app, { viewport: { width: 1280, height: 800 } });
    await login(desktop, 'anna@kring.test');
    await desktop.goto(`/spaces/${NOORD.id}/boards/teamplanning`);
    await desktop.locator('[data-keyboard-hint]').waitFor({ state: 'visible', timeout: WAIT_MS });
    await desktop.context().close();
  });
});

// Each walk runs axe on every screen; on a busy 2-core machine that takes longer than one ordinary test.
const AXE_WALK_MS = 150_000;

describe('WCAG 2.2 AA (axe, target size included)', () => {
  it("finds nothing on the login screen and a member of staff's main screens", async () => {
    const login = await newPage(browser, app, PHONE_OPTIONS);
    await login.goto('/login');
    await login.getByRole('button', { name: 'Inloggen' }).waitFor({ timeout: WAIT_MS });
    const found = { '/login': await wcagViolations(login), ...(await visit(browser, 'anna@kring.test', STAFF, wcagViolations)) };
    await login.context().close();

    expect(found).toEqual(Object.fromEntries(Object.keys(found).map((path) => [path, []])));
  }, AXE_WALK_MS);

  it("finds nothing on a client's screens, nor in the sync state's panel or the person's menu", async () => {
    const found = await visit(browser, 'daan@kring.test', CLIENT, wcagViolations);
    const panels = await visit(browser, 'daan@kring.test', CLIENT.slice(0, 1), async (page) => {
      await openSyncState(page);
      const sync = await wcagViolations(page);
      await page.keyboard.press('Escape');
      await openPersonMenu(page);
      return [...sync, ...(await wcagViolations(page))];
    });

    expect({ ...found, panels: panels['/'] }).toEqual({ ...Object.fromEntries(CLIENT.map((screen) => [screen.path, []])), panels: [] });
  }, AXE_WALK_MS);

  it("finds nothing on the administrator's screens", async () => {
    const found = await visit(browser, 'admin@kring.test', ADMIN, wcagViolations);

    expect(found).toEqual(Object.fromEntries(ADMIN.map((screen) => [screen.path, []])));
  });
});

describe("a client's words", () => {
  it('has none of the technical terms and no "je" on any of their screens, menus included', async () => {
    const found = await visit(browser, 'daan@kring.test', CLIENT, async (page) => {
      const text = await clientText(page);
      return [...TECHNICAL, INFORMAL].flatMap((term) => {
        const match = text.match(term);
        return match ? [`${term}: …${text.slice(Math.max(0, (match.index ?? 0) - 40), (match.index ?? 0) + 40).replace(/\s+/g, ' ')}…`] : [];
      });
    });

    expect(found).toEqual(Object.fromEntries(CLIENT.map((screen) => [screen.path, []])));
  });

  it('shows a client no storage details, and no staff-only place', async () => {
    const page = await newPage(browser, app, PHONE_OPTIONS);
    await login(page, 'daan@kring.test');
    const panel = await openSyncState(page);
    expect(await panel.locator('[data-storage-persisted]').count()).toBe(0);
    const places = await page.getByRole('navigation', { name: 'Hoofdmenu' }).getByRole('link').allInnerTexts();
    expect(places.map((text) => text.trim())).toEqual(['Ruimtes', 'Chat', 'Mensen', 'Balie', 'Nieuws insturen']);
    await page.goto('/spaces/clientenplein');
    await page.getByRole('navigation', { name: 'Onderdelen van Cliëntenplein' }).getByRole('link', { name: 'Activiteiten' }).waitFor({ timeout: WAIT_MS });
    const tabs = await page.getByRole('navigation', { name: 'Onderdelen van Cliëntenplein' }).getByRole('link').allInnerTexts();
    expect(tabs).toEqual(['Overzicht', 'Chat', 'Activiteiten']);
    // In the news a client reads articles: the tab says so (not "Protocollen").
    await page.goto('/spaces/nieuws');
    const newsTabs = page.getByRole('navigation', { name: 'Onderdelen van Nieuws' }).getByRole('link');
    await newsTabs.first().waitFor({ timeout: WAIT_MS });
    expect(await newsTabs.allInnerTexts()).toEqual(['Overzicht', 'Artikelen']);
    await page.context().close();
  });
});

describe('a device almost full', () => {
  it('is told to staff without the installed app and to clients, each in their words, in the panel and to screen readers', async () => {
    for (const [email, text] of [
      ['anna@kring.test', 'Dit apparaat is bijna vol.'],
      ['daan@kring.test', 'Uw telefoon of tablet is bijna vol.'],
    ]) {
      const page = await newPage(browser, app, PHONE_OPTIONS);
      // The browser says 90 % of what it grants this site is in use.
      await page.addInitScript(() => {
        Object.defineProperty(navigator.storage, 'estimate', { value: () => Promise.resolve({ usage: 900_000_000, quota: 1_000_000_000 }) });
      });
      await login(page, email);
      const words = page.locator('[data-sync-words]');
      await expect.poll(() => words.innerText(), { timeout: WAIT_MS }).toContain(text);
      const panel = await openSyncState(page);
      expect(await panel.locator('[data-storage-warning="almost-full"]').innerText(), email).toContain(text);
      // Not the installed app: no storage details for anyone but an administrator.
      expect(await panel.locator('[data-storage-persisted]').count(), email).toBe(0);
      if (email.startsWith('daan')) {
        const said = await panel.innerText();
        expect(TECHNICAL.filter((term) => term.test(said)), said).toEqual([]);
      }
      await page.context().close();
    }
  });
});
