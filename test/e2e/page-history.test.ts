/**
 * Protocols on a phone (360 px): pages open to read and go to edit on request, a checklist in read mode ticks
 * nothing for anyone, the checklist meets the target size (axe), an accidental edit is undone from the history in
 * two clicks, and someone who only reads an approved protocol sees the approved version, not the draft.
 */
import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { getPageTitle, pageText } from '../../packages/shapes/src/index.ts';
import { useClients } from '../support/clients.ts';
import { waitForSaved } from '../support/providers.ts';
import { login as apiLogin, me } from '../support/server.ts';
import { waitFor } from '../support/wait.ts';
import { api } from '../integration/admin-support.ts';
import { editor, loggedInPage, NOORD, openPage, pageContent, ROOT, useBrowser, useKring, WAIT_MS } from './support.ts';
import { PHONE, seriousViolations } from './community-support.ts';
import type * as Y from 'yjs';

const WONDZORG = { name: `${NOORD.id}/page/wondzorg`, path: `/spaces/${NOORD.id}/pages/wondzorg`, text: 'Zo verzorgen we wonden' };
const VAL = { name: `${NOORD.id}/page/valpreventie`, path: `/spaces/${NOORD.id}/pages/valpreventie`, text: 'Vallen is de grootste oorzaak' };
const ON_PHONE = { viewport: PHONE, isMobile: true, hasTouch: true };

const app = useKring();
const browser = useBrowser();
const clients = useClients(app);

const checklist = (doc: Y.Doc) => pageText(doc).blocks.find((block) => block.startsWith('['))!;

