import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMailboxSimulator, type MailboxSimulator } from '../../server/src/simulators/mailbox/simulator.js';
import { call, startTestApp, type TestApp } from '../../server/src/test-support/app.js';
import { expectNoWcagViolations as scan } from './axe.js';
import { launchChromium } from './browser.js';
import { CLIENT_DIR } from './demo-portal.js';
import { openSettingsSection } from './designer-page.js';
import { staffPage } from './staff.js';

/**
 * The designer's settings tabs for what the publish gate asks beyond the form: delivery
 * connectors edited with forms from their plugins' own options schemas (with a test delivery,
 * and the server's refusal shown at the connector), the accessibility statement's contact and
 * known non-accessible content, the colours, and the unmet must-requirements per section (and
 * on the form, at the field they are about).
 */

const DRAFT = '/api/municipalities/solbacka/eservices/felanmalan';

describe('the designer settings for publishing', () => {
  let app: TestApp;
  let browser: Browser;
  let mailbox: MailboxSimulator;
  beforeAll(async () => {
    mailbox = await startMailboxSimulator();
    [app, browser] = await Promise.all([
      startTestApp({
        clientDir: CLIENT_DIR,
        delivery: { settings: { mail: { smtpUrl: mailbox.smtpUrl, from: 'Solbacka kommun <noreply@solbacka.example.se>' } }, worker: false },
        // an installation with shorter steps than the default 12 fields (CHECK_MAX_FIELDS_PER_STEP)
        checkLimits: { maxFieldsPerStep: 3 },
      }),
      launchChromium(),
    ]);
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
    await mailbox?.close();
  });

  const saveState = (page: Page) => page.getByTestId('save-status').getAttribute('data-state');
  const draft = async () => ((await (await fetch(`${app.baseUrl}${DRAFT}`, { headers: app.administrator.headers })).json()) as { definition: Record<string, any> }).definition;

  const openSection = (page: Page, section: string) => openSettingsSection(page, app.baseUrl, 'solbacka/felanmalan', section);

  it('edits connectors with forms from their plugins, sends a test delivery, removes and undoes', async () => {
    const page = await staffPage(browser, app, { viewport: { width: 1400, height: 1000 } });
    await openSection(page, 'delivery');

    // the saved e-mail connector: its options form, and a test delivery that reaches the mailbox
    const email = page.getByTestId('connector-kontaktcenter');
    expect(await email.locator('legend').textContent()).toBe('E-post till funktionsbrevlåda: kontaktcenter');
    expect(await email.getByLabel('Funktionsbrevlåda').inputValue()).toBe('kontaktcenter@solbacka.example.se');
    await scan(page, 'settings: delivery');
    await page.getByRole('button', { name: 'Skicka testleverans till kontaktcenter' }).click();
    await expect.poll(() => page.getByTestId('connector-test-kontaktcenter').getAttribute('data-succeeded'), { timeout: 15_000 }).toBe('true');
    expect(await page.getByTestId('connector-test-kontaktcenter').textContent()).toMatch(/^Senaste testleverans lyckades .*: Testmejl skickat till kontaktcenter@solbacka.example.se$/);
    await mailbox.waitFor((m) => m.subject.includes('Testleverans') && m.to.includes('kontaktcenter@solbacka.example.se'));

    // a case management connector: the plugin's required options are asked for at their fields, and the draft is saved unfinished
    await page.locator('#connector-new-type').selectOption({ label: 'Ärendehantering / diarium (REST)' });
    await page.locator('#connector-new-id').fill('diariet');
    await page.getByRole('button', { name: 'Lägg till', exact: true }).click();
    await expect.poll(() => page.evaluate(() => document.activeElement?.textContent)).toBe('Ärendehantering / diarium (REST): diariet');
    const registry = page.getByTestId('connector-diariet');
    const caseType = registry.getByLabel('Ärendetyp');
    await expect.poll(() => caseType.getAttribute('aria-invalid')).toBe('true');
    expect(await registry.textContent()).toContain('Fyll i ”Handläggande enhet”.');
    expect(await registry.textContent()).toContain('En testleverans kan skickas när mottagaren är sparad.');
    await expect.poll(() => page.getByTestId('save-status').textContent(), { timeout: 10_000 }).toMatch(/^Sparat \(revision \d+\) – 2 problem att rätta före granskning$/);
    await scan(page, 'settings: delivery, a new connector with its errors');
    await caseType.fill('TEK-FEL');
    await registry.getByLabel('Handläggande enhet').fill('Tekniska förvaltningen');
    await registry.getByLabel('Handläggare (e-post)').fill('inte en adress');
    await expect.poll(() => registry.textContent()).toContain('”Handläggare (e-post)” ska vara en e-postadress');
    await registry.getByLabel('Handläggare (e-post)').fill('');
    await expect.poll(() => saveState(page), { timeout: 10_000 }).toBe('saved');
    expect((await draft()).delivery.connectors[1]).toEqual({ id: 'diariet', type: 'case-management', options: { caseType: 'TEK-FEL', unit: 'Tekniska förvaltningen' } });
    await expect.poll(() => registry.getByRole('button', { name: 'Skicka testleverans till diariet' }).count()).toBe(1);

    // a routing rule: "Svaret är" is text, a number or yes/no, and the choice between them has its own name
    await registry.getByRole('button', { name: /^Lägg till/ }).click();
    const kind = registry.getByRole('combobox', { name: 'Svaret är (sort av svar)' });
    await expect.poll(() => kind.count()).toBe(1);
    await scan(page, 'settings: delivery, a routing rule');
    await kind.locator('xpath=ancestor::fieldset[.//button[starts-with(normalize-space(.), "Ta bort")]][1]').getByRole('button', { name: /^Ta bort/ }).last().click();
    await expect.poll(() => kind.count()).toBe(0);
    await expect.poll(() => saveState(page), { timeout: 10_000 }).toBe('saved');

    // the options' titles come from the plugin in the UI language
    await page.getByRole('button', { name: 'English' }).click();
    await expect.poll(() => registry.getByLabel('Case type').inputValue()).toBe('TEK-FEL');
    await page.getByRole('button', { name: 'Svenska' }).click();

    // removed with its own button, announced, and back with undo
    await page.getByRole('button', { name: 'Ta bort mottagaren diariet' }).click();
    await expect.poll(() => page.getByTestId('designer-announcement').textContent()).toBe('Mottagaren diariet är borttagen.');
    expect(await page.getByTestId('connector-diariet').count()).toBe(0);
    await page.getByTestId('undo').click();
    await expect.poll(() => registry.getByLabel('Ärendetyp').inputValue()).toBe('TEK-FEL');
    await page.close();
  });

  it('shows the server\'s finding on an option at the connector when the browser did not see it, the draft saved unfinished', async () => {
    const page = await staffPage(browser, app, { viewport: { width: 1400, height: 1000 } });
    // a browser whose copy of the e-mail schema lacks "required": only the server knows the address is needed
    await page.route('**/api/connector-types', async (route) => {
      const body = (await (await route.fetch()).json()) as { items: { type: string; optionsSchema: { required?: string[] } }[] };
      for (const type of body.items) if (type.type === 'email') delete type.optionsSchema.required;
      await route.fulfill({ json: body });
    });
    await openSection(page, 'delivery');
    const email = page.getByTestId('connector-kontaktcenter');
    await email.getByLabel('Funktionsbrevlåda').fill('');
    await expect.poll(() => page.getByTestId('save-status').textContent(), { timeout: 10_000 }).toMatch(/^Sparat \(revision \d+\) – 1 problem att rätta före granskning$/);
    await expect.poll(() => email.getByLabel('Funktionsbrevlåda').getAttribute('aria-invalid')).toBe('true');
    expect(await email.textContent()).toContain('Mottagaren ”kontaktcenter”: Fyll i ”Funktionsbrevlåda”.');
    await scan(page, 'settings: delivery, a finding of the server');
    expect((await draft()).delivery.connectors[0].options.to).toBeUndefined();
    // filled in again, the draft is valid as before
    await email.getByLabel('Funktionsbrevlåda').fill('kontaktcenter@solbacka.example.se');
    await expect.poll(() => page.getByTestId('save-status').textContent(), { timeout: 10_000 }).toMatch(/^Sparat \(revision \d+\)$/);
    expect(await email.getByLabel('Funktionsbrevlåda').getAttribute('aria-invalid')).not.toBe('true');
    await page.close();
  });

  it('edits the accessibility statement\'s facts and the colours, with the unmet must-requirements at their section', async () => {
    const page = await staffPage(browser, app, { viewport: { width: 1400, height: 1000 } });
    await openSection(page, 'accessibility');
    expect(await page.locator('#settings-accessibility_feedback_email').inputValue()).toBe('kontaktcenter@solbacka.example.se');

    // known non-accessible content needs its description and reason in every language of the e-service
    await page.getByRole('button', { name: 'Lägg till innehåll' }).click();
    await page.locator('#settings-accessibility_nonAccessibleContent_0_description_sv').fill('Kartan i steg 1');
    await page.locator('#settings-accessibility_nonAccessibleContent_0_reason_sv').fill('Oskäligt betungande att anpassa.');
    const unmet = page.getByTestId('settings-unmet');
    await expect.poll(() => unmet.textContent()).toContain('Otillgängligt innehåll nr 1 saknar beskrivning eller skäl på engelska. (SK-ACC-003)');
    await scan(page, 'settings: accessibility, with an unmet requirement');
    await page.locator('#settings-accessibility_nonAccessibleContent_0_description_en').fill('The map in step 1');
    await page.locator('#settings-accessibility_nonAccessibleContent_0_reason_en').fill('A disproportionate burden to adapt.');
    await expect.poll(() => unmet.count()).toBe(0);
    await expect.poll(() => saveState(page), { timeout: 10_000 }).toBe('saved');
    expect((await draft()).accessibility.nonAccessibleContent).toEqual([{ description: { sv: 'Kartan i steg 1', en: 'The map in step 1' }, reason: { sv: 'Oskäligt betungande att anpassa.', en: 'A disproportionate burden to adapt.' } }]);

    // emptied, the section leaves the definition (it is optional) and the requirement says what is missing
    await page.getByRole('button', { name: 'Ta bort innehåll 1' }).click();
    await page.locator('#settings-accessibility_feedback_email').fill('');
    await page.locator('#settings-accessibility_feedback_phone').fill('');
    await expect.poll(() => unmet.textContent()).toContain('Uppgifter till tillgänglighetsredogörelsen saknas');
    await expect.poll(() => saveState(page), { timeout: 10_000 }).toBe('saved');
    expect((await draft()).accessibility).toBeUndefined();
    // undo brings back one field at a time, into the form too
    await page.getByTestId('undo').click();
    await expect.poll(() => page.locator('#settings-accessibility_feedback_phone').inputValue()).toBe('08-123 456 00');
    await page.getByTestId('undo').click();
    await expect.poll(() => page.locator('#settings-accessibility_feedback_email').inputValue()).toBe('kontaktcenter@solbacka.example.se');
    await expect.poll(() => saveState(page), { timeout: 10_000 }).toBe('saved');
    expect((await draft()).accessibility).toMatchObject({ feedback: { email: 'kontaktcenter@solbacka.example.se', phone: '08-123 456 00' } });

    // colours: a wrong format is refused, a weak contrast is an unmet requirement, emptied they are the platform's
    await page.getByTestId('settings-theme').click();
    const primary = page.locator('#settings-theme_primary');
    expect(await page.locator('#settings-theme_primary__help').textContent()).toContain('#0b4f8a');
    await primary.fill('gul');
    await expect.poll(() => page.locator('.designer-settings .problem').textContent()).toContain('har fel format');
    await primary.fill('#ffdd00');
    await expect.poll(() => unmet.textContent()).toContain('Kontrasten för länkar och rubriker (#ffdd00 mot #ffffff)');
    await scan(page, 'settings: colours, with an unmet requirement');
    await expect.poll(() => saveState(page), { timeout: 10_000 }).toBe('saved');
    expect((await draft()).theme).toEqual({ primary: '#ffdd00' });
    await primary.fill('');
    await expect.poll(() => unmet.count()).toBe(0);
    await expect.poll(() => saveState(page), { timeout: 10_000 }).toBe('saved');
    expect((await draft()).theme).toBeUndefined();

    // the personal data section lists what the gate asks of it
    await page.getByTestId('settings-personalData').click();
    await page.locator('#settings-personalData_legalBasis').selectOption('');
    await expect.poll(() => unmet.textContent()).toContain('Rättslig grund saknas. (SK-GDPR-002)');
    await scan(page, 'settings: personal data, with an unmet requirement');
    await page.close();
  });

  it('opens the personal data section without changing the draft, and takes the retention period as a number and a unit', async () => {
    // a draft whose legal basis and retention are not chosen yet
    const current = await fetch(`${app.baseUrl}${DRAFT}`, { headers: app.administrator.headers });
    const { definition } = (await current.json()) as { definition: Record<string, any> };
    const { legalBasis: _basis, retention: _retention, ...personalData } = definition.personalData;
    const put = await call(app.baseUrl, 'PUT', DRAFT, { ...definition, personalData }, { 'if-match': current.headers.get('etag')! });
    expect(put.status).toBe(200);
    const before = (await draft()).personalData;

    const page = await staffPage(browser, app, { viewport: { width: 1400, height: 1000 } });
    await openSection(page, 'personalData');
    const legalBasis = page.locator('#settings-personalData_legalBasis');
    await legalBasis.waitFor();
    expect(await legalBasis.inputValue()).toBe('');
    // nothing to undo, nothing saved: opening is not an edit
    await page.waitForTimeout(1500);
    expect(await page.getByTestId('undo').isDisabled()).toBe(true);
    expect((await draft()).personalData).toEqual(before);

    await page.getByLabel('Sparas i, räknat från inskickandet; sedan avidentifieras ärendet').fill('2');
    await expect.poll(async () => (await draft()).personalData.retention, { timeout: 10_000 }).toEqual({ period: 'P2Y' });
    await page.getByLabel('Enhet', { exact: true }).selectOption({ label: 'månader' });
    await expect.poll(async () => (await draft()).personalData.retention, { timeout: 10_000 }).toEqual({ period: 'P2M' });
    expect(await page.getByText('Motivering till att personuppgifter samlas in utan e-legitimation på tillitsnivå 3').count()).toBeGreaterThan(0);
    await scan(page, 'settings: personal data, with the retention period');
    await page.close();
  });

  it('sets a fixed fee in its own section, names what it needs (e-ID login), and takes it away again', async () => {
    const page = await staffPage(browser, app, { viewport: { width: 1400, height: 1000 } });
    await openSection(page, 'payment');
    const none = page.getByLabel('Ingen avgift');
    await none.waitFor();
    expect(await none.isChecked()).toBe(true);
    await page.getByLabel('Fast avgift').check();
    await page.getByLabel('Avgift i kronor').fill('250,50');
    await page.getByLabel('Vad avgiften gäller (svenska, högst 50 tecken, visas i Swish)').fill('Handläggningsavgift');
    await page.getByLabel('Minuter att betala inom innan ansökan förfaller och en bokad tid släpps (tomt: 30)').fill('45');
    await expect
      .poll(async () => (await draft()).payment, { timeout: 10_000 })
      .toEqual({ fee: { kind: 'fixed', amount: 250.5 }, description: { sv: 'Handläggningsavgift' }, payWithinMinutes: 45 });
    // the fault report is anonymous: a fee needs the applicant's e-ID, said at the section and its button
    const problems = page.locator('.designer-settings .problem');
    await expect.poll(() => problems.textContent(), { timeout: 10_000 }).toContain('En e-tjänst med avgift kräver inloggning med e-legitimation');
    expect(await page.getByTestId('settings-payment-missing').count()).toBe(1);
    await scan(page, 'settings: a fixed fee, with what it needs');
    await none.check();
    await expect.poll(async () => (await draft()).payment, { timeout: 10_000 }).toBeUndefined();
    await page.close();
  });

  it('shows the rule catalogue findings on the form at their field, as the field list counts them', async () => {
    const page = await staffPage(browser, app, { viewport: { width: 1400, height: 1000 } });
    await page.goto(`${app.baseUrl}/admin/designer/solbacka/felanmalan`);
    const field = page.getByTestId('designer-field-description');
    await field.locator('.designer-field-select').click();
    const must = page.getByTestId('field-requirements-must');
    expect(await must.count()).toBe(0);

    // a help text that is hard to read is a must-requirement not met (SK-TXT-003), at the field and in the list
    // LIX judges running text: the step's help texts together, here more than 20 words
    await page
      .locator('#designer-prop-help-sv')
      .fill('Beskrivningsunderlaget förutsätter detaljerade platsangivelser beträffande felanmälningsobjektets belägenhet, omfattning och skadekaraktär, eftersom driftorganisationens åtgärdsplanering prioriterar ärendena utifrån trafiksäkerhetsmässiga konsekvensbedömningar.');
    await expect.poll(() => must.textContent()).toMatch(/^Skall-krav som inte är uppfyllda här än .*Hjälptexterna i steg 1 ”Ditt ärende” har tillsammans LIX \d+; det ska vara under 55\. Långa ord: .*\(SK-TXT-003\)$/);
    expect(await field.locator('.designer-field-unmet').textContent()).toBe('1 krav inte uppfyllt');
    await scan(page, 'form: a field with an unmet requirement');

    // in plain Swedish it is met again
    await page.locator('#designer-prop-help-sv').fill('Skriv vad som är fel och var.');
    await expect.poll(() => must.count()).toBe(0);
    expect(await field.locator('.designer-field-unmet').count()).toBe(0);
    await expect.poll(() => saveState(page), { timeout: 10_000 }).toBe('saved');
    await page.close();
  });

  it("judges a step by the installation's limit, as the publish gate does, and shows it with the step's fields", async () => {
    const requirements = (await (await fetch(`${app.baseUrl}/api/requirements`)).json()) as { limits: unknown };
    expect(requirements.limits).toEqual({ maxFieldsPerStep: 3, lixThreshold: 55 });
    const page = await staffPage(browser, app, { viewport: { width: 1400, height: 1000 } });
    await page.goto(`${app.baseUrl}/admin/designer/solbacka/felanmalan`);
    const atStep = page.getByTestId('step-requirements-must');
    await page.getByTestId('designer-field-description').waitFor();
    expect(await atStep.count()).toBe(0);

    // a fourth field on "Ditt ärende" is one more than this installation allows (the default would allow 12)
    await page.getByTestId('palette-short-text').click();
    await expect.poll(() => atStep.textContent()).toContain('Steg 1 ”Ditt ärende” visar upp till 4 fält på en gång; högst 3 är tillåtet. Dela steget i två. (SK-FORM-001)');
    await scan(page, 'form: a step with an unmet requirement');
    await page.getByTestId('undo').click();
    await expect.poll(() => atStep.count()).toBe(0);
    await expect.poll(() => saveState(page), { timeout: 10_000 }).toBe('saved');
    await page.close();
  });
});
