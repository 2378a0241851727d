// The board's largest contentful paint and interaction latency in real headless Chromium (./nexa bench-ui runs it
// against an app it starts on a seeded database; docs/benchmarks.md). Not a test: it measures and reports.
//
// Per run: a fresh browser context (empty HTTP cache) signs in and loads the board ("cold"), then loads it again in
// the same context ("warm"); on the warm page it moves a card one column right with the keyboard, scrolls a column
// until the next page of cards is on screen, and applies a filter. LCP comes from PerformanceObserver
// 'largest-contentful-paint', interaction latency from 'event' entries (durationThreshold 16): for each action, the
// longest entry of its interactions, as INP counts them.
//
// Environment: BENCH_BASE_URL, BENCH_EMAIL, BENCH_PASSWORD, BENCH_RUNS (7), BENCH_OUT (a Markdown file),
// BENCH_DEALS and BENCH_NOTE (for the report), CHROMIUM_PATH (/usr/bin/chromium).
import { writeFileSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { execFileSync } from 'node:child_process';
import { cpus, loadavg } from 'node:os';
import { chromium } from 'playwright-core';

const baseURL = required('BENCH_BASE_URL');
const email = required('BENCH_EMAIL');
const password = required('BENCH_PASSWORD');
const runs = Number(process.env.BENCH_RUNS ?? 7);
const out = process.env.BENCH_OUT;
const TIMEOUT = 60_000;

function required(name) {
  const value = process.env[name];
  if (!value) {
    throw new Error(`${name} is not set`);
  }
  return value;
}

// runs in the page before its own scripts: records LCP candidates and slow event entries
function observe() {
  window.__lcp = [];
  window.__events = [];
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) {
      const el = e.element;
      window.__lcp.push({ startTime: e.startTime, size: e.size, element: el ? `${el.tagName.toLowerCase()}${el.className ? `.${String(el.className).split(' ')[0]}` : ''}` : e.url || '?' });
    }
  }).observe({ type: 'largest-contentful-paint', buffered: true });
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) {
      window.__events.push({ name: e.name, interactionId: e.interactionId, duration: e.duration, startTime: e.startTime, processing: e.processingEnd - e.processingStart, delay: e.processingStart - e.startTime });
    }
  }).observe({ type: 'event', durationThreshold: 16, buffered: true });
  // LCP may stay on an earlier, larger element (the loading line): also note when the first card was painted
  new MutationObserver((_, observer) => {
    if (document.querySelector('li.card-slot')) {
      observer.disconnect();
      requestAnimationFrame(() => setTimeout(() => (window.__cardsPainted = performance.now()), 0));
    }
  }).observe(document, { childList: true, subtree: true });
}

async function signIn(page) {
  await page.goto('/login');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { level: 1, name: 'Board' }).waitFor({ timeout: TIMEOUT });
}

/** Navigates to the board and returns its LCP once the cards are on screen and two frames have been painted. */
async function loadBoard(page) {
  const boardResponse = page.waitForResponse((r) => /\/api\/v1\/pipelines\/[^/]+\/board\?/.test(r.url()), { timeout: TIMEOUT });
  await page.goto('/board', { waitUntil: 'commit' });
  await (await boardResponse).finished();
  await page.locator('li.card-slot').first().waitFor({ timeout: TIMEOUT });
  return page.evaluate(async () => {
    await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
    const last = window.__lcp.at(-1);
    const nav = performance.getEntriesByType('navigation')[0];
    const board = performance.getEntriesByType('resource').find((r) => /\/board\?/.test(r.name));
    const resources = performance.getEntriesByType('resource');
    const scripts = resources.filter((r) => r.initiatorType === 'script' || r.name.endsWith('.js'));
    const at = (pattern) => resources.find((r) => pattern.test(r.name));
    const span = (pattern) => {
      const r = at(pattern);
      return r ? `${Math.round(r.startTime)}–${Math.round(r.responseEnd)}` : '—';
    };
    await new Promise((resolve) => {
      const check = () => (window.__cardsPainted ? resolve() : requestAnimationFrame(check));
      check();
    });
    return {
      lcp: last?.startTime,
      element: last?.element,
      cards: document.querySelectorAll('li.card-slot').length,
      ttfb: nav?.responseStart,
      domContentLoaded: nav?.domContentLoadedEventEnd,
      boardApiStart: board?.startTime,
      boardApi: board ? board.responseEnd - board.startTime : undefined,
      jsBytes: scripts.reduce((sum, r) => sum + (r.transferSize || 0), 0),
      cardsPainted: window.__cardsPainted,
      waterfall: `index.js ${span(/\/assets\/index-.*\.js$/)}, session ${span(/\/api\/v1\/session$/)}, BoardPage.js ${span(/\/assets\/BoardPage-.*\.js$/)}, pipelines ${span(/\/api\/v1\/pipelines$/)}, board ${span(/\/board\?/)}`,
    };
  });
}

