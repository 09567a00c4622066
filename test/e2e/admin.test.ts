/**
 * Administration in the browser: an administrator invites a new client with a code, the invitee accepts it and
 * sees only the client space and the news; deactivating them ends their open page at once and clears their device. A space owner
 * switches a feature off: its tab goes and the server refuses its documents.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { login, newPage, NOORD, useBrowser, useKring, WAIT_MS } from './support.ts';
import { api, overflow, PHONE, seriousViolations, socketOutcome } from './community-support.ts';

const app = useKring();
const browser = useBrowser();

interface Found {
  axe: string[];
  scrollWidth: number;
}

/** axe's serious findings and the page's width at 360 px. */
async function check(page: Page): Promise<Found> {
  return { axe: await seriousViolations(page), scrollWidth: (await overflow(page)).scrollWidth };
}

function expectClean(found: Record<string, Found>): void {
  expect(Object.fromEntries(Object.entries(found).map(([name, { axe }]) => [name, axe]))).toEqual(Object.fromEntries(Object.keys(found).map((name) => [name, []])));
  for (const [name, { scrollWidth }] of Object.entries(found)) expect(scrollWidth, name).toBeLessThanOrEqual(PHONE.width);
}

/** As the logged-in administrator: makes an invite for a client in Cliëntenplein and returns its code. */
let invited = 0;
/** The administrator invites a client into Cliëntenplein with `loginName`; returns the code. */
async function inviteClient(admin: Page, loginName = `client-${++invited}-${Date.now().toString(36)}`): Promise<string> {
  await admin.getByRole('link', { name: 'Beheer' }).click();
  await admin.getByRole('navigation', { name: 'Onderdelen van beheer' }).getByRole('link', { name: 'Uitnodigingen' }).click();
  await admin.getByRole('radio', { name: /Cliënt/ }).check();
  await admin.getByRole('checkbox', { name: /Cliëntenplein/ }).check();
  await admin.getByLabel('Inlognaam').fill(loginName);
  await admin.getByRole('button', { name: 'Uitnodiging maken' }).click();
  await admin.getByRole('heading', { name: 'Uitnodiging gemaakt' }).waitFor({ timeout: WAIT_MS });
  return admin.getByLabel('Code', { exact: true }).inputValue();
}

/** The invitee's side: types the code, sees the login name chosen for them, makes the account and lands on "Mijn ruimtes". */
async function accept(page: Page, code: string, name: string, login: string): Promise<void> {
  await page.goto('/invite');
  await page.getByLabel('Uw code').fill(code);
  await page.getByRole('button', { name: 'Verder' }).click();
  await page.getByRole('heading', { name: 'Welkom bij Zorg aan Zee' }).waitFor({ timeout: WAIT_MS });
  await page.getByText('U bent uitgenodigd als cliënt.').waitFor({ timeout: WAIT_MS });
  await page.getByLabel('Uw naam').fill(name);
  // The login name is the administrator's choice: shown, not typed.
  expect(await page.getByLabel('Uw inlognaam').inputValue()).toBe(login);
  expect(await page.getByLabel('Uw inlognaam').getAttribute('readonly')).not.toBeNull();
  await page.getByLabel('Kies een wachtwoord').fill('welkom-in-kring');
  await page.getByLabel('Typ het wachtwoord nog een keer').fill('welkom-in-kring');
  await page.getByRole('button', { name: 'Account maken en inloggen' }).click();
  await page.getByRole('heading', { name: 'Mijn ruimtes' }).waitFor({ timeout: WAIT_MS });
}

