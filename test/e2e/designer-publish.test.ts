import { faultReport } from '@etjanst/schemas';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { templateFor } from '../../server/src/demo/seed.js';
import { call } from '../../server/src/test-support/app.js';
import { expectNoWcagViolations as scan } from './axe.js';
import { announcement } from './designer-page.js';
import { appAndBrowser } from './suite.js';
import { staffPage } from './staff.js';

/**
 * The guided way to publish: a draft that misses three things lists them as tasks, each opening
 * the setting or field where it is fixed with its input focused; the settings sections say how
 * many are missing there; the refusal of an early attempt shrinks as they are fixed; publishing
 * says it is checking, and ends with a link to the live page in the portal.
 */

const ESERVICE = 'felanmalan-guidad';

describe('publishing from the designer, guided by what is missing', () => {
  const suite = appAndBrowser();
  const focused = (page: Page) => page.evaluate(() => document.activeElement?.id);

  it('lists what is missing, opens each place to fix it, and publishes with a link to the live page', async () => {
    const definition = structuredClone({ ...templateFor(faultReport, 'solbacka'), id: ESERVICE });
    delete definition.accessibility;
    delete definition.personalData.legalBasis;
    delete definition.form.texts.email!.label.en;
    expect((await call(suite.app.baseUrl, 'POST', '/api/municipalities/solbacka/eservices', definition)).status).toBe(201);

    const page = await staffPage(suite.browser, suite.app, { viewport: { width: 1400, height: 1000 } });
    await page.goto(`${suite.app.baseUrl}/admin/designer/solbacka/${ESERVICE}`);
    const checklist = page.getByTestId('publish-checklist');
    const task = (text: string | RegExp) => checklist.getByRole('button', { name: text });
    await expect.poll(() => checklist.getByRole('heading').textContent()).toBe('Kvar att göra före publicering: 3 saker');
    const items = await checklist.getByRole('listitem').allTextContents();
    expect(items).toEqual([
      'Fältet ”Din e-postadress” saknar ledtext på engelska. (SK-TXT-001)',
      'Rättslig grund saknas. (SK-GDPR-002)',
      'Uppgifter till tillgänglighetsredogörelsen saknas: fyll i ”Synpunkter på tillgängligheten” (en e-postadress dit användare rapporterar brister). (SK-ACC-003)',
    ]);
    await scan(page, 'designer: the publish checklist');

    // an early attempt is refused with the same three
    await page.getByTestId('publish').click();
    const refusal = page.locator('.problem', { hasText: 'Skall-kraven uppfylls inte' });
    await expect.poll(() => refusal.locator('li').count(), { timeout: 30_000 }).toBe(3);

    // the accessibility contact: the settings tab opens at its section, the e-mail input focused
    await task(/tillgänglighetsredogörelsen/).click();
    await expect.poll(() => focused(page)).toBe('settings-accessibility_feedback_email');
    expect(await page.getByTestId('settings-accessibility').textContent()).toBe('Tillgänglighet (1 saknas)');
    expect(await page.getByTestId('settings-personalData').textContent()).toBe('Personuppgifter (1 saknas)');
    expect(await page.getByTestId('settings-catalogue-missing').count()).toBe(0);
    await page.locator('#settings-accessibility_feedback_email').fill('kontaktcenter@solbacka.example.se');
    await expect.poll(() => checklist.getByRole('listitem').count()).toBe(2);
    expect(await page.getByTestId('settings-accessibility-missing').count()).toBe(0);
    await expect.poll(() => refusal.locator('li').count()).toBe(2);

    // the legal basis: another section, its select focused
    await task('Rättslig grund saknas.').click();
    await expect.poll(() => focused(page)).toBe('settings-personalData_legalBasis');
    expect(await page.getByTestId('settings-personalData').getAttribute('aria-pressed')).toBe('true');
    await page.locator('#settings-personalData_legalBasis').selectOption({ label: 'Allmänt intresse / myndighetsutövning' });
    await expect.poll(() => checklist.getByRole('listitem').count()).toBe(1);

    // the field's label: the form tab, its step and the field chosen, the label input focused
    await task(/Din e-postadress/).click();
    await expect.poll(() => focused(page)).toBe('designer-prop-label-sv');
    expect(await page.getByTestId('tab-form').getAttribute('aria-pressed')).toBe('true');
    expect(await page.getByTestId('property-panel').getByRole('heading', { level: 2 }).textContent()).toContain('Din e-postadress');
    await page.locator('#designer-prop-label-en').fill('Your e-mail address');
    await expect.poll(() => checklist.count()).toBe(0);
    await expect.poll(() => page.getByTestId('refusal-fixed').textContent()).toBe('Allt som stoppade publiceringen i designern är åtgärdat. Publicera igen.');

    // publishing says it is checking while the gate scans, then links to the live page
    await expect.poll(() => page.getByTestId('save-status').getAttribute('data-state'), { timeout: 10_000 }).toBe('saved');
    const publish = page.getByTestId('publish');
    await publish.click();
    expect(await publish.getAttribute('aria-busy')).toBe('true');
    expect(await publish.textContent()).toBe('Kontrollerar …');
    expect(await announcement(page)).toBe('Kontrollerar …');
    const published = page.getByTestId('published');
    await expect.poll(() => published.textContent(), { timeout: 30_000 }).toBe('E-tjänsten är publicerad som version 1. Öppna e-tjänsten i portalen');
    expect(await publish.getAttribute('aria-busy')).toBe('false');
    await published.getByRole('link', { name: 'Öppna e-tjänsten i portalen' }).click();
    await page.waitForURL(`${suite.app.baseUrl}/solbacka/e-tjanster/${ESERVICE}`);
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Felanmälan och synpunkter');
    await page.close();
  }, 120_000);
});
