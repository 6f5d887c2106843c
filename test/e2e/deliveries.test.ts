import axe from 'axe-core';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXAMPLE_ANSWERS } from '@etjanst/schemas';
import { publishFaultReportWith, FAULT_REPORT_ANSWERS } from '../../server/src/delivery/test-eservices.js';
import { startCaseManagementSimulator, type CaseManagementSimulator } from '../../server/src/simulators/case-management/simulator.js';
import { call, startTestApp, type TestApp } from '../../server/src/test-support/app.js';
import { launchChromium } from './browser.js';
import { CLIENT_DIR } from './demo-portal.js';
import { staffPage } from './staff.js';

/** The administrator's deliveries page: a dead letter found, inspected and replayed; a test delivery sent. */
describe('deliveries admin page', () => {
  let app: TestApp;
  let browser: Browser;
  let registry: CaseManagementSimulator;
  let page: Page;

  beforeAll(async () => {
    registry = await startCaseManagementSimulator({ series: 'DNR' });
    [app, browser] = await Promise.all([
      startTestApp({ clientDir: CLIENT_DIR, delivery: { settings: { caseManagement: { url: registry.url, authkey: registry.authkey } } } }),
      launchChromium(),
    ]);
    page = await staffPage(browser, app);
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
    await registry?.close();
  });

  async function expectNoWcagViolations() {
    if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(axe.source);
    const violations = await page.evaluate(async () => {
      const result = await (window as unknown as { axe: typeof axe }).axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } });
      return result.violations.map((v) => ({ id: v.id, nodes: v.nodes.map((n) => n.target.join(' ')) }));
    });
    expect(violations, JSON.stringify(violations)).toEqual([]);
  }

  it('shows a dead letter with its attempts, replays it, and sends a test delivery', async () => {
    const submitPath = await publishFaultReportWith(app.baseUrl, 'felanmalan-diarium', [{ id: 'diariet', type: 'case-management', options: { caseType: 'TEK-FEL', unit: 'Tekniska förvaltningen' } }]);
    registry.setFault('fail');
    const { body } = await call(app.baseUrl, 'POST', submitPath, { answers: FAULT_REPORT_ANSWERS });
    const dead = async () => (await call(app.baseUrl, 'GET', `/api/municipalities/solbacka/deliveries?state=dead&submissionId=${body.submissionId}`)).body.items.length;
    await expect.poll(dead, { timeout: 15_000 }).toBe(1);
    registry.setFault('none');

    await page.goto(`${app.baseUrl}/admin/leveranser?kommun=solbacka&e-tjanst=felanmalan-diarium`);
    await page.getByRole('heading', { level: 1, name: 'Leveranser till verksamhetssystem' }).waitFor();
    expect(await page.getByTestId('retention-counts').textContent()).toMatch(/^Gallring: 0 ärenden har avidentifierats .* 0 har passerat fristen/);
    const row = page.getByRole('row').filter({ hasText: body.submissionId });
    await expect.poll(() => row.getByRole('cell').nth(0).textContent()).toBe('diariet');
    await expect.poll(() => row.textContent()).toContain('CaseService/GetCases answered 500');
    await expectNoWcagViolations();

    await row.getByText('Visa försök').click();
    await expect.poll(() => row.getByRole('listitem').count()).toBe(3);

    await row.getByRole('button', { name: /Skicka om/ }).click();
    await page.getByRole('status').filter({ hasText: 'Leveransen till diariet skickas om.' }).waitFor();
    await expect.poll(() => registry.cases.filter((c) => c.externalId === `solbacka:${body.submissionId}:diariet`).length, { timeout: 15_000 }).toBe(1);

    await page.getByRole('button', { name: 'Skicka testleverans diariet' }).click();
    await page.getByRole('status').filter({ hasText: /^Testleveransen till diariet lyckades/ }).waitFor();
    await expect.poll(() => page.getByText(/Senaste testleverans lyckades/).count()).toBe(1);

    await page.getByLabel('Status').selectOption('delivered');
    await page.getByRole('button', { name: 'Visa', exact: true }).click();
    await expect.poll(() => page.getByRole('row').filter({ hasText: body.submissionId }).textContent()).toContain('DNR ');
    await expectNoWcagViolations();
  });

  it('lists a receipt e-mail that could not be sent among the dead letters, as what it is', async () => {
    // this app has no SMTP server: the receipt e-mail's first attempt is its last
    const { body } = await call(app.baseUrl, 'POST', '/api/municipalities/solbacka/eservices/felanmalan/versions/1/submissions', { answers: EXAMPLE_ANSWERS.felanmalan });
    const receipt = async () =>
      (await call(app.baseUrl, 'GET', `/api/municipalities/solbacka/deliveries?state=dead&submissionId=${body.submissionId}`)).body.items.filter((d: { connectorId: string }) => d.connectorId === '@receipt').length;
    await expect.poll(receipt, { timeout: 15_000 }).toBe(1);

    await page.goto(`${app.baseUrl}/admin/leveranser?kommun=solbacka&e-tjanst=felanmalan`);
    const row = page.getByRole('row').filter({ hasText: body.submissionId }).filter({ hasText: 'Kvitto till den sökande (e-post)' });
    await expect.poll(() => row.getByRole('cell').nth(0).textContent()).toBe('Kvitto till den sökande (e-post)');
    expect(await row.textContent()).toContain('no SMTP server is configured (SMTP_URL)');
    expect(await row.getByRole('button', { name: /Skicka om/ }).count()).toBe(1);
    await expectNoWcagViolations();
  });
});
