import { dateFromToday } from '@etjanst/schemas';
import type { Locator } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { previewOf } from './designer-preview.js';
import { addField, startNewEService } from './designer-page.js';
import { appAndBrowser } from './suite.js';
import { staffPage } from './staff.js';

/**
 * A department asks for a start date at least four months from the day of applying and an end
 * date after it, in the designer's property panel; the preview shows each broken rule at its
 * field, worded as the server words it.
 */
describe('date limits and rules between answers built in the designer', () => {
  const suite = appAndBrowser();

  it('shows "too early" and "not after the start date" at their fields in the preview', async () => {
    const page = await staffPage(suite.browser, suite.app, { viewport: { width: 1600, height: 1100 } });
    await page.goto(`${suite.app.baseUrl}/admin?kommun=solbacka`);
    await page.getByTestId('new-eservice').click();
    await startNewEService(page, {
      id: 'placering-datum',
      title: { sv: 'Placering med datum' },
      summary: 'Ange när placeringen börjar och slutar.',
      contact: { name: 'Förskoleantagningen', email: 'forskola@solbacka.example.se' },
    });
    await addField(page, 'date', 'Startdatum');
    await page.getByTestId('prop-earliestFromToday-amount').fill('4');
    await addField(page, 'date', 'Slutdatum');
    await page.getByTestId('add-answer-rule-after').click();
    expect(await page.locator('#answer-rule-0-other option:checked').textContent()).toBe('Startdatum');

    const preview = previewOf(page);
    const errorAt = async (field: Locator) => preview.locator(`#${await field.getAttribute('id')}__error`);
    const start = preview.getByLabel('Startdatum');
    const end = preview.getByLabel('Slutdatum');
    const tooEarly = dateFromToday({ months: 1 });
    await start.fill(tooEarly);
    await end.fill(tooEarly);
    await preview.getByTestId('next-button').click();
    await expect.poll(async () => (await errorAt(start)).textContent()).toContain(`”Startdatum” får vara tidigast ${dateFromToday({ months: 4 })}.`);
    expect(await (await errorAt(end)).textContent()).toContain('”Slutdatum” ska vara senare än ”Startdatum”.');
  });
});
