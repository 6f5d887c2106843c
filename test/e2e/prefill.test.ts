import { dateFromToday } from '@etjanst/schemas';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PopulationRegisterClient } from '../../server/src/prefill/population-register/client.js';
import { populationRegisterSource } from '../../server/src/prefill/population-register/plugin.js';
import { startPopulationRegisterSimulator, type PopulationRegisterSimulator } from '../../server/src/simulators/population-register/simulator.js';
import { startTestApp, type TestApp } from '../../server/src/test-support/app.js';
import { loggedIn } from '../../server/src/test-support/sessions.js';
import { CLIENT_DIR } from './demo-portal.js';
import { danglingReferences, expectNoWcagViolations as scan } from './axe.js';
import { launchChromium } from './browser.js';

/**
 * Prefill in the browser: Astrid (a BankID test person) opens förskoleplats logged in; her name,
 * personnummer and address come from the population register simulator, each says so, the ones
 * that may not change are read-only, and the step still meets WCAG 2.1 AA. Then she saves her
 * contact details when sending, and finds, changes and removes them on Mina sidor.
 */

const clientDir = CLIENT_DIR;
const ASTRID = { personalIdentityNumber: '199001012385', givenName: 'Astrid', surname: 'Testsson', displayName: 'Astrid Testsson' };

const stepHeading = (page: Page) => page.getByTestId('step-heading').textContent();

