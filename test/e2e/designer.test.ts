import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { loggedIn } from '../../server/src/test-support/sessions.js';
import { expectNoWcagViolations as scan } from './axe.js';
import { previewFrame, previewOf } from './designer-preview.js';
import { appAndBrowser } from './suite.js';
import { addField, announcement, labelBox as label, startNewEService } from './designer-page.js';
import { staffPage } from './staff.js';

/**
 * A department builds a preschool application from an empty draft in the designer, through the
 * UI only: palette (click and drag), properties, a repeating group, one condition, two steps.
 * The preview's test fill and the server judge the same answers alike; published, a citizen
 * submits it in the portal.
 */

const ESERVICE = 'forskoleplats-ny';
const VALID_CHILD = { personnummer: '20210314-2382', name: 'Ella' };


describe('the preschool application built in the designer', () => {
  const suite = appAndBrowser();

  async function fillChild(scope: Locator | Page, stepId: string, child: typeof VALID_CHILD): Promise<void> {
    await scope.locator(`#${stepId}_repeatingGroup_0_personnummer`).fill(child.personnummer);
    await scope.locator(`#${stepId}_repeatingGroup_0_shortText`).fill(child.name);
  }

  async function fillWishes(scope: Locator | Page): Promise<void> {
    await scope.locator('#onskemal_date').fill('2027-08-01');
    await scope.locator('#onskemal_number').fill('30');
    await scope.getByLabel('Solrosen').check();
    await scope.getByLabel('Ja', { exact: true }).check();
    await scope.getByLabel('Beskriv behoven').fill('Ella behöver stöd med språket.');
    await scope.getByLabel(/Jag intygar/).check();
  }

  it('is built, test-filled, published and submitted', async () => {
    const page = await staffPage(suite.browser, suite.app, { viewport: { width: 1600, height: 1100 } });
    await page.goto(`${suite.app.baseUrl}/admin?kommun=solbacka`);
    await page.getByTestId('new-eservice').click();
    await startNewEService(page, {
      id: ESERVICE,
      title: { sv: 'Ansökan om förskoleplats (ny)', en: 'Preschool application (new)' },
      summary: 'Ansök om plats i förskola för ditt barn.',
      contact: { name: 'Förskoleantagningen', email: 'forskola@solbacka.example.se' },
    });

    // step 1: "Barnet", with the children as a repeating group of personnummer and first name
    await page.getByRole('button', { name: 'Byt namn på steget Steg 1' }).click();
    await page.locator('#designer-rename-sv').fill('Barnet');
    await page.locator('#designer-rename-en').fill('The child');
    await page.getByRole('button', { name: 'Spara rubriken' }).click();
    await addField(page, 'repeating-group', 'Barn');
    await page.locator('#designer-prop-itemNoun-sv').fill('barn');
    // a new repeating group asks for no row; required, it asks for at least one
    await page.getByTestId('prop-required').check();
    // a new question starts required
    await addField(page, 'personnummer', 'Barnets personnummer');
    expect(await page.getByTestId('prop-required').isChecked()).toBe(true);
    // a field of the group chosen, the palette adds after it in the group; its fields are drawn inside it on the canvas
    await addField(page, 'short-text', 'Barnets förnamn');
    const childLabels = () => page.getByTestId('designer-field-repeatingGroup').locator('.designer-field-label').allTextContents();
    expect(await childLabels()).toEqual(['Barn', 'Barnets personnummer', 'Barnets förnamn']);
    // a field chosen on the canvas, the palette adds right after it (and says so); undo takes it back
    await page.getByTestId('designer-field-repeatingGroup.personnummer').locator('.designer-field-select').first().click();
    await expect.poll(() => page.getByTestId('palette-short-text').textContent()).toBe('Kort text, lägg till efter ”Barnets personnummer”');
    await page.getByTestId('palette-short-text').click();
    await expect.poll(() => announcement(page)).toBe('Fältet Kort text är tillagt på position 2 av 3.');
    expect(await childLabels()).toEqual(['Barn', 'Barnets personnummer', 'Kort text', 'Barnets förnamn']);
    await page.getByTestId('undo').click();
    await expect.poll(childLabels).toEqual(['Barn', 'Barnets personnummer', 'Barnets förnamn']);

    // step 2: "Önskemål"
    await page.locator('.designer-add-step summary').click();
    await page.locator('#designer-new-step-sv').fill('Önskemål');
    await page.getByRole('button', { name: 'Lägg till steg', exact: true }).last().click();
    await expect.poll(() => announcement(page)).toBe('Steget ”Önskemål” är tillagt som steg 2.');
    await addField(page, 'date', 'Önskat startdatum');
    await addField(page, 'number', 'Timmar per vecka');
    await page.locator('#designer-prop-minimum').fill('1');
    await page.locator('#designer-prop-maximum').fill('50');
    await addField(page, 'single-choice', 'Förskola');
    // the options as lines; their stored values are made from the texts
    await page.locator('#designer-options-sv').fill('Solrosen\nEkbacken');
    await page.getByText('Sparade värden').click();
    expect(await page.locator('#designer-option-1-value').inputValue()).toBe('solrosen');
    expect(await page.locator('#designer-option-2-value').inputValue()).toBe('ekbacken');
    await addField(page, 'yes-no', 'Har barnet behov av särskilt stöd?');
    // dragged from the palette to the end of the list: the browser's drag events with one DataTransfer,
    // since a pointer drag starts on whatever palette entry lies under the pointer once the page scrolls
    const dataTransfer = await page.evaluateHandle(() => new DataTransfer());
    await page.getByTestId('palette-long-text').dispatchEvent('dragstart', { dataTransfer });
    await page.locator('.designer-drop-end').dispatchEvent('dragover', { dataTransfer });
    await page.locator('.designer-drop-end').dispatchEvent('drop', { dataTransfer });
    await expect.poll(() => page.locator('.designer-fields .designer-field-label').last().textContent()).toBe('Lång text');
    await label(page).fill('Beskriv behoven');
    await page.getByTestId('condition-on').check();
    await page.getByTestId('condition-field').selectOption({ label: 'Har barnet behov av särskilt stöd?' });
    await page.getByTestId('condition-operator').selectOption('is');
    await page.getByTestId('condition-value').selectOption('true');
    await addField(page, 'consent', 'Jag intygar att uppgifterna stämmer');
    await expect.poll(() => page.getByTestId('save-status').getAttribute('data-state'), { timeout: 10_000 }).toBe('saved');
    // stored: the address is the e-service's own, so a reload opens it rather than an empty form
    await expect.poll(() => new URL(page.url()).pathname).toBe(`/admin/designer/solbacka/${ESERVICE}`);
    // the same designer, its undo history kept
    expect(await page.getByTestId('undo').getAttribute('aria-disabled')).toBe('false');

    // the preview's test fill: a wrong personnummer is refused at the field, as the server refuses it
    const preview = previewOf(page);
    await page.getByRole('button', { name: /^1\. Barnet/ }).click();
    await fillChild(preview, 'steg-1', { ...VALID_CHILD, personnummer: '20210314-2383' });
    await preview.getByTestId('next-button').click();
    await expect.poll(() => preview.locator('#steg-1_repeatingGroup_0_personnummer').getAttribute('aria-invalid')).toBe('true');
    const invalidAnswers = {
      repeatingGroup: [{ personnummer: '20210314-2383', shortText: VALID_CHILD.name }],
      date: '2027-08-01', number: 30, singleChoice: 'solrosen', yesNo: true, longText: 'Ella behöver stöd med språket.', consent: true,
    };

    // a valid fill goes through every step and the server's validator accepts it
    await fillChild(preview, 'steg-1', VALID_CHILD);
    await preview.getByTestId('next-button').click();
    await fillWishes(preview);
    await preview.getByTestId('next-button').click();
    // the review-and-send summary, as in the portal, then send
    await preview.getByTestId('submit-button').click();
    await expect.poll(() => page.getByTestId('test-fill-result').getAttribute('data-valid')).toBe('true');

    // the publish gate refuses what the must-requirements ask beyond the form, and the designer lists it
    const saveState = () => page.getByTestId('save-status').getAttribute('data-state');
    await expect.poll(saveState, { timeout: 10_000 }).toBe('saved');
    await page.getByTestId('publish').click();
    const refusal = page.locator('.problem', { hasText: 'Skall-kraven uppfylls inte' });
    await expect.poll(() => refusal.textContent(), { timeout: 30_000 }).toContain('Rättslig grund saknas.');
    for (const unmet of ['Ändamålet med behandlingen saknas', 'Gallringsfrist saknas.', 'E-tjänsten har ingen leveransmottagare.', 'Uppgifter till tillgänglighetsredogörelsen saknas', 'Steg 2 ”Önskemål” saknar rubrik på engelska.']) {
      expect(await refusal.textContent()).toContain(unmet);
    }

    // completed in the designer: the second step's English title, then the settings tabs
    await page.getByRole('button', { name: 'Byt namn på steget Önskemål' }).click();
    await page.locator('#designer-rename-en').fill('Wishes');
    await page.getByRole('button', { name: 'Spara rubriken' }).click();
    await page.getByTestId('tab-settings').click();
    await page.getByTestId('settings-personalData').click();
    await expect.poll(() => page.getByTestId('settings-unmet').textContent()).toContain('Rättslig grund saknas.');
    await page.locator('#settings-personalData_purpose_sv').fill('Att handlägga ansökan om förskoleplats.');
    await page.locator('#settings-personalData_purpose_en').fill('To handle the application for a preschool place.');
    await page.locator('#settings-personalData_legalBasis').selectOption({ label: 'Allmänt intresse / myndighetsutövning' });
    await page.locator('#settings-personalData_retention_period').fill('2');
    await page.locator('#settings-personalData_retention_period-unit').selectOption({ label: 'år' });
    await expect.poll(() => page.getByTestId('settings-unmet').count()).toBe(0);
    // an e-mail connector: its form comes from the plugin's schema; until its address is filled in the draft is saved unfinished
    await page.getByTestId('settings-delivery').click();
    await page.locator('#connector-new-type').selectOption({ label: 'E-post till funktionsbrevlåda' });
    await page.locator('#connector-new-id').fill('funktionsbrevlada');
    await page.getByRole('button', { name: 'Lägg till', exact: true }).click();
    const address = page.getByLabel('Funktionsbrevlåda');
    await expect.poll(() => address.getAttribute('aria-invalid')).toBe('true');
    expect(await page.getByTestId('connector-funktionsbrevlada').textContent()).toContain('Fyll i ”Funktionsbrevlåda”.');
    await expect.poll(() => page.getByTestId('save-status').textContent(), { timeout: 10_000 }).toMatch(/^Sparat \(revision \d+\) – 1 problem att rätta före granskning$/);
    await address.fill('forskola@solbacka.example.se');
    await page.getByTestId('settings-accessibility').click();
    await page.locator('#settings-accessibility_feedback_email').fill('forskola@solbacka.example.se');
    await expect.poll(saveState, { timeout: 10_000 }).toBe('saved');
    await page.getByTestId('publish').click();
    await expect.poll(() => page.locator('main').textContent(), { timeout: 30_000 }).toContain('E-tjänsten är publicerad som version 1.');
    const version = (await (await fetch(`${suite.app.baseUrl}/api/municipalities/solbacka/eservices/${ESERVICE}/versions/1`, { headers: suite.app.administrator.headers })).json()) as { definition: unknown };
    expect(version.definition).toMatchObject({
      personalData: { legalBasis: 'public-task', retention: { period: 'P2Y' } },
      delivery: { connectors: [{ id: 'funktionsbrevlada', type: 'email', options: { to: 'forskola@solbacka.example.se' } }] },
      accessibility: { feedback: { email: 'forskola@solbacka.example.se' } },
    });
    await page.close();

    // the server agrees with the test fill: the wrong personnummer is refused at the same field
    const citizen = await loggedIn(suite.app.database.db);
    const refused = await fetch(`${suite.app.baseUrl}/api/municipalities/solbacka/eservices/${ESERVICE}/versions/1/submissions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie: citizen.cookie, 'x-csrf-token': citizen.csrfToken },
      body: JSON.stringify({ answers: invalidAnswers }),
    });
    expect(refused.status).toBe(422);
    const problem = (await refused.json()) as { errors: { field: string }[] };
    expect(problem.errors.map((e) => e.field)).toEqual(['repeatingGroup.personnummer']);

    // a citizen submits it in the portal; the hidden-unless-needed text shows when the answer is yes
    const [name, value] = citizen.cookie.split('=') as [string, string];
    const context = await suite.browser.newContext({ viewport: { width: 1280, height: 900 } });
    await context.addCookies([{ name, value, domain: '127.0.0.1', path: '/', httpOnly: true, secure: true }]);
    const portal = await context.newPage();
    await portal.goto(`${suite.app.baseUrl}/solbacka/e-tjanster/${ESERVICE}`);
    await portal.getByTestId('step-heading').waitFor();
    await fillChild(portal, 'steg-1', VALID_CHILD);
    await portal.getByTestId('next-button').click();
    await expect.poll(() => portal.getByTestId('step-heading').textContent()).toBe('Önskemål');
    expect(await portal.getByLabel('Beskriv behoven').count()).toBe(0);
    await fillWishes(portal);
    await portal.getByTestId('next-button').click();
    await portal.getByTestId('submit-button').click();
    const receipt = portal.getByTestId('receipt-number');
    await receipt.waitFor();
    const receiptNumber = (await receipt.textContent())?.trim() ?? '';
    const row = await suite.app.database.db.selectFrom('submissions').selectAll().where('receipt_number', '=', receiptNumber).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ municipality_id: 'solbacka', eservice_id: ESERVICE, version: 1 });
    expect(row.answers).toMatchObject({ repeatingGroup: [{ personnummer: VALID_CHILD.personnummer, shortText: 'Ella' }], singleChoice: 'solrosen', yesNo: true });
    await context.close();
  }, 180_000); // a whole journey: about 90 designer actions, the publish check and a citizen's submission

  it('meets WCAG 2.1 AA (axe-core) on every part of the designer for the preschool template', async () => {
    const page = await staffPage(suite.browser, suite.app, { viewport: { width: 1600, height: 1000 } });
    await page.goto(`${suite.app.baseUrl}/admin/designer/solbacka/forskoleplats`);
    await page.getByRole('button', { name: /^3\. Annan vårdnadshavare/ }).click();
    await page.getByTestId('designer-field-otherGuardian').locator('.designer-field-select').first().click();
    await scan(page, 'a conditional group chosen');
    await page.getByRole('button', { name: /^4\. Önskemål/ }).click();
    await page.getByTestId('designer-field-preferredPreschools').locator('.designer-field-select').click();
    // a field's menu, open
    await page.getByRole('button', { name: 'Åtgärder för Vilka förskolor önskar du?' }).click();
    await scan(page, 'a field menu open');
    await page.keyboard.press('Escape');
    await scan(page, 'a choice field with its options');
    await page.locator('#preview-width-mobile').check();
    await scan(page, 'the preview at 375 px');
    await expect.poll(() => previewFrame(page).evaluate((frame) => (frame as HTMLIFrameElement).contentWindow!.innerWidth)).toBe(375);
    await page.getByTestId('tab-settings').click();
    for (const section of ['catalogue', 'access', 'personalData', 'signing', 'receipt', 'delivery', 'benefit']) {
      await page.getByTestId(`settings-${section}`).click();
      await page.locator('#designer-settings-heading').waitFor();
      await scan(page, `settings: ${section}`);
    }
    await page.getByTestId('tab-versions').click();
    await page.getByTestId('compare-versions').click();
    await page.getByTestId('version-diff').waitFor();
    await scan(page, 'versions');
    await page.close();
  });

  it('starts from a template and from an imported file, each saved as a new draft of this municipality', async () => {
    const page = await staffPage(suite.browser, suite.app, { viewport: { width: 1600, height: 1000 } });
    await page.goto(`${suite.app.baseUrl}/admin/ny-e-tjanst/solbacka`);
    await page.getByLabel('Mallen ”Boka borgerlig vigsel”').check();
    await page.locator('#new-id').fill('vigsel-sommar');
    await page.locator('#new-title-sv').fill('Vigsel i sommarparken');
    await page.locator('#new-department').selectOption('kommunstyrelse');
    await page.getByRole('button', { name: 'Börja bygga' }).click();
    await expect.poll(() => page.getByTestId('save-status').getAttribute('data-state'), { timeout: 10_000 }).toBe('saved');
    const fromTemplate = (await (await fetch(`${suite.app.baseUrl}/api/municipalities/solbacka/eservices/vigsel-sommar`, { headers: suite.app.administrator.headers })).json()) as { definition: { owner: { department: string }; catalogue: { title: { sv: string } }; form: unknown } };
    expect(fromTemplate.definition.owner.department).toBe('kommunstyrelse');
    expect(fromTemplate.definition.catalogue.title.sv).toBe('Vigsel i sommarparken');
    const template = (await (await fetch(`${suite.app.baseUrl}/api/municipalities/solbacka/eservices/borgerlig-vigsel`, { headers: suite.app.administrator.headers })).json()) as { definition: { form: unknown } };
    expect(fromTemplate.definition.form).toEqual(template.definition.form);

    // an exported definition under a new id comes back through the import
    const exported = { ...(fromTemplate.definition as Record<string, unknown>), id: 'vigsel-vinter' };
    await page.goto(`${suite.app.baseUrl}/admin/ny-e-tjanst/solbacka`);
    await page.getByLabel('En JSON-fil (import)').check();
    await page.locator('#new-file').setInputFiles({ name: 'vigsel.json', mimeType: 'application/json', buffer: Buffer.from('{ "not": "a definition" }') });
    await page.getByRole('button', { name: 'Börja bygga' }).click();
    await expect.poll(() => page.locator('.designer-new .problem').textContent()).toContain('Filen är inte en giltig JSON-definition.');
    await page.locator('#new-file').setInputFiles({ name: 'vigsel.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(exported)) });
    await page.getByRole('button', { name: 'Börja bygga' }).click();
    await expect.poll(() => page.getByTestId('save-status').getAttribute('data-state'), { timeout: 10_000 }).toBe('saved');
    expect((await fetch(`${suite.app.baseUrl}/api/municipalities/solbacka/eservices/vigsel-vinter`, { headers: suite.app.administrator.headers })).status).toBe(200);
    await page.close();
  });
});
