import { describe, expect, it } from 'vitest';
import type { EServiceDefinition } from '@etjanst/schemas';
import { expectNoWcagViolations as scan } from './axe.js';
import { announcement } from './designer-page.js';
import { staffPage } from './staff.js';
import { appAndBrowser } from './suite.js';

/** Solbacka adopts Ekdala's fault report from the library, hears of Ekdala's version 2 in the designer and takes one field over. */
describe('the template library and a template’s new version in the designer', () => {
  const suite = appAndBrowser();
  const api = async (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) => {
    const response = await fetch(`${suite.app.baseUrl}/api/municipalities/${path}`, {
      method,
      headers: { ...suite.app.administrator.headers, 'content-type': 'application/json', ...headers },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: response.status, headers: response.headers, body: (await response.json()) as Record<string, unknown> };
  };

  it('adopts from the library page, then takes the changed label over from the notice', async () => {
    expect((await api('PUT', 'ekdala/eservices/felanmalan/template-offer')).status).toBe(200);

    const page = await staffPage(suite.browser, suite.app, { viewport: { width: 1440, height: 1000 } });
    await page.goto(`${suite.app.baseUrl}/admin/solbacka/mallar`);
    const row = page.getByTestId('template-ekdala/felanmalan');
    await expect.poll(() => row.textContent()).toContain('Ekdala kommun');
    expect(await row.textContent()).toContain('Mottagare att ställa in själva: kontaktcenter (email)');
    await scan(page, 'the template library');
    await row.getByRole('button', { name: /Ta i bruk/ }).click();
    const form = page.getByTestId('adopt-form');
    await form.locator('#adopt-id').fill('felanmalan-ekdala');
    await form.locator('#adopt-department').selectOption('stadsbyggnad');
    await form.locator('#adopt-contact-name').fill('Kontaktcenter');
    await form.locator('#adopt-contact-email').fill('kontakt@solbacka.example.se');
    await scan(page, 'the adoption form');
    await page.getByTestId('adopt-submit').click();
    await page.waitForURL('**/admin/designer/solbacka/felanmalan-ekdala');
    const origin = page.getByTestId('template-origin');
    await expect.poll(() => origin.textContent()).toContain('Gjord från mallen ”felanmalan” från Ekdala kommun (version 1).');

    // Ekdala publishes version 2 with a new label
    const ekdala = await api('GET', 'ekdala/eservices/felanmalan');
    const changed = structuredClone(ekdala.body.definition) as EServiceDefinition;
    changed.form.texts.location!.label = { sv: 'Var finns felet?', en: 'Where is the fault?' };
    expect((await api('PUT', 'ekdala/eservices/felanmalan', changed, { 'if-match': ekdala.headers.get('etag')! })).status).toBe(200);
    expect((await api('POST', 'ekdala/eservices/felanmalan/publish')).status).toBe(201);

    await page.reload();
    await expect.poll(() => page.getByTestId('template-newer').textContent()).toBe('Det finns en ny version av mallen från Ekdala kommun: version 2. Ni har gått igenom version 1.');
    await page.getByTestId('template-show-changes').click();
    const change = page.getByTestId('template-change-location');
    await expect.poll(() => change.textContent()).toContain('Var finns felet? (location): Ändrat: etikett');
    await scan(page, 'the template’s changes');
    await page.getByTestId('take-over-location').click();
    expect(await announcement(page)).toBe('Ändringen av ”Var finns felet?” är övertagen i utkastet.');
    const draft = async () => ((await api('GET', 'solbacka/eservices/felanmalan-ekdala')).body.definition as EServiceDefinition).form.texts.location!.label.sv;
    await expect.poll(draft, { timeout: 10_000 }).toBe('Var finns felet?');

    await page.getByTestId('template-mark-reviewed').click();
    await expect.poll(() => page.getByTestId('template-reviewed').textContent()).toBe('Version 2 av mallen är genomgången.');
    expect(await page.getByTestId('template-newer').count()).toBe(0);

    // the library names the e-service made from the template, linking to it
    await page.goto(`${suite.app.baseUrl}/admin/solbacka/mallar`);
    await row.getByRole('link', { name: 'felanmalan-ekdala' }).click();
    await page.waitForURL('**/admin/designer/solbacka/felanmalan-ekdala');
    await page.close();
  });

  it("lists the demo's offers of Solbacka in Ekdala, and takes a field over with its prefill from the population register", async () => {
    const page = await staffPage(suite.browser, suite.app, { viewport: { width: 1440, height: 1000 } });
    await page.goto(`${suite.app.baseUrl}/admin/ekdala/mallar`);
    await expect.poll(() => page.getByTestId('template-solbacka/forskoleplats').textContent()).toContain('Solbacka kommun');
    expect(await page.getByTestId('template-solbacka/borgerlig-vigsel').count()).toBe(1);
    const adoption = { id: 'forskoleplats-solbacka', owner: { department: 'utbildning', contact: { name: 'Förskoleantagningen', email: 'forskola@ekdala.example.se' } } };
    expect((await api('POST', 'ekdala/templates/solbacka/forskoleplats/adoptions', adoption)).status).toBe(201);

    // Solbacka's version 2 lets the citizen correct the prefilled given name
    const solbacka = await api('GET', 'solbacka/eservices/forskoleplats');
    const changed = structuredClone(solbacka.body.definition) as EServiceDefinition;
    changed.prefill = changed.prefill.map((m) => (m.field === 'guardian.givenName' ? { ...m, editable: true } : m));
    expect((await api('PUT', 'solbacka/eservices/forskoleplats', changed, { 'if-match': solbacka.headers.get('etag')! })).status).toBe(200);
    expect((await api('POST', 'solbacka/eservices/forskoleplats/publish')).status).toBe(201);

    await page.goto(`${suite.app.baseUrl}/admin/designer/ekdala/forskoleplats-solbacka`);
    await page.getByTestId('template-show-changes').click();
    const change = page.getByTestId('template-change-guardian.givenName');
    await expect.poll(() => change.textContent()).toContain('(guardian.givenName): Ändrat: förifyllning');
    await page.getByTestId('take-over-guardian.givenName').click();
    const prefill = async () => ((await api('GET', 'ekdala/eservices/forskoleplats-solbacka')).body.definition as EServiceDefinition).prefill.find((m) => m.field === 'guardian.givenName');
    await expect.poll(prefill, { timeout: 10_000 }).toMatchObject({ attribute: 'givenName', editable: true });
    await page.close();
  });
});
