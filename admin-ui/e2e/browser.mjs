// Shared set-up for the end-to-end tests: Debian's Chromium driven by playwright-core (no browser download).
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

export const baseURL = process.env.E2E_BASE_URL ?? 'http://localhost:8080';
export const screenshots = process.env.E2E_SCREENSHOTS ?? join(process.cwd(), 'target', 'e2e-screenshots');
const executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export async function launch() {
  if (!existsSync(executablePath)) {
    throw new Error(`Chromium not found at ${executablePath}. Install it with: apt-get install -y chromium (or set CHROMIUM_PATH).`);
  }
  mkdirSync(screenshots, { recursive: true });
  return chromium.launch({
    executablePath,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update'],
  });
}

/**
 * A fresh context (its own cookies) whose page records console errors and uncaught exceptions.
 * `allowed` lists patterns of console errors a test provokes on purpose (e.g. an expected 401).
 */
export async function newPage(browser, { width = 1366, height = 860 } = {}) {
  const context = await browser.newContext({ baseURL, viewport: { width, height } });
  const page = await context.newPage();
  const errors = [];
  const allowed = [];
  page.on('console', (message) => {
    if (message.type() === 'error' && !allowed.some((pattern) => pattern.test(message.text()))) {
      errors.push(`console: ${message.text()}`);
    }
  });
  page.on('pageerror', (error) => errors.push(`page error: ${error.message}`));
  page.setDefaultTimeout(Number(process.env.E2E_TIMEOUT ?? 20_000));
  return { context, page, errors, allow: (pattern) => allowed.push(pattern) };
}

export async function shot(page, name) {
  await page.screenshot({ path: join(screenshots, `${name}.png`), fullPage: false });
}

/** A unique sign-up per run, so the suite can run against a database that is not empty. */
export function uniqueUser(label) {
  const id = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
  return {
    name: `${label} Tester`,
    email: `${label.toLowerCase()}-${id}@example.com`,
    password: `correct horse ${id} battery`,
    organizationName: `${label} Org ${id}`,
  };
}

export async function signUp(page, user) {
  await page.goto('/signup');
  await page.getByLabel('Your name').fill(user.name);
  await page.getByLabel('Work email').fill(user.email);
  await page.getByLabel('Password').fill(user.password);
  await page.getByLabel('Organisation name').fill(user.organizationName);
  await page.getByRole('button', { name: 'Create account' }).click();
  await page.getByRole('heading', { level: 1, name: 'Board' }).waitFor();
  await page.locator('section.column').first().waitFor();
}

/** The <section> of a board column by its stage name. */
export function column(page, stage) {
  return page.locator(`section.column[data-stage="${stage}"]`);
}

/** Calls the API from the page, as the signed-in user (session cookie and CSRF token). */
export async function call(page, method, path, body) {
  return page.evaluate(
    async ({ method, path, body }) => {
      const csrf = document.cookie
        .split(';')
        .map((c) => c.trim().split('='))
        .find(([k]) => k === 'nexa_csrf')?.[1];
      const headers = { Accept: 'application/json, application/xml' };
      if (body !== undefined) headers['Content-Type'] = 'application/json';
      if (method !== 'GET' && csrf) headers['X-CSRF-Token'] = decodeURIComponent(csrf);
      const response = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
      const text = await response.text();
      let json;
      try {
        json = JSON.parse(text);
      } catch {
        json = undefined;
      }
      return { status: response.status, text, json };
    },
    { method, path, body },
  );
}

/** Polls until the check returns a value (not a fixed sleep: it stops as soon as the condition holds). */
export async function until(check, what, timeout = 30_000) {
  const deadline = Date.now() + timeout;
  while (Date.now() < deadline) {
    const last = await check();
    if (last) {
      return last;
    }
    // the poll interval between two looks at the condition
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`Timed out waiting for ${what}`);
}

/** Creates a lead from the leads list's dialog and waits for its page; returns the lead's id. */
export async function createLead(page, { name, email }) {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Leads' }).click();
  await page.getByRole('heading', { level: 1, name: 'Leads' }).waitFor();
  await page.getByRole('button', { name: 'New lead' }).click();
  const dialog = page.getByRole('dialog', { name: 'New lead' });
  await dialog.getByLabel('Name (required)').fill(name);
  if (email) {
    await dialog.getByLabel('Email').fill(email);
  }
  await dialog.getByRole('button', { name: 'Create lead' }).click();
  await page.getByRole('heading', { level: 1, name }).waitFor();
  return new URL(page.url()).pathname.split('/').pop();
}

