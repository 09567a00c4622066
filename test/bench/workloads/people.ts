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

/**
 * @returns the time of every keystroke's search (ms), and how many people the list held
 */
export async function searchPeople(server: RunningServer, count: number): Promise<{ samples: number[]; people: number }> {
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
    const samples: number[] = [];
    for (const [index, query] of QUERIES.entries()) {
      const times = await page.evaluate(async (text) => {
        const input = document.querySelector<HTMLInputElement>('#people-search')!;
        const measured: number[] = [];
        const settle = () => new Promise((resolve) => setTimeout(resolve, 20));
        input.value = '';
        input.dispatchEvent(new Event('input', { bubbles: true }));
        await settle();
        for (let i = 1; i <= text.length; i++) {
          const started = performance.now();
          input.value = text.slice(0, i);
          input.dispatchEvent(new Event('input', { bubbles: true }));
          // Svelte draws in a microtask after the input event; a timer runs only after it.
          await new Promise((resolve) => setTimeout(resolve, 0));
          measured.push(performance.now() - started);
          await settle();
        }
        return measured;
      }, query);
      // The first query warms up the page (JIT, fonts); it is not counted.
      if (index > 0) samples.push(...times);
    }
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: 1 });
    return { samples, people: await page.locator('[data-people] li').count() };
  } finally {
    await browser.close();
  }
}
