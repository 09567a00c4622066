/**
 * One person, one wipe: after Anna logs out, and separately after the administrator deactivates her, the browser
 * holds nothing of her. The test does not keep its own list of what the app stores: it enumerates everything the
 * origin holds (every IndexedDB database with every key and value of every object store, every localStorage key
 * and value, every Cache Storage entry, every cookie) and looks for her id, email, name and the text she typed.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { api, apiLogin } from './community-support.ts';
import { editor, login, newPage, NOORD, openPage, useBrowser, useKring, waitForSaveState, WAIT_MS } from './support.ts';

const app = useKring();
const browser = useBrowser();
let anna: { id: string; email: string; name: string };

beforeAll(async () => {
  const me = await api<{ user: { id: string; email: string; name: string } }>(app.url, await apiLogin(app.url, 'anna@kring.test'), 'GET', '/api/me');
  anna = me.body.user;
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
    return held;
  });
  const cookies = await page.context().cookies();
  return [...inPage, ...cookies.map((cookie) => ({ where: `cookie ${cookie.name}`, text: `${cookie.name}=${decodeURIComponent(cookie.value)}` }))];
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
 * Anna uses the app as she does on a working day: her team space, a page she types in (saved on the server) and
 * a board, which keeps the colleagues she can hand cards to on the device.
 */
async function aDayOfAnna(page: Page, typed: string): Promise<void> {
  await login(page, anna.email);
  await page.goto(`/spaces/${NOORD.id}`);
  await page.getByRole('heading', { level: 1, name: NOORD.name }).waitFor({ timeout: WAIT_MS });
  await openPage(page);
  await editor(page).click();
  await page.keyboard.press('Control+End');
  await page.keyboard.press('Enter');
  // One input event, so the text is one piece in the stored update and the search above can find it.
  await page.keyboard.insertText(typed);
  await waitForSaveState(page, 'saved');
  await page.goto(`/spaces/${NOORD.id}/boards`);
  await page.getByLabel('Naam van het nieuwe bord').fill(`Bord van Anna ${Date.now()}`);
  await page.getByRole('button', { name: 'Bord maken' }).click();
  await page.locator('section[data-column-id]').first().waitFor({ timeout: WAIT_MS });
  // The colleagues reach the device once the server answered; the enumeration shows when they are there.
  await expect.poll(async () => (await heldOfAnna(page, typed)).some((where) => where.startsWith('indexedDB kring-device')), { timeout: WAIT_MS }).toBe(true);
  // The search does find what she typed in the stored document: an empty answer later means it is gone.
  expect((await whereHeld(page, [typed])).some((where) => where.startsWith(`indexedDB kring-user-${anna.id}/`))).toBe(true);
}

describe('one wipe for a person on this device', () => {
  it('leaves nothing of Anna in the browser after she logs out', async () => {
    const page = await newPage(browser, app);
    const typed = `Anna's overdracht voor de late dienst ${Date.now()}`;
    await aDayOfAnna(page, typed);

    await page.getByRole('button', { name: 'Uitloggen' }).click();
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
