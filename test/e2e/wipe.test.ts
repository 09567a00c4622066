/**
 * One person, one wipe: after Anna logs out, and separately after the administrator deactivates her, the browser
 * holds nothing of her. The test does not keep its own list of what the app stores: it enumerates everything the
 * origin holds (every IndexedDB database with every key and value of every object store, every localStorage key
 * and value, every Cache Storage entry, every cookie) and looks for her id, email, name and the text she typed.
 * Logging out offline asks first; a space a person was removed from goes from the device at its next contact.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import * as Y from 'yjs';
import { pagePlainText } from '../../packages/shapes/src/page.ts';
import { openSynced } from '../support/providers.ts';
import { api, apiLogin, invitePerson, PHONE } from './community-support.ts';
import { clickLogout, editor, login, newPage, NOORD, openPage, overallStatus, recordSaveStates, saveStates, saveStatus, typeAtEnd, useBrowser, useKring, VALPREVENTIE, waitForSaveState, WAIT_MS, waitForOfflineReady } from './support.ts';

const app = useKring();
const browser = useBrowser();
let anna: { id: string; email: string; name: string };
/** A colleague of Anna in Noord, who reads what the server holds. */
let colleague: string;

beforeAll(async () => {
  const me = await api<{ user: { id: string; email: string; name: string } }>(app.url, await apiLogin(app.url, 'anna@kring.test'), 'GET', '/api/me');
  anna = me.body.user;
  const admin = await apiLogin(app.url, 'admin@kring.test');
  colleague = await apiLogin(app.url, (await invitePerson(app.url, admin, 'employee', [{ spaceId: NOORD.id, role: 'member' }], 'Kees Collega')).email, 'welkom-123');
});

/** One thing the browser holds, as `where` and its text (binary values decoded as UTF-8). */
interface Held {
  where: string;
  text: string;
}

