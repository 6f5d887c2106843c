import type { EServiceDefinition } from '@etjanst/schemas';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { expectNoWcagViolations as scan } from './axe.js';
import { previewOf } from './designer-preview.js';
import { tabTo } from './keyboard.js';
import { appAndBrowser } from './suite.js';
import { addField, announcement, startNewEService } from './designer-page.js';
import { staffPage } from './staff.js';

/**
 * A department makes "Antal barn" a calculated value (the number of rows in the children's
 * repeating group) in the designer: fields through the palette, the calculation editor with the
 * keyboard alone. The preview computes the value as the citizen would see it, the server's
 * validator accepts the answers, and the saved draft holds the calculation. Moved to a later step
 * than their count, the rows make a should-requirement (SK-FORM-002) that shows at the field.
 */

const ESERVICE = 'barnomsorg-antal';

const focusedId = (page: Page) => page.evaluate(() => document.activeElement?.id ?? '');

describe('a calculated value built in the designer', () => {
  const suite = appAndBrowser();

  it('counts the rows of a repeating group, in the preview, the draft and the test fill', async () => {
    const page = await staffPage(suite.browser, suite.app, { viewport: { width: 1600, height: 1100 } });
    await page.goto(`${suite.app.baseUrl}/admin?kommun=solbacka`);
    await page.getByTestId('new-eservice').click();
    await startNewEService(page, {
      id: ESERVICE,
      title: { sv: 'Barnomsorg: antal barn' },
      summary: 'Ange dina barn.',
      contact: { name: 'Förskoleantagningen', email: 'forskola@solbacka.example.se' },
    });

    // a repeating group "Barn" with a first name per row, then "Antal barn" on the step
    await addField(page, 'repeating-group', 'Barn');
    await page.locator('#designer-prop-itemNoun-sv').fill('barn');
    // a new repeating group asks for no row; required, it asks for at least one
    await page.getByTestId('prop-required').check();
    await addField(page, 'short-text', 'Förnamn');
    await page.getByTestId('prop-required').check();
    await page.getByRole('button', { name: /^1\. Steg 1/ }).click();
    await addField(page, 'number', 'Antal barn');

    // the calculation editor, with the keyboard: on, then "Antal rader/val" of "Barn"
    await tabTo(page, '#calculation-on');
    await page.keyboard.press('Space');
    await expect.poll(() => announcement(page)).toBe('Fältet ”Antal barn” är nu ett beräknat värde: Summa av fält.');
    // no other number field yet: the sum starts from a fixed number
    expect(await page.locator('#calculation-operand-1').inputValue()).toBe('');
    expect(await page.locator('#calculation-operand-1-value').inputValue()).toBe('0');
    await tabTo(page, '#calculation-add-operand');
    await page.keyboard.press('Enter');
    await expect.poll(() => announcement(page)).toBe('Term 2 är tillagd.');
    await expect.poll(() => focusedId(page)).toBe('calculation-operand-2');
    await scan(page, 'the calculation editor, a sum of two terms');
    await tabTo(page, 'button[aria-label="Ta bort term 2 (0)"]');
    await page.keyboard.press('Enter');
    await expect.poll(() => announcement(page)).toBe('Term 2 (0) är borttagen.');
    await expect.poll(() => focusedId(page)).toBe('calculation-operand-1');
    await tabTo(page, '#calculation-kind', true);
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    await expect.poll(() => page.locator('#calculation-kind').inputValue()).toBe('count');
    expect(await focusedId(page)).toBe('calculation-kind');
    await tabTo(page, '#calculation-count-field');
    expect(await page.locator('#calculation-count-field option:checked').textContent()).toBe('Barn');
    expect(await page.locator('#calculation-kind option[value="date-difference"]').textContent()).toBe('Tid mellan två datum (formuläret har inget sådant fält)');
    await scan(page, 'the calculation editor, a count');
    // the preview follows the formula at once: the group starts with one row
    await expect.poll(() => previewOf(page).locator('#steg-1_number').inputValue()).toBe('1');
    expect(await page.getByTestId('designer-field-number').textContent()).toContain('beräknat värde');

    // the draft on the server holds the calculation, and the validator that saved it agreed
    await expect.poll(() => page.getByTestId('save-status').getAttribute('data-state'), { timeout: 15_000 }).toBe('saved');
    const draft = (await (await fetch(`${suite.app.baseUrl}/api/municipalities/solbacka/eservices/${ESERVICE}`, { headers: suite.app.administrator.headers })).json()) as { definition: EServiceDefinition };
    expect(draft.definition.form.calculations).toEqual([{ field: 'number', formula: { kind: 'count', field: 'repeatingGroup' } }]);

    // the group is what the count reads: deleting it is refused, naming the calculation
    await page.getByRole('button', { name: 'Åtgärder för Barn' }).click();
    await page.getByRole('menuitem', { name: 'Ta bort' }).click();
    await expect.poll(() => announcement(page)).toBe('Fältet ”Barn” används i beräkningen av ”Antal barn”. Ändra eller ta bort beräkningen först.');
    await expect.poll(() => page.getByTestId('designer-field-repeatingGroup').count()).toBe(1);

    // the preview computes the count as the citizen fills in rows, read-only, and the server's validator accepts it
    const preview = previewOf(page);
    const count = preview.locator('#steg-1_number');
    await preview.locator('#steg-1_repeatingGroup_0_shortText').fill('Ella');
    await expect.poll(() => count.inputValue()).toBe('1');
    await preview.getByRole('button', { name: 'Lägg till barn' }).click();
    await preview.locator('#steg-1_repeatingGroup_1_shortText').fill('Nils');
    await expect.poll(() => count.inputValue()).toBe('2');
    expect(await count.isEditable()).toBe(false);
    await preview.getByTestId('next-button').click();
    // the review-and-send summary, as in the portal, then send
    await preview.getByTestId('submit-button').click();
    await expect.poll(() => page.getByTestId('test-fill-result').getAttribute('data-valid')).toBe('true');

    // the rows moved to a later step than their count: a should-requirement not met (SK-FORM-002), at the calculated field
    await page.locator('.designer-add-step summary').click();
    await page.locator('#designer-new-step-sv').fill('Barnen');
    await page.getByRole('button', { name: 'Lägg till steg', exact: true }).last().click();
    await page.getByRole('button', { name: /^1\. Steg 1/ }).click();
    // moving to another step is an explicit action: the step is chosen, then "Flytta" moves the field
    await page.getByRole('button', { name: 'Åtgärder för Barn' }).click();
    await page.getByRole('menuitem', { name: 'Flytta till steg …' }).click();
    await page.getByLabel('Flytta Barn till steg').selectOption({ label: 'Barnen' });
    expect(await page.getByTestId('designer-field-repeatingGroup').count()).toBe(1);
    await page.getByRole('button', { name: 'Flytta', exact: true }).click();
    await expect.poll(() => page.getByTestId('designer-field-repeatingGroup').count()).toBe(0);
    expect(await announcement(page)).toBe('Fält Barn flyttat till steget Barnen, position 1 av 1.');
    await page.getByTestId('designer-field-number').locator('.designer-field-select').click();
    const warnings = page.getByTestId('field-requirements-should');
    await expect.poll(() => warnings.textContent()).toContain('Det beräknade fältet ”Antal barn” visas i steg 1 ”Steg 1” men räknas fram ur ”Barn” i steg 2 ”Barnen”');
    expect(await warnings.textContent()).toContain('(SK-FORM-002)');
    expect(await page.getByTestId('field-requirements-must').count()).toBe(0);
    expect(await page.getByTestId('designer-field-number').locator('.designer-field-unmet').textContent()).toBe('1 krav inte uppfyllt');
    await scan(page, 'a calculated field with a should-requirement not met');

    // off again: announced, and the draft no longer calculates; the warning goes with it
    await page.getByTestId('designer-field-number').locator('.designer-field-select').click();
    await page.locator('#calculation-on').focus();
    await page.keyboard.press('Space');
    await expect.poll(() => announcement(page)).toBe('Fältet ”Antal barn” är inte längre ett beräknat värde.');
    expect(await page.locator('#calculation-kind').count()).toBe(0);
    await expect.poll(() => warnings.count()).toBe(0);
    await expect.poll(() => page.getByTestId('save-status').getAttribute('data-state'), { timeout: 15_000 }).toBe('saved');
    const after = (await (await fetch(`${suite.app.baseUrl}/api/municipalities/solbacka/eservices/${ESERVICE}`, { headers: suite.app.administrator.headers })).json()) as { definition: EServiceDefinition };
    expect(after.definition.form).not.toHaveProperty('calculations');
    await page.close();
  });
});
