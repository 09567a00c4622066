/**
 * Searching the smoelenboek in Chromium with 4× CPU throttling (issue 15): the real /people page of the built app,
 * logged in as Anna, whose `GET /api/people` is answered with 5,000 generated colleagues (names, jobs, teams,
 * locations, expertise, languages). Realistic queries are typed a key at a time; each key is timed from the
 * input event until the page shows the new count, which includes the search and drawing the first 20 people.
 */
import { chromium } from 'playwright-core';
import type { RunningServer } from '../lib/servers.ts';
import { CHROMIUM, CHROMIUM_ARGS } from '../../support/chromium.ts';

const WAIT_MS = 60_000;
/** A pause between keystrokes, as a person typing leaves. */
const SETTLE_MS = 20;

const FIRST = ['Anna', 'Bram', 'Daan', 'Eva', 'Fatima', 'Gerrit', 'Hanna', 'Ibrahim', 'Jan', 'Kim', 'Lotte', 'Mohamed', 'Noor', 'Olga', 'Pieter', 'Sanne', 'Thijs', 'Yara', 'Zoë', 'Özlem'];
const LAST = ['de Vries', 'Jansen', 'Bakker', 'Visser', 'Smit', 'Meijer', 'de Boer', 'Mulder', 'de Groot', 'Bos', 'Vos', 'Peters', 'Hendriks', 'van Leeuwen', 'Dekker', 'Yılmaz', 'El Amrani', 'Kaya', 'Brouwer', 'de Wit'];
const JOBS = ['Wijkverpleegkundige', 'Verzorgende IG', 'Helpende', 'Praktijkondersteuner', 'Teamleider', 'Fysiotherapeut', 'Ergotherapeut', 'Planner', 'Specialistisch verpleegkundige', 'Huishoudelijk medewerker'];
const PLACES = ['Noord', 'Zuid', 'Oost', 'West', 'Centrum', 'Havenkwartier', 'Duinzicht', 'Polderweg', 'Hoofdkantoor', 'Strandwijk'];
const EXPERTISE = ['wondverzorging', 'diabetes', 'palliatieve zorg', 'dementie', 'valpreventie', 'medicatie', 'stomazorg', 'COPD', 'hartfalen', 'revalidatie', 'mantelzorg', 'voeding', 'incontinentie', 'decubitus', 'ouderenpsychiatrie'];
const LANGUAGES = ['Nederlands', 'Engels', 'Turks', 'Arabisch', 'Pools', 'Duits', 'Papiaments', 'Berbers'];

/** 5,000 colleagues as `GET /api/people` sends them, the same every run. */
export function generatedPeople(count: number): unknown[] {
  let seed = 15;
  const next = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
  const pick = <T>(list: readonly T[]) => list[Math.floor(next() * list.length)]!;
  const some = <T>(list: readonly T[], n: number) => [...new Set(Array.from({ length: n }, () => pick(list)))];
  return Array.from({ length: count }, (_, i) => {
    const place = pick(PLACES);
    return {
      id: `p${i}`,
      name: `${pick(FIRST)} ${pick(LAST)}`,
      kind: 'staff',
      role: 'employee',
      photo: null,
      jobTitle: pick(JOBS),
      teams: [`Buurtteam ${place}`],
      locations: [place],
      phone: `06 ${String(10_000_000 + i)}`,
      email: `collega${i}@kring.test`,
      expertise: some(EXPERTISE, 1 + Math.floor(next() * 3)),
      languages: some(LANGUAGES, 1 + Math.floor(next() * 2)),
      about: '',
      workingDays: ['mon', 'tue', 'thu'],
    };
  }).sort((a, b) => a.name.localeCompare(b.name));
}

/** What people type, a key at a time. */
const QUERIES = ['wond noord', 'anna', 'de vries', 'dementie zuid', 'verpleeg', 'jan bakker', 'palliatieve', 'turks', 'teamleider oost', 'mohamed', 'diabetes centrum', 'fysio', 'özlem', 'valpreventie west'];

