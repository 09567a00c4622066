/**
 * The desk as its people use it: Anna, on her phone (360 px), orders 200 flyers with her team's phone number and
 * asks the support office a question, one of them written without network and shown as "nog niet verstuurd"
 * until it is sent; Bram, at the support office on a desktop, handles both from his queue with a saved answer
 * and moves the order on; Anna sees the reply in the thread. axe finds nothing serious, and nothing scrolls
 * sideways at 360 px. Takes docs/screenshots/desk-queue.png and desk-catalogue.png.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { DeskQueue, OrderList, QuestionList } from '@kring/contract';
import { login, newPage, ROOT, useBrowser, useKring, WAIT_MS } from './support.ts';
import { api, apiLogin, overflow, PHONE, seriousViolations } from './community-support.ts';

const app = useKring();
const browser = useBrowser();
const PHONE_TEXT = 'Buurtteam Noord · 010 123 45 67';
const DESKTOP = { width: 1280, height: 800 };

describe('the desk', () => {
  it('a team member orders flyers and asks a question from a phone; the desk handles both on a desktop', async () => {
    const axe: Record<string, string[]> = {};
    const wide: Record<string, string[]> = {};

    // Anna on her phone: the catalogue, 200 flyers with the team's name and phone number.
    const anna = await newPage(browser, app, { viewport: PHONE, isMobile: true, hasTouch: true });
    await login(anna, 'anna@kring.test');
    await anna.getByRole('navigation', { name: 'Hoofdmenu' }).getByRole('link', { name: 'Balie' }).click();
    await anna.getByRole('heading', { name: 'Balie', level: 1 }).waitFor({ timeout: WAIT_MS });
    await anna.getByRole('link', { name: 'Bestellen bij Bureau Ondersteuning' }).click();
    await anna.getByRole('heading', { name: 'Flyer van het buurtteam' }).waitFor({ timeout: WAIT_MS });
    await anna.locator('img[src="/desk/flyer.svg"]').evaluate((image: HTMLImageElement) => image.decode());
    if (process.env.SCREENSHOTS === '1') await anna.screenshot({ path: join(ROOT, 'docs', 'screenshots', 'desk-catalogue.png'), animations: 'disabled', caret: 'hide' });
    await anna.getByRole('button', { name: 'Flyer van het buurtteam kiezen' }).click();
    await anna.getByLabel('Aantal').fill('200');
    await anna.getByLabel('Tekst om te drukken').fill(PHONE_TEXT);
    await anna.getByLabel('Afleveradres').fill('Buurthuis De Kring, Dorpsstraat 1, 1234 AB Zee');
    axe['catalogue 360'] = await seriousViolations(anna);
    wide['catalogue'] = (await overflow(anna)).wide;
    await anna.getByRole('button', { name: 'Bestellen', exact: true }).click();
    await anna.getByText('Uw bestelling is geplaatst.', { exact: false }).waitFor({ timeout: WAIT_MS });

    const annaCookie = await apiLogin(app.url, 'anna@kring.test');
    await expect.poll(async () => (await api<OrderList>(app.url, annaCookie, 'GET', '/api/desk/orders')).body.orders.map((o) => [o.quantity, o.printText, o.status]), { timeout: WAIT_MS }).toEqual([[200, PHONE_TEXT, 'ordered']]);

    // A question written without network waits on the phone as "nog niet verstuurd", then is sent once.
    await anna.getByRole('link', { name: 'Terug naar de balie' }).click();
    await anna.getByRole('heading', { name: 'Vraag stellen' }).waitFor({ timeout: WAIT_MS });
    await anna.context().setOffline(true);
    await anna.getByLabel('Onderwerp').selectOption({ label: 'PR en communicatie' });
    await anna.getByLabel('Korte titel').fill('Poster voor de open dag');
    await anna.getByLabel('Uw vraag').fill('Kunnen jullie een poster maken voor onze open dag op 14 januari?');
    await anna.getByRole('button', { name: 'Vraag versturen' }).click();
    const mine = anna.getByRole('region', { name: 'Mijn vragen' });
    await mine.getByText('Poster voor de open dag').waitFor({ timeout: WAIT_MS });
    await mine.getByText('Nog niet verstuurd').waitFor({ timeout: WAIT_MS });
    expect((await api<QuestionList>(app.url, annaCookie, 'GET', '/api/desk/questions')).body.questions).toEqual([]);
    axe['desk 360'] = await seriousViolations(anna);
    wide['desk'] = (await overflow(anna)).wide;
    await anna.context().setOffline(false);
    await anna.evaluate(() => dispatchEvent(new Event('online')));
    await mine.getByRole('link', { name: /V-\d{4} · Poster voor de open dag/ }).waitFor({ timeout: WAIT_MS });
    expect(await mine.getByText('Nog niet verstuurd').count()).toBe(0);
    expect((await api<QuestionList>(app.url, annaCookie, 'GET', '/api/desk/questions')).body.questions.map((q) => q.subject)).toEqual(['Poster voor de open dag']);

    // Bram at the support office, on a desktop: the queue with the question's age, and the open order.
    const bram = await newPage(browser, app, { viewport: DESKTOP });
    await login(bram, 'bram@kring.test');
    await bram.goto('/desk');
    await bram.getByRole('link', { name: 'Wachtrij Bureau Ondersteuning' }).click();
    await bram.getByRole('heading', { name: 'Wachtrij Bureau Ondersteuning' }).waitFor({ timeout: WAIT_MS });
    const question = bram.getByRole('link', { name: /Poster voor de open dag/ });
    await question.waitFor({ timeout: WAIT_MS });
    await bram.getByText(/wacht \d+ min/).first().waitFor({ timeout: WAIT_MS });
    await bram.getByText(PHONE_TEXT).waitFor({ timeout: WAIT_MS });
    axe['queue desktop'] = await seriousViolations(bram);
    if (process.env.SCREENSHOTS === '1') await bram.screenshot({ path: join(ROOT, 'docs', 'screenshots', 'desk-queue.png'), animations: 'disabled', caret: 'hide', fullPage: true });

    // The order moves on.
    const orderNumber = (await api<OrderList>(app.url, annaCookie, 'GET', '/api/desk/orders')).body.orders[0].number;
    await bram.getByLabel(`Status van ${orderNumber}`).selectOption({ label: 'Verstuurd' });
    await bram.getByText(`${orderNumber} staat nu op Verstuurd.`).waitFor({ timeout: WAIT_MS });

    // The question: a saved answer, taken up by Bram.
    await question.click();
    await bram.getByRole('heading', { name: 'Antwoorden' }).waitFor({ timeout: WAIT_MS });
    await bram.getByLabel('Opgeslagen antwoord').selectOption({ label: 'Rooster' });
    await bram.getByRole('button', { name: 'Invoegen' }).click();
    expect(await bram.getByLabel('Uw bericht').inputValue()).toContain('Het rooster voor de komende maand');
    await bram.getByLabel('Uw bericht').fill('Ja, dat kan. Stuur ons de tekst en een foto, dan maken we hem binnen een week.');
    axe['thread desktop'] = await seriousViolations(bram);
    await bram.getByRole('button', { name: 'Versturen' }).click();
    await bram.getByText('Uw bericht is verstuurd.').waitFor({ timeout: WAIT_MS });
    await expect.poll(async () => (await api<OrderList>(app.url, annaCookie, 'GET', '/api/desk/orders')).body.orders[0].status).toBe('sent');

    // Anna sees the reply in the thread, and the status.
    await anna.getByRole('link', { name: /Poster voor de open dag/ }).click();
    await anna.getByText('Ja, dat kan.', { exact: false }).waitFor({ timeout: WAIT_MS });
    await anna.getByText('Beantwoord').first().waitFor({ timeout: WAIT_MS });
    axe['thread 360'] = await seriousViolations(anna);
    wide['thread'] = (await overflow(anna)).wide;

    expect(axe).toEqual({ 'catalogue 360': [], 'desk 360': [], 'queue desktop': [], 'thread desktop': [], 'thread 360': [] });
    expect(wide).toEqual({ catalogue: [], desk: [], thread: [] });
  });
  it('an administrator puts a colleague on a desk from a phone; she then sees its queue, and not once taken off', async () => {
    const admin = await newPage(browser, app, { viewport: PHONE, isMobile: true, hasTouch: true });
    await login(admin, 'admin@kring.test');
    await admin.goto('/admin');
    await admin.getByRole('link', { name: 'Balies' }).click();
    const itDesk = admin.getByRole('region', { name: 'IT-servicedesk' });
    await itDesk.getByLabel('Wie komt erbij bij IT-servicedesk?').selectOption({ label: 'Anna de Vries' });
    await itDesk.getByRole('button', { name: 'Medewerker toevoegen' }).click();
    await itDesk.getByRole('button', { name: 'Anna de Vries weghalen bij IT-servicedesk' }).waitFor({ timeout: WAIT_MS });
    expect(await seriousViolations(admin)).toEqual([]);
    expect((await overflow(admin)).scrollWidth).toBeLessThanOrEqual(PHONE.width);

    const anna = await apiLogin(app.url, 'anna@kring.test');
    expect((await api(app.url, anna, 'GET', '/api/desk/desks/it/queue')).status).toBe(200);
    await itDesk.getByRole('button', { name: 'Anna de Vries weghalen bij IT-servicedesk' }).click();
    await itDesk.getByRole('button', { name: 'Anna de Vries weghalen bij IT-servicedesk' }).waitFor({ state: 'detached', timeout: WAIT_MS });
    expect((await api(app.url, anna, 'GET', '/api/desk/desks/it/queue')).status).toBe(404);
    await admin.context().close();
  });

  it('desk staff keep a saved answer on the queue from a phone, insert it in a reply, and remove it again', async () => {
    const bram = await newPage(browser, app, { viewport: PHONE, isMobile: true, hasTouch: true });
    await login(bram, 'bram@kring.test');
    await bram.goto('/desk');
    await bram.getByRole('link', { name: 'Wachtrij Bureau Ondersteuning' }).click();
    const saved = bram.getByRole('region', { name: /Opgeslagen antwoorden/ });
    await saved.getByLabel('Titel').fill('Openingstijden');
    await saved.getByLabel('Tekst van het antwoord').fill('Wij zijn er op werkdagen van 8.30 tot 17.00 uur.');
    await saved.getByRole('button', { name: 'Antwoord bewaren' }).click();
    await bram.getByText('Antwoord Openingstijden is bewaard.').waitFor({ timeout: WAIT_MS });
    await saved.getByText('Wij zijn er op werkdagen van 8.30 tot 17.00 uur.').waitFor({ timeout: WAIT_MS });
    expect(await seriousViolations(bram)).toEqual([]);
    expect((await overflow(bram)).wide).toEqual([]);
    if (process.env.SCREENSHOTS === '1') await bram.screenshot({ path: join(ROOT, 'docs', 'screenshots', 'desk-saved-answers-360.png'), animations: 'disabled', caret: 'hide', fullPage: true });
    const bramCookie = await apiLogin(app.url, 'bram@kring.test');
    const titles = async () => (await api<DeskQueue>(app.url, bramCookie, 'GET', '/api/desk/desks/ondersteuning/queue')).body.savedAnswers.map((answer) => answer.title);
    expect(await titles()).toContain('Openingstijden');

    // On a question's page it is one of the answers to insert.
    const asker = await apiLogin(app.url, 'anna@kring.test');
    const asked = await api<{ question: { id: string } }>(app.url, asker, 'POST', '/api/desk/questions', { id: `saved-${Date.now()}`, deskId: 'ondersteuning', subject: 'Wanneer zijn jullie open?', body: 'Ik wil langskomen.' });
    expect(asked.status).toBe(201);
    await bram.goto(`/desk/questions/${asked.body.question.id}`);
    await bram.getByLabel('Opgeslagen antwoord').selectOption({ label: 'Openingstijden' });
    await bram.getByRole('button', { name: 'Invoegen' }).click();
    expect(await bram.getByLabel('Uw bericht').inputValue()).toContain('van 8.30 tot 17.00 uur');

    // Removed from the queue's page, it is gone for the desk.
    await bram.goBack();
    await saved.getByRole('button', { name: 'Opgeslagen antwoord Openingstijden verwijderen' }).click();
    await bram.getByText('Antwoord Openingstijden is verwijderd.').waitFor({ timeout: WAIT_MS });
    expect(await titles()).not.toContain('Openingstijden');
    await bram.context().close();
  });
});