/** The stage names of the board's columns, left to right. */
export async function stageNames(page) {
  return page.locator('section.column').evaluateAll((cols) => cols.map((c) => c.getAttribute('data-stage')));
}

function moveResponse(page) {
  return page.waitForResponse((r) => r.url().includes('/move') && r.request().method() === 'POST');
}

/** Drags a card (a locator of its li.card-slot) with the mouse into a column; returns the move's response. */
export async function dragCard(page, card, stage) {
  // a previous drop may still be animating: wait until no card is in flight and this one stands still
  await page.locator('.card.overlay, li.card-slot.dragging').first().waitFor({ state: 'detached' });
  await card.hover();
  const from = await card.boundingBox();
  const to = await column(page, stage).locator('ol.cards').boundingBox();
  const moved = moveResponse(page);
  await page.mouse.move(from.x + from.width / 2, from.y + from.height / 2);
  await page.mouse.down();
  // past the sensor's 5 px activation distance first, then over the target
  await page.mouse.move(from.x + from.width / 2 + 20, from.y + from.height / 2, { steps: 5 });
  await page.mouse.move(to.x + to.width / 2, to.y + 40, { steps: 15 });
  await page.mouse.up();
  return moved;
}

/** Escapes a text for use inside a regular expression. */
function literal(text) {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Moves a card one column to the right with the keyboard (space, arrow right, space), following dnd-kit's live
 * announcements; returns the move's response.
 *
 * When the target column is off screen, dnd-kit answers the arrow key with a smooth scroll of the board, and the
 * card is "over" whatever passes under it while the board scrolls. So the drop waits until the board stands still
 * and the card is still over the target; an attempt that drops anywhere else (no move request) is tried again.
 */
export async function moveCardRight(page, card, title, fromStage, toStage) {
  const announcer = page.locator('[id^="DndLiveRegion"]');
  const overTarget = new RegExp(`is over (the end of )?${literal(toStage)}\\b`);
  const droppedOnTarget = new RegExp(`Dropped ${literal(title)} on (the end of )?${literal(toStage)}\\b`);
  const settled = () => announcer.filter({ hasText: /was cancelled|Dropped/ }).waitFor({ state: 'attached', timeout: 5_000 });
  let moved;
  await until(async () => {
    // The board re-renders when the previous move's refetch lands, which can take the focus off the card between
    // focus() and Space (Space then does nothing to the card): pick it up until dnd-kit says it holds it.
    if (!(await card.evaluate((el) => el.classList.contains('dragging')))) {
      // a previous drop may still be animating: wait until no card is in flight
      await page.locator('.card.overlay').first().waitFor({ state: 'detached' });
      await card.focus();
      await page.keyboard.press('Space');
      const held = await announcer
        .filter({ hasText: `is over ${fromStage}` })
        .waitFor({ state: 'attached', timeout: 2_000 })
        .then(() => true, () => false);
      if (!held) {
        return false;
      }
    }
    await page.keyboard.press('ArrowRight');
    // announced at once as a rule; when it is not (the key was lost, or the card went elsewhere), the check below
    // puts the card back and the next try starts again, where waiting here failed the whole test
    await announcer
      .filter({ hasText: overTarget })
      .waitFor({ state: 'attached', timeout: 3_000 })
      .catch(() => {});
    // the board's scroll position unchanged from one animation frame to the next: any smooth scroll has ended
    await page.evaluate(() => delete window.__boardScrollLeft);
    await page.waitForFunction(() => {
      const board = document.querySelector('.board');
      const settled = board.scrollLeft === window.__boardScrollLeft;
      window.__boardScrollLeft = board.scrollLeft;
      return settled;
    });
    if (!overTarget.test(await announcer.textContent())) {
      // the scroll carried the card elsewhere, or it never got there: put it back where it came from and start again
      if (await card.evaluate((el) => el.classList.contains('dragging'))) {
        await page.keyboard.press('Escape');
        await settled();
      }
      return false;
    }
    const response = moveResponse(page);
    await page.keyboard.press('Space');
    const dropped = await settled().then(() => true, () => false);
    if (!dropped || !droppedOnTarget.test(await announcer.textContent())) {
      // the key was lost (the card is still held) or the card landed short of the target (no move was sent)
      response.catch(() => {});
      if (await card.evaluate((el) => el.classList.contains('dragging'))) {
        await page.keyboard.press('Escape');
        await settled();
      }
      return false;
    }
    moved = response;
    return true;
  }, `dnd-kit to move ${title} from ${fromStage} to ${toStage}`);
  return moved;
}