describe('administration', () => {
  it('invites a client with a code; the invitee sees only Cliëntenplein and Nieuws; deactivating logs out their open page', async () => {
    const admin = await newPage(browser, app);
    await login(admin, 'admin@kring.test');
    const code = await inviteClient(admin, 'gerrit.hoek');
    expect(code).toMatch(/^[0-9a-z]{4}(-[0-9a-z]{4}){3}$/);

    const gerrit = await newPage(browser, app);
    await accept(gerrit, code, 'Gerrit Hoek', 'gerrit.hoek');
    expect((await gerrit.locator('main [data-spaces] li a').allInnerTexts()).sort()).toEqual(['Cliëntenplein', 'Nieuws']);
    // The code worked once.
    const again = await newPage(browser, app);
    await again.goto(`/invite/${code}`);
    await again.getByText('Deze code werkt niet (meer).').waitFor({ timeout: WAIT_MS });

    // Gerrit has Cliëntenplein open (its documents live on sockets) when the administrator deactivates him.
    await gerrit.getByRole('link', { name: 'Cliëntenplein' }).click();
    await gerrit.locator('[role="status"][data-save="saved"]').first().waitFor({ timeout: WAIT_MS });

    await admin.getByRole('navigation', { name: 'Onderdelen van beheer' }).getByRole('link', { name: 'Mensen' }).click();
    const card = admin.locator('li[data-person="gerrit.hoek"]');
    await card.getByRole('button', { name: 'Deactiveren' }).click();
    await admin.getByRole('dialog', { name: 'Gerrit Hoek deactiveren?' }).getByRole('button', { name: 'Ja, deactiveren' }).click();
    await card.getByText('Gedeactiveerd').waitFor({ timeout: WAIT_MS });

    // His device hands in what it had not saved (nothing here), deletes his copy and tells him.
    await gerrit.locator('[role="alert"][data-deactivated]').filter({ hasText: 'Uw account is uitgezet' }).waitFor({ timeout: WAIT_MS });
    // And he cannot log in again.
    expect((await api(app.url, '', 'POST', '/api/auth/login', { email: 'gerrit.hoek', password: 'welkom-in-kring' })).status).toBe(401);
  });

  it('changes a role and a membership', async () => {
    const admin = await newPage(browser, app);
    await login(admin, 'admin@kring.test');
    await admin.goto('/admin');
    const bram = admin.locator('li[data-person="bram@kring.test"]');
    await bram.getByLabel('Rol van Bram Jansen').selectOption('editor');
    await bram.getByRole('button', { name: 'Rol opslaan' }).click();
    await admin.getByText('Bram Jansen is nu Redacteur.').waitFor({ timeout: WAIT_MS });
    await bram.locator('.badge', { hasText: 'Redacteur' }).waitFor({ timeout: WAIT_MS });

    await admin.goto('/admin/spaces/zuid');
    await admin.getByRole('heading', { name: 'Leden' }).waitFor({ timeout: WAIT_MS });
    await admin.getByLabel('Wie?').selectOption({ label: 'Anna de Vries (Medewerker)' });
    await admin.getByLabel('Met de rol').selectOption('reader');
    await admin.getByRole('button', { name: 'Toevoegen' }).click();
    await admin.getByText('Anna de Vries is toegevoegd.').waitFor({ timeout: WAIT_MS });

    const anna = await newPage(browser, app);
    await login(anna, 'anna@kring.test');
    await anna.getByRole('link', { name: 'Buurtteam Zuid' }).waitFor({ timeout: WAIT_MS });
  });

  it('lets a space owner switch boards off: the Taken tab disappears and the server refuses the board', async () => {
    const anna = await newPage(browser, app);
    await login(anna, 'anna@kring.test');
    await anna.goto(`/spaces/${NOORD.id}`);
    const nav = anna.getByRole('navigation', { name: `Onderdelen van ${NOORD.name}` });
    await nav.getByRole('link', { name: 'Taken' }).waitFor({ timeout: WAIT_MS });
    expect(await socketOutcome(anna, 'noord/board/teamplanning')).toBe('open');

    await nav.getByRole('link', { name: 'Instellingen' }).click();
    const boards = anna.getByRole('switch', { name: 'Taken' });
    await boards.waitFor({ timeout: WAIT_MS });
    expect(await boards.isChecked()).toBe(true);
    await boards.uncheck();
    await anna.getByText('Taken staat nu uit.').waitFor({ timeout: WAIT_MS });

    await nav.getByRole('link', { name: 'Overzicht' }).waitFor({ timeout: WAIT_MS });
    await expect.poll(() => nav.getByRole('link', { name: 'Taken' }).count(), { timeout: WAIT_MS }).toBe(0);
    expect(await socketOutcome(anna, 'noord/board/teamplanning')).toBe(4403);
    // The protocols stay.
    await nav.getByRole('link', { name: 'Protocollen' }).waitFor({ timeout: WAIT_MS });

    // A member who is not an owner sees no settings tab.
    const daan = await newPage(browser, app);
    await login(daan, 'daan@kring.test');
    await daan.goto('/spaces/clientenplein');
    const plein = daan.getByRole('navigation', { name: 'Onderdelen van Cliëntenplein' });
    await plein.getByRole('link', { name: 'Activiteiten' }).waitFor({ timeout: WAIT_MS });
    expect(await plein.getByRole('link', { name: 'Instellingen' }).count()).toBe(0);
  });

  it('has no serious axe findings and no sideways scrolling at 360 px on the people and invites pages', async () => {
    const admin = await newPage(browser, app, { viewport: PHONE, isMobile: true, hasTouch: true });
    await login(admin, 'admin@kring.test');
    const found: Record<string, Found> = {};
    await admin.goto('/admin');
    await admin.locator('li[data-person]').first().waitFor({ timeout: WAIT_MS });
    found.people = await check(admin);
    await inviteClient(admin);
    found['invite made'] = await check(admin);
    await admin.goto('/admin/invites');
    await admin.getByRole('button', { name: 'Uitnodiging maken' }).waitFor({ timeout: WAIT_MS });
    found.invites = await check(admin);
    expectClean(found);
  });

  it('has no serious axe findings and no sideways scrolling at 360 px on the spaces pages', async () => {
    const admin = await newPage(browser, app, { viewport: PHONE, isMobile: true, hasTouch: true });
    await login(admin, 'admin@kring.test');
    const found: Record<string, Found> = {};
    await admin.goto('/admin/spaces');
    await admin.getByRole('button', { name: 'Ruimte maken' }).waitFor({ timeout: WAIT_MS });
    found.spaces = await check(admin);
    await admin.goto('/admin/spaces/clientenplein');
    await admin.getByRole('switch', { name: 'Activiteiten' }).waitFor({ timeout: WAIT_MS });
    found.space = await check(admin);
    expectClean(found);
  });

  it('has no serious axe findings and no sideways scrolling at 360 px on the invite pages and a space’s settings', async () => {
    const admin = await newPage(browser, app);
    await login(admin, 'admin@kring.test');
    const code = await inviteClient(admin);
    const found: Record<string, Found> = {};
    const invitee = await newPage(browser, app, { viewport: PHONE, isMobile: true, hasTouch: true });
    await invitee.goto('/invite');
    await invitee.getByLabel('Uw code').waitFor({ timeout: WAIT_MS });
    found['type code'] = await check(invitee);
    await invitee.goto(`/invite/${code}`);
    await invitee.getByRole('button', { name: 'Account maken en inloggen' }).waitFor({ timeout: WAIT_MS });
    found.accept = await check(invitee);

    const anna = await newPage(browser, app, { viewport: PHONE, isMobile: true, hasTouch: true });
    await login(anna, 'anna@kring.test');
    await anna.goto(`/spaces/${NOORD.id}/features`);
    await anna.getByRole('switch', { name: 'Chat' }).waitFor({ timeout: WAIT_MS });
    found['owner settings'] = await check(anna);
    expectClean(found);
  });
});