async function clearEvents(page) {
  await page.evaluate(() => {
    window.__events.length = 0;
  });
}

/** The slowest event entry of any interaction since the last clear (0 when none reached 16 ms). */
async function worstInteraction(page) {
  // entries are delivered after the next paint; give the observer two frames
  return page.evaluate(async () => {
    await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(resolve, 0))));
    const interactions = window.__events.filter((e) => e.interactionId > 0);
    const worst = interactions.reduce((a, b) => (b.duration > (a?.duration ?? -1) ? b : a), undefined);
    return { duration: worst?.duration ?? 0, name: worst?.name, processing: worst?.processing, delay: worst?.delay, entries: interactions.length };
  });
}

async function keyboardMove(page) {
  const columns = page.locator('section.column');
  const card = columns.first().locator('li.card-slot').first();
  const announcer = page.locator('[id^="DndLiveRegion"]');
  await card.focus();
  await clearEvents(page);
  const moved = page.waitForResponse((r) => r.url().includes('/move') && r.request().method() === 'POST', { timeout: TIMEOUT });
  await page.keyboard.press('Space');
  await announcer.filter({ hasText: 'is over' }).waitFor({ state: 'attached' });
  await page.keyboard.press('ArrowRight');
  const second = await columns.nth(1).getAttribute('data-stage');
  await announcer.filter({ hasText: `is over ${second}` }).waitFor({ state: 'attached' });
  await page.keyboard.press('Space');
  const response = await moved;
  if (response.status() !== 200) {
    throw new Error(`the move answered ${response.status()}`);
  }
  return worstInteraction(page);
}

/** Scrolls the first column's list with the mouse wheel until it shows more cards; time from the first wheel event to the frame after they were added. */
async function scrollColumn(page) {
  const list = page.locator('section.column').first().locator('ol.cards');
  const before = await list.locator('li.card-slot').count();
  await page.evaluate((count) => {
    const ol = document.querySelector('section.column ol.cards');
    window.__scroll = new Promise((resolve) => {
      let start;
      ol.addEventListener('wheel', (e) => (start ??= e.timeStamp), { passive: true });
      new MutationObserver((_, observer) => {
        if (ol.querySelectorAll('li.card-slot').length > count) {
          observer.disconnect();
          requestAnimationFrame(() => setTimeout(() => resolve(performance.now() - start), 0));
        }
      }).observe(ol, { childList: true });
    });
  }, before);
  await clearEvents(page);
  const box = await list.boundingBox();
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  const deadline = Date.now() + TIMEOUT;
  while ((await list.locator('li.card-slot').count()) <= before) {
    if (Date.now() > deadline) {
      throw new Error('scrolling the column loaded no further cards');
    }
    await page.mouse.wheel(0, 600);
  }
  const latency = await page.evaluate(() => window.__scroll);
  const interaction = await worstInteraction(page);
  return { latency, interaction, cards: await list.locator('li.card-slot').count() - before };
}

/** Types a tag into the filter and applies it with a click; the worst interaction and the time until the filtered board is on screen. */
async function filter(page) {
  await clearEvents(page);
  const form = page.getByRole('search', { name: 'Filter the board' });
  const tag = form.getByLabel('Tag');
  await tag.click();
  await tag.pressSequentially('vip');
  const filtered = page.waitForResponse((r) => /\/board\?.*tags/.test(r.url()), { timeout: TIMEOUT });
  const started = await page.evaluate(() => performance.now());
  await form.getByRole('button', { name: 'Apply' }).click();
  await (await filtered).finished();
  await page.locator('.board[aria-busy="false"]').waitFor({ timeout: TIMEOUT });
  const shown = await page.evaluate(async (t0) => {
    await new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
    return performance.now() - t0;
  }, started);
  return { interaction: await worstInteraction(page), shown };
}

