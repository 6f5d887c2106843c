import { describe, expect, it } from 'vitest';
import type { EServiceDefinition } from '@etjanst/schemas';
import { expectNoWcagViolations as scan } from './axe.js';
import { addField, announcement, startNewEService } from './designer-page.js';
import { staffPage } from './staff.js';
import { appAndBrowser } from './suite.js';

/** A field's key edited in the properties panel, and the warning of another e-service with the same title. */
describe('field keys and duplicate titles in the designer', () => {
  const suite = appAndBrowser();
  const draft = async (id: string) =>
    (await (await fetch(`${suite.app.baseUrl}/api/municipalities/solbacka/eservices/${id}`, { headers: suite.app.administrator.headers })).json()) as {
      definition: EServiceDefinition;
    };

  it('warns of the same title, refuses a taken or invalid key at the box and renames the field everywhere', async () => {
    const faultReport = (await draft('felanmalan')).definition.catalogue.title.sv;
    const page = await staffPage(suite.browser, suite.app, { viewport: { width: 1600, height: 1000 } });
    await page.goto(`${suite.app.baseUrl}/admin/ny-e-tjanst/solbacka`);
    await startNewEService(page, {
      id: 'husdjur',
      title: { sv: ` ${faultReport.toUpperCase()}` },
      summary: 'Anmäl ett husdjur.',
      contact: { name: 'Miljöenheten', email: 'miljo@solbacka.example.se' },
    });
    await addField(page, 'yes-no', 'Har du ett husdjur?');
    await addField(page, 'short-text', 'Vilket djur?');

    // once created, the server names the e-service that has the title already
    const warnings = page.getByTestId('title-warnings');
    await expect.poll(() => warnings.textContent(), { timeout: 15_000 }).toBe(
      `E-tjänsten ”felanmalan” har redan titeln ”${faultReport}”. Invånarna kan ha svårt att skilja två e-tjänster med samma titel åt.`,
    );

    const key = page.getByTestId('prop-key');
    expect(await key.inputValue()).toBe('shortText');
    expect(await page.getByTestId('key-published').count()).toBe(0);
    await key.fill('yesNo');
    expect(await page.getByTestId('prop-key-error').textContent()).toBe('Ett annat fält här har redan nyckeln ”yesNo”.');
    expect(await key.getAttribute('aria-invalid')).toBe('true');
    await scan(page, 'a taken key');
    // leaving the box does not take it
    await page.locator('#designer-prop-label-sv').focus();
    await key.fill('1 djur');
    expect(await page.getByTestId('prop-key-error').textContent()).toBe('Nyckeln ”1 djur” ska börja med en bokstav och får bara innehålla bokstäver a–z, siffror och _.');
    await key.fill('djur');
    expect(await page.getByTestId('prop-key-error').count()).toBe(0);
    await key.press('Enter');
    await expect.poll(() => announcement(page)).toBe('Nyckeln ”shortText” heter nu ”djur” överallt i formuläret.');
    // the field stays chosen under its new key
    expect(await key.inputValue()).toBe('djur');
    expect(await page.locator('#designer-prop-label-sv').inputValue()).toBe('Vilket djur?');
    await expect.poll(async () => Object.keys((await draft('husdjur')).definition.form.schema.properties as object), { timeout: 10_000 }).toEqual(['yesNo', 'djur']);
    const saved = (await draft('husdjur')).definition;
    expect(saved.form.steps[0]!.fields).toEqual(['yesNo', 'djur']);
    expect(saved.form.texts.djur?.label.sv).toBe('Vilket djur?');
    await page.close();
  });

  it('says that answers already submitted keep the key when the e-service has published versions', async () => {
    const page = await staffPage(suite.browser, suite.app, { viewport: { width: 1600, height: 1000 } });
    await page.goto(`${suite.app.baseUrl}/admin/designer/solbacka/felanmalan`);
    await addField(page, 'short-text', 'Något mer?');
    const name = await page.getByTestId('prop-key').inputValue();
    expect(await page.getByTestId('key-published').textContent()).toBe(`E-tjänsten har publicerade versioner: svar som redan har skickats in behåller nyckeln ”${name}”.`);
    await page.close();
  });
});