/** Everything this origin holds in the page's browser context. */
async function everythingHeld(page: Page): Promise<Held[]> {
  const inPage = await page.evaluate(async () => {
    const held: { where: string; text: string }[] = [];
    const updates: { where: string; rows: string[] }[] = [];
    const utf8 = new TextDecoder('utf-8', { fatal: false });
    // Binary values (Yjs updates) are read as UTF-8, and base64 text (the journal) is decoded too, so what was
    // typed is found inside them.
    const asText = (value: unknown, seen = new Set<unknown>()): string => {
      if (value === null || value === undefined) return String(value);
      if (typeof value === 'string') return /^[A-Za-z0-9+/=,]{8,}$/.test(value) ? `${value} ${value.split(',').map(decodeBase64).join(' ')}` : value;
      if (typeof value !== 'object') return String(value);
      if (ArrayBuffer.isView(value)) return utf8.decode(new Uint8Array(value.buffer, value.byteOffset, value.byteLength));
      if (value instanceof ArrayBuffer) return utf8.decode(new Uint8Array(value));
      if (seen.has(value)) return '';
      seen.add(value);
      if (value instanceof Map) return [...value.entries()].map(([k, v]) => `${asText(k, seen)}=${asText(v, seen)}`).join(' ');
      if (value instanceof Set || Array.isArray(value)) return [...value].map((item) => asText(item, seen)).join(' ');
      return Object.entries(value).map(([k, v]) => `${k}=${asText(v, seen)}`).join(' ');
    };
    function decodeBase64(text: string): string {
      try {
        return utf8.decode(Uint8Array.from(atob(text), (char) => char.charCodeAt(0)));
      } catch {
        return '';
      }
    }
    const request = <T>(req: IDBRequest<T>) =>
      new Promise<T>((resolve, reject) => {
        req.onsuccess = () => resolve(req.result);
        req.onerror = () => reject(req.error);
      });

    for (const { name } of await indexedDB.databases()) {
      if (!name) continue;
      held.push({ where: `indexedDB ${name}`, text: name });
      const db = await request(indexedDB.open(name));
      try {
        for (const store of db.objectStoreNames) {
          const transaction = db.transaction(store, 'readonly');
          const [keys, values] = await Promise.all([request(transaction.objectStore(store).getAllKeys()), request(transaction.objectStore(store).getAll())]);
          held.push({ where: `indexedDB ${name}/${store}`, text: `${store} ${asText(keys)} ${asText(values)}` });
          // y-dexie's rows of Yjs updates, per document, for Node to merge (below).
          if (store.endsWith('_updates')) {
            for (const row of values as { k?: unknown; u?: unknown }[]) {
              if (typeof row?.k !== 'string' || !(row.u instanceof Uint8Array)) continue;
              const rows = updates.find((entry) => entry.where === `indexedDB ${name}/${store} ${row.k as string}`);
              const encoded = btoa(Array.from(row.u, (byte) => String.fromCharCode(byte)).join(''));
              if (rows) rows.rows.push(encoded);
              else updates.push({ where: `indexedDB ${name}/${store} ${row.k as string}`, rows: [encoded] });
            }
          }
        }
      } finally {
        db.close();
      }
    }
    for (let i = 0; i < localStorage.length; i++) {
      const key = localStorage.key(i) ?? '';
      held.push({ where: `localStorage ${key}`, text: `${key} ${asText(localStorage.getItem(key))}` });
    }
    for (let i = 0; i < sessionStorage.length; i++) {
      const key = sessionStorage.key(i) ?? '';
      held.push({ where: `sessionStorage ${key}`, text: `${key} ${asText(sessionStorage.getItem(key))}` });
    }
    for (const name of await caches.keys()) {
      const cache = await caches.open(name);
      for (const cached of await cache.keys()) {
        const response = await cache.match(cached);
        const type = response?.headers.get('content-type') ?? '';
        // The app's own scripts and styles are the same for everyone; what a page or an answer holds is read.
        const body = response && /html|json|text\/plain/.test(type) ? await response.text() : '';
        held.push({ where: `cache ${name} ${cached.url}`, text: `${cached.url} ${body}` });
      }
    }
    held.push({ where: 'document.cookie', text: document.cookie });
    return { held, updates };
  });
  // A sentence typed in one go may still be stored in two updates, if the editor made two transactions of it (a
  // full CI run once found the sentence in the search index but in no single stored row): a document's updates
  // merged hold each piece of text whole, as the document does.
  const merged = inPage.updates.map(({ where, rows }) => ({
    where: where.slice(0, where.indexOf(' ', 'indexedDB '.length)),
    text: new TextDecoder('utf-8', { fatal: false }).decode(Y.mergeUpdatesV2(rows.map((row) => Uint8Array.from(Buffer.from(row, 'base64'))))),
  }));
  const cookies = await page.context().cookies();
  return [...inPage.held, ...merged, ...cookies.map((cookie) => ({ where: `cookie ${cookie.name}`, text: `${cookie.name}=${decodeURIComponent(cookie.value)}` }))];
}

/** Where the browser holds any of `marks`. */
async function whereHeld(page: Page, marks: string[]): Promise<string[]> {
  return (await everythingHeld(page)).filter(({ text }) => marks.some((mark) => text.includes(mark))).map(({ where }) => where);
}

/** Where the browser holds anything of Anna or what she typed. */
function heldOfAnna(page: Page, typed: string): Promise<string[]> {
  return whereHeld(page, [anna.id, anna.email, anna.name, typed]);
}

/**
 * Runs `check`; when it fails, says everywhere the browser holds `typed` (a refused change, for one, is kept in
 * kring-device with what was typed in it) and what the page's save state and sync panel show, so a rare miss under
 * a full CI run can be told apart from a lost edit.
 */
async function explained(page: Page, typed: string, check: () => Promise<unknown>): Promise<void> {
  try {
    await check();
  } catch (error) {
    const held = await whereHeld(page, [typed]).catch((reason: unknown) => [`(enumeration failed: ${String(reason)})`]);
    const stores = await everythingHeld(page)
      .then((all) => all.filter(({ where }) => where.startsWith('indexedDB ')).map(({ where, text }) => `${where} (${text.length} chars)`))
      .catch(() => []);
    const save = await saveStatus(page).getAttribute('data-save', { timeout: 1_000 }).catch(() => 'none');
    const overall = await overallStatus(page).textContent({ timeout: 1_000 }).catch(() => 'none');
    throw new Error(`${(error as Error).message}\nthe typed text is held in: ${JSON.stringify(held)}\nthe device's stores: ${JSON.stringify(stores)}\nsave state: ${save}; overall: ${overall}`, { cause: error });
  }
}