/** One keystroke: what the box held, and two times from its input event (ms). */
export interface Keystroke {
  typed: string;
  /** Until Svelte had searched and drawn the list (a microtask queued after the input event runs after Svelte's). */
  drawn: number;
  /** Until a timer after that ran: what the person waits for before the next thing can happen. */
  timer: number;
}

/**
 * Types the queries twice in one page: first with 4× CPU throttling, timing every key in the page (wall clock, so
 * other work on the machine adds to it); then unthrottled, asking Chromium for the page's main-thread CPU time
 * (`ThreadTime`) around every key, which other processes do not inflate. Not both at once: the throttle keeps the
 * thread busy while it holds it back, so throttled CPU time counts the throttle too.
 * @returns every counted keystroke of the throttled pass, the main-thread CPU time (ms) of every counted keystroke
 *   of the unthrottled pass (each includes about 1.5 ms for asking), and how many people the list held at the end
 */
export async function searchPeople(server: RunningServer, count: number): Promise<{ keys: Keystroke[]; cpu: number[]; people: number }> {
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  try {
    const context = await browser.newContext({ baseURL: server.httpUrl as string, viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true });
    const login = await context.request.post('/api/auth/login', { data: { email: 'anna@kring.test', password: 'kring-demo' } });
    if (login.status() !== 200) throw new Error(`login in the browser failed: ${login.status()}`);
    const body = JSON.stringify({ people: generatedPeople(count) });
    await context.route('**/api/people', (route) => route.fulfill({ status: 200, contentType: 'application/json', body }));
    const page = await context.newPage();
    await page.goto('/people');
    await page.locator('[data-people] li').first().waitFor({ timeout: WAIT_MS });
    const cdp = await context.newCDPSession(page);

    await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
    const keys: Keystroke[] = [];
    for (const [index, query] of QUERIES.entries()) {
      const times = await page.evaluate(
        async ({ text, settleMs }) => {
          const input = document.querySelector<HTMLInputElement>('#people-search')!;
          const measured: { typed: string; drawn: number; timer: number }[] = [];
          const settle = () => new Promise((resolve) => setTimeout(resolve, settleMs));
          input.value = '';
          input.dispatchEvent(new Event('input', { bubbles: true }));
          await settle();
          for (let i = 1; i <= text.length; i++) {
            const started = performance.now();
            input.value = text.slice(0, i);
            input.dispatchEvent(new Event('input', { bubbles: true }));
            // Svelte draws in a microtask queued by the input event; this one runs after it.
            await Promise.resolve();
            const drawn = performance.now() - started;
            await new Promise((resolve) => setTimeout(resolve, 0));
            measured.push({ typed: input.value, drawn, timer: performance.now() - started });
            await settle();
          }
          return measured;
        },
        { text: query, settleMs: SETTLE_MS },
      );
      // The first query warms up the page (JIT, fonts); it is not counted.
      if (index > 0) keys.push(...times);
    }
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: 1 });

    await cdp.send('Performance.enable');
    const threadTime = async () => (await cdp.send('Performance.getMetrics')).metrics.find((metric) => metric.name === 'ThreadTime')!.value * 1000;
    const cpu: number[] = [];
    for (const [index, query] of QUERIES.entries()) {
      await page.evaluate(() => {
        const input = document.querySelector<HTMLInputElement>('#people-search')!;
        input.value = '';
        input.dispatchEvent(new Event('input', { bubbles: true }));
      });
      await page.waitForTimeout(SETTLE_MS);
      for (let i = 1; i <= query.length; i++) {
        const before = await threadTime();
        await page.evaluate(async (typed) => {
          const input = document.querySelector<HTMLInputElement>('#people-search')!;
          input.value = typed;
          input.dispatchEvent(new Event('input', { bubbles: true }));
          // Until the frame with the new list was drawn (style, layout, paint), then a timer after it.
          await new Promise((resolve) => requestAnimationFrame(resolve));
          await new Promise((resolve) => setTimeout(resolve, 0));
        }, query.slice(0, i));
        if (index > 0) cpu.push((await threadTime()) - before);
        await page.waitForTimeout(SETTLE_MS);
      }
    }
    return { keys, cpu, people: await page.locator('[data-people] li').count() };
  } finally {
    await browser.close();
  }
}
