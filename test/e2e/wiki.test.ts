/**
 * The care-protocol wiki in Chromium: the page tree (create, sub-pages, moves by keyboard), the editor's
 * toolbar used with the keyboard alone, named carets of two people (names from the server), a clean
 * read-only rendering for readers, links from a hostile client that never become executable, axe and a
 * 360 px phone.
 */
import type { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import type { BrowserContextOptions, Locator, Page } from 'playwright-core';
import { appendPageBlocks, setPageTitle } from '../../packages/shapes/src/index.ts';
import { useClients } from '../support/clients.ts';
import { waitForSaved } from '../support/providers.ts';
import { health, login as apiLogin } from '../support/server.ts';
import {
  editor,
  loggedInPage,
  NOORD,
  openPage,
  pageContent,
  useBrowser,
  useKring,
  VALPREVENTIE,
  VALPREVENTIE_PATH,
  WAIT_MS,
  waitForSaveState,
} from './support.ts';
import { PHONE, seriousViolations } from './community-support.ts';

const TREE_PATH = `/spaces/${NOORD.id}/pages`;
const MEDICATIE = { path: `/spaces/${NOORD.id}/pages/medicatie-overdracht`, text: 'Zo weet de volgende collega' };
const WELKOM = { path: '/spaces/nieuws/pages/welkom', name: 'nieuws/page/welkom', title: 'Welkom op Kring', text: 'Kring is de nieuwe plek' };

const app = useKring();
const browser = useBrowser();
const clients = useClients(app);

/** A stock y-websocket client in Node, logged in as `email`, synced with the document. */
async function nodeClient(email: string, docName: string): Promise<WebsocketProvider> {
  return clients.open(docName, await apiLogin(app.url, email));
}

/** A logged-in browser page (its own context: cookies, IndexedDB). */
const loggedIn = (email: string, options?: BrowserContextOptions) => loggedInPage(browser, app, email, options);

function toolbar(page: Page): Locator {
  return page.getByRole('toolbar', { name: 'Opmaak' });
}

/** The aria-label of the focused element. */
function focusedLabel(page: Page): Promise<string | null> {
  return page.evaluate(() => document.activeElement?.getAttribute('aria-label') ?? null);
}

/** The editor's own selection: Tiptap puts the editor on its element. */
function editorSelection(page: Page): Promise<{ from: number; to: number; size: number } | null> {
  return editor(page).evaluate((element) => {
    const state = (element as HTMLElement & { editor?: { state: { selection: { from: number; to: number }; doc: { content: { size: number } } } } }).editor?.state;
    return state ? { from: state.selection.from, to: state.selection.to, size: state.doc.content.size } : null;
  });
}

/**
 * Presses a key that moves the caret (Control+End, Shift+Home…) and waits until the editor itself has taken in
 * the new selection: it hears of selections made by the browser a moment later, on a busy machine later still,
 * and a key pressed before that acts on the old one. Keys that go to a fixed place (`absolute`) are pressed
 * again when the move did not take: for a few milliseconds after the editor gets focus back, ProseMirror puts
 * its own selection back into the page and undoes a move made meanwhile.
 */
async function moveCaret(
  page: Page,
  key: string,
  until: (selection: { from: number; to: number; size: number }) => boolean,
  { absolute = false } = {},
): Promise<void> {
  const reached = async () => {
    const selection = await editorSelection(page);
    return selection !== null && until(selection);
  };
  for (let attempt = 0; absolute && attempt < 5; attempt++) {
    await page.keyboard.press(key);
    const deadline = Date.now() + 1000;
    while (Date.now() < deadline) {
      if (await reached()) return;
      await page.waitForTimeout(50);
    }
  }
  if (!absolute) await page.keyboard.press(key);
  await expect.poll(reached, { timeout: WAIT_MS }).toBe(true);
}

/** Puts the caret at the end of the page (keyboard only) and types `text` as a new paragraph. */
async function newParagraph(page: Page, text: string): Promise<void> {
  await editor(page).focus();
  // The end of the last text block: one position before the end of the document.
  await moveCaret(page, 'Control+End', ({ from, to, size }) => from === to && to === size - 1, { absolute: true });
  await page.keyboard.press('Enter');
  await page.keyboard.type(text);
}

/** The text of every element matching `selector` in `box` (a failed wait then shows what was there). */
function texts(box: Locator, selector: string): Promise<string[]> {
  return box.locator(selector).allTextContents();
}

/** Waits until `target` has the keyboard focus (a form that just appeared focuses its field itself). */
async function focusOn(target: Locator): Promise<void> {
  await expect.poll(() => target.evaluate((element) => element === document.activeElement), { timeout: WAIT_MS }).toBe(true);
}

/** Selects the current line up to the caret with Shift+Home, `length` characters. */
async function selectToLineStart(page: Page, length: number): Promise<void> {
  await moveCaret(page, 'Shift+Home', ({ from, to }) => to - from === length);
}

/** From the editor, Shift+Tab into the toolbar and arrow to the button called `name` (never more than 20 presses). */
async function toTool(page: Page, name: string): Promise<void> {
  await page.keyboard.press('Shift+Tab');
  const seen: Array<string | null> = [];
  for (let presses = 0; presses < 20; presses++) {
    const label = await focusedLabel(page);
    if (label === name) return;
    seen.push(label);
    await page.keyboard.press('ArrowRight');
  }
  throw new Error(`the toolbar never reached ${name}; focus went: ${seen.join(' → ')}`);
}

/** The titles of the tree's root-level pages, in order. */
function rootTitles(page: Page): Promise<string[]> {
  return page.locator('.tree > ul > li > .row > a').allInnerTexts();
}

/** The tree's list item for the page titled `title`: its row link and its nested list. */
function treeItem(page: Page, title: string): Locator {
  return page.locator('.tree li').filter({ has: page.locator(':scope > .row > a', { hasText: new RegExp(`^${title}$`) }) });
}

describe('the page tree', () => {
  it('creates a page and a sub-page, moves them by keyboard, and another device sees the same tree', async () => {
    const page = await loggedIn('anna@kring.test');
    await page.goto(TREE_PATH);
    await page.getByRole('link', { name: VALPREVENTIE.title }).waitFor({ timeout: WAIT_MS });

    // A new root page: the button, a title, Enter. The new page opens with its title.
    await page.getByRole('button', { name: 'Nieuwe pagina' }).focus();
    await page.keyboard.press('Enter');
    await focusOn(page.getByLabel('Titel van de nieuwe pagina'));
    await page.keyboard.type('Sleutelbeheer');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByRole('textbox', { name: 'Titel' }).inputValue(), { timeout: WAIT_MS }).toBe('Sleutelbeheer');

    // Back to the tree through the breadcrumb; a sub-page from the page's menu.
    await page.getByRole('navigation', { name: 'Waar u bent' }).getByRole('link', { name: 'Protocollen' }).click();
    const actions = page.getByRole('button', { name: 'Acties voor Sleutelbeheer' });
    await actions.focus();
    await page.keyboard.press('Enter');
    expect(await actions.getAttribute('aria-expanded')).toBe('true');
    await page.getByRole('button', { name: 'Sub-pagina toevoegen' }).focus();
    await page.keyboard.press('Enter');
    await focusOn(page.getByLabel('Titel van de nieuwe sub-pagina onder „Sleutelbeheer”'));
    await page.keyboard.type('Sleutelkastje op kantoor');
    await page.keyboard.press('Enter');
    const crumbs = page.getByRole('navigation', { name: 'Waar u bent' });
    await crumbs.getByRole('link', { name: 'Sleutelbeheer' }).waitFor({ timeout: WAIT_MS });
    // The new page's title reaches the breadcrumb a moment after the page opened (it shows "Pagina zonder titel" until then).
    await expect.poll(() => crumbs.innerText(), { timeout: WAIT_MS }).toMatch(/^Protocollen\s+Sleutelbeheer\s+Sleutelkastje op kantoor$/);

    // In the tree the sub-page hangs under its parent.
    await crumbs.getByRole('link', { name: 'Protocollen' }).click();
    await treeItem(page, 'Sleutelbeheer').getByRole('link', { name: 'Sleutelkastje op kantoor' }).waitFor({ timeout: WAIT_MS });

    // Keyboard moves: "a level back" puts the sub-page at root level right after its parent, and focus stays in
    // the page's menu (its button, once "a level back" is gone). The live region says what happened.
    await page.getByRole('button', { name: 'Acties voor Sleutelkastje op kantoor' }).focus();
    await page.keyboard.press('Enter');
    await page.getByRole('button', { name: 'Een niveau terug' }).focus();
    await page.keyboard.press('Enter');
    await expect.poll(async () => (await rootTitles(page)).slice(-2), { timeout: WAIT_MS }).toEqual(['Sleutelbeheer', 'Sleutelkastje op kantoor']);
    await expect.poll(() => page.locator('.tree [role="status"]').innerText(), { timeout: WAIT_MS }).toBe('„Sleutelkastje op kantoor” staat nu een niveau terug.');
    expect(await focusedLabel(page)).toBe('Acties voor Sleutelkastje op kantoor');

    // "Up" twice, with Enter on the button that keeps focus.
    const before = await rootTitles(page);
    await page.getByRole('button', { name: 'Acties voor Sleutelbeheer' }).click();
    await page.getByRole('button', { name: 'Omhoog' }).focus();
    await page.keyboard.press('Enter');
    await page.keyboard.press('Enter');
    const moved = [...before];
    moved.splice(before.indexOf('Sleutelbeheer'), 1);
    moved.splice(before.indexOf('Sleutelbeheer') - 2, 0, 'Sleutelbeheer');
    await expect.poll(() => rootTitles(page), { timeout: WAIT_MS }).toEqual(moved);

    // Indent: under the page before it.
    const after = await rootTitles(page);
    const newParent = after[after.indexOf('Sleutelkastje op kantoor') - 1]!;
    await page.getByRole('button', { name: 'Acties voor Sleutelkastje op kantoor' }).click();
    await page.getByRole('button', { name: `Onder „${newParent}” zetten` }).click();
    await treeItem(page, newParent).getByRole('link', { name: 'Sleutelkastje op kantoor' }).waitFor({ timeout: WAIT_MS });

    // Everything went through the server: a fresh device lists the same tree.
    await waitForSaveState(page, 'saved');
    const other = await loggedIn('anna@kring.test');
    await other.goto(TREE_PATH);
    await treeItem(other, newParent).getByRole('link', { name: 'Sleutelkastje op kantoor' }).waitFor({ timeout: WAIT_MS });
    expect(await rootTitles(other)).toEqual(await rootTitles(page));
  });

  it('renames, removes and drags pages; the removed page’s sub-pages stay', async () => {
    const page = await loggedIn('anna@kring.test');
    await page.goto(TREE_PATH);
    await page.getByRole('button', { name: 'Nieuwe pagina' }).click();
    await page.getByLabel('Titel van de nieuwe pagina').fill('Tijdelijk');
    await page.keyboard.press('Enter');
    await page.getByRole('button', { name: 'Sub-pagina toevoegen' }).click();
    await page.getByLabel('Titel van de nieuwe sub-pagina onder „Tijdelijk”').fill('Blijft staan');
    await page.keyboard.press('Enter');
    await page.getByRole('navigation', { name: 'Waar u bent' }).getByRole('link', { name: 'Tijdelijk' }).waitFor({ timeout: WAIT_MS });
    await page.goto(TREE_PATH);

    await page.getByRole('button', { name: 'Acties voor Tijdelijk' }).click();
    await page.getByRole('button', { name: 'Naam wijzigen' }).click();
    await page.getByLabel('Nieuwe titel').fill('Even weg');
    await page.keyboard.press('Enter');
    await page.getByRole('link', { name: 'Even weg' }).waitFor({ timeout: WAIT_MS });
    // The page's own title follows.
    await page.getByRole('link', { name: 'Even weg' }).click();
    await page.getByRole('heading', { level: 1, name: 'Even weg' }).waitFor({ timeout: WAIT_MS });

    await page.goto(TREE_PATH);
    await page.getByRole('button', { name: 'Acties voor Even weg' }).click();
    await page.getByRole('button', { name: 'Verwijderen' }).click();
    await page.getByRole('button', { name: 'Ja, uit de lijst halen' }).click();
    await page.getByRole('link', { name: 'Even weg' }).waitFor({ state: 'detached', timeout: WAIT_MS });
    expect(await rootTitles(page)).toContain('Blijft staan');

    // With a mouse, a page can also be dragged onto another to become its sub-page.
    const row = (title: string) => page.locator('.tree .row').filter({ has: page.locator(':scope > a', { hasText: new RegExp(`^${title}$`) }) });
    await row('Blijft staan').dragTo(row(VALPREVENTIE.title));
    await treeItem(page, VALPREVENTIE.title).getByRole('link', { name: 'Blijft staan' }).waitFor({ timeout: WAIT_MS });
    expect(await rootTitles(page)).not.toContain('Blijft staan');
  });
});

