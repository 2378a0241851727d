// The main flow in real headless Chromium: sign-up, a lead, a deal on the board moved by mouse and by keyboard,
// the move kept after reload, the settings pages, session expiry, and a second organisation that sees none of it.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { column, dragCard, launch, moveCardRight, newPage, shot, signUp, uniqueUser } from './browser.mjs';

describe('NexaCRM in the browser', () => {
  let browser;
  let first;
  const ada = uniqueUser('Ada');
  const dealTitle = `Rocket order ${Date.now().toString(36)}`;

  before(async () => {
    browser = await launch();
    first = await newPage(browser);
  });

  after(async () => {
    await browser?.close();
  });

  test('signs up and lands on the board of the default pipeline', async () => {
    const { page } = first;
    await page.goto('/');
    await page.waitForURL(/\/login/);
    await shot(page, '01-login');
    await signUp(page, ada);
    assert.equal(await page.locator('section.column').count() > 1, true, 'the board shows several stage columns');
    await shot(page, '02-board-empty');
  });

  test('creates a lead from the leads list', async () => {
    const { page } = first;
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Leads' }).click();
    await page.getByRole('heading', { level: 1, name: 'Leads' }).waitFor();
    await page.getByRole('button', { name: 'New lead' }).click();
    const dialog = page.getByRole('dialog', { name: 'New lead' });
    await dialog.getByLabel('Name (required)').fill('Grace Hopper');
    await dialog.getByLabel('Email').fill('grace@example.com');
    await dialog.getByRole('button', { name: 'Create lead' }).click();
    await page.getByRole('heading', { level: 1, name: 'Grace Hopper' }).waitFor();
    await page.getByLabel('Notes').fill('Met at the conference');
    await page.getByRole('button', { name: 'Add to timeline' }).click();
    await page.locator('ol.timeline').getByText('Met at the conference').waitFor();
    assert.equal(await page.getByLabel('Notes').inputValue(), '', 'the form is cleared once the note is saved');
    await shot(page, '03-lead-record');
    await page.getByRole('link', { name: 'Leads' }).first().click();
    await page.getByRole('link', { name: 'Grace Hopper' }).waitFor();
    await shot(page, '04-leads-list');
  });

  test('adds a deal with quick-add', async () => {
    const { page } = first;
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Board' }).click();
    const firstColumn = page.locator('section.column').first();
    const stage = await firstColumn.getAttribute('data-stage');
    await page.getByRole('button', { name: `Add a deal to ${stage}` }).click();
    const dialog = page.getByRole('dialog', { name: `New deal in ${stage}` });
    await dialog.getByLabel('Title').fill(dealTitle);
    await dialog.getByLabel('Amount').fill('5000');
    await dialog.getByRole('button', { name: 'Add deal' }).click();
    await firstColumn.getByRole('link', { name: dealTitle }).waitFor();
    assert.match(await firstColumn.locator('.column-totals').innerText(), /5K|5,000/);
  });

  test('drags the deal to the next column with the mouse', async () => {
    const { page } = first;
    const stages = await page.locator('section.column').evaluateAll((cols) => cols.map((c) => c.getAttribute('data-stage')));
    const card = page.locator('li.card-slot', { hasText: dealTitle });
    const response = await dragCard(page, card, stages[1]);
    assert.equal(response.status(), 200);
    await column(page, stages[1]).getByRole('link', { name: dealTitle }).waitFor();
    assert.equal(await column(page, stages[0]).getByRole('link', { name: dealTitle }).count(), 0);
  });

  test('moves the deal one column right with the keyboard, and the move survives a reload', async () => {
    const { page } = first;
    const stages = await page.locator('section.column').evaluateAll((cols) => cols.map((c) => c.getAttribute('data-stage')));
    const card = page.locator('li.card-slot', { hasText: dealTitle });
    const moved = await moveCardRight(page, card, dealTitle, stages[1], stages[2]);
    assert.equal(moved.status(), 200);
    await column(page, stages[2]).getByRole('link', { name: dealTitle }).waitFor();
    await shot(page, '05-board-moved');
    await page.reload();
    await column(page, stages[2]).getByRole('link', { name: dealTitle }).waitFor();
    assert.equal(await column(page, stages[1]).getByRole('link', { name: dealTitle }).count(), 0);
  });

  test('a move on a stale card is put right: the card goes where the server has it, with a message', async () => {
    const { page, allow } = first;
    const stages = await page.locator('section.column').evaluateAll((cols) => cols.map((c) => c.getAttribute('data-stage')));
    const card = page.locator('li.card-slot', { hasText: dealTitle });
    const dealId = await card.getAttribute('data-deal-id');
    // someone else moves the deal back to the first stage while this board still shows it in the third
    const status = await page.evaluate(
      async ({ dealId, stageName }) => {
        const csrf = document.cookie.split('; ').find((c) => c.startsWith('nexa_csrf='))?.split('=')[1];
        const deal = await (await fetch(`/api/v1/deals/${dealId}`)).json();
        const pipelines = await (await fetch('/api/v1/pipelines')).json();
        const stage = pipelines.flatMap((p) => p.stages).find((s) => s.name === stageName);
        const moved = await fetch(`/api/v1/deals/${dealId}/move`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': decodeURIComponent(csrf) },
          body: JSON.stringify({ stageId: stage.id, version: deal.version }),
        });
        return moved.status;
      },
      { dealId, stageName: stages[0] },
    );
    assert.equal(status, 200);
    allow(/status of 409/);
    const announcer = page.locator('[id^="DndLiveRegion"]');
    await card.focus();
    const refused = page.waitForResponse((r) => r.url().includes('/move') && r.request().method() === 'POST');
    await page.keyboard.press('Space');
    await announcer.filter({ hasText: `is over ${stages[2]}` }).waitFor({ state: 'attached' });
    await page.keyboard.press('ArrowRight');
    await announcer.filter({ hasText: stages[3] }).waitFor({ state: 'attached' });
    await page.keyboard.press('Space');
    assert.equal((await refused).status(), 409);
    await page.getByText(/was changed by someone else/).waitFor();
    await column(page, stages[0]).getByRole('link', { name: dealTitle }).waitFor();
    assert.equal(await column(page, stages[3]).getByRole('link', { name: dealTitle }).count(), 0);
    assert.equal(await column(page, stages[2]).getByRole('link', { name: dealTitle }).count(), 0);
    await shot(page, '06-board-conflict');
  });

  test('opens the deal page from its card', async () => {
    const { page } = first;
    await page.getByRole('link', { name: dealTitle }).click();
    await page.getByRole('heading', { level: 1, name: dealTitle }).waitFor();
    await page.getByRole('heading', { name: 'Processes' }).waitFor();
    await page.getByText('Stage change').first().waitFor();
    await shot(page, '07-deal-record');
  });

  test('renders every settings page', async () => {
    const { page } = first;
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Settings' }).click();
    const sections = [
      ['Members', 'Members', '08-settings-members'],
      ['Invitations', 'Invitations'],
      ['Teams', 'Teams'],
      ['Pipelines', 'Pipelines and stages', '09-settings-pipelines'],
      ['Custom fields', 'Custom fields'],
      ['Visibility', 'Record visibility per role'],
      ['API keys', 'API keys'],
      ['Email outbox', 'Email outbox', '10-settings-outbox'],
      ['Import & export', 'Import and export', '11-settings-import'],
    ];
    const nav = page.getByRole('navigation', { name: 'Settings' });
    for (const [link, heading, screenshot] of sections) {
      await nav.getByRole('link', { name: link }).click();
      await page.getByRole('heading', { level: 2, name: heading }).waitFor();
      await page.locator('.loading').first().waitFor({ state: 'detached' });
      assert.equal(await page.locator('.settings-body [role=alert]').count(), 0, `${link} shows no error`);
      if (screenshot) {
        await shot(page, screenshot);
      }
    }
    await nav.getByRole('link', { name: 'Members' }).click();
    await page.getByRole('cell', { name: ada.email }).waitFor();
    await nav.getByRole('link', { name: 'Email outbox' }).click();
    await page.getByText(`Welcome to NexaCRM, ${ada.name}`).waitFor();
  });

  test('an ended session goes back to sign-in with a message and then to where you were', async () => {
    const { page, context, allow } = first;
    await page.goto('/deals');
    await page.getByRole('link', { name: dealTitle }).waitFor();
    allow(/status of 401/);
    // the session ends on the server side: here, the cookies go
    const cookies = await context.cookies();
    await context.clearCookies();
    await context.addCookies(cookies.filter((c) => c.name === 'nexa_csrf'));
    await page.getByRole('searchbox', { name: 'Search' }).fill('rocket');
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    await page.waitForURL(/\/login\?next=/);
    await page.getByText('Your session has ended').waitFor();
    await page.getByLabel('Email').fill(ada.email);
    await page.getByLabel('Password').fill(ada.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(/\/deals\?q=rocket/);
    await page.getByRole('link', { name: dealTitle }).waitFor();
  });

  test('a second organisation sees none of the first one’s deals, then joins by invitation and switches between both', async () => {
    const second = await newPage(browser);
    const bob = uniqueUser('Bob');
    try {
      const { page } = second;
      await signUp(page, bob);
      assert.equal(await page.getByText(dealTitle).count(), 0);
      const counts = await page.locator('section.column .count').allInnerTexts();
      assert.deepEqual([...new Set(counts)], ['0'], 'every column of the new organisation is empty');
      await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Deals' }).click();
      await page.getByText('No deals yet.').waitFor();
      await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Leads' }).click();
      await page.getByText('No leads yet.').waitFor();
      await shot(page, '12-second-org-empty');
      const api = await page.evaluate(async () => (await fetch('/api/v1/deals')).json());
      assert.deepEqual(api.items, []);

      // Ada invites Bob from the settings page; the link arrives in her outbox
      const adaPage = first.page;
      await adaPage.goto('/settings/invitations');
      await adaPage.getByLabel('Email').fill(bob.email);
      // an admin sees every record (members see their own and their teams')
      await adaPage.getByLabel('Role').selectOption('ADMIN');
      await adaPage.getByRole('button', { name: 'Invite', exact: true }).click();
      await adaPage.getByText(`${bob.email}`).first().waitFor();
      const link = await adaPage.evaluate(async (to) => {
        const emails = await (await fetch('/api/v1/outbox')).json();
        const invitation = emails.find((e) => e.to === to && e.template === 'invitation');
        return invitation?.body.match(/\/invitations\/accept\?token=[^\s]+/)?.[0];
      }, bob.email);
      assert.ok(link, 'the invitation email carries the link');

      // Bob opens it signed in as himself and confirms with his password
      await page.goto(link);
      await page.getByRole('heading', { level: 1, name: `Join ${ada.organizationName}` }).waitFor();
      await shot(page, '13-invitation');
      await page.getByLabel('Your password').fill(bob.password);
      await page.getByRole('button', { name: 'Accept and join' }).click();
      await page.getByRole('heading', { level: 1, name: 'Board' }).waitFor();
      assert.equal(await page.getByLabel('Organisation').inputValue(), await adaPage.getByLabel('Organisation').inputValue());
      await page.getByRole('link', { name: dealTitle }).waitFor();
      await shot(page, '14-joined-board');

      // the organisation switcher has both; his own still has no deals
      const switcher = page.getByLabel('Organisation');
      assert.equal(await switcher.locator('option').count(), 2);
      await switcher.selectOption({ label: `${bob.organizationName} (owner)` });
      await page.getByText(`Switched to ${bob.organizationName}`).waitFor();
      await page.locator('section.column').first().waitFor();
      assert.equal(await page.getByRole('link', { name: dealTitle }).count(), 0);
      assert.deepEqual(second.errors, [], 'no console errors for the second user');
    } finally {
      await second.context.close();
    }
  });

  test('no console errors or uncaught exceptions along the way', () => {
    assert.deepEqual(first.errors, []);
  });
});
