// The automation designer and the process monitor in real headless Chromium: an owner opens lead-to-close in the
// designer, deploys it, breaks it with an unknown job type (the server's validation is marked on the diagram),
// fixes it and renames the qualification task in the properties panel, deploys version 2, sees a new lead follow
// it, rolls back to version 1, and finds the lead's instance in the monitor with its active element marked.
// A second organisation sees none of it.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { call, launch, newPage, shot, signUp, uniqueUser, until } from './browser.mjs';

// a one-word mark, so the diagram's wrapped label keeps it in one piece
const MARK = `v2x${Date.now().toString(36)}`;
const RENAMED = `Qualify lead ${MARK}`;

function shape(page, elementId) {
  return page.locator(`.diagram-canvas .djs-element[data-element-id="${elementId}"]`);
}

describe('Automation designer and process monitor', () => {
  let browser;
  let owner;
  let other;
  const ada = uniqueUser('Designer');
  const bob = uniqueUser('Stranger');
  let leadId;
  let instanceKey;
  let version2Id;

  before(async () => {
    browser = await launch();
    owner = await newPage(browser);
  });

  after(async () => {
    await browser?.close();
  });

  test('the owner opens lead-to-close in the designer', async () => {
    const { page, errors } = owner;
    await signUp(page, ada);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Automation' }).click();
    await page.getByRole('heading', { level: 1, name: 'Automation' }).waitFor();
    await page.getByRole('link', { name: 'Lead to close' }).click();
    await page.getByRole('heading', { level: 1, name: 'Lead to close' }).waitFor();
    await page.locator('.diagram-canvas[data-ready="true"]').waitFor();
    await shape(page, 'task_qualify_lead').waitFor();
    await page.getByTestId('active-version').filter({ hasText: /the shipped model/ }).waitFor();
    await page.getByText('No versions yet').waitFor();
    await shot(page, 'automation-01-designer');
    assert.deepEqual(errors, []);
  });

  test('deploys the model as it is: version 1', async () => {
    const { page } = owner;
    await page.getByRole('button', { name: 'Deploy' }).click();
    await page.locator('ol.versions li[data-version="1"]').getByText('Active').waitFor();
    await page.getByRole('heading', { name: 'Problems: none' }).waitFor();
  });

  test('an unknown job type is refused and marked on the diagram', async () => {
    const { page, allow } = owner;
    allow(/Failed to load resource: the server responded with a status of 422/);
    const model = await call(page, 'GET', '/api/v1/automation/processes/lead-to-close/bpmn');
    assert.equal(model.status, 200);
    assert.match(model.text, /type="score-lead"/);
    const broken = model.text.replace('type="score-lead"', 'type="score-lead-typo"');
    await page.getByLabel('Import a BPMN file').setInputFiles({ name: 'broken.bpmn', mimeType: 'application/xml', buffer: Buffer.from(broken) });
    await page.getByRole('heading', { name: 'Problems (1)' }).waitFor();
    const problem = page.getByRole('list', { name: 'Problems of the model' }).locator('li[data-element-id="task_score_lead"]');
    assert.match(await problem.innerText(), /unknown-job-type/);
    assert.match(await problem.innerText(), /score-lead-typo/);
    await page.locator('.diagram-canvas .djs-element.nexa-problem[data-element-id="task_score_lead"]').waitFor();
    await shot(page, 'automation-02-problem-marked');
    // the server refuses it too: nothing is deployed
    const refused = await call(page, 'POST', '/api/v1/automation/processes/lead-to-close/versions', { xml: broken });
    assert.equal(refused.status, 422);
    assert.equal(refused.json.problems[0].elementId, 'task_score_lead');
  });

  test('fixes the job type and renames the qualification in the properties panel, then deploys version 2', async () => {
    const { page } = owner;
    // the problem list takes the user to the element; the properties panel then shows it
    await page.getByRole('list', { name: 'Problems of the model' }).getByRole('button', { name: 'Score lead' }).click();
    const panel = page.getByRole('region', { name: 'Properties of the selected element' });
    await panel.getByText('Task definition', { exact: true }).waitFor();
    const jobType = panel.getByLabel('Job type', { exact: true });
    if (!(await jobType.isVisible())) {
      await panel.getByText('Task definition', { exact: true }).click();
    }
    await jobType.fill('score-lead');
    // a click on empty canvas closes the selected task's context pad, which may cover the next one
    await page.locator('.diagram-canvas').click({ position: { x: 8, y: 8 } });
    await shape(page, 'task_qualify_lead').click();
    await panel.getByText('General', { exact: true }).waitFor();
    const name = panel.getByLabel('Name', { exact: true });
    if (!(await name.isVisible())) {
      await panel.getByText('General', { exact: true }).click();
    }
    await name.fill(RENAMED);
    await shape(page, 'task_qualify_lead').getByText(MARK).waitFor();
    // the panel applies edits a moment after typing: check until the server finds no problem
    await until(async () => {
      const checked = page.waitForResponse((r) => r.url().endsWith('/lead-to-close/validate'));
      await page.getByRole('button', { name: 'Check model' }).click();
      return (await (await checked).json()).valid;
    }, 'the fixed model to pass the check');
    await page.getByRole('heading', { name: 'Problems: none' }).waitFor();
    assert.equal(await page.locator('.diagram-canvas .nexa-problem').count(), 0, 'no element is marked any more');
    await page.getByRole('button', { name: 'Deploy' }).click();
    const latest = page.locator('ol.versions li[data-version="2"]');
    await latest.getByText('Active').waitFor();
    assert.match(await latest.innerText(), new RegExp(`by ${ada.name}`));
    // the header follows the version list a moment later: wait for it, don't read it once
    await page.getByTestId('active-version').filter({ hasText: /version 2/ }).waitFor();
    const versions = await call(page, 'GET', '/api/v1/automation/processes/lead-to-close/versions');
    assert.deepEqual(
      versions.json.map((v) => [v.version, v.active]),
      [
        [2, true],
        [1, false],
      ],
    );
    version2Id = versions.json[0].versionId;
    const stored = await call(page, 'GET', `/api/v1/automation/versions/${version2Id}/bpmn`);
    assert.match(stored.text, /type="score-lead"/);
    assert.ok(stored.text.includes(RENAMED), 'version 2 has the renamed task');
    await shot(page, 'automation-03-version-2');
  });

  test('a new lead follows version 2', async () => {
    const { page } = owner;
    const lead = await call(page, 'POST', '/api/v1/leads', { name: 'Katherine Johnson', email: `kj-${Date.now()}@example.com` });
    assert.equal(lead.status, 201);
    leadId = lead.json.id;
    const instance = await until(async () => {
      const list = await call(page, 'GET', `/api/v1/process-instances?recordId=${leadId}`);
      return list.json?.items?.[0];
    }, "the lead's process instance");
    instanceKey = instance.key;
    assert.match(instance.bpmnProcessId, /^lead-to-close\.o[0-9a-f]{32}$/, "the organisation's own version runs it");
    await until(async () => {
      const detail = await call(page, 'GET', `/api/v1/process-instances/${instanceKey}`);
      return detail.json?.activeElementIds?.includes('task_qualify_lead');
    }, 'the lead to reach the qualification task');
    const diagram = await call(page, 'GET', `/api/v1/process-instances/${instanceKey}/diagram`);
    assert.ok(diagram.text.includes(RENAMED), 'the instance runs the renamed model');
  });

  test('rolls back to version 1 after confirming', async () => {
    const { page } = owner;
    await page.getByRole('button', { name: 'Roll back to version 1' }).click();
    const dialog = page.getByRole('dialog', { name: 'Roll back to version 1?' });
    await dialog.getByText('Running instances finish on the version they started with').waitFor();
    await dialog.getByRole('button', { name: 'Roll back to version 1' }).click();
    await page.locator('ol.versions li[data-version="1"]').getByText('Active').waitFor();
    await page.getByTestId('active-version').filter({ hasText: /version 1/ }).waitFor();
    const processes = await call(page, 'GET', '/api/v1/automation/processes');
    assert.equal(processes.json.find((p) => p.processId === 'lead-to-close').activeVersion, 1);
    // version 2 can still be looked at, read-only
    await page.getByRole('button', { name: 'View version 2' }).click();
    await page.getByRole('heading', { name: 'Version 2 (read-only)' }).waitFor();
    await page.locator('.version-view .diagram-canvas[data-ready="true"]').waitFor();
    await shape(page, 'task_qualify_lead').getByText(MARK).waitFor();
    await page.getByRole('button', { name: 'Back to the editor' }).click();
  });

  test("the monitor lists the lead's instance and shows where it is", async () => {
    const { page, errors } = owner;
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Monitor' }).click();
    await page.getByRole('heading', { level: 1, name: 'Monitor' }).waitFor();
    await page.getByLabel('State').selectOption('ACTIVE');
    await page.waitForURL(/state=ACTIVE/);
    const row = page.locator(`tr[data-key="${instanceKey}"]`);
    await row.waitFor();
    assert.match(await row.innerText(), /lead-to-close/);
    assert.match(await row.innerText(), /own version/);
    await row.getByRole('link', { name: instanceKey }).click();
    await page.locator('.diagram-canvas[data-ready="true"]').waitFor();
    await page.locator('.diagram-canvas .djs-element.nexa-active[data-element-id="task_qualify_lead"]').waitFor();
    await page.locator('.diagram-canvas .djs-element.nexa-completed[data-element-id="task_score_lead"]').waitFor();
    const elements = page.getByRole('list', { name: 'Elements of the instance and their states' });
    const active = elements.locator('li[data-element-id="task_qualify_lead"]');
    assert.equal(await active.getAttribute('data-status'), 'active');
    assert.match(await active.innerText(), new RegExp(MARK));
    await page.getByRole('list', { name: 'Legend' }).getByText('Active').waitFor();
    assert.equal(await page.getByTestId('instance-state').innerText(), 'active');
    await page.getByRole('heading', { name: 'Incidents (0 open)' }).waitFor();
    // move offers the diagram's flow nodes as targets
    const targets = await page.getByLabel('to (or click an element on the diagram)').locator('option').allInnerTexts();
    assert.ok(targets.includes('Convert lead to deal'), `move targets: ${targets.join(', ')}`);
    await shot(page, 'automation-04-monitor-instance');
    assert.deepEqual(errors, []);
  });

  test('a second organisation sees none of it', async () => {
    other = await newPage(browser);
    const { page, allow, errors } = other;
    allow(/Failed to load resource: the server responded with a status of 404/);
    await signUp(page, bob);
    await page.goto('/monitor');
    await page.getByRole('heading', { level: 1, name: 'Monitor' }).waitFor();
    // a new organisation runs its own trial and onboarding: the list is there, without the other org's instance
    await page.locator('table.monitor-instances, p.empty').first().waitFor();
    assert.equal(await page.locator(`tr[data-key="${instanceKey}"]`).count(), 0);
    await page.goto(`/monitor/instances/${instanceKey}`);
    await page.getByRole('alert').filter({ hasText: /not found/i }).waitFor();
    assert.equal((await call(page, 'GET', `/api/v1/process-instances/${instanceKey}`)).status, 404);
    assert.equal((await call(page, 'GET', `/api/v1/process-instances/${instanceKey}/diagram`)).status, 404);
    assert.equal((await call(page, 'GET', `/api/v1/automation/versions/${version2Id}/bpmn`)).status, 404);
    assert.equal((await call(page, 'POST', `/api/v1/automation/versions/${version2Id}/rollback`)).status, 404);
    const versions = await call(page, 'GET', '/api/v1/automation/processes/lead-to-close/versions');
    assert.deepEqual(versions.json, []);
    assert.deepEqual(errors, []);
  });
});