describe('the editor', () => {
  it('formats text with the toolbar by keyboard alone: bold, heading and a link', async () => {
    const page = await loggedIn('anna@kring.test');
    await openPage(page, MEDICATIE.path, MEDICATIE.text);
    const box = editor(page);
    await newParagraph(page, 'Let op bij het aftekenen');
    await selectToLineStart(page, 'Let op bij het aftekenen'.length);

    // Shift+Tab reaches the toolbar (one Tab stop), arrows go along it, Enter applies and returns to the text.
    await toTool(page, 'Vet');
    await page.keyboard.press('Enter');
    await box.locator('strong', { hasText: 'Let op bij het aftekenen' }).waitFor({ timeout: WAIT_MS });
    await focusOn(box);
    expect(await toolbar(page).getByRole('button', { name: 'Vet' }).getAttribute('aria-pressed')).toBe('true');

    await page.keyboard.press('Shift+Tab');
    expect(await focusedLabel(page)).toBe('Vet');
    await page.keyboard.press('Home');
    expect(await focusedLabel(page)).toBe('Kop');
    await page.keyboard.press('Enter');
    await box.locator('h2', { hasText: 'Let op bij het aftekenen' }).waitFor({ timeout: WAIT_MS });
    await focusOn(box);

    await newParagraph(page, 'Toedienlijst');
    await selectToLineStart(page, 'Toedienlijst'.length);
    await toTool(page, 'Link');
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog', { name: 'Link toevoegen' });
    const address = page.getByLabel('Webadres, e-mailadres of telefoonnummer');
    await focusOn(address);
    await page.keyboard.type('javascript:alert(1)');
    await page.keyboard.press('Enter');
    await dialog.getByText('Dit adres kan niet.').waitFor({ timeout: WAIT_MS });
    await address.fill('www.zorgaanzee.nl/toedienlijst');
    await page.keyboard.press('Enter');
    await box.locator('a[href="https://www.zorgaanzee.nl/toedienlijst"]', { hasText: 'Toedienlijst' }).waitFor({ timeout: WAIT_MS });
    await focusOn(box);

    // All of it is in the shared document: another device shows the same formatting.
    await waitForSaveState(page, 'saved');
    const other = await loggedIn('anna@kring.test');
    await openPage(other, MEDICATIE.path, 'Toedienlijst');
    const otherBox = editor(other);
    await expect.poll(() => texts(otherBox, 'h2 strong'), { timeout: WAIT_MS }).toContain('Let op bij het aftekenen');
    await expect.poll(() => texts(otherBox, 'a[href="https://www.zorgaanzee.nl/toedienlijst"]'), { timeout: WAIT_MS }).toContain('Toedienlijst');
    // "Last changed by": the server's record says Anna, a moment ago.
    await expect.poll(() => other.locator('[data-last-changed]').innerText(), { timeout: WAIT_MS }).toMatch(/Laatst gewijzigd door u vandaag om \d\d:\d\d/);
  });

  it('makes a checklist and a table with the toolbar by keyboard alone', async () => {
    const page = await loggedIn('anna@kring.test');
    await openPage(page, MEDICATIE.path, MEDICATIE.text);
    const box = editor(page);

    // A checklist at the end.
    await newParagraph(page, 'Lijst getekend');
    await toTool(page, 'Afvinklijst');
    await page.keyboard.press('Enter');
    await page.getByRole('checkbox', { name: 'Taak: Lijst getekend' }).waitFor({ timeout: WAIT_MS });
    await focusOn(box);

    // A table on a new first line; while the caret is in it, table buttons replace "insert table".
    await moveCaret(page, 'Control+Home', ({ from, to }) => from === to && from === 1, { absolute: true });
    await page.keyboard.press('Enter');
    await moveCaret(page, 'ArrowUp', ({ from, to }) => from === to && from === 1);
    await toTool(page, 'Tabel invoegen');
    await page.keyboard.press('Enter');
    await box.locator('table').waitFor({ timeout: WAIT_MS });
    await focusOn(box);
    await page.keyboard.type('Tijd');
    await box.locator('table th', { hasText: 'Tijd' }).waitFor({ timeout: WAIT_MS });
    // Shift+Tab in the first cell leaves the table for the toolbar.
    await toTool(page, 'Rij toevoegen');
    await page.keyboard.press('Enter');
    await expect.poll(() => box.locator('table tr').count(), { timeout: WAIT_MS }).toBe(4);

    await waitForSaveState(page, 'saved');
    const other = await loggedIn('anna@kring.test');
    await openPage(other, MEDICATIE.path, 'Lijst getekend');
    const otherBox = editor(other);
    await otherBox.locator('ul[data-type="taskList"]', { hasText: 'Lijst getekend' }).waitFor({ timeout: WAIT_MS });
    await otherBox.locator('table th', { hasText: 'Tijd' }).waitFor({ timeout: WAIT_MS });
    expect(await otherBox.locator('table tr').count()).toBe(4);
  });

  it("shows two people each other's caret, named by the server", async () => {
    const eva = await loggedIn('eva@kring.test');
    const admin = await loggedIn('admin@kring.test');
    await openPage(eva, WELKOM.path, WELKOM.text);
    await openPage(admin, WELKOM.path, WELKOM.text);
    await editor(eva).click();
    await eva.keyboard.press('Control+End');
    await editor(admin).click();
    await admin.keyboard.press('Control+Home');

    const carets = (page: Page, name: string) => editor(page).locator(`.collab-caret[data-name="${name}"]`);
    await carets(admin, 'Eva Visser').waitFor({ state: 'visible', timeout: WAIT_MS });
    await carets(eva, 'Beheerder').waitFor({ state: 'visible', timeout: WAIT_MS });
    // The name label is drawn beside the caret, not inserted into the text.
    const label = await carets(admin, 'Eva Visser').evaluate((element) => getComputedStyle(element, '::after').content);
    expect(label).not.toBe('none');
    expect(await editor(admin).innerText()).not.toContain('Eva Visser');
    // And for screen readers, in words: who else is here.
    await admin.locator('.presence li', { hasText: 'Eva Visser' }).waitFor({ timeout: WAIT_MS });

    // A client that claims another name is shown with the name from its session.
    const liar = await nodeClient('admin@kring.test', WELKOM.name);
    await expect.poll(() => liar.doc.getXmlFragment('body').length, { timeout: WAIT_MS }).toBeGreaterThan(0);
    const firstText = (liar.doc.getXmlFragment('body').get(0) as Y.XmlElement).get(0) as Y.XmlText;
    const at = Y.relativePositionToJSON(Y.createRelativePositionFromTypeIndex(firstText, 4));
    liar.awareness.setLocalState({ user: { id: 'nobody', name: 'Iemand anders', color: '#ff0000' }, cursor: { anchor: at, head: at } });
    await expect.poll(() => editor(eva).locator('.collab-caret[data-name="Beheerder"]').count(), { timeout: WAIT_MS }).toBe(2);
    expect(await editor(eva).locator('.collab-caret[data-name="Iemand anders"]').count()).toBe(0);
    expect(await eva.locator('.presence').innerText()).not.toContain('Iemand anders');
  });

  it('renders a page cleanly for a reader: no toolbar, nothing editable, nothing written', async () => {
    // A page ending in a list, where an editor is most tempted to add a line of its own.
    const writer = await nodeClient('eva@kring.test', 'nieuws/page/afspraken');
    setPageTitle(writer.doc, 'Afspraken voor de inloop');
    appendPageBlocks(writer.doc, [
      { type: 'paragraph', text: 'Iedere dinsdag is er inloop in de huiskamer.' },
      { type: 'bulletList', items: ['Koffie staat klaar om 10.00 uur', 'Aanmelden hoeft niet'] },
    ]);
    await waitForSaved(writer);
    // Counted from before his login: neither logging in, nor his home bringing his spaces up to date (while the
    // background round does the same), nor opening the pages sends anything of documents he may only read.
    const droppedBefore = (await health(app.url)).sync.readOnlyWritesDropped;
    const daan = await loggedIn('daan@kring.test');
    for (const [path, title, text] of [
      [WELKOM.path, WELKOM.title, WELKOM.text],
      ['/spaces/nieuws/pages/afspraken', 'Afspraken voor de inloop', 'Aanmelden hoeft niet'],
    ]) {
      await daan.goto(path);
      const content = daan.getByRole('article', { name: 'Inhoud van de pagina' });
      await content.filter({ hasText: text }).waitFor({ timeout: WAIT_MS });
      await daan.getByRole('heading', { level: 1, name: title }).waitFor({ timeout: WAIT_MS });
      expect(await daan.getByRole('toolbar').count(), path).toBe(0);
      expect(await daan.getByRole('textbox').count(), path).toBe(0);
      expect(await daan.locator('main [contenteditable="true"], main textarea').count(), path).toBe(0);
      expect(await content.getAttribute('contenteditable')).toBe('false');
      await daan.getByText('U kunt deze pagina lezen, niet wijzigen.').waitFor({ timeout: WAIT_MS });
      // Typing goes nowhere (clicked at the corner, away from any link).
      await content.click({ position: { x: 2, y: 2 } });
      await daan.keyboard.type('xyz');
      expect(await content.innerText()).not.toContain('xyz');
      // Opening wrote nothing: the device's copy is the server's, so it is "saved" straight away.
      await waitForSaveState(daan, 'saved');
    }
    expect((await health(app.url)).sync.readOnlyWritesDropped).toBe(droppedBefore);

    // A writer who only opens the page does not change it either: "last changed by" stays true.
    const evaCookie = await apiLogin(app.url, 'eva@kring.test');
    const changes = async () => {
      const response = await fetch(`${app.url}/api/documents/history?name=${encodeURIComponent('nieuws/page/afspraken')}&limit=100`, { headers: { cookie: evaCookie } });
      return ((await response.json()) as { changes: unknown[] }).changes.length;
    };
    const changesBefore = await changes();
    const eva = await loggedIn('eva@kring.test');
    await openPage(eva, '/spaces/nieuws/pages/afspraken', 'Aanmelden hoeft niet');
    await waitForSaveState(eva, 'saved');
    expect(await changes()).toBe(changesBefore);

    // The reader's tree: links only.
    await daan.goto('/spaces/nieuws/pages');
    await daan.getByRole('link', { name: WELKOM.title }).waitFor({ timeout: WAIT_MS });
    expect(await daan.getByRole('button', { name: 'Nieuwe pagina' }).count()).toBe(0);
    expect(await daan.getByRole('button', { name: /^Acties voor/ }).count()).toBe(0);
  });

  it('shows the text before the editor has loaded, as the editor then shows it', async () => {
    const writer = await nodeClient('anna@kring.test', `${NOORD.id}/page/voorvertoning`);
    setPageTitle(writer.doc, 'Voorvertoning');
    appendPageBlocks(writer.doc, [
      { type: 'heading', level: 2, text: 'Kop' },
      { type: 'paragraph', text: '' },
      { type: 'bulletList', items: ['Een', 'Twee'] },
      { type: 'orderedList', items: ['Eerst', 'Dan'] },
      { type: 'taskList', items: [{ text: 'Gedaan', checked: true }, { text: 'Nog doen', checked: false }] },
    ]);
    writer.doc.transact(() => {
      const body = writer.doc.getXmlFragment('body');
      const paragraph = new Y.XmlElement('paragraph');
      body.insert(body.length, [paragraph]);
      const before = new Y.XmlText();
      const after = new Y.XmlText();
      paragraph.insert(0, [before, new Y.XmlElement('hardBreak'), after]);
      before.insert(0, 'Vet', { bold: {} });
      before.insert(3, ' en schuin', { italic: {} });
      after.insert(0, 'Een link', { link: { href: 'https://www.zorgaanzee.nl/' } });
      after.insert(8, ' en geen', { link: { href: 'javascript:alert(1)' } });
    });
    await waitForSaved(writer);

    // No service worker: it would serve the editor's code from its cache, past the delay below.
    const page = await loggedIn('anna@kring.test', { serviceWorkers: 'block' });
    const path = `/spaces/${NOORD.id}/pages/voorvertoning`;
    await openPage(page, path, 'Nog doen');
    // Opened again, from the device: the text shows before the editor, and the editor shows the same.
    await page.addInitScript(() => {
      const w = window as unknown as { __outline: (element: Element) => string; __preview?: string };
      w.__outline = (element) => {
        const walk = (node: Node): string => {
          if (node.nodeType === Node.TEXT_NODE) return node.textContent ?? '';
          if (!(node instanceof Element)) return '';
          // ProseMirror's own helpers: the break that keeps an empty line open, and cursor separators.
          if (node.matches('br:last-child, img.ProseMirror-separator')) return '';
          const kept = ['href', 'target', 'data-checked', 'colspan', 'rowspan', 'start'].map((name) => (node.hasAttribute(name) ? ` ${name}=${node.getAttribute(name)}` : '')).join('');
          const checked = node instanceof HTMLInputElement ? ` checked=${node.checked}` : '';
          return `<${node.localName}${kept}${checked}>${[...node.childNodes].map(walk).join('')}</${node.localName}>`;
        };
        return [...element.childNodes].map(walk).join('');
      };
      new MutationObserver(() => {
        const preview = document.querySelector('.editor-content.preview');
        if (preview && preview.childNodes.length > 0) w.__preview = w.__outline(preview);
      }).observe(document, { subtree: true, childList: true });
    });
    // The editor's code (ProseMirror) arrives late, as on a slow phone, so the preview has its moment for sure.
    await page.route('**/_app/immutable/**/*.js', async (route) => {
      const response = await route.fetch();
      const body = await response.text();
      if (body.includes('ProseMirror')) await new Promise((resolve) => setTimeout(resolve, 1_500));
      await route.fulfill({ response, body });
    });
    await page.reload();
    await pageContent(page).filter({ hasText: 'Nog doen' }).waitFor({ timeout: WAIT_MS });
    await page.locator('.ProseMirror').filter({ hasText: 'Nog doen' }).waitFor({ timeout: WAIT_MS });
    const [preview, rendered] = await page.evaluate(() => {
      const w = window as unknown as { __outline: (element: Element) => string; __preview?: string };
      return [w.__preview, w.__outline(document.querySelector('.ProseMirror')!)];
    });
    expect(preview).toContain('Nog doen');
    expect(preview).toBe(rendered);
  });

  it('never renders an executable href for links a hostile client wrote into the document', async () => {
    const hostile: Array<[string, string]> = [
      ['Klik hier', 'javascript:window.__pwned = 1'],
      ['Hoofdletters', ' JaVaScRiPt:window.__pwned = 2'],
      ['Met tab', 'java\tscript:window.__pwned = 3'],
      ['Data-adres', 'data:text/html,<script>window.__pwned = 4</script>'],
      ['Vbscript', 'vbscript:msgbox(1)'],
    ];
    const safe: [string, string] = ['Veilige link', 'https://www.zorgaanzee.nl/'];
    // Straight into the Y.XmlFragment, past every editor: marks are formatting attributes of the Y.XmlText.
    for (const [email, docName] of [
      ['anna@kring.test', `${NOORD.id}/page/${VALPREVENTIE.id}`],
      ['eva@kring.test', WELKOM.name],
    ]) {
      const client = await nodeClient(email, docName);
      const body = client.doc.getXmlFragment('body');
      client.doc.transact(() => {
        for (const [text, href] of [...hostile, safe]) {
          const paragraph = new Y.XmlElement('paragraph');
          body.insert(body.length, [paragraph]);
          const content = new Y.XmlText();
          paragraph.insert(0, [content]);
          content.insert(0, text, { link: { href, target: '_self', rel: null, class: 'x" onclick="window.__pwned = 9' } });
        }
      });
      await waitForSaved(client);
    }

    // A writer's page (open to read, as every page opens) and a reader's rendering.
    for (const [email, path, box] of [
      ['anna@kring.test', VALPREVENTIE_PATH, 'article'],
      ['daan@kring.test', WELKOM.path, 'article'],
    ] as const) {
      const page = await loggedIn(email);
      await page.goto(path);
      const content = page.getByRole(box, { name: 'Inhoud van de pagina' });
      await content.locator('a', { hasText: 'Veilige link' }).waitFor({ timeout: WAIT_MS });
      const anchors = await content.locator('a').evaluateAll((links) =>
        links.map((link) => ({ text: link.textContent, href: link.getAttribute('href'), target: link.getAttribute('target'), attributes: link.getAttributeNames().sort() })),
      );
      expect(anchors, email).toEqual([
        ...hostile.map(([text]) => ({ text, href: null, target: '_blank', attributes: ['rel', 'target'] })),
        { text: safe[0], href: safe[1], target: '_blank', attributes: ['href', 'rel', 'target'] },
      ]);
      for (const [text] of hostile) await content.locator('a', { hasText: text }).click();
      expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned ?? null), email).toBeNull();
      expect(new URL(page.url()).pathname).toBe(path);
    }
  });
});

