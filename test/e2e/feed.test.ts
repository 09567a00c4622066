/**
 * The space home and its feed in the browser: posting with a mention and links, commenting, liking, voting and
 * pinning between two people (anna, staff, and daan, a client, in the Cliëntenplein); only http(s) and mailto
 * addresses become links; posting offline stays on the device, survives a reload and reaches the other person
 * when the network is back; hundreds of posts load in pages; the members list for mentions is only for people
 * who see the space; axe finds nothing serious and a phone needs no sideways scrolling.
 */
import { describe, expect, it } from 'vitest';
import type { BrowserContextOptions, Locator, Page } from 'playwright-core';
import { createPost, docName, feedDocId } from '../../packages/shapes/src/index.ts';
import { openSynced, waitForSaved } from '../support/providers.ts';
import { login as apiLogin, me } from '../support/server.ts';
import { PHONE, seriousViolations, socketOutcome } from './community-support.ts';
import { loggedInPage, NOORD, saveStatus, useBrowser, useKring, VALPREVENTIE, WAIT_MS, waitForSaveState, waitForOfflineReady } from './support.ts';

const PLEIN = { id: 'clientenplein', name: 'Cliëntenplein' };

const app = useKring();
const browser = useBrowser();

/** A text no other test (or demo post) contains. */
function unique(text: string): string {
  return `${text} ${Math.random().toString(36).slice(2, 8)}`;
}

/** A new browser page, logged in as `email`, on a space home once its feed shows. */
async function openSpace(email: string, spaceId: string, options: BrowserContextOptions = {}): Promise<Page> {
  const page = await loggedInPage(browser, app, email, options);
  await page.goto(`/spaces/${spaceId}`);
  await page.getByRole('heading', { name: 'Berichten', exact: true }).waitFor({ timeout: WAIT_MS });
  return page;
}

/** Waits until the work on every page is saved on the server, then closes their browsers. */
async function closeWhenSaved(...pages: Page[]): Promise<void> {
  for (const page of pages) await waitForSaveState(page, 'saved');
  for (const page of pages) await page.context().close();
}

/** The post (an article) whose text contains `text`. */
function post(page: Page, text: string): Locator {
  return page.getByRole('article').filter({ hasText: text });
}

async function write(page: Page, text: string): Promise<void> {
  await page.getByRole('textbox', { name: 'Schrijf een bericht' }).fill(text);
  await page.getByRole('button', { name: 'Plaatsen' }).click();
  await post(page, text).waitFor({ timeout: WAIT_MS });
}