describe('protocols on a phone', () => {
  it('open to read: no keyboard, a checklist ticks nothing for anyone; "Bewerken" opens the editor, and axe is clean', async () => {
    const anna = await loggedInPage(browser, app, 'anna@kring.test', ON_PHONE);
    await openPage(anna, WONDZORG.path, WONDZORG.text, { edit: false });
    expect(await anna.getByRole('article', { name: 'Inhoud van de pagina' }).count()).toBe(1);
    expect(await anna.locator('main [contenteditable="true"], main textarea').count()).toBe(0);

    const watcher = await clients.open(WONDZORG.name, await apiLogin(app.url, 'anna@kring.test'));
    const before = checklist(watcher.doc);
    const box = anna.getByRole('checkbox').first();
    await box.click({ force: true });
    await anna.waitForTimeout(500);
    expect(await box.isChecked()).toBe(false);
    expect(checklist(watcher.doc)).toBe(before);
    expect(await seriousViolations(anna)).toEqual([]);

    await anna.getByRole('button', { name: 'Bewerken', exact: true }).click();
    await editor(anna).filter({ hasText: WONDZORG.text }).waitFor({ timeout: WAIT_MS });
    // In edit mode the checklist is the page's own: axe's target size holds for its checkboxes too.
    expect(await seriousViolations(anna)).toEqual([]);
    await anna.getByRole('button', { name: 'Klaar met bewerken' }).click();
    await pageContent(anna).and(anna.getByRole('article')).waitFor({ timeout: WAIT_MS });
  });

  it('undoes an accidental edit from the history in two clicks, with the difference shown in words', async () => {
    const cookie = await apiLogin(app.url, 'anna@kring.test');
    expect((await api(app.url, cookie, 'POST', '/api/documents/versions', { name: VAL.name, label: 'Voor de vergissing' })).status).toBe(201);
    const writer = await clients.open(VAL.name, cookie);
    const body = writer.doc.getXmlFragment('body');
    const first = body.get(0) as Y.XmlElement;
    (first.get(0) as Y.XmlText).insert(0, 'PER ONGELUK ');
    await waitForSaved(writer);

    const anna = await loggedInPage(browser, app, 'anna@kring.test', ON_PHONE);
    await openPage(anna, VAL.path, 'PER ONGELUK', { edit: false });
    await anna.getByRole('button', { name: 'Geschiedenis' }).click();
    const item = anna.locator('li[data-version]').filter({ hasText: 'Voor de vergissing' });
    await item.waitFor({ timeout: WAIT_MS });
    await item.getByText('door Anna de Vries').waitFor({ timeout: WAIT_MS });

    await item.getByRole('button', { name: 'Vergelijken' }).click();
    const diff = item.getByRole('region', { name: 'Verschil met de pagina nu' });
    await diff.locator('ins').filter({ hasText: 'PER' }).waitFor({ timeout: WAIT_MS });
    // Not by colour alone: words for screen readers, a sign for the eye.
    expect(await diff.locator('ins').first().innerText()).toContain('+');
    expect(await diff.locator('ins .visually-hidden').first().textContent()).toBe('Toegevoegd sinds deze versie:');
    await anna.screenshot({ path: join(ROOT, 'docs', 'screenshots', 'page-history-360.png'), fullPage: false });

    await item.getByRole('button', { name: 'Terugzetten' }).click();
    await anna.getByRole('dialog').getByRole('button', { name: 'Terugzetten' }).click();
    await pageContent(anna).filter({ hasNotText: 'PER ONGELUK' }).filter({ hasText: VAL.text }).waitFor({ timeout: WAIT_MS });
    await waitFor(() => !pageText(writer.doc).blocks[0]!.includes('PER ONGELUK'), 'the restore to reach the other device');
    await anna.getByText(/Teruggezet naar de versie van/).waitFor({ timeout: WAIT_MS });
    expect(await seriousViolations(anna)).toEqual([]);
  });

  it('shows someone who only reads an approved protocol the approved version, never the draft', async () => {
    const eva = await apiLogin(app.url, 'eva@kring.test');
    const evaId = (await me(app.url, eva)).user.id;
    const NEWS = 'nieuws/page/welkom';
    expect((await api(app.url, eva, 'PUT', '/api/documents/control', { name: NEWS, ownerId: evaId })).status).toBe(200);
    expect((await api(app.url, eva, 'POST', '/api/documents/control/approve', { name: NEWS })).status).toBe(200);
    const draft = await clients.open(NEWS, eva);
    const approvedTitle = getPageTitle(draft.doc);
    draft.doc.getText('title').insert(0, 'CONCEPT ');
    await waitForSaved(draft);

    const daan = await loggedInPage(browser, app, 'daan@kring.test', ON_PHONE);
    await daan.goto('/spaces/nieuws/pages/welkom');
    await daan.getByRole('heading', { level: 1, name: approvedTitle }).waitFor({ timeout: WAIT_MS });
    await daan.getByText('Status: Goedgekeurd').waitFor({ timeout: WAIT_MS });
    expect(await daan.getByText('CONCEPT').count()).toBe(0);
    expect(await daan.getByRole('button', { name: 'Bewerken' }).count()).toBe(0);
    expect(await daan.locator('main [contenteditable="true"], main textarea').count()).toBe(0);
    expect(await seriousViolations(daan)).toEqual([]);
  });

  it('lets the team lead make a page a protocol and approve it as its owner', async () => {
    const anna = await loggedInPage(browser, app, 'anna@kring.test', ON_PHONE);
    await openPage(anna, `/spaces/${NOORD.id}/pages/medicatie-overdracht`, 'Zo weet de volgende collega', { edit: false });
    await anna.getByText('Protocolgegevens').click();
    await anna.getByRole('button', { name: 'Mij eigenaar maken' }).click();
    await anna.getByText('Eigenaar: Anna de Vries').waitFor({ timeout: WAIT_MS });
    await anna.getByLabel('Status', { exact: true }).selectOption('in_review');
    await anna.getByText('Status: Wordt beoordeeld').waitFor({ timeout: WAIT_MS });
    await anna.getByRole('button', { name: 'Goedkeuren' }).click();
    await anna.getByText('Status: Goedgekeurd').waitFor({ timeout: WAIT_MS });
    await anna.getByText('Goedgekeurd. Lezers zien nu deze versie.').waitFor({ timeout: WAIT_MS });
    expect(await seriousViolations(anna)).toEqual([]);
  });
});
