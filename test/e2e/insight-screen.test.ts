/**
 * Community insight in the browser (issue 21, item 4): two teams of five, a new protocol that one team read and the
 * other hardly; a colleague opening it in the app counts; Eva (editor, the community manager) finds "Inzicht" in her
 * menu on a phone and sees in the chart and its table that West lags; the desktop too. An employee has no such menu
 * entry and is refused. axe clean, nothing wider than the phone.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { addPage, appendPageBlocks } from '../../packages/shapes/src/index.ts';
import { openSynced, waitForSaved } from '../support/providers.ts';
import { me } from '../support/server.ts';
import { api, apiLogin, invitePerson, overflow, PHONE, seriousViolations, type Invited } from './community-support.ts';
import { login, newPage, openPersonMenu, ROOT, useBrowser, useKring, WAIT_MS } from './support.ts';

const app = useKring();
const browser = useBrowser();
const PROTOCOL = 'nieuws/page/handen-wassen';
const TITLE = 'Nieuw protocol handen wassen';

async function shareOf(eva: string, team: string): Promise<number | null | undefined> {
  const answer = await api<{ reach: { document: string; teams: { spaceId: string; share: number | null }[] }[] }>(app.url, eva, 'GET', '/api/insight');
  return answer.body.reach.find((item) => item.document === PROTOCOL)?.teams.find((entry) => entry.spaceId === team)?.share;
}

describe('community insight in the browser', () => {
  let eva = '';

  it('counts a colleague opening the new protocol in the app, and refuses the screen to an employee', async () => {
    const admin = await apiLogin(app.url, 'admin@kring.test');
    eva = await apiLogin(app.url, 'eva@kring.test');
    for (const [id, name] of [['oost', 'Wijkteam Oost'], ['west', 'Wijkteam West']]) {
      expect((await api(app.url, admin, 'POST', '/api/admin/spaces', { id, name, kind: 'team' })).status).toBe(201);
    }
    const team: Record<string, Invited[]> = { oost: [], west: [] };
    for (const id of ['oost', 'west']) {
      for (let i = 1; i <= 5; i++) team[id]!.push(await invitePerson(app.url, admin, 'employee', [{ spaceId: id, role: 'member' }], `Collega ${id} ${i}`));
    }
    const index = await openSynced(app.url, 'nieuws/index/main', eva);
    addPage(index.doc, { id: 'handen-wassen', title: TITLE });
    await waitForSaved(index);
    const page = await openSynced(app.url, PROTOCOL, eva);
    appendPageBlocks(page.doc, [{ type: 'paragraph', text: 'Was uw handen voor en na elke cliënt.' }]);
    await waitForSaved(page);
    index.destroy();
    page.destroy();
    const evaId = (await me(app.url, eva)).user.id;
    expect((await api(app.url, eva, 'PUT', '/api/documents/control', { name: PROTOCOL, ownerId: evaId })).status).toBe(200);
    expect((await api(app.url, eva, 'POST', '/api/documents/control/approve', { name: PROTOCOL })).status).toBe(200);
    for (const person of [...team.oost!, team.west![0]!]) await api(app.url, person.cookie, 'POST', '/api/insight/reads', { document: PROTOCOL });
    expect(await shareOf(eva, 'west')).toBeCloseTo(0.2);

    // A colleague in West opens the protocol in the app: that counts as read.
    const colleague = await newPage(browser, app, { viewport: PHONE, isMobile: true, hasTouch: true });
    await login(colleague, team.west![1]!.email, 'welkom-123');
    await colleague.goto('/spaces/nieuws/pages/handen-wassen');
    await colleague.getByText('Was uw handen voor en na elke cliënt.').waitFor({ timeout: WAIT_MS });
    await expect.poll(() => shareOf(eva, 'west'), { timeout: WAIT_MS }).toBeCloseTo(0.4);
    // An employee has no "Inzicht" in the menu, and the screen refuses her.
    const menu = await openPersonMenu(colleague);
    expect(await menu.getByRole('link', { name: 'Inzicht' }).count()).toBe(0);
    await colleague.goto('/insight');
    await colleague.getByRole('alert').filter({ hasText: 'Dit mag u niet doen.' }).waitFor({ timeout: WAIT_MS });
  });

  it('shows the community manager on her phone that reading of the new protocol lags in one team', async () => {
    const phone = await newPage(browser, app, { viewport: PHONE, isMobile: true, hasTouch: true });
    await login(phone, 'eva@kring.test');
    await (await openPersonMenu(phone)).getByRole('link', { name: 'Inzicht' }).click();
    await phone.getByRole('heading', { name: 'Wie heeft het gelezen' }).waitFor({ timeout: WAIT_MS });
    const chart = phone.getByRole('figure').filter({ hasText: `Protocol: ${TITLE}` });
    await chart.locator('canvas').waitFor({ timeout: WAIT_MS });
    await chart.getByText('Toon de cijfers als tabel').click();
    expect(await chart.getByRole('row', { name: /Wijkteam Oost/ }).innerText()).toContain('100%');
    expect(await chart.getByRole('row', { name: /Wijkteam West/ }).innerText()).toContain('40%');
    // The demo's teams have one employee each: no figure.
    expect(await chart.getByRole('row', { name: /Buurtteam Noord/ }).innerText()).toContain('te weinig mensen');
    expect(await phone.locator('main').innerText()).not.toContain('Collega');
    expect(await seriousViolations(phone)).toEqual([]);
    expect((await overflow(phone)).scrollWidth).toBeLessThanOrEqual(PHONE.width);
    if (process.env.SCREENSHOTS === '1') await phone.screenshot({ path: join(ROOT, 'docs', 'screenshots', 'insight-360.png'), animations: 'disabled', caret: 'hide' });
  });

  it('offers the same figures as a CSV on the desktop', async () => {
    const desk = await newPage(browser, app, { viewport: { width: 1280, height: 900 } });
    // The chart library draws within the app's Content Security Policy (no inline styles or scripts of its own).
    const refused: string[] = [];
    desk.on('console', (message) => {
      if (message.text().includes('Content Security Policy')) refused.push(message.text());
    });
    await login(desk, 'eva@kring.test');
    await desk.goto('/insight');
    const deskChart = desk.getByRole('figure').filter({ hasText: `Protocol: ${TITLE}` });
    await deskChart.locator('canvas').waitFor({ timeout: WAIT_MS });
    const download = desk.waitForEvent('download');
    await desk.getByRole('button', { name: 'Download de cijfers (CSV)' }).click();
    expect((await download).suggestedFilename()).toMatch(/^inzicht-\d{4}-\d{2}-\d{2}\.csv$/);
    expect(await seriousViolations(desk)).toEqual([]);
    expect(refused).toEqual([]);
    if (process.env.SCREENSHOTS === '1') await desk.screenshot({ path: join(ROOT, 'docs', 'screenshots', 'insight.png'), animations: 'disabled', caret: 'hide', fullPage: true });
  });
});