/**
 * Anna uses the app as she does on a working day: her team space, a page she types in (saved on the server) and
 * a board, which keeps the colleagues she can hand cards to on the device.
 */
async function aDayOfAnna(page: Page, typed: string): Promise<void> {
  await login(page, anna.email);
  await page.goto(`/spaces/${NOORD.id}`);
  await page.getByRole('heading', { level: 1, name: NOORD.name }).waitFor({ timeout: WAIT_MS });
  await openPage(page);
  await recordSaveStates(page);
  await editor(page).click();
  await page.keyboard.press('Control+End');
  await page.keyboard.press('Enter');
  // One input event, so the text is one piece in the stored update and the search above can find it.
  await page.keyboard.insertText(typed);
  await editor(page).filter({ hasText: typed }).waitFor({ timeout: WAIT_MS });
  // A "saved" after her text, not the one the page opened with: the server has it before she goes elsewhere.
  await expect.poll(async () => ((await saveStates(page)).length > 1 ? saveStatus(page).getAttribute('data-save') : 'unchanged'), { timeout: WAIT_MS }).toBe('saved');
  await page.goto(`/spaces/${NOORD.id}/boards`);
  await page.getByLabel('Naam van het nieuwe bord').fill(`Bord van Anna ${Date.now()}`);
  await page.getByRole('button', { name: 'Bord maken' }).click();
  await page.locator('section[data-column-id]').first().waitFor({ timeout: WAIT_MS });
  // The colleagues reach the device once the server answered; the enumeration shows when they are there.
  await expect.poll(async () => (await heldOfAnna(page, typed)).some((where) => where.startsWith('indexedDB kring-device')), { timeout: WAIT_MS }).toBe(true);
  // The search does find what she typed in the stored document: an empty answer later means it is gone. (Asked
  // until it does: once, under a full CI run, the first look after the board missed it; y-dexie merges a
  // document's stored updates in the background, and the search worker now opens the same database.)
  await explained(page, typed, () =>
    expect
      .poll(async () => (await whereHeld(page, [typed])).filter((where) => where.startsWith('indexedDB kring-user-') || !where.startsWith('indexedDB')), { timeout: WAIT_MS })
      .toEqual(expect.arrayContaining([expect.stringMatching(new RegExp(`^indexedDB kring-user-${anna.id}/`))])),
  );
  // Her search index is kept on the device too (a moment after it read her documents), with what she typed in it.
  await expect.poll(async () => (await whereHeld(page, [typed])).some((where) => where.startsWith(`indexedDB kring-search-${anna.id}/`)), { timeout: WAIT_MS }).toBe(true);
}

describe('one wipe for a person on this device', () => {
  it('leaves nothing of Anna in the browser after she logs out', async () => {
    const page = await newPage(browser, app);
    const typed = `Anna's overdracht voor de late dienst ${Date.now()}`;
    await aDayOfAnna(page, typed);

    await clickLogout(page);
    await page.getByRole('heading', { name: 'Inloggen' }).waitFor({ timeout: WAIT_MS });

    await expect.poll(() => heldOfAnna(page, typed), { timeout: WAIT_MS }).toEqual([]);
    await page.context().close();
  });

  it('leaves nothing of Anna in the browser after the administrator deactivates her', async () => {
    const page = await newPage(browser, app);
    const typed = `Anna's laatste notitie ${Date.now()}`;
    await aDayOfAnna(page, typed);

    const admin = await apiLogin(app.url, 'admin@kring.test');
    expect((await api(app.url, admin, 'PATCH', `/api/admin/people/${anna.id}`, { active: false })).status).toBe(200);
    await page.locator('[role="alert"][data-deactivated]').waitFor({ timeout: WAIT_MS });

    await expect.poll(() => heldOfAnna(page, typed), { timeout: WAIT_MS }).toEqual([]);
    await page.context().close();
  });
});

/** What a member of Noord reads of the protocol page on the server, over the wire. */
async function protocolOnServer(): Promise<string> {
  const onServer = await openSynced(app.url, `${NOORD.id}/page/${VALPREVENTIE.id}`, colleague);
  try {
    return pagePlainText(onServer.doc);
  } finally {
    onServer.destroy();
  }
}

