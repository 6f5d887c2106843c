import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyFieldConditions, assembleForm, TEMPLATES, type EServiceDefinition } from '../../schemas/src/index.js';
import { templateFor } from '../../server/src/demo/seed.js';
import { call, startTestApp, type TestApp } from '../../server/src/test-support/app.js';
import { expectNoWcagViolations } from './axe.js';
import { CLIENT_DIR } from './demo-portal.js';
import { launchChromium } from './browser.js';
import { submitAndReadStoredAnswers } from './citizen.js';

/** An e-service made with the field catalogue: an information text, a yes/no with a conditional field and a conditional step, a calculated fee. */
function catalogueEService(): EServiceDefinition {
  const { form } = assembleForm([
    {
      id: 'omsorg',
      title: { sv: 'Omsorg', en: 'Care' },
      fields: [
        { key: 'intro', typeId: 'information', properties: { label: { sv: 'Så räknas avgiften' }, help: { sv: 'Avgiften är 100 kronor per timme.' } } },
        { key: 'hours', typeId: 'number', properties: { label: { sv: 'Timmar per vecka' }, required: true, minimum: 1, maximum: 50 } },
        { key: 'fee', typeId: 'number', properties: { label: { sv: 'Avgift per vecka (kronor)' } } },
        { key: 'period', typeId: 'date-range', properties: { label: { sv: 'Period' }, required: true } },
        { key: 'hasPet', typeId: 'yes-no', properties: { label: { sv: 'Har ni husdjur hemma?' }, required: true } },
        { key: 'pet', typeId: 'short-text', properties: { label: { sv: 'Vilket djur?' }, required: true } },
      ],
    },
    {
      id: 'allergier',
      title: { sv: 'Allergier', en: 'Allergies' },
      fields: [{ key: 'allergy', typeId: 'long-text', properties: { label: { sv: 'Beskriv allergin' }, required: true } }],
    },
  ]);
  form.schema = applyFieldConditions(form.schema, [{ target: 'pet', when: { field: 'hasPet', operator: 'is', value: true } }]);
  form.steps[1]!.showWhen = { field: 'hasPet', operator: 'is', value: true };
  form.calculations = [{ field: 'fee', formula: { kind: 'multiply', factors: ['hours', 100] } }];
  const definition = templateFor(TEMPLATES.find((t) => t.id === 'felanmalan')!, 'ekdala');
  // in Swedish only, as a department's first draft often is (must-requirement SK-TXT-001 asks labels in the enabled languages)
  return { ...definition, languages: ['sv'], id: 'barnomsorg-husdjur', catalogue: { ...definition.catalogue, title: { sv: 'Omsorg med husdjur' } }, form, receipt: { email: false, includeAnswers: true } };
}

describe('a citizen fills in fields made with the field catalogue', () => {
  let app: TestApp;
  let browser: Browser;
  beforeAll(async () => {
    [app, browser] = await Promise.all([startTestApp({ clientDir: CLIENT_DIR }), launchChromium()]);
    const base = '/api/municipalities/ekdala/eservices';
    expect((await call(app.baseUrl, 'POST', base, catalogueEService())).status).toBe(201);
    const published = await call(app.baseUrl, 'POST', `${base}/barnomsorg-husdjur/publish`);
    expect(published.status, JSON.stringify(published.body.failedRules)).toBe(201);
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  it('sees the information text, a live read-only fee, a field and a step shown by conditions, and a printable form', async () => {
    const page = await browser.newPage();
    await page.goto(`${app.baseUrl}/ekdala/e-tjanster/barnomsorg-husdjur`);
    await expect.poll(() => page.getByTestId('step-heading').textContent()).toMatch(/Omsorg/);
    // the step's fields come once its precompiled validators have loaded, just after its heading
    await page.getByRole('heading', { name: 'Så räknas avgiften' }).waitFor();
    expect(await page.locator('main').textContent()).toContain('Avgiften är 100 kronor per timme.');

    // the blank form of this version, for the paper channel
    const href = await page.getByTestId('blank-form-link').getAttribute('href');
    expect(href).toBe('/api/municipalities/ekdala/eservices/barnomsorg-husdjur/versions/1/blank-form?language=sv');
    const pdf = await fetch(`${app.baseUrl}${href}`);
    expect(pdf.headers.get('content-type')).toBe('application/pdf');

    // the fee follows the hours as they are typed, and cannot be edited
    const fee = page.getByLabel('Avgift per vecka (kronor)');
    expect(await fee.getAttribute('readonly')).not.toBeNull();
    await page.getByLabel('Timmar per vecka').fill('12');
    await expect.poll(() => fee.inputValue()).toBe('1200');

    await page.getByLabel('Från och med').fill('2026-08-01');
    await page.getByLabel('Till och med').fill('2026-12-18');

    // the conditional field appears only with "Ja"
    expect(await page.getByLabel('Vilket djur?').count()).toBe(0);
    await page.getByLabel('Ja').check();
    await page.getByLabel('Vilket djur?').fill('Katt');
    await expectNoWcagViolations(page, 'information text, date range, read-only fee, conditional field');
    await page.getByTestId('next-button').click();
    await expect.poll(() => page.getByTestId('step-heading').textContent()).toMatch(/Allergier/);
    await page.getByTestId('back-button').click();
    await expect.poll(() => page.getByTestId('step-heading').textContent()).toMatch(/Omsorg/);

    // with "Nej" the field goes and the allergy step is skipped: straight to the summary
    await page.getByLabel('Nej').check();
    expect(await page.getByLabel('Vilket djur?').count()).toBe(0);
    await page.getByTestId('next-button').click();
    await expect.poll(() => page.getByTestId('submit-button').count()).toBe(1);
    expect(await page.locator('main').textContent()).not.toContain('Allergier');
    expect(await submitAndReadStoredAnswers(page, app.database.db)).toEqual({ hours: 12, fee: 1200, period: { from: '2026-08-01', to: '2026-12-18' }, hasPet: false });
    await page.close();
  });
});