describe('prefill from the population register in the browser', () => {
  let sim: PopulationRegisterSimulator;
  let app: TestApp;
  let browser: Browser;
  beforeAll(async () => {
    sim = await startPopulationRegisterSimulator();
    const source = populationRegisterSource(
      new PopulationRegisterClient({ baseUrl: sim.url, clientId: sim.clientId, clientSecret: sim.clientSecret, ...sim.order, timeoutMs: 2000 }),
    );
    [app, browser] = await Promise.all([startTestApp({ clientDir, prefillSources: [source] }), launchChromium()]);
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
    await sim?.close();
  });

  async function astridContext(width = 1280, height = 900): Promise<BrowserContext> {
    const session = await loggedIn(app.database.db, { person: ASTRID });
    const [name, value] = session.cookie.split('=') as [string, string];
    const context = await browser.newContext({ viewport: { width, height } });
    await context.addCookies([{ name, value, domain: '127.0.0.1', path: '/', httpOnly: true, secure: true }]);
    return context;
  }

  /** Opens förskoleplats and fills in the child, to reach the guardian step. */
  async function toGuardianStep(page: Page): Promise<void> {
    await page.goto(`${app.baseUrl}/solbacka/e-tjanster/forskoleplats`);
    await page.getByTestId('step-heading').waitFor();
    await page.locator('#barnet_child_personalIdentityNumber').fill('20210314-2382');
    await page.locator('#barnet_child_givenName').fill('Ella');
    await page.locator('#barnet_child_surname').fill('Testsson');
    await page.getByTestId('next-button').click();
    await expect.poll(() => stepHeading(page)).toBe('Vårdnadshavare');
    // the prefill is asked for when the form opens and may come after the step is shown
    await page.getByTestId('prefill-source').first().waitFor({ timeout: 15_000 });
  }

  it('fills in Astrid’s name and address, says where they came from, locks what may not change and passes axe', async () => {
    const context = await astridContext();
    const page = await context.newPage();
    await toGuardianStep(page);

    const field = (name: string) => page.locator(`#vardnadshavare_guardian_${name}`);
    await expect.poll(() => field('givenName').inputValue()).toBe('Astrid');
    expect(await field('surname').inputValue()).toBe('Testsson');
    expect(await field('personalIdentityNumber').inputValue()).toBe('19900101-2385');
    expect(await field('address_street').inputValue()).toBe('Solrosvägen 4');
    expect(await field('address_postalCode').inputValue()).toBe('123 45');
    expect(await field('address_city').inputValue()).toBe('Solbacka');

    // one source note per prefilled field, visible and tied to its input
    const notes = page.getByTestId('prefill-source');
    expect(await notes.count()).toBe(6);
    for (const name of ['givenName', 'surname', 'personalIdentityNumber', 'address_street', 'address_postalCode', 'address_city']) {
      const noteId = `vardnadshavare_guardian_${name}__prefill`;
      const note = page.locator(`#${noteId}`);
      expect(await note.isVisible(), name).toBe(true);
      expect(await note.textContent(), name).toContain('Hämtat från folkbokföringen');
      expect((await field(name).getAttribute('aria-describedby'))?.split(' '), name).toContain(noteId);
    }

    // name and personnummer are read-only and say why; the address may be corrected
    for (const name of ['givenName', 'surname', 'personalIdentityNumber']) {
      expect(await field(name).getAttribute('readonly'), name).not.toBeNull();
      expect(await page.locator(`#vardnadshavare_guardian_${name}__prefill`).textContent(), name).toContain(
        'Uppgiften kommer från folkbokföringen och kan inte ändras här',
      );
    }
    for (const name of ['address_street', 'address_postalCode', 'address_city']) {
      expect(await field(name).getAttribute('readonly'), name).toBeNull();
      expect(await field(name).isEditable(), name).toBe(true);
    }
    // e-mail and phone were not prefilled (nothing saved yet): no notes there
    expect(await page.locator('#vardnadshavare_guardian_email__prefill').count()).toBe(0);
    expect(await page.getByTestId('prefill-warning').count()).toBe(0);

    expect(await danglingReferences(page)).toEqual([]);
    await scan(page, 'guardian step, prefilled');
    await context.close();
  });

  it('passes axe at 375 px without sideways scrolling', async () => {
    const context = await astridContext(375, 812);
    const page = await context.newPage();
    await toGuardianStep(page);
    await expect.poll(() => page.locator('#vardnadshavare_guardian_givenName').inputValue()).toBe('Astrid');
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
    await scan(page, 'guardian step, prefilled, 375 px');
    await context.close();
  });

  it('saves the contact details when she asks to, fills them in next time, and lets her change and remove them on Mina sidor', async () => {
    const context = await astridContext();
    const page = await context.newPage();
    await toGuardianStep(page);
    await expect.poll(() => page.locator('#vardnadshavare_guardian_givenName').inputValue()).toBe('Astrid');
    // her own name, address, e-mail and phone tell the browser what they are (WCAG 1.3.5)
    const purposes = await page.locator('#vardnadshavare input[autocomplete]').evaluateAll((inputs) => inputs.map((i) => `${i.id} ${i.getAttribute('autocomplete')}`));
    expect(purposes).toEqual([
      'vardnadshavare_guardian_givenName given-name',
      'vardnadshavare_guardian_surname family-name',
      'vardnadshavare_guardian_address_street street-address',
      'vardnadshavare_guardian_address_postalCode postal-code',
      'vardnadshavare_guardian_address_city address-level2',
      'vardnadshavare_guardian_email email',
      'vardnadshavare_guardian_phone tel',
    ]);
    await page.locator('#vardnadshavare_guardian_email').fill('astrid@exempel.se');
    await page.locator('#vardnadshavare_guardian_phone').fill('070-123 45 67');
    await page.getByTestId('next-button').click();
    await expect.poll(() => stepHeading(page)).toBe('Annan vårdnadshavare');
    await page.getByLabel('Nej').check();
    await page.getByTestId('next-button').click();
    await expect.poll(() => stepHeading(page)).toBe('Önskemål');
    await page.locator('#onskemal_startDate').fill(dateFromToday({ months: 5 }));
    await page.locator('#onskemal_hoursPerWeek').fill('40');
    await page.getByLabel('Solrosens förskola').check();
    await page.getByLabel('Nej').check();
    // the attestation is not ticked for her, and "Nästa" stops at it until she ticks it
    const consent = page.locator('#onskemal_consent');
    expect(await consent.isChecked()).toBe(false);
    await page.getByTestId('next-button').click();
    const summary = page.getByTestId('error-summary');
    await summary.waitFor();
    expect(await summary.locator('a').evaluateAll((links) => links.map((a) => (a as HTMLAnchorElement).hash))).toEqual(['#onskemal_consent']);
    expect(await consent.getAttribute('aria-invalid')).toBe('true');
    expect(await stepHeading(page)).toBe('Önskemål');
    await consent.check();
    await page.getByTestId('next-button').click();
    await page.getByTestId('submit-button').waitFor();

    // offered, unchecked, explained
    const save = page.getByTestId('save-contact-details');
    expect(await save.isChecked()).toBe(false);
    expect(await page.getByRole('checkbox', { name: 'Spara min e-post och mitt telefonnummer till nästa gång' }).count()).toBe(1);
    expect(await page.locator('.save-contact').textContent()).toContain('Mina sidor');
    await scan(page, 'summary with the save choice');
    await save.check();
    await page.getByTestId('submit-button').click();
    await page.getByTestId('receipt-number').waitFor();
    await expect.poll(() => page.getByTestId('contact-details-outcome').textContent()).toContain('sparade till nästa gång');

    // the next time, the e-mail address comes from the saved details
    await toGuardianStep(page);
    await expect.poll(() => page.locator('#vardnadshavare_guardian_email').inputValue()).toBe('astrid@exempel.se');
    expect(await page.locator('#vardnadshavare_guardian_email__prefill').textContent()).toContain('Dina sparade kontaktuppgifter');
    expect(await page.locator('#vardnadshavare_guardian_email').getAttribute('readonly')).toBeNull();

    // Mina sidor: shown, changed, removed
    await page.goto(`${app.baseUrl}/mina-sidor`);
    const form = page.getByTestId('contact-details-form');
    await form.waitFor();
    await expect.poll(() => page.getByTestId('contact-details-saved').textContent()).toContain('astrid@exempel.se');
    await scan(page, 'Mina sidor with saved contact details');
    await form.getByLabel('E-post').fill('inte-en-adress');
    await form.getByRole('button', { name: 'Spara kontaktuppgifter' }).click();
    await expect.poll(() => page.locator('#contact-email-error').textContent()).toContain('Skriv en e-postadress');
    expect(await page.locator('#contact-email').getAttribute('aria-invalid')).toBe('true');
    await form.getByLabel('E-post').fill('astrid.t@exempel.se');
    await form.getByRole('button', { name: 'Spara kontaktuppgifter' }).click();
    await expect.poll(() => page.getByTestId('contact-details-status').textContent()).toBe('Dina kontaktuppgifter är sparade.');
    expect(await page.getByTestId('contact-details-saved').textContent()).toContain('astrid.t@exempel.se');
    await page.getByTestId('contact-details-remove').click();
    await expect.poll(() => page.getByTestId('contact-details-status').textContent()).toBe('Dina kontaktuppgifter är borttagna.');
    expect(await page.getByTestId('contact-details-remove').count()).toBe(0);
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('contact-details-heading');
    const stored = await app.database.db.selectFrom('contact_details').selectAll().execute();
    expect(stored).toEqual([]);
    await context.close();
  });
});