describe('space feed', () => {
  it('shows a mention and safe links, and carries a comment and a like to the other person', async () => {
    const anna = await openSpace('anna@kring.test', PLEIN.id);
    const daan = await openSpace('daan@kring.test', PLEIN.id);

    // Typing @Daa offers Daan (from the space's members); choosing him completes the name.
    const text = unique('Koffie om 10 uur!');
    const box = anna.getByRole('textbox', { name: 'Schrijf een bericht' });
    await box.click();
    await anna.keyboard.type(`${text} Kom je ook, @Daa`);
    await anna.getByRole('button', { name: '@Daan Bakker' }).click();
    await anna.keyboard.type('? Info: https://www.thuisarts.nl/vallen. Niet klikken: javascript:alert(document.cookie)');
    expect(await box.inputValue()).toContain('Kom je ook, @Daan Bakker ? Info');
    await anna.getByRole('button', { name: 'Plaatsen' }).click();

    for (const page of [anna, daan]) {
      const shown = post(page, text);
      await shown.waitFor({ timeout: WAIT_MS });
      await expect.poll(() => shown.locator('.mention').allInnerTexts(), { timeout: WAIT_MS }).toEqual(['@Daan Bakker']);
      const link = shown.getByRole('link', { name: /thuisarts/ });
      expect(await link.getAttribute('href')).toBe('https://www.thuisarts.nl/vallen');
      expect(await link.getAttribute('rel')).toContain('noopener');
      // The javascript: address is there as text, and nothing in the post links anywhere else.
      expect(await shown.innerText()).toContain('javascript:alert(document.cookie)');
      expect(await shown.locator('a').count()).toBe(1);
      expect(await shown.locator('a[href^="javascript"]').count()).toBe(0);
    }

    const onDaan = post(daan, text);
    await onDaan.getByRole('button', { name: 'Reageren' }).click();
    const reply = unique('Ik kom!');
    await daan.getByRole('textbox', { name: 'Uw reactie op Anna de Vries' }).fill(reply);
    await daan.getByRole('button', { name: 'Reactie plaatsen' }).click();
    const like = onDaan.getByRole('button', { name: 'Leuk', exact: true });
    await like.click();
    expect(await like.getAttribute('aria-pressed')).toBe('true');

    const onAnna = post(anna, text);
    await onAnna.getByText(reply).waitFor({ timeout: WAIT_MS });
    await onAnna.getByText('1 keer leuk').waitFor({ timeout: WAIT_MS });
    expect(await onAnna.getByRole('button', { name: 'Leuk', exact: true }).getAttribute('aria-pressed')).toBe('false');
    await closeWhenSaved(anna, daan);
  });

  it('lets people vote once, change their vote, see the results, and pin a post for everyone', async () => {
    const anna = await openSpace('anna@kring.test', PLEIN.id);
    const daan = await openSpace('daan@kring.test', PLEIN.id);

    const question = unique('Welke dag wandelen we?');
    await anna.getByRole('button', { name: 'Peiling toevoegen' }).click();
    await anna.getByRole('textbox', { name: 'Keuze 1' }).fill('Maandag');
    await anna.getByRole('textbox', { name: 'Keuze 2' }).fill('Dinsdag');
    await anna.getByRole('button', { name: 'Keuze toevoegen' }).click();
    await anna.getByRole('textbox', { name: 'Keuze 3' }).fill('Vrijdag');
    await anna.getByRole('textbox', { name: 'Uw vraag' }).fill(question);
    await anna.getByRole('button', { name: 'Plaatsen' }).click();

    const onAnna = post(anna, question);
    const onDaan = post(daan, question);
    await onDaan.waitFor({ timeout: WAIT_MS });
    const option = (where: Locator, name: string) => where.getByRole('button', { name: new RegExp(`^${name}`) });

    await option(onAnna, 'Maandag').click();
    await onAnna.getByText('1 persoon heeft gestemd').waitFor({ timeout: WAIT_MS });
    expect(await option(onAnna, 'Maandag').getAttribute('aria-pressed')).toBe('true');
    // Changing the vote moves it: still one vote from anna.
    await option(onAnna, 'Dinsdag').click();
    expect(await option(onAnna, 'Dinsdag').getAttribute('aria-pressed')).toBe('true');
    expect(await option(onAnna, 'Maandag').getAttribute('aria-pressed')).toBe('false');
    expect(await option(onAnna, 'Dinsdag').innerText()).toContain('1 stem (100%)');
    await onAnna.getByText('1 persoon heeft gestemd').waitFor({ timeout: WAIT_MS });

    await option(onDaan, 'Dinsdag').waitFor({ timeout: WAIT_MS });
    await expect.poll(() => option(onDaan, 'Dinsdag').innerText(), { timeout: WAIT_MS }).toContain('1 stem (100%)');
    await option(onDaan, 'Vrijdag').click();
    for (const where of [onAnna, onDaan]) {
      await where.getByText('2 mensen hebben gestemd').waitFor({ timeout: WAIT_MS });
      await expect.poll(() => option(where, 'Dinsdag').innerText(), { timeout: WAIT_MS }).toContain('1 stem (50%)');
      await expect.poll(() => option(where, 'Vrijdag').innerText(), { timeout: WAIT_MS }).toContain('1 stem (50%)');
      expect(await option(where, 'Maandag').innerText()).toContain('0 stemmen (0%)');
    }

    // Anna, staff in the client space, pins the poll: both see it under "Vastgezet".
    await onAnna.getByRole('button', { name: /^Meer/ }).click();
    await anna.getByRole('button', { name: 'Vastzetten bovenaan' }).click();
    for (const page of [anna, daan]) {
      await page.getByRole('region', { name: 'Vastgezet' }).getByRole('article').filter({ hasText: question }).waitFor({ timeout: WAIT_MS });
    }
    // Daan, a client, may not pin: his menu on anna's post does not exist.
    expect(await post(daan, question).getByRole('button', { name: /^Meer/ }).count()).toBe(0);
    await closeWhenSaved(anna, daan);
  });

  it('lets the author edit and delete a post, and the other person sees both', async () => {
    const anna = await openSpace('anna@kring.test', PLEIN.id);
    const daan = await openSpace('daan@kring.test', PLEIN.id);
    const text = unique('Bingo is om 14.00 uur.');
    await write(anna, text);
    await post(daan, text).waitFor({ timeout: WAIT_MS });
    // Daan may neither edit nor delete anna's post.
    expect(await post(daan, text).getByRole('button', { name: /^Meer/ }).count()).toBe(0);

    const fixed = text.replace('14.00', '15.00');
    await post(anna, text).getByRole('button', { name: /^Meer/ }).click();
    await post(anna, text).getByRole('button', { name: 'Bewerken', exact: true }).click();
    await anna.getByRole('textbox', { name: 'Bericht bewerken' }).fill(fixed);
    await anna.getByRole('button', { name: 'Opslaan' }).click();
    await post(daan, fixed).getByText('bewerkt').waitFor({ timeout: WAIT_MS });

    await post(anna, fixed).getByRole('button', { name: /^Meer/ }).click();
    await post(anna, fixed).getByRole('button', { name: 'Verwijderen', exact: true }).click();
    await anna.getByRole('button', { name: 'Ja, verwijderen' }).click();
    await expect.poll(() => post(daan, fixed).count(), { timeout: WAIT_MS }).toBe(0);
    expect(await post(anna, fixed).count()).toBe(0);
    await anna.context().close();
    await daan.context().close();
  });

  it('keeps a post written offline on the device, across a reload, and delivers it when back online', async () => {
    const anna = await openSpace('anna@kring.test', PLEIN.id);
    const daan = await openSpace('daan@kring.test', PLEIN.id);
    await waitForSaveState(anna, 'saved');
    await waitForOfflineReady(anna);

    await anna.context().setOffline(true);
    await anna.locator('[role="status"][data-connection="offline"]').waitFor({ timeout: WAIT_MS });
    const text = unique('Zonder bereik geschreven bij mevrouw thuis.');
    await write(anna, text);
    await waitForSaveState(anna, 'local');

    await anna.reload();
    await post(anna, text).waitFor({ timeout: WAIT_MS });
    expect(await saveStatus(anna).getAttribute('data-save')).toBe('local');
    expect(await post(daan, text).count()).toBe(0);

    await anna.context().setOffline(false);
    await waitForSaveState(anna, 'saved');
    await post(daan, text).waitFor({ timeout: WAIT_MS });
    await anna.context().close();
    await daan.context().close();
  });

  it('lets a team post for the whole organisation, offline too: every employee sees it on the Medewerkersplein, clients never', async () => {
    const anna = await openSpace('anna@kring.test', NOORD.id);
    const reach = anna.getByRole('group', { name: 'Voor wie is dit bericht?' });
    expect(await reach.getByRole('radio', { name: 'Mijn team (Buurtteam Noord)' }).isChecked()).toBe(true);
    await anna.getByText('Alleen de leden van Buurtteam Noord zien dit bericht.').waitFor({ timeout: WAIT_MS });

    // At a client's home without signal.
    await anna.context().setOffline(true);
    await reach.getByRole('radio', { name: 'De hele organisatie' }).check();
    await anna.getByText('Alle medewerkers van de organisatie zien dit bericht, in Medewerkersplein. Cliënten zien het niet.').waitFor({ timeout: WAIT_MS });
    const text = unique('Wie heeft er een tillift over voor Noord?');
    await anna.getByRole('textbox', { name: 'Schrijf een bericht' }).fill(text);
    await anna.getByRole('button', { name: 'Plaatsen' }).click();
    await anna.getByRole('status').filter({ hasText: 'Uw bericht staat in Medewerkersplein, voor de hele organisatie.' }).waitFor({ timeout: WAIT_MS });
    // Not in the team's own feed, and the choice is back on the team for the next post.
    expect(await post(anna, text).count()).toBe(0);
    expect(await reach.getByRole('radio', { name: 'Mijn team (Buurtteam Noord)' }).isChecked()).toBe(true);
    // Only on this device so far: the header counts it.
    await anna.locator('header [role="status"][data-unsaved]:not([data-unsaved="0"])').waitFor({ timeout: WAIT_MS });
    await anna.context().setOffline(false);
    await anna.locator('header [role="status"][data-unsaved="0"]').waitFor({ timeout: WAIT_MS });

    // Bram, of the other team, sees it on the Medewerkersplein with where it came from.
    const bram = await openSpace('bram@kring.test', 'medewerkers');
    await post(bram, text).waitFor({ timeout: WAIT_MS });
    expect(await post(bram, text).innerText()).toContain('van Buurtteam Noord');
    // There a post is for everyone already: no choice to make.
    expect(await bram.getByRole('group', { name: 'Voor wie is dit bericht?' }).count()).toBe(0);
    await bram.getByText('Alle medewerkers van de organisatie zien dit bericht. Cliënten zien het niet.').waitFor({ timeout: WAIT_MS });

    // Daan, a client, does not see the space, and the server refuses its feed.
    const daan = await loggedInPage(browser, app, 'daan@kring.test');
    expect(await daan.getByRole('link', { name: 'Medewerkersplein' }).count()).toBe(0);
    expect(await socketOutcome(daan, docName('medewerkers', 'feed', feedDocId(new Date())))).toBe(4403);
    // And a client space offers no choice either: staff posts there stay there.
    await anna.goto(`/spaces/${PLEIN.id}`);
    await anna.getByRole('heading', { name: 'Berichten', exact: true }).waitFor({ timeout: WAIT_MS });
    expect(await anna.getByRole('group', { name: 'Voor wie is dit bericht?' }).count()).toBe(0);
  });

  it('shows hundreds of posts 30 at a time, newest first, with "meer laden"', async () => {
    // 70 posts written straight into this month's feed document, as another device of Anna's would.
    const cookie = await apiLogin(app.url, 'anna@kring.test');
    const { id: authorId, name: authorName } = (await me(app.url, cookie)).user;
    const provider = await openSynced(app.url, docName(NOORD.id, 'feed', feedDocId(new Date())), cookie);
    const now = Date.now();
    const tag = unique('Overdracht');
    provider.doc.transact(() => {
      for (let i = 1; i <= 70; i++) {
        createPost(provider.doc, { authorId, authorName, text: `${tag} nummer ${i}.`, createdAt: new Date(now - (71 - i) * 1000) });
      }
    });
    await waitForSaved(provider);
    provider.destroy();

    const page = await openSpace('anna@kring.test', NOORD.id);
    const mine = page.getByRole('article').filter({ hasText: tag });
    await mine.first().waitFor({ timeout: WAIT_MS });
    await expect.poll(() => mine.count(), { timeout: WAIT_MS }).toBe(30);
    expect(await mine.first().innerText()).toContain(`${tag} nummer 70.`);
    await page.getByRole('button', { name: 'Meer berichten laden' }).click();
    await expect.poll(() => mine.count(), { timeout: WAIT_MS }).toBe(60);
    await page.getByRole('button', { name: 'Meer berichten laden' }).click();
    await expect.poll(() => mine.count(), { timeout: WAIT_MS }).toBe(70);
    expect(await mine.last().innerText()).toContain(`${tag} nummer 1.`);
    // The protocols are still listed on the home, by title.
    await page.getByRole('link', { name: VALPREVENTIE.title }).waitFor({ timeout: WAIT_MS });
    await page.context().close();
  });

  it('gives the member list for mentions only to people who see the space', async () => {
    const anna = await apiLogin(app.url, 'anna@kring.test');
    const bram = await apiLogin(app.url, 'bram@kring.test');
    const members = (cookie?: string, spaceId = PLEIN.id) => fetch(`${app.url}/api/spaces/${spaceId}/members`, { headers: cookie ? { cookie } : {} });

    const ok = await members(anna);
    expect(ok.status).toBe(200);
    const names = ((await ok.json()) as { members: { id: string; name: string }[] }).members.map((member) => member.name);
    expect(names).toEqual(expect.arrayContaining(['Anna de Vries', 'Daan Bakker']));
    expect(names).not.toContain('Bram Jansen');

    expect((await members(bram, NOORD.id)).status).toBe(404);
    expect((await members(bram, PLEIN.id)).status).toBe(404);
    expect((await members(undefined, NOORD.id)).status).toBe(401);
  });

  it('has no serious axe findings on the space home and needs no sideways scrolling at 360 px', async () => {
    const desk = await openSpace('anna@kring.test', PLEIN.id);
    await write(desk, unique('Toegankelijk bericht met https://www.thuisarts.nl en @Daan Bakker.'));
    await desk.getByRole('article').first().getByRole('button', { name: 'Reageren' }).click();
    expect(await seriousViolations(desk)).toEqual([]);

    const phone = await openSpace('anna@kring.test', PLEIN.id, { viewport: PHONE, isMobile: true, hasTouch: true });
    await phone.getByRole('article').first().waitFor({ timeout: WAIT_MS });
    await phone.getByRole('button', { name: 'Peiling toevoegen' }).click();
    const width = await phone.evaluate(() => document.documentElement.scrollWidth);
    expect(width).toBeLessThanOrEqual(PHONE.width);
    expect(await seriousViolations(phone)).toEqual([]);
    await desk.context().close();
    await phone.context().close();
  });
});