/** The session cookie the browser holds, as a Cookie header; null when it holds none. */
async function sessionCookie(page: Page): Promise<string | null> {
  const cookie = (await page.context().cookies()).find((c) => c.name === 'kring_session');
  return cookie?.value ? `kring_session=${cookie.value}` : null;
}

/** Someone of Noord who logs in on this browser (Anna is deactivated by a test above). */
interface Member {
  id: string;
  email: string;
  name: string;
}

async function aMemberOfNoord(name: string): Promise<Member> {
  const admin = await apiLogin(app.url, 'admin@kring.test');
  const invited = await invitePerson(app.url, admin, 'employee', [{ spaceId: NOORD.id, role: 'member' }], name);
  return { id: invited.id, email: invited.email, name };
}

/** Where the browser holds anything of `member` or what they typed. */
function heldOf(page: Page, member: Member, typed: string): Promise<string[]> {
  return whereHeld(page, [member.id, member.email, member.name, typed]);
}

/** A member types in the protocol while offline: the sentence is only on this device. */
async function typedOffline(page: Page, member: Member, typed: string): Promise<void> {
  await login(page, member.email, 'welkom-123');
  // The app opens offline only once its service worker holds it, as on a device that was used before (before the
  // editor is opened: the wait may load the page again).
  await waitForOfflineReady(page);
  await openPage(page);
  await waitForSaveState(page, 'saved');
  await page.context().setOffline(true);
  await typeAtEnd(page, typed);
  await waitForSaveState(page, 'local');
}

const dialog = (page: Page) => page.getByRole('dialog', { name: 'Nog niet alles is opgeslagen' });

describe('logging out with work only on this device', () => {
  it('hands in what was typed offline, confirmed by the server, before it wipes the device and logs out', async () => {
    const member = await aMemberOfNoord('Sanne Overdracht');
    const page = await newPage(browser, app);
    const typed = `Overdracht, offline getypt ${Date.now()}`;
    await typedOffline(page, member, typed);

    // Back online and out at once, before the page's socket has saved the sentence.
    await page.context().setOffline(false);
    await clickLogout(page);
    await page.getByRole('heading', { name: 'Inloggen' }).waitFor({ timeout: WAIT_MS });

    expect(await protocolOnServer()).toContain(typed);
    await expect.poll(() => heldOf(page, member, typed), { timeout: WAIT_MS }).toEqual([]);
    await page.context().close();
  });

  it('offline, says what would be lost and keeps the person logged in with everything when they choose to stay', async () => {
    const member = await aMemberOfNoord('Sanne Blijft');
    const page = await newPage(browser, app, { viewport: PHONE, isMobile: true, hasTouch: true });
    const typed = `Notitie voor morgen ${Date.now()}`;
    await typedOffline(page, member, typed);

    await clickLogout(page);
    await dialog(page).waitFor({ timeout: WAIT_MS });
    expect(await dialog(page).innerText()).toContain('gaat verloren als u nu uitlogt');
    expect(await dialog(page).innerText()).toContain('Weer inloggen kan pas als er internet is');
    // The safe choice has the focus; the text is what a screen reader reads out with the title.
    expect(await page.evaluate(() => document.activeElement?.textContent?.trim())).toBe('Blijf ingelogd');
    const describedBy = await dialog(page).getAttribute('aria-describedby');
    expect(await page.locator(`[id="${describedBy}"]`).innerText()).toContain('gaat verloren');

    await page.keyboard.press('Enter');
    await dialog(page).waitFor({ state: 'detached', timeout: WAIT_MS });
    expect(await page.evaluate(() => document.activeElement?.textContent?.trim())).toBe('Uitloggen');
    // Still logged in, still typing where they were, and the sentence is saved once the network is back.
    await editor(page).filter({ hasText: typed }).waitFor({ timeout: WAIT_MS });
    await typeAtEnd(page, 'en nog een zin');
    await page.context().setOffline(false);
    await waitForSaveState(page, 'saved');
    expect(await protocolOnServer()).toContain(typed);

    // Escape is staying too.
    await page.context().setOffline(true);
    await typeAtEnd(page, `nog meer ${Date.now()}`);
    await waitForSaveState(page, 'local');
    await clickLogout(page);
    await dialog(page).waitFor({ timeout: WAIT_MS });
    await page.keyboard.press('Escape');
    await dialog(page).waitFor({ state: 'detached', timeout: WAIT_MS });
    expect(await whereHeld(page, [member.id])).toContain(`indexedDB kring-user-${member.id}`);
    expect(Number(await overallStatus(page).getAttribute('data-unsaved'))).toBeGreaterThanOrEqual(1);
    await page.context().close();
  });

  it('offline, wipes everything of the person when they choose to log out all the same, and ends the session at the next contact', async () => {
    const member = await aMemberOfNoord('Sanne Wist');
    const page = await newPage(browser, app);
    const typed = `Een zin die verloren mag gaan ${Date.now()}`;
    await typedOffline(page, member, typed);

    await clickLogout(page);
    await dialog(page).getByRole('button', { name: 'Toch uitloggen en wissen' }).click();
    await page.getByRole('heading', { name: 'Inloggen' }).waitFor({ timeout: WAIT_MS });
    await expect.poll(() => heldOf(page, member, typed), { timeout: WAIT_MS }).toEqual([]);

    // The HttpOnly cookie could not be cleared offline; at the next contact the device ends the session first,
    // so the app opens to the login page and not as the person who left.
    const cookie = await sessionCookie(page);
    await page.context().setOffline(false);
    await page.goto('/');
    await page.getByRole('heading', { name: 'Inloggen' }).waitFor({ timeout: WAIT_MS });
    if (cookie) await expect.poll(async () => (await api(app.url, cookie, 'GET', '/api/me')).status, { timeout: WAIT_MS }).toBe(401);
    await page.context().close();
  });
});