function percentile(values, p) {
  const sorted = values.filter((v) => typeof v === 'number' && !Number.isNaN(v)).sort((a, b) => a - b);
  if (sorted.length === 0) {
    return NaN;
  }
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

const ms = (v) => (Number.isNaN(v) || v === undefined ? '—' : `${Math.round(v)} ms`);

function uptime() {
  try {
    return execFileSync('uptime', { encoding: 'utf8' }).trim();
  } catch {
    return `load average: ${loadavg().map((l) => l.toFixed(2)).join(', ')}`;
  }
}

async function main() {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update'],
  });
  const loadBefore = uptime();
  const results = [];
  const chromiumVersion = browser.version();
  try {
    for (let run = 1; run <= runs; run++) {
      const context = await browser.newContext({ baseURL, viewport: { width: 1366, height: 860 } });
      await context.addInitScript(observe);
      const page = await context.newPage();
      page.setDefaultTimeout(TIMEOUT);
      await signIn(page);
      // the sign-in fetched the bundle into this context's cache; a new context is cold again
      const storage = await context.storageState();
      await context.close();
      const cold = await browser.newContext({ baseURL, viewport: { width: 1366, height: 860 }, storageState: storage });
      await cold.addInitScript(observe);
      const coldPage = await cold.newPage();
      coldPage.setDefaultTimeout(TIMEOUT);
      const coldLoad = await loadBoard(coldPage);
      const warmLoad = await loadBoard(coldPage);
      const move = await keyboardMove(coldPage);
      const scroll = await scrollColumn(coldPage);
      const filtered = await filter(coldPage);
      await cold.close();
      const result = { run, coldLoad, warmLoad, move, scroll, filtered };
      results.push(result);
      console.log(
        `[bench-ui] run ${run}: LCP cold ${ms(coldLoad.lcp)} (${coldLoad.element}), warm ${ms(warmLoad.lcp)}; ` +
          `board API ${ms(coldLoad.boardApi)}; key move ${ms(move.duration)}; scroll→page ${ms(scroll.latency)} ` +
          `(event ${ms(scroll.interaction.duration)}); filter ${ms(filtered.interaction.duration)}, shown ${ms(filtered.shown)}`,
      );
      console.log(`[bench-ui]   cold: cards painted ${ms(coldLoad.cardsPainted)}; ${coldLoad.waterfall} (ms from navigation)`);
    }
  } finally {
    await browser.close();
  }
  const loadAfter = uptime();
  const row = (label, values, note = '') => `| ${label} | ${ms(percentile(values, 50))} | ${ms(percentile(values, 95))} | ${ms(Math.max(...values.filter((v) => !Number.isNaN(v))))} | ${note} |`;
  const pick = (f) => results.map(f);
  const report = [
    `### Board in Chromium, ${Number(process.env.BENCH_DEALS ?? 0).toLocaleString('en')} deals in the organisation (${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC)`,
    '',
    `${runs} runs; Chromium ${chromiumVersion} headless, 1366×860, ${cpus().length} cores shared by browser, app and PostgreSQL.${process.env.BENCH_NOTE ? ` ${process.env.BENCH_NOTE}` : ''}`,
    '',
    `- load before: \`${loadBefore}\``,
    `- load after: \`${loadAfter}\``,
    '',
    '| Measure | p50 | p95 | max | Notes |',
    '| --- | --- | --- | --- | --- |',
    row('LCP, cold (empty cache)', pick((r) => r.coldLoad.lcp), `element: ${[...new Set(pick((r) => r.coldLoad.element))].join(', ')}`),
    row('LCP, warm (cached bundle)', pick((r) => r.warmLoad.lcp), `element: ${[...new Set(pick((r) => r.warmLoad.element))].join(', ')}`),
    row('First cards painted, cold', pick((r) => r.coldLoad.cardsPainted), 'the frame after the first card was added (LCP can stay on the loading line)'),
    row('First cards painted, warm', pick((r) => r.warmLoad.cardsPainted), ''),
    row('— of it: board API call (cold)', pick((r) => r.coldLoad.boardApi), `starts at p50 ${ms(percentile(pick((r) => r.coldLoad.boardApiStart), 50))}`),
    row('— of it: DOMContentLoaded (cold)', pick((r) => r.coldLoad.domContentLoaded), `JS transferred: ${Math.round(percentile(pick((r) => r.coldLoad.jsBytes), 50) / 1024)} KiB`),
    row('Interaction: keyboard card move (space, →, space)', pick((r) => r.move.duration), 'longest event entry of the three key presses'),
    row('— of it: input delay / event handlers', pick((r) => r.move.delay), `handlers p50 ${ms(percentile(pick((r) => r.move.processing), 50))}; the rest is rendering to the next paint`),
    row('Interaction: column scroll (wheel)', pick((r) => r.scroll.interaction.duration), 'wheel is no INP interaction: 0 means no slow entry'),
    row('Column scroll → next page on screen', pick((r) => r.scroll.latency), `first wheel event to the frame after the new cards (${results[0]?.scroll.cards ?? 0} per page)`),
    row('Interaction: filter (click, type “vip”, Apply)', pick((r) => r.filtered.interaction.duration), 'longest event entry'),
    row('Filter Apply → filtered board on screen', pick((r) => r.filtered.shown), 'includes the board API call'),
    '',
    `Cold waterfall of the last run (start–end, ms from navigation): ${results.at(-1)?.coldLoad.waterfall}.`,
    '',
  ].join('\n');
  console.log(`\n${report}`);
  if (out) {
    mkdirSync(dirname(out), { recursive: true });
    writeFileSync(out, `${report}\n`);
    console.log(`[bench-ui] report written to ${out}`);
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
