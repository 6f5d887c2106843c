import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../server/src/test-support/app.js';
import { loggedIn } from '../../server/src/test-support/sessions.js';
import { CLIENT_DIR } from './demo-portal.js';
import { danglingReferences, expectNoWcagViolations as scan } from './axe.js';
import { launchChromium } from './browser.js';

/**
 * WCAG 2.0/2.1 A and AA (axe-core) on every form step the citizen sees, clean and after trying
 * to go on with the step empty, at desktop width and at 375 px; plus the error summary, the
 * repeating group and the size of touch targets.
 */

const clientDir = CLIENT_DIR;
const ESERVICES = ['forskoleplats', 'vuxenutbildning', 'borgerlig-vigsel', 'bygglov', 'serveringstillstand', 'felanmalan'] as const;
const VIEWPORTS = [
  { name: 'desktop', width: 1280, height: 900 },
  { name: '375 px', width: 375, height: 812 },
] as const;

/** How to fill each step validly, for the e-services that are walked through step by step. */
const STEP_FILLERS: Partial<Record<(typeof ESERVICES)[number], ((page: Page) => Promise<void>)[]>> = {
  felanmalan: [
    async (page) => {
      await page.getByLabel('Belysning').check();
      await page.locator('#arende_location').fill('Storgatan 12');
      await page.locator('#arende_description').fill('Gatlampan utanför porten är trasig sedan en vecka.');
    },
    async (page) => {
      await page.getByLabel('Nej').check();
    },
  ],
  serveringstillstand: [
    async (page) => {
      await page.locator('#foretaget_organisationNumber').fill('556016-0680');
      await page.locator('#foretaget_companyName').fill('Krogen Solbacka AB');
      await page.locator('#foretaget_email').fill('info@krogen.example.se');
      await page.locator('#foretaget_phone').fill('070-123 45 67');
    },
    async (page) => {
      await page.locator('#serveringen_restaurantName').fill('Krogen');
      await page.locator('#serveringen_restaurantAddress_street').fill('Storgatan 1');
      await page.locator('#serveringen_restaurantAddress_postalCode').fill('123 45');
      await page.locator('#serveringen_restaurantAddress_city').fill('Solbacka');
      await page.getByLabel('Servering till allmänheten').check();
      await page.getByLabel('Inomhus').check();
      await page.locator('#serveringen_servingEndTime').selectOption({ label: 'Till klockan 01.00' });
    },
    async (page) => {
      await fillPerson(page, 0, 'Anna Ek');
      // a second person, added and removed again with the keyboard
      const add = page.getByRole('button', { name: 'Lägg till person', exact: true });
      await add.focus();
      await page.keyboard.press('Enter');
      await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('personer_responsiblePersons_1_name');
      await fillPerson(page, 1, 'Bo Ek');
      await page.locator('#personer_knowledgeTestPassed').check();
      await scan(page, 'personer with two persons');
      const remove = page.getByRole('button', { name: 'Ta bort person 2', exact: true });
      await remove.focus();
      await page.keyboard.press('Enter');
      await expect.poll(() => page.locator('#personer_responsiblePersons_1_name').count()).toBe(0);
      // focus is not lost to the page: it lands on the add button
      await expect.poll(() => page.evaluate(() => document.activeElement?.textContent)).toContain('Lägg till person');
    },
  ],
};

async function fillPerson(page: Page, index: number, name: string): Promise<void> {
  const prefix = `#personer_responsiblePersons_${index}`;
  await page.locator(`${prefix}_name`).fill(name);
  await page.locator(`${prefix}_personalIdentityNumber`).fill('19121212-1212');
  await page.locator(`${prefix}_role`).selectOption({ label: 'Ägare' });
}

/** Controls in the form smaller than 44 x 44 px (a radio or checkbox counts by its label), and overflow sideways. */
async function layoutProblems(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const problems: string[] = [];
    const targets = document.querySelectorAll<HTMLElement>(
      '.step-form button, .step-form select, .step-form input.form-control, .step-form textarea, .step-form label.choice, .error-summary a',
    );
    for (const target of targets) {
      const box = target.getBoundingClientRect();
      if (box.width === 0 && box.height === 0) continue; // not shown
      if (box.height < 44 || box.width < 44) problems.push(`${target.id || target.textContent?.trim()}: ${Math.round(box.width)}x${Math.round(box.height)}`);
    }
    if (document.documentElement.scrollWidth > window.innerWidth) {
      problems.push(`page is ${document.documentElement.scrollWidth} px wide in a ${window.innerWidth} px window`);
    }
    return problems;
  });
}

const stepHeading = (page: Page) => page.getByTestId('step-heading').textContent();

/**
 * Presses Next on an empty step: the error summary comes and takes focus. Checks and scans it.
 * A step that asks nothing required (its answers have defaults) is passed instead: then back.
 */
