import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { expectNoWcagViolations as scan } from './axe.js';
import { previewOf } from './designer-preview.js';
import { addField, announcement, startNewEService } from './designer-page.js';
import { appAndBrowser } from './suite.js';
import { staffPage } from './staff.js';

const focusedId = (page: Page) => page.evaluate(() => document.activeElement?.id ?? '');
const focusedInPreview = (page: Page) => previewOf(page).evaluate((body) => body.ownerDocument.activeElement?.id ?? '');

/**
 * A department ranks preschools and asks about a sibling only when an earlier answer or the
 * ranking calls for it: a condition of two clauses ("any of"), one on an earlier step, built with
 * the keyboard in the condition editor; the preview ranks with drop-down lists (no dragging),
 * carries the earlier answer into the later step and ends with the review-and-send summary.
 */
describe('conditions with several clauses and a ranked choice, built in the designer', () => {
  const suite = appAndBrowser();

  it('builds "any of" two clauses, one on an earlier step, and the preview and its summary follow it', async () => {
    const page = await staffPage(suite.browser, suite.app, { viewport: { width: 1600, height: 1100 } });
    await page.goto(`${suite.app.baseUrl}/admin?kommun=solbacka`);
    await page.getByTestId('new-eservice').click();
    await startNewEService(page, {
      id: 'forskola-rangordning',
      title: { sv: 'Förskola med rangordning' },
      summary: 'Rangordna förskolorna.',
      contact: { name: 'Förskoleantagningen', email: 'forskola@solbacka.example.se' },
    });
    await addField(page, 'yes-no', 'Har barnet syskon i förskolan?');
    await page.locator('.designer-add-step summary').click();
    await page.locator('#designer-new-step-sv').fill('Önskemål');
    await page.getByRole('button', { name: 'Lägg till steg', exact: true }).last().click();
    await addField(page, 'ranked-choice', 'Rangordna förskolorna');
    await addField(page, 'long-text', 'Syskonets namn');
    await page.getByTestId('prop-required').check();

    // the field may look at the earlier step's answer: the choices are grouped by step
    await page.getByTestId('condition-on').check();
    const field = page.getByTestId('condition-field');
    expect(await field.locator('optgroup').evaluateAll((groups) => groups.map((g) => g.getAttribute('label')))).toEqual(['Steg 1: Steg 1', 'Steg 2: Önskemål']);
    await field.selectOption({ label: 'Har barnet syskon i förskolan?' });
    await page.getByTestId('condition-value').selectOption('true');

    // a second clause with the keyboard: announced, focus on its field
    await page.getByTestId('condition-add').focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => announcement(page)).toBe('Villkor 2 har lagts till.');
    expect(await focusedId(page)).toBe('condition-2-field');
    await page.getByTestId('condition-2-field').selectOption({ label: 'Rangordna förskolorna' });
    await page.getByTestId('condition-2-operator').selectOption('contains');
    await page.getByTestId('condition-2-value').selectOption({ label: 'Alternativ 3' });
    await page.getByTestId('condition-mode-any').check();
    await scan(page, 'a condition of two clauses');

    // removing a clause is announced and leaves focus on "add"; a third is added and removed again
    await page.getByTestId('condition-add').click();
    await page.getByTestId('condition-3-remove').focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => announcement(page)).toBe('Villkor 3 har tagits bort.');
    expect(await focusedId(page)).toBe('condition-add');
    expect(await page.getByTestId('condition-3-field').count()).toBe(0);

    // the preview: no sibling, and a ranking without option 3, so the question stays hidden; the last
    // change saved first, so the preview (which follows the designer once typing pauses) is not redrawn under the test fill
    await expect.poll(() => page.getByTestId('save-status').getAttribute('data-state'), { timeout: 15_000 }).toBe('saved');
    const preview = previewOf(page);
    await page.getByRole('button', { name: /^1\. Steg 1/ }).click();
    await preview.getByLabel('Nej').check();
    await preview.getByTestId('next-button').click();
    const rank = (n: number) => preview.getByLabel(`Val ${n}`, { exact: true });
    await rank(1).waitFor();
    expect(await preview.getByLabel('Syskonets namn').count()).toBe(0);
    await rank(1).selectOption({ label: 'Alternativ 2' });
    await rank(2).selectOption({ label: 'Alternativ 1' });
    // choosing a ranked option again swaps the two, said in the live region
    await rank(1).selectOption({ label: 'Alternativ 1' });
    await expect.poll(() => preview.locator('.ranking [role="status"]').textContent()).toBe('Alternativ 1 är nu val 1 och Alternativ 2 val 2.');
    expect(await rank(2).inputValue()).toBe('alternativ-2');
    await scan(page, 'the ranking in the preview');
    // the keyboard alone: Tab reaches each rank in order
    await rank(1).focus();
    await page.keyboard.press('Tab');
    expect(await focusedInPreview(page)).toMatch(/__rank-2$/);
    await preview.getByTestId('next-button').click();

    // the summary step, as the portal shows it, with the ranking numbered in its order
    await expect.poll(() => preview.locator('.ranking-answer li').allTextContents()).toEqual(['Alternativ 1', 'Alternativ 2']);
    expect(await preview.locator('.designer-preview-step').textContent()).toBe('Steg 3 av 3: Granska och skicka');
    await scan(page, 'the summary in the preview');
    await preview.getByTestId('submit-button').click();
    await expect.poll(() => page.getByTestId('test-fill-result').getAttribute('data-valid')).toBe('true');

    // a sibling (the earlier step's answer) shows the question on the later step, and requires it
    await preview.getByRole('button', { name: /Ändra Steg 1/ }).click();
    await preview.getByLabel('Ja').check();
    await preview.getByTestId('next-button').click();
    const sibling = preview.getByLabel(/Syskonets namn/);
    await sibling.waitFor();
    await preview.getByTestId('next-button').click();
    await expect.poll(() => sibling.getAttribute('aria-invalid')).toBe('true');
    await sibling.fill('Ella');
    await preview.getByTestId('next-button').click();
    await expect.poll(() => preview.locator('.answers dd').allTextContents()).toContain('Ella');
    await preview.getByTestId('submit-button').click();
    await expect.poll(() => page.getByTestId('test-fill-result').getAttribute('data-valid')).toBe('true');
    await page.close();
  }, 180_000);
});
