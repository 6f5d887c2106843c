import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXAMPLE_ANSWERS } from '@etjanst/schemas';
import { ANONYMOUS, call, startTestApp, type TestApp } from '../../server/src/test-support/app.js';
import { signInByEId } from '../../server/src/test-support/staff.js';
import { expectNoWcagViolations } from './axe.js';
import { launchChromium } from './browser.js';
import { CLIENT_DIR } from './demo-portal.js';
import { staffPage } from './staff.js';

// Erik handles Solbacka's city planning, which receives the fault reports (see demo/seed.ts)
const ERIK = '198506129876';
const thisYear = Number(new Date().toLocaleDateString('sv-SE', { timeZone: 'Europe/Stockholm' }).slice(0, 4));
const swedish = (options: Intl.NumberFormatOptions = {}) => new Intl.NumberFormat('sv-SE', options);

/** The administrator's statistics page: a year's fault reports by channel and what they saved, then another period. */
describe('statistics admin page', () => {
  let app: TestApp;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    [app, browser] = await Promise.all([startTestApp({ clientDir: CLIENT_DIR }), launchChromium()]);
    page = await staffPage(browser, app);
    const permits: string[] = [];
    for (let i = 0; i < 2; i++) {
      const sent = await call(app.baseUrl, 'POST', '/api/municipalities/solbacka/eservices/felanmalan/versions/1/submissions', { answers: EXAMPLE_ANSWERS.felanmalan, language: 'sv' });
      expect(sent.status).toBe(201);
      permits.push(sent.body.ratingPermit);
    }
    const erik = await signInByEId(app.database.db, ERIK);
    const paper = await call(app.baseUrl, 'POST', '/api/municipalities/solbacka/departments/stadsbyggnad/inbox/cases', { eserviceId: 'felanmalan', summary: 'Trasig gatlykta, inkom per brev.' }, erik.headers);
    expect(paper.status).toBe(201);
    // the portal's anonymous feedback: four reached the first step, two the second, one sent; one rating
    const events = [...Array(4).fill({ step: 0, kind: 'reached' }), ...Array(2).fill({ step: 1, kind: 'reached' }), { step: 1, kind: 'completed' }];
    for (const event of events) expect((await call(app.baseUrl, 'POST', '/api/municipalities/solbacka/catalogue/felanmalan/step-events', { version: 1, ...event }, ANONYMOUS)).status).toBe(204);
    expect((await call(app.baseUrl, 'POST', '/api/municipalities/solbacka/catalogue/felanmalan/ratings', { version: 1, grade: 4, comment: 'Lätt att hitta.', permit: permits[0] }, ANONYMOUS)).status).toBe(204);
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  it('shows the year’s figures in a captioned table with Swedish numbers, and another period on request', async () => {
    const { body } = await call(app.baseUrl, 'GET', '/api/municipalities/solbacka/statistics');
    const fault = body.eservices.find((e: { eserviceId: string }) => e.eserviceId === 'felanmalan');

    await page.goto(`${app.baseUrl}/admin?kommun=solbacka`);
    await page.getByRole('link', { name: /Statistik och nytta/ }).click();
    await page.getByRole('heading', { level: 1, name: 'Statistik och nytta' }).waitFor();
    const table = page.getByRole('table', { name: `E-tjänster ${thisYear}-01-01 – ${thisYear}-12-31` });
    await table.waitFor();
    const row = table.getByRole('row').filter({ has: page.getByRole('rowheader', { name: /Felanmälan/ }) });
    const cells = row.getByRole('cell');
    // digital, paper, digital share, started, completed
    expect(await cells.nth(0).textContent()).toBe('2');
    expect(await cells.nth(1).textContent()).toBe('1');
    expect(await cells.nth(2).textContent()).toBe(swedish({ style: 'percent', maximumFractionDigits: 1 }).format(2 / 3));
    expect(await cells.nth(2).textContent()).toMatch(/^66,7\s%$/);
    expect(await cells.nth(3).textContent()).toBe('2');
    expect(await cells.nth(4).textContent()).toBe('2');
    const sek = swedish({ style: 'currency', currency: 'SEK', maximumFractionDigits: 0 });
    expect(await cells.nth(8).textContent()).toBe(sek.format(fault.benefit.sekSaved));
    expect(await cells.nth(9).textContent()).toBe(sek.format(fault.benefit.projectedSekPerYear));
    expect(fault.benefit.projectedSekPerYear).toBeGreaterThan(1000); // so the Swedish thousands separator shows
    expect(await cells.nth(9).textContent()).toMatch(/^\d{1,3}(\s\d{3})+\skr$/);
    // an e-service without cases has no share, said in words
    const permit = table.getByRole('row').filter({ has: page.getByRole('rowheader', { name: /bygglov/i }) });
    expect(await permit.getByRole('cell').nth(2).textContent()).toBe('–inga ärenden');
    const total = table.getByRole('row').filter({ has: page.getByRole('rowheader', { name: 'Totalt' }) });
    expect(await total.getByRole('cell').nth(1).textContent()).toBe('1');

    // the charts are images named by their titles, their figures in a table after each
    const month = new Intl.DateTimeFormat('sv-SE', { month: 'short', timeZone: 'Europe/Stockholm' }).format(new Date());
    await page.getByRole('img', { name: `Digital andel per månad ${thisYear}` }).waitFor();
    await page.getByRole('img', { name: `Sparad tid per månad ${thisYear}` }).waitFor();
    const shares = page.getByRole('table', { name: `Siffrorna i diagrammet: Digital andel per månad ${thisYear}` });
    const thisMonth = shares.getByRole('row').filter({ has: page.getByRole('rowheader', { name: month, exact: true }) });
    expect(await thisMonth.getByRole('cell').allTextContents()).toEqual(['2', '1', swedish({ style: 'percent', maximumFractionDigits: 1 }).format(2 / 3)]);
    const stepsName = 'Felanmälan och synpunkter (version 1): avhopp per steg';
    expect(await page.getByRole('img', { name: stepsName }).getAttribute('aria-describedby')).toBeTruthy();
    const steps = page.getByRole('table', { name: `Siffrorna i diagrammet: ${stepsName}` });
    // reached 4 and 2, sent 1: two left on the first step (50 %), one on the second (50 %)
    const half = swedish({ style: 'percent' }).format(0.5);
    expect(await steps.getByRole('row').filter({ has: page.getByRole('rowheader', { name: /^1\. / }) }).getByRole('cell').allTextContents()).toEqual(['4', `2 (${half})`]);
    expect(await steps.getByRole('row').filter({ has: page.getByRole('rowheader', { name: /^2\. / }) }).getByRole('cell').allTextContents()).toEqual(['2', `1 (${half})`]);
    const ratings = page.getByRole('table', { name: `Betyg per e-tjänst ${thisYear}-01-01 – ${thisYear}-12-31` });
    expect(await ratings.getByRole('row').filter({ has: page.getByRole('rowheader', { name: /Felanmälan/ }) }).getByRole('cell').allTextContents()).toEqual(['1', '4', '0 / 0 / 0 / 1 / 0']);
    await page.getByText('Lätt att hitta.').waitFor();
    expect(await page.getByRole('link', { name: `Nyttorapport ${thisYear} (PDF)` }).getAttribute('href')).toBe(`/api/municipalities/solbacka/statistics/benefit-report.pdf?year=${thisYear}`);
    await expectNoWcagViolations(page, 'statistics for this year');

    await page.getByLabel('Från och med').fill(`${thisYear - 1}-01-01`);
    await page.getByLabel('Till och med').fill(`${thisYear - 1}-12-31`);
    await page.getByRole('button', { name: 'Visa', exact: true }).click();
    const lastYear = page.getByRole('table', { name: `E-tjänster ${thisYear - 1}-01-01 – ${thisYear - 1}-12-31` });
    await lastYear.waitFor();
    const lastYearTotal = lastYear.getByRole('row').filter({ has: page.getByRole('rowheader', { name: 'Totalt' }) });
    expect(await lastYearTotal.getByRole('cell').nth(0).textContent()).toBe('0');
    expect(await lastYearTotal.getByRole('cell').nth(1).textContent()).toBe('0');
  });

  it('says what is wrong with a period that ends before it starts', async () => {
    await page.goto(`${app.baseUrl}/admin/statistik?kommun=solbacka&fran=${thisYear}-06-01&till=${thisYear}-05-31`);
    await page.getByText(/Perioden ska börja/).waitFor();
    expect(await page.getByRole('table').count()).toBe(0);
    expect(await page.getByLabel('Från och med').inputValue()).toBe(`${thisYear}-06-01`);
    await expectNoWcagViolations(page, 'statistics with a refused period');
  });
});