async function scanErrorState(page: Page, label: string): Promise<void> {
  const heading = await stepHeading(page);
  await page.getByTestId('next-button').click();
  const summary = page.getByTestId('error-summary');
  await expect
    .poll(async () => (await summary.count()) > 0 || (await stepHeading(page)) !== heading, { message: label })
    .toBe(true);
  if ((await summary.count()) === 0) {
    await page.getByTestId('back-button').click();
    await expect.poll(() => stepHeading(page), { message: label }).toBe(heading);
    return;
  }
  await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('error-summary');
  expect(await summary.getByRole('heading').textContent()).toBe('Det finns fel i formuläret');
  expect(await summary.getByRole('link').count()).toBeGreaterThan(0);
  expect(await danglingReferences(page), label).toEqual([]);
  expect(await layoutProblems(page), label).toEqual([]);
  await scan(page, `${label}, with errors`);
}

describe('the e-service forms meet WCAG 2.1 AA (axe-core) in a browser', () => {
  let app: TestApp;
  let browser: Browser;
  let cookie: { name: string; value: string };
  beforeAll(async () => {
    [app, browser] = await Promise.all([startTestApp({ clientDir }), launchChromium()]);
    const session = await loggedIn(app.database.db);
    const [name, value] = session.cookie.split('=') as [string, string];
    cookie = { name, value };
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  async function newContext(width: number, height: number): Promise<BrowserContext> {
    const context = await browser.newContext({ viewport: { width, height } });
    // logged in with e-ID (LoA 3) for the e-services that require it; the others ignore it
    await context.addCookies([{ ...cookie, domain: '127.0.0.1', path: '/', httpOnly: true, secure: true }]);
    return context;
  }

  async function openEService(page: Page, id: string): Promise<void> {
    await page.goto(`${app.baseUrl}/solbacka/e-tjanster/${id}`);
    await page.getByTestId('step-heading').waitFor();
  }

  for (const viewport of VIEWPORTS) {
    it(`every step, clean and with errors, at ${viewport.name}`, async () => {
      const context = await newContext(viewport.width, viewport.height);
      const page = await context.newPage();
      for (const id of ESERVICES) {
        await openEService(page, id);
        const fillers = STEP_FILLERS[id];
        const steps = fillers?.length ?? 1;
        for (let step = 0; step < steps; step++) {
          const label = `${id} step ${step + 1} at ${viewport.name}`;
          const heading = await stepHeading(page);
          expect(await danglingReferences(page), label).toEqual([]);
          expect(await layoutProblems(page), label).toEqual([]);
          await scan(page, label);
          await scanErrorState(page, label);
          if (!fillers) break;
          await fillers[step]!(page);
          await page.getByTestId('next-button').click();
          await expect.poll(() => stepHeading(page), { message: label }).not.toBe(heading);
        }
        if (fillers) {
          // the summary of the answers, before sending
          await page.getByTestId('submit-button').waitFor();
          await scan(page, `${id} summary at ${viewport.name}`);
        }
      }
      await context.close();
    });
  }

  it('the error summary leads to the first field in error, which says it is invalid and what is wrong', async () => {
    const context = await newContext(1280, 900);
    const page = await context.newPage();
    await openEService(page, 'serveringstillstand');
    await page.getByTestId('next-button').click();
    const summary = page.getByTestId('error-summary');
    await summary.waitFor();
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('error-summary');

    const firstLink = summary.getByRole('link').first();
    expect(await firstLink.getAttribute('href')).toBe('#foretaget_organisationNumber');
    expect(await firstLink.textContent()).toBe('Skriv ett giltigt organisationsnummer, NNNNNN-NNNN.');
    const field = page.locator('#foretaget_organisationNumber');
    expect(await field.getAttribute('aria-invalid')).toBe('true');
    const describedBy = (await field.getAttribute('aria-describedby'))?.split(' ') ?? [];
    expect(describedBy).toEqual(['foretaget_organisationNumber__help', 'foretaget_organisationNumber__error']);
    for (const id of describedBy) expect(await page.locator(`#${id}`).count(), id).toBe(1);
    expect(await page.locator('#foretaget_organisationNumber__error').textContent()).toContain('Skriv ett giltigt organisationsnummer');
    expect(await page.locator('#foretaget_organisationNumber__error').evaluate((e) => e.closest('[aria-live]') !== null)).toBe(true);
    // the accessible name says the field is required
    expect(await page.getByRole('textbox', { name: 'Organisationsnummer (obligatoriskt)', exact: true }).getAttribute('id')).toBe(
      'foretaget_organisationNumber',
    );

    await firstLink.click();
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('foretaget_organisationNumber');

    // a radio group: the link lands on its first radio button; the fieldset carries the error text
    await openEService(page, 'felanmalan');
    await page.getByTestId('next-button').click();
    await page.getByTestId('error-summary').waitFor();
    expect(await page.getByTestId('error-summary').getByRole('link').first().getAttribute('href')).toBe('#arende_category');
    const radio = page.locator('#arende_category');
    expect(await radio.getAttribute('type')).toBe('radio');
    expect(await radio.getAttribute('aria-invalid')).toBe('true');
    const groupDescribedBy = await radio.evaluate((input) => input.closest('fieldset')?.getAttribute('aria-describedby'));
    expect(groupDescribedBy).toBe('arende_category__error');
    expect(await page.getByRole('group', { name: 'Vad gäller det? (obligatoriskt)', exact: true }).count()).toBe(1);
    await context.close();
  });
});