describe('a space the person was removed from', () => {
  it("goes from the device at its next contact: the space's documents and what was kept for it", async () => {
    const admin = await apiLogin(app.url, 'admin@kring.test');
    const person = await invitePerson(app.url, admin, 'employee', [{ spaceId: NOORD.id, role: 'member' }, { spaceId: 'zuid', role: 'member' }], 'Sanne Wissel');
    const page = await newPage(browser, app);
    await login(page, person.email, 'welkom-123');
    await openPage(page);
    await waitForSaveState(page, 'saved');
    const ofNoord = async () =>
      page.evaluate(
        async ({ db, prefix }) => {
          const open = indexedDB.open(db);
          const idb = await new Promise<IDBDatabase>((resolve, reject) => {
            open.onsuccess = () => resolve(open.result);
            open.onerror = () => reject(open.error);
          });
          try {
            const held: string[] = [];
            for (const store of idb.objectStoreNames) {
              const keys = idb.transaction(store, 'readonly').objectStore(store);
              const all = await new Promise<unknown[]>((resolve) => {
                const request = keys.getAll();
                request.onsuccess = () => resolve(request.result);
              });
              // Documents by name, their stored updates by the name they belong to (`k`).
              for (const row of all as { name?: string; k?: string }[]) {
                const name = row.name ?? row.k;
                if (typeof name === 'string' && name.startsWith(prefix)) held.push(`${store} ${name}`);
              }
            }
            return held;
          } finally {
            idb.close();
          }
        },
        { db: `kring-user-${person.id}`, prefix: `${NOORD.id}/` },
      );
    await expect.poll(async () => (await ofNoord()).length, { timeout: WAIT_MS }).toBeGreaterThan(0);
    // Something of Zuid on the device too, which stays (Zuid has a protocol of the same text).
    await page.goto('/spaces/zuid');
    await expect
      .poll(async () => (await whereHeld(page, ['zuid/index/main'])).some((where) => where.startsWith(`indexedDB kring-user-${person.id}`)), { timeout: WAIT_MS })
      .toBe(true);
    await openPage(page);

    expect((await api(app.url, admin, 'DELETE', `/api/admin/spaces/${NOORD.id}/members/${person.id}`)).status).toBe(200);

    // The open page's socket closes (no access); the device asks who it is and lets go of Noord.
    await expect.poll(ofNoord, { timeout: WAIT_MS }).toEqual([]);
    expect((await whereHeld(page, ['zuid/index/main'])).some((where) => where.startsWith(`indexedDB kring-user-${person.id}`))).toBe(true);
    await page.context().close();
  });
});
