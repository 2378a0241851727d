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
