// The main screens on a tablet (820 × 1180, portrait): each one fits the screen's width (wide content such as the
// board's columns scrolls inside its own region, not the page), the main navigation stays reachable, and nothing
// logs an error. Also the records list's column choice and bulk actions, which work the same on any screen.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { call, launch, newPage, shot, signUp, uniqueUser, until } from './browser.mjs';

const SCREENS = [
  { path: '/board', heading: 'Board' },
  { path: '/leads', heading: 'Leads' },
  { path: '/inbox', heading: 'Inbox' },
  { path: '/monitor', heading: 'Monitor' },
  { path: '/automation', heading: 'Automation' },
  { path: '/settings/members', heading: 'Settings' },
];

describe('On a tablet', () => {
  let browser;
  let tablet;
  const tess = uniqueUser('Tess');

  before(async () => {
    browser = await launch();
    tablet = await newPage(browser, { width: 820, height: 1180 });
    await signUp(tablet.page, tess);
  });

  after(async () => {
    await browser?.close();
  });

  for (const [i, screen] of SCREENS.entries()) {
    test(`${screen.path} fits the width and keeps the navigation`, async () => {
      const { page } = tablet;
      await page.goto(screen.path);
      await page.getByRole('heading', { level: 1, name: screen.heading }).waitFor();
      await page.locator('.loading').first().waitFor({ state: 'detached' });
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      assert.ok(overflow <= 0, `${screen.path} is ${overflow}px wider than the screen`);
      const nav = page.getByRole('navigation', { name: 'Main' });
      assert.equal(await nav.isVisible(), true, 'the main navigation is on screen');
      await shot(page, `50-tablet-${String(i).padStart(2, '0')}${screen.path.replaceAll('/', '-')}`);
    });
  }

  test('the leads list: choose a column, select two leads and tag them in bulk, then delete them', async () => {
    const { page } = tablet;
    for (const name of ['Tablet lead one', 'Tablet lead two']) {
      const created = await call(page, 'POST', '/api/v1/leads', { name, source: 'tablet' });
      assert.equal(created.status, 201, created.text);
    }
    await page.goto('/leads');
    await page.getByRole('heading', { level: 1, name: 'Leads' }).waitFor();
    await page.getByText('Columns', { exact: true }).click();
    const source = page.getByRole('group', { name: 'Columns to show' }).getByRole('checkbox', { name: 'Source' });
    await source.setChecked(true);
    await page.getByRole('columnheader', { name: /Source/ }).waitFor();
    await page.getByRole('checkbox', { name: 'Select Tablet lead one' }).check();
    await page.getByRole('checkbox', { name: 'Select Tablet lead two' }).check();
    const bulk = page.getByRole('region', { name: 'Bulk actions' });
    await bulk.getByText('2 selected').waitFor();
    await bulk.getByLabel('Tag').fill('tablet');
    await bulk.getByRole('button', { name: 'Add tag' }).click();
    await until(async () => {
      const leads = await call(page, 'GET', '/api/v1/leads?limit=50');
      return leads.json.items.filter((l) => (l.tags ?? []).includes('tablet')).length === 2;
    }, 'both leads to carry the tag');
    await shot(page, '56-tablet-leads-bulk');
    page.once('dialog', (dialog) => dialog.accept());
    await page.getByRole('checkbox', { name: 'Select Tablet lead one' }).check();
    await page.getByRole('checkbox', { name: 'Select Tablet lead two' }).check();
    await page.getByRole('region', { name: 'Bulk actions' }).getByRole('button', { name: 'Delete' }).click();
    await page.getByRole('checkbox', { name: 'Select Tablet lead one' }).waitFor({ state: 'detached' });
    const left = await call(page, 'GET', '/api/v1/leads?limit=50');
    assert.equal(left.json.items.filter((l) => l.name.startsWith('Tablet lead')).length, 0);
  });

  test('no console errors or uncaught exceptions along the way', () => {
    assert.deepEqual(tablet.errors, []);
  });
});
