import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { expectNoWcagViolations as scan } from './axe.js';
import { tabTo } from './keyboard.js';
import { appAndBrowser } from './suite.js';
import { announcement } from './designer-page.js';
import { staffPage } from './staff.js';

/**
 * The designer with the keyboard alone: every step below is a key press (Tab to reach a control,
 * Enter/Space to use it, typing), never a mouse event or a programmatic focus. The live region's
 * announcements are what a screen reader user hears after each change.
 */

const focusedId = (page: Page) => page.evaluate(() => document.activeElement?.id ?? '');

describe('a designer builds a small e-service with the keyboard only', () => {
  const suite = appAndBrowser();

  it('creates, adds and edits fields, reorders them, adds a step, undoes and redoes, publishes; axe finds nothing', async () => {
    const page = await staffPage(suite.browser, suite.app, { viewport: { width: 1600, height: 1000 } });
    await page.goto(`${suite.app.baseUrl}/admin?kommun=solbacka`);
    await tabTo(page, '[data-testid="new-eservice"]');
    await page.keyboard.press('Enter');
    await page.waitForSelector('#new-id');

    // start from an empty form
    await tabTo(page, '#new-id');
    await page.keyboard.type('cykelstall');
    await tabTo(page, '#new-title-sv');
    await page.keyboard.type('Önskemål om cykelställ');
    await tabTo(page, '#new-summary');
    await page.keyboard.type('Föreslå en plats för nya cykelställ.');
    await tabTo(page, '#new-contact-name');
    await page.keyboard.type('Trafikenheten');
    await tabTo(page, '#new-contact-email');
    await page.keyboard.type('trafik@solbacka.example.se');
    await page.keyboard.press('Enter');
    await page.waitForSelector('[data-testid="palette-short-text"]');
    await scan(page, 'the empty designer');

    // a short text from the palette: focus goes to its label, which typing replaces
    await tabTo(page, '[data-testid="palette-short-text"]');
    await page.keyboard.press('Enter');
    await expect.poll(() => focusedId(page)).toBe('designer-prop-label-sv');
    expect(await announcement(page)).toMatch(/tillagt på position 1 av 1/);
    await page.keyboard.type('Var ska cykelstället stå?');
    // a new question starts required
    expect(await page.locator('#designer-prop-required').isChecked()).toBe(true);

    await tabTo(page, '[data-testid="palette-yes-no"]', true);
    await page.keyboard.press('Enter');
    await expect.poll(() => focusedId(page)).toBe('designer-prop-label-sv');
    await page.keyboard.type('Är platsen kommunens mark?');

    // the skip link passes the steps and the palette: the canvas is the second Tab stop of the form tab
    await tabTo(page, '[data-testid="tab-versions"]', true);
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Hoppa till formulärets fält');
    await page.keyboard.press('Enter');
    // focus lands on the chosen field, the canvas's one Tab stop
    await expect.poll(() => focusedId(page)).toBe('designer-field-yesNo');
    const order = () => page.locator('.designer-fields .designer-field-label').allTextContents();

    // Alt+↑ moves the yes/no question up; focus stays on it and the move is announced
    await page.keyboard.press('Alt+ArrowUp');
    await expect.poll(() => announcement(page)).toBe('Fält Är platsen kommunens mark? flyttat till position 1 av 2.');
    expect(await order()).toEqual(['Är platsen kommunens mark?', 'Var ska cykelstället stå?']);
    await expect.poll(() => focusedId(page)).toBe('designer-field-yesNo');
    // ↓ moves the selection (and focus) to the next field; its properties open beside the canvas
    await page.keyboard.press('ArrowDown');
    await expect.poll(() => focusedId(page)).toBe('designer-field-shortText');
    await expect.poll(() => page.locator('#designer-prop-label-sv').inputValue()).toBe('Var ska cykelstället stå?');
    // one Tab stop per field: Tab reaches the chosen field's menu, then leaves the canvas
    await page.keyboard.press('Tab');
    expect(await focusedId(page)).toBe('designer-field-shortText-menu');
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.closest('#designer-canvas') === null)).toBe(true);
    // the field's menu (WAI-ARIA menu button): ↓ opens it on its first item, Escape closes it
    await page.keyboard.press('Shift+Tab');
    await page.keyboard.press('ArrowDown');
    await expect.poll(() => page.evaluate(() => document.activeElement?.textContent)).toBe('Flytta upp');
    await page.keyboard.press('End');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Ta bort');
    await page.keyboard.press('Escape');
    expect(await focusedId(page)).toBe('designer-field-shortText-menu');
    expect(await page.getByRole('menu').count()).toBe(0);
    // Enter opens it; "Flytta upp" moves the field, announced; Ctrl+↓ moves it back
    await page.keyboard.press('Enter');
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('role'))).toBe('menuitem');
    await scan(page, 'a field menu open');
    await page.keyboard.press('Enter');
    await expect.poll(() => announcement(page)).toBe('Fält Var ska cykelstället stå? flyttat till position 1 av 2.');
    await expect.poll(() => focusedId(page)).toBe('designer-field-shortText');
    await page.keyboard.press('Control+ArrowDown');
    await expect.poll(() => order()).toEqual(['Är platsen kommunens mark?', 'Var ska cykelstället stå?']);
    expect(await announcement(page)).toBe('Fält Var ska cykelstället stå? flyttat till position 2 av 2.');

    // a second step, with an e-mail field
    await tabTo(page, '.designer-add-step summary', true);
    await page.keyboard.press('Enter');
    await tabTo(page, '#designer-new-step-sv');
    await page.keyboard.type('Kontakt');
    await page.keyboard.press('Enter');
    await expect.poll(() => announcement(page)).toBe('Steget ”Kontakt” är tillagt som steg 2.');
    await tabTo(page, '[data-testid="palette-email"]');
    await page.keyboard.press('Enter');
    await expect.poll(() => focusedId(page)).toBe('designer-prop-label-sv');
    await page.keyboard.type('Din e-post');
    await expect.poll(() => order()).toEqual(['Din e-post']);
    // the designer marks an optional one
    await tabTo(page, '#designer-prop-required');
    await page.keyboard.press('Space');
    await expect.poll(() => page.locator('#designer-prop-required').isChecked()).toBe(false);

    // Ctrl+Z takes back the typed label (one step for the whole word), Ctrl+Y brings it back
    await page.keyboard.press('Control+z');
    await expect.poll(() => page.locator('#designer-prop-required').isChecked()).toBe(true);
    await page.keyboard.press('Control+z');
    await expect.poll(() => order()).toEqual(['E-postadress']);
    await page.keyboard.press('Control+y');
    await expect.poll(() => order()).toEqual(['Din e-post']);
    await page.keyboard.press('Control+y');
    await expect.poll(() => page.locator('#designer-prop-required').isChecked()).toBe(false);

    await expect.poll(() => page.getByTestId('save-status').getAttribute('data-state'), { timeout: 10_000 }).toBe('saved');
    await scan(page, 'the designer with a field chosen');

    // the publish gate refuses what the must-requirements lack, and the designer says which
    await tabTo(page, '[data-testid="publish"]', true);
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('main').textContent(), { timeout: 30_000 }).toContain('Skall-kraven uppfylls inte');
    await expect.poll(() => page.locator('main').textContent()).toContain('Rättslig grund saknas.');
    // completed with the keyboard too: the second step's English title, then the settings tabs
    await tabTo(page, 'button[aria-label="Byt namn på steget Kontakt"]');
    await page.keyboard.press('Enter');
    await tabTo(page, '#designer-rename-en');
    await page.keyboard.type('Contact');
    await page.keyboard.press('Enter');
    await expect.poll(() => announcement(page)).toContain('Kontakt');
    await tabTo(page, '[data-testid="tab-settings"]');
    await page.keyboard.press('Enter');
    await page.waitForSelector('#settings-catalogue_title_sv');
    await scan(page, 'the settings: catalogue');
    const openSection = async (name: string) => {
      await tabTo(page, `[data-testid="settings-${name}"]`, true);
      await page.keyboard.press('Enter');
    };
    await openSection('personalData');
    await tabTo(page, '#settings-personalData_purpose_sv');
    await page.keyboard.type('Att planera nya cykelställ.');
    await tabTo(page, '#settings-personalData_purpose_en');
    await page.keyboard.type('To plan new bicycle stands.');
    // a closed select takes the first letters of an option: "Allmänt intresse"
    await tabTo(page, '#settings-personalData_legalBasis');
    await page.keyboard.type('Allm');
    // the retention period is a number and a unit (år by default)
    await tabTo(page, '#settings-personalData_retention_period');
    await page.keyboard.type('1');
    await expect.poll(() => page.getByTestId('settings-unmet').count()).toBe(0);
    await openSection('delivery');
    await tabTo(page, '#connector-new-id');
    await page.keyboard.type('trafik');
    await page.keyboard.press('Enter');
    await expect.poll(() => announcement(page)).toBe('Mottagaren trafik är tillagd. Fyll i dess inställningar.');
    await tabTo(page, '#connector-0-options_to');
    await page.keyboard.type('trafik@solbacka.example.se');
    await scan(page, 'the settings: delivery');
    await openSection('accessibility');
    await tabTo(page, '#settings-accessibility_feedback_email');
    await page.keyboard.type('trafik@solbacka.example.se');
    await expect.poll(() => page.getByTestId('save-status').getAttribute('data-state'), { timeout: 10_000 }).toBe('saved');
    await tabTo(page, '[data-testid="publish"]', true);
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('main').textContent(), { timeout: 30_000 }).toContain('E-tjänsten är publicerad som version 1.');

    // the other settings and the version list, reached and scanned the same way
    await tabTo(page, '[data-testid="settings-access"]');
    await page.keyboard.press('Enter');
    // a radio group is one Tab stop; the arrow keys choose
    await tabTo(page, '#access-eid');
    await page.keyboard.press('ArrowUp');
    await scan(page, 'the settings: access');
    await expect.poll(() => page.getByTestId('save-status').getAttribute('data-state'), { timeout: 10_000 }).toBe('saved');
    await tabTo(page, '[data-testid="tab-versions"]', true);
    await page.keyboard.press('Enter');
    await tabTo(page, '[data-testid="compare-versions"]');
    await page.keyboard.press('Enter');
    // no field differs from version 1; the access setting changed above does
    await expect.poll(() => page.getByTestId('version-diff').textContent()).toBe('Ändrade inställningarInloggning och tillitsnivå');
    await scan(page, 'the versions');

    const response = await fetch(`${suite.app.baseUrl}/api/municipalities/solbacka/eservices/cykelstall/versions/1`, { headers: suite.app.administrator.headers });
    const { definition } = (await response.json()) as { definition: { form: { steps: { title: { sv: string; en?: string }; fields: string[] }[]; schema: { required?: string[] } } } };
    expect(definition.form.steps.map((s) => s.title)).toEqual([{ sv: 'Steg 1', en: 'Step 1' }, { sv: 'Kontakt', en: 'Contact' }]);
    expect(definition.form.steps[0]!.fields).toEqual(['yesNo', 'shortText']);
    expect(definition.form.schema.required).toEqual(['shortText', 'yesNo']);
    const draft = (await (await fetch(`${suite.app.baseUrl}/api/municipalities/solbacka/eservices/cykelstall`, { headers: suite.app.administrator.headers })).json()) as { definition: Record<string, unknown> };
    expect(draft.definition).toMatchObject({
      access: { login: 'none' },
      personalData: { legalBasis: 'public-task', retention: { period: 'P1Y' } },
      delivery: { connectors: [{ id: 'trafik', type: 'email', options: { to: 'trafik@solbacka.example.se' } }] },
      accessibility: { feedback: { email: 'trafik@solbacka.example.se' } },
    });
    await page.close();
    // a long journey: every control reached by Tab presses
  }, 120_000);

  it('refuses the second of two concurrent saves with a message and a reload that shows the other change', async () => {
    const [first, second] = await Promise.all([staffPage(suite.browser, suite.app, { viewport: { width: 1600, height: 1000 } }), staffPage(suite.browser, suite.app, { viewport: { width: 1600, height: 1000 } })]);
    const url = `${suite.app.baseUrl}/admin/designer/solbacka/felanmalan`;
    await Promise.all([first.goto(url), second.goto(url)]);
    for (const page of [first, second]) await page.waitForSelector('[data-testid="palette-short-text"]');

    await tabTo(first, '[data-testid="palette-short-text"]');
    await first.keyboard.press('Enter');
    // the new field's label takes focus: typed before that, a space would press the palette button again
    await expect.poll(() => focusedId(first)).toBe('designer-prop-label-sv');
    await first.keyboard.type('Från den första');
    await expect.poll(() => first.getByTestId('save-status').getAttribute('data-state'), { timeout: 10_000 }).toBe('saved');

    await tabTo(second, '[data-testid="palette-long-text"]');
    await second.keyboard.press('Enter');
    await expect.poll(() => focusedId(second)).toBe('designer-prop-label-sv');
    await second.keyboard.type('Från den andra');
    const conflict = second.getByTestId('conflict');
    await expect.poll(() => conflict.textContent(), { timeout: 10_000 }).toContain('Någon annan har ändrat');
    expect(await second.getByTestId('save-status').textContent()).toBe('Inte sparat: någon annan har ändrat utkastet');

    // the first one's change is stored, the second's is not
    const stored = (await (await fetch(`${suite.app.baseUrl}/api/municipalities/solbacka/eservices/felanmalan`, { headers: suite.app.administrator.headers })).json()) as { definition: { form: { texts: Record<string, { label: { sv: string } }> } } };
    const labels = Object.values(stored.definition.form.texts).map((t) => t.label.sv);
    expect(labels).toContain('Från den första');
    expect(labels).not.toContain('Från den andra');

    await tabTo(second, '[data-testid="conflict"] button', true);
    await second.keyboard.press('Enter');
    await expect.poll(() => second.locator('.designer-fields .designer-field-label').allTextContents(), { timeout: 10_000 }).toContain('Från den första');
    expect(await second.getByTestId('save-status').getAttribute('data-state')).toBe('saved');
    await Promise.all([first.close(), second.close()]);
  });
});