describe('accessibility and phones', () => {
  it('has no serious or critical axe violations on the tree, the editor and the reader view', async () => {
    const anna = await loggedIn('anna@kring.test');
    const found: Record<string, string[]> = {};
    await anna.goto(TREE_PATH);
    await anna.getByRole('button', { name: `Acties voor ${VALPREVENTIE.title}` }).click();
    await anna.getByRole('button', { name: 'Naam wijzigen' }).waitFor({ timeout: WAIT_MS });
    found.tree = await seriousViolations(anna);

    await openPage(anna, MEDICATIE.path, MEDICATIE.text);
    await toolbar(anna).waitFor({ timeout: WAIT_MS });
    found.editor = await seriousViolations(anna);
    await toolbar(anna).getByRole('button', { name: 'Link' }).click();
    await anna.getByRole('dialog', { name: /Link/ }).waitFor({ timeout: WAIT_MS });
    found['link dialog'] = await seriousViolations(anna);

    const daan = await loggedIn('daan@kring.test');
    await daan.goto(WELKOM.path);
    await daan.getByRole('article', { name: 'Inhoud van de pagina' }).filter({ hasText: WELKOM.text }).waitFor({ timeout: WAIT_MS });
    found.reader = await seriousViolations(daan);

    expect(found).toEqual({ tree: [], editor: [], 'link dialog': [], reader: [] });
  });

  it('scrolls nothing sideways at 360 px: the tree with a menu open, and the editor with a table', async () => {
    const page = await loggedIn('anna@kring.test', { viewport: PHONE, isMobile: true, hasTouch: true });
    const width = () => page.evaluate(() => document.documentElement.scrollWidth);
    await page.goto(TREE_PATH);
    await page.getByRole('button', { name: `Acties voor ${VALPREVENTIE.title}` }).click();
    await page.getByRole('button', { name: 'Naam wijzigen' }).waitFor({ timeout: WAIT_MS });
    expect(await width()).toBeLessThanOrEqual(PHONE.width);

    await openPage(page, VALPREVENTIE_PATH);
    await editor(page).click();
    await page.keyboard.press('Control+End');
    await page.keyboard.press('Enter');
    await toolbar(page).getByRole('button', { name: 'Tabel invoegen' }).click();
    await page.keyboard.type('Een hele lange kopregel zonder spaties: valpreventiemaatregelen');
    await editor(page).locator('table').waitFor({ timeout: WAIT_MS });
    expect(await width()).toBeLessThanOrEqual(PHONE.width);
  });
});
