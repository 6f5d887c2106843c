import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, startTestApp, type TestApp } from '../../server/src/test-support/app.js';
import { expectNoWcagViolations } from './axe.js';
import { launchChromium } from './browser.js';
import { CLIENT_DIR } from './demo-portal.js';
import { longGroupEService } from './long-group.js';
import { submitAndReadStoredAnswers } from './citizen.js';

const ROWS = 45;

const nameId = (row: number) => `barn_children_${row - 1}_name`;
const activeId = (page: Page) => page.evaluate(() => document.activeElement?.id ?? '');
const pagerStatus = (page: Page) => page.locator('.repeat-pager [role="status"]').textContent();
/** The group's texts use a no-break space in "1 000"; the rows here are below a thousand. */
const showing = (first: number, last: number, total: number) => `Visar rad ${first}–${last} av ${total}`;
const shownRows = (page: Page) => page.locator('.repeat-item-legend').allTextContents();

describe('a repeating group longer than a page', () => {
  let app: TestApp;
  let browser: Browser;
  beforeAll(async () => {
    [app, browser] = await Promise.all([startTestApp({ clientDir: CLIENT_DIR }), launchChromium()]);
    const base = '/api/municipalities/solbacka/eservices';
    expect((await call(app.baseUrl, 'POST', base, longGroupEService())).status).toBe(201);
    // the full publish gate, browser scan included
    const published = await call(app.baseUrl, 'POST', `${base}/barnlista/publish`);
    expect(published.status, JSON.stringify(published.body.failedRules)).toBe(201);
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  it('is filled in page by page with the keyboard, reaches an error on another page and sends every row', { timeout: 300_000 }, async () => {
    const page = await browser.newPage();
    await page.goto(`${app.baseUrl}/solbacka/e-tjanster/barnlista`);
    await expect.poll(() => page.getByTestId('step-heading').textContent()).toMatch(/Barnen/);
    const add = page.getByRole('button', { name: 'Lägg till rad' });

    // rows are added with the keyboard: each new row is shown and its first field has focus
    await page.locator(`#${nameId(1)}`).focus();
    await page.keyboard.insertText('Barn 1');
    for (let row = 2; row <= ROWS; row++) {
      await add.focus();
      await page.keyboard.press('Enter');
      await expect.poll(() => activeId(page), { timeout: 20_000 }).toBe(nameId(row));
      await page.keyboard.insertText(`Barn ${row}`);
      if (row === 20) expect(await page.locator('.repeat-pager').count(), 'twenty rows are one page, drawn as before').toBe(0);
    }
    // the 45th row is on the third page, which shows rows 41-45 only
    expect(await pagerStatus(page)).toBe(showing(41, 45, ROWS));
    expect(await shownRows(page)).toEqual(['Rad 41', 'Rad 42', 'Rad 43', 'Rad 44', 'Rad 45']);
    expect(await page.locator('.repeat-pages-summary').textContent()).toBe(showing(41, 45, ROWS));
    await expectNoWcagViolations(page, 'a repeating group of 45 rows, third page');

    // previous page by keyboard; focus stays on the button, also at the first page
    const previous = page.getByRole('button', { name: 'Föregående sida' });
    await previous.focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => pagerStatus(page)).toBe(showing(21, 40, ROWS));
    await page.keyboard.press('Enter');
    await expect.poll(() => pagerStatus(page)).toBe(showing(1, 20, ROWS));
    expect(await previous.getAttribute('aria-disabled')).toBe('true');
    await page.keyboard.press('Enter');
    expect(await pagerStatus(page)).toBe(showing(1, 20, ROWS));
    expect(await activeId(page)).toBe('barn_children__previous-page');
    expect(await page.locator(`#${nameId(1)}`).inputValue()).toBe('Barn 1');
    // the page list is next in the tab order; the arrow key moves to page 2
    await page.keyboard.press('Tab');
    expect(await activeId(page)).toBe('barn_children__page');
    expect(await page.getByLabel('Sida').locator('option').allTextContents()).toEqual(['1 av 3 (1–20)', '2 av 3 (21–40)', '3 av 3 (41–45)']);
    await page.keyboard.press('ArrowDown');
    await expect.poll(() => pagerStatus(page)).toBe(showing(21, 40, ROWS));
    expect(await page.locator(`#${nameId(21)}`).inputValue()).toBe('Barn 21');

    // removing row 25 keeps the page; the rows after it move up
    await page.getByRole('button', { name: 'Ta bort rad 25' }).focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => pagerStatus(page)).toBe(showing(21, 40, ROWS - 1));
    expect(await page.locator(`#${nameId(25)}`).inputValue()).toBe('Barn 26');
    expect(await page.locator('.repeat-group > [role="status"]').textContent()).toBe('Rad 25 har tagits bort.');
    // adding goes to the page of the new row
    await add.focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => activeId(page)).toBe(nameId(ROWS));
    expect(await pagerStatus(page)).toBe(showing(41, 45, ROWS));
    await page.keyboard.insertText('Barn 46');

    // rows 22 (page 2) and 43 (page 3) lose their names; Next from page 1 shows the page of the
    // first error and the error summary, which lists both in the order of the rows
    await page.locator(`#${nameId(43)}`).fill('');
    await page.getByLabel('Sida').selectOption('1');
    await page.locator(`#${nameId(22)}`).fill('');
    await page.getByLabel('Sida').selectOption('0');
    await expect.poll(() => pagerStatus(page)).toBe(showing(1, 20, ROWS));
    await page.getByTestId('next-button').click();
    await expect.poll(() => activeId(page)).toBe('barn-error-summary');
    await expect.poll(() => pagerStatus(page)).toBe(showing(21, 40, ROWS));
    const links = page.locator('.error-summary a');
    expect(await links.evaluateAll((as) => as.map((a) => a.getAttribute('href')))).toEqual([`#${nameId(22)}`, `#${nameId(43)}`]);
    const invalid = page.locator(`#${nameId(22)}`);
    expect(await invalid.getAttribute('aria-invalid')).toBe('true');
    const describedBy = (await invalid.getAttribute('aria-describedby')) ?? '';
    expect(await page.locator(`#${describedBy.split(' ').find((id) => id.endsWith('__error'))}`).textContent()).toMatch(/\S/);
    const options = page.getByLabel('Sida').locator('option');
    expect(await options.allTextContents()).toEqual(['1 av 3 (1–20)', '2 av 3 (21–40), har fel', '3 av 3 (41–45), har fel']);
    await expectNoWcagViolations(page, 'a repeating group of 45 rows after a failed Next');

    // the summary's link to row 43 switches to page 3 and focuses the field
    await links.nth(1).focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => activeId(page)).toBe(nameId(43));
    expect(await pagerStatus(page)).toBe(showing(41, 45, ROWS));
    await page.keyboard.insertText('Barn 44');
    // and the one to row 22 back to page 2
    await links.nth(0).focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => activeId(page)).toBe(nameId(22));
    expect(await pagerStatus(page)).toBe(showing(21, 40, ROWS));
    await page.keyboard.insertText('Barn 22');

    // every page's rows arrive at the server
    await page.getByTestId('next-button').click();
    const names = [...Array.from({ length: ROWS }, (_, i) => `Barn ${i + 1}`).filter((name) => name !== 'Barn 25'), 'Barn 46'];
    expect(await submitAndReadStoredAnswers(page, app.database.db)).toEqual({ children: names.map((name) => ({ name })) });
    await page.close();
  });
});
