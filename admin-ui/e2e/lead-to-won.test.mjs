// The whole sales loop in real headless Chromium, as one rep lives it: sign up, create a lead, qualify it from the
// inbox with its form, see the deal it becomes on the board, drag it (mouse and keyboard) stage by stage to Won, find
// the thank-you email in the outbox (no email provider in the tests) and the deal's lead-to-close instance completed
// in the monitor along the won path. A second organisation, in a browser context of its own, sees none of it.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { call, column, createLead, dragCard, launch, moveCardRight, newPage, shot, signUp, stageNames, uniqueUser, until } from './browser.mjs';

// the process runs a moment behind the clicks: routing, scoring, conversion, the won branch
const PROCESS_TIMEOUT = Number(process.env.E2E_PROCESS_TIMEOUT ?? 60_000);

describe('From a new lead to a won deal in the browser', () => {
  let browser;
  let rep;
  const ria = uniqueUser('Ria');
  const leadName = `Dorothy Vaughan ${Date.now().toString(36)}`;
  let leadId;
  let dealId;
  let instanceKey;
  let wonStage;

  const card = (page) => page.locator(`li.card-slot[data-deal-id="${dealId}"]`);
  const thankYou = () => `Thank you — ${ria.organizationName}`;

  before(async () => {
    browser = await launch();
    rep = await newPage(browser);
  });

  after(async () => {
    await browser?.close();
  });

  test('a lead created in the UI puts “Qualify lead” in the rep’s inbox', async () => {
    const { page } = rep;
    await signUp(page, ria);
    leadId = await createLead(page, { name: leadName, email: 'dorothy@example.com' });
    await shot(page, '30-won-lead');
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Inbox' }).click();
    await page.getByRole('heading', { level: 1, name: 'Inbox' }).waitFor();
    const row = page.locator('li.task-row', { has: page.getByRole('link', { name: leadName }) });
    await row.getByRole('button', { name: 'Qualify lead' }).waitFor({ timeout: PROCESS_TIMEOUT });
    await shot(page, '31-won-inbox');
  });

  test('completing the task as qualified turns the lead into a deal on the board', async () => {
    const { page } = rep;
    const row = page.locator('li.task-row', { has: page.getByRole('link', { name: leadName }) });
    const taskId = await row.getAttribute('data-task-id');
    await row.getByRole('button', { name: 'Qualify lead' }).click();
    const form = page.getByRole('complementary', { name: 'Qualify lead' }).getByRole('form', { name: 'Complete: Qualify lead' });
    await form.getByRole('checkbox', { name: 'Qualified' }).check();
    await shot(page, '32-won-qualify-form');
    const completed = page.waitForResponse((r) => r.url().endsWith(`/api/v1/tasks/${taskId}/complete`) && r.request().method() === 'POST');
    await form.getByRole('button', { name: 'Complete task' }).click();
    assert.equal((await completed).status(), 200);
    await page.getByText('Completed “Qualify lead”.').waitFor();

    dealId = await until(async () => (await call(page, 'GET', `/api/v1/leads/${leadId}`)).json?.convertedDealId, 'the lead to be converted', PROCESS_TIMEOUT);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Board' }).click();
    await card(page).waitFor();
    const stages = await stageNames(page);
    const pipelines = await call(page, 'GET', '/api/v1/pipelines');
    wonStage = pipelines.json[0].stages.find((s) => s.kind === 'WON').name;
    assert.equal(stages.indexOf(wonStage) > 0, true, `the board has the won stage ${wonStage}`);
    assert.equal(await column(page, stages[0]).locator(`li.card-slot[data-deal-id="${dealId}"]`).count(), 1, 'the new deal starts in the first stage');
    await shot(page, '33-won-board-new-deal');
  });

  test('the deal goes stage by stage to Won, by mouse and by keyboard', async () => {
    const { page } = rep;
    // nothing has been won yet: the thank-you email comes with the win
    const before = await call(page, 'GET', '/api/v1/outbox');
    assert.equal(before.json.filter((e) => e.template === 'deal-won-thank-you').length, 0);

    const stages = await stageNames(page);
    const title = (await card(page).locator('h3').innerText()).trim();
    const path = stages.slice(0, stages.indexOf(wonStage) + 1);
    for (let i = 1; i < path.length; i++) {
      // alternate: mouse, keyboard, mouse, keyboard … so both ways reach the server, and the last step is a keyboard one
      const byKeyboard = (path.length - 1 - i) % 2 === 0;
      const response = byKeyboard ? await moveCardRight(page, card(page), title, path[i - 1], path[i]) : await dragCard(page, card(page), path[i]);
      assert.equal(response.status(), 200, `moving to ${path[i]} ${byKeyboard ? 'by keyboard' : 'by mouse'}`);
      await column(page, path[i]).locator(`li.card-slot[data-deal-id="${dealId}"]`).waitFor();
      assert.equal(await column(page, path[i - 1]).locator(`li.card-slot[data-deal-id="${dealId}"]`).count(), 0);
    }
    const deal = await call(page, 'GET', `/api/v1/deals/${dealId}`);
    assert.equal(deal.json.stageId, (await call(page, 'GET', '/api/v1/pipelines')).json[0].stages.find((s) => s.kind === 'WON').id);
    await page.reload();
    await column(page, wonStage).locator(`li.card-slot[data-deal-id="${dealId}"]`).waitFor();
    await shot(page, '34-won-board-won');
  });

  test('the outbox shows the thank-you email of the win', async () => {
    const { page } = rep;
    await until(
      async () => (await call(page, 'GET', '/api/v1/outbox')).json?.some((e) => e.template === 'deal-won-thank-you'),
      'the thank-you email',
      PROCESS_TIMEOUT,
    );
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Settings' }).click();
    await page.getByRole('navigation', { name: 'Settings' }).getByRole('link', { name: 'Email outbox' }).click();
    await page.getByRole('heading', { level: 2, name: 'Email outbox' }).waitFor();
    const email = page.locator('ul.outbox li', { hasText: thankYou() });
    await email.waitFor();
    assert.equal(await email.count(), 1, 'one thank-you email for the one won deal');
    assert.match(await email.locator('summary').innerText(), new RegExp(`to ${ria.email.replace(/[.+]/g, '\\$&')} · queued`));
    await email.locator('summary').click();
    await email.getByText('Thank you for your trust.').waitFor();
    await shot(page, '35-won-outbox');
  });

  test('the monitor shows the deal’s lead-to-close instance completed along the won path', async () => {
    const { page } = rep;
    // the deal's page names its process and links to the monitor
    await page.goto(`/deals/${dealId}`);
    const item = page.locator('section[aria-labelledby="processes-title"] li.process-item');
    await item.locator('.process-state.state-completed').waitFor({ timeout: PROCESS_TIMEOUT });
    instanceKey = await item.getAttribute('data-instance-key');
    assert.match(await item.locator('.process-head strong').innerText(), /lead.to.close/i);

    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Monitor' }).click();
    await page.getByRole('heading', { level: 1, name: 'Monitor' }).waitFor();
    await page.getByLabel('Process').selectOption('lead-to-close');
    await page.getByLabel('State').selectOption('COMPLETED');
    await page.waitForURL(/state=COMPLETED/);
    const row = page.locator(`tr[data-key="${instanceKey}"]`);
    await row.waitFor();
    assert.match(await row.innerText(), /completed/);
    await shot(page, '36-won-monitor-list');

    await row.getByRole('link', { name: instanceKey }).click();
    await page.locator('.diagram-canvas[data-ready="true"]').waitFor();
    assert.equal(await page.getByTestId('instance-state').innerText(), 'completed');
    const marked = (id) => page.locator(`.diagram-canvas .djs-element.nexa-completed[data-element-id="${id}"]`);
    for (const id of ['task_qualify_lead', 'task_send_thank_you_email', 'task_hand_off_deal', 'end_won']) {
      await marked(id).waitFor();
    }
    const elements = page.getByRole('list', { name: 'Elements of the instance and their states' });
    assert.equal(await elements.locator('li[data-element-id="end_won"]').getAttribute('data-status'), 'completed');
    // the lost path was not taken
    assert.equal(await elements.locator('li[data-element-id="task_record_loss_reason"]').count(), 0);
    assert.equal(await elements.locator('li[data-element-id="end_lost"]').count(), 0);
    assert.equal(await page.locator('.diagram-canvas .djs-element.nexa-active').count(), 0, 'nothing is still active');
    await page.getByRole('heading', { name: 'Incidents (0 open)' }).waitFor();
    await shot(page, '37-won-monitor-instance');
  });

  test('a second organisation sees none of it: board, inbox, outbox, monitor', async () => {
    const second = await newPage(browser);
    try {
      const { page, allow } = second;
      const sam = uniqueUser('Sam');
      await signUp(page, sam);
      assert.equal(await page.locator(`li.card-slot[data-deal-id="${dealId}"]`).count(), 0);
      assert.equal(await page.getByText(leadName).count(), 0);
      assert.deepEqual([...new Set(await page.locator('section.column .count').allInnerTexts())], ['0'], 'every column is empty');

      const nav = page.getByRole('navigation', { name: 'Main' });
      await nav.getByRole('link', { name: 'Inbox' }).click();
      await page.getByRole('heading', { level: 1, name: 'Inbox' }).waitFor();
      for (const tab of ['My tasks', 'Team', 'Unassigned', 'Overdue']) {
        await page.getByRole('tab', { name: tab }).click();
        await page.locator('#inbox-panel .loading').waitFor({ state: 'detached' });
        assert.equal(await page.getByText(leadName).count(), 0, `${tab} shows nothing of the first organisation`);
      }

      await page.goto('/settings/outbox');
      await page.getByRole('heading', { level: 2, name: 'Email outbox' }).waitFor();
      // its own welcome email is there, nothing of the first organisation
      await page.getByText(`Welcome to NexaCRM, ${sam.name}`).waitFor();
      assert.equal(await page.getByText(thankYou()).count(), 0);
      assert.equal(await page.getByText(ria.email).count(), 0);
      await shot(page, '38-won-second-org-outbox');

      await page.goto('/monitor?process=lead-to-close');
      await page.getByRole('heading', { level: 1, name: 'Monitor' }).waitFor();
      await page.locator('table.monitor-instances, p.empty').first().waitFor();
      assert.equal(await page.locator(`tr[data-key="${instanceKey}"]`).count(), 0);
      allow(/status of 404/);
      await page.goto(`/monitor/instances/${instanceKey}`);
      await page.getByRole('alert').filter({ hasText: /not found/i }).waitFor();
      assert.equal((await call(page, 'GET', `/api/v1/process-instances/${instanceKey}`)).status, 404);
      assert.equal((await call(page, 'GET', `/api/v1/deals/${dealId}`)).status, 404);
      assert.equal((await call(page, 'GET', `/api/v1/leads/${leadId}`)).status, 404);
      assert.equal((await call(page, 'GET', '/api/v1/outbox')).json.some((e) => e.template === 'deal-won-thank-you'), false);
      await shot(page, '39-won-second-org-monitor');
      assert.deepEqual(second.errors, [], 'no console errors for the second organisation');
    } finally {
      await second.context.close();
    }
  });

  test('no console errors or uncaught exceptions along the way', () => {
    assert.deepEqual(rep.errors, []);
  });
});
