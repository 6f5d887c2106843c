import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../server/src/config.js';
import { loadExtensions } from '../../server/src/extensions/loader.js';
import { call, startTestApp, type TestApp } from '../../server/src/test-support/app.js';
import { SMS_PACKAGE, smsPackage } from '../../server/src/test-support/sms-extension.js';
import { expectNoWcagViolations } from './axe.js';
import { launchChromium } from './browser.js';
import { CLIENT_DIR } from './demo-portal.js';
import { openSettingsSection } from './designer-page.js';
import { staffPage } from './staff.js';

/**
 * An extension's delivery connector in the designer: loaded by the server only (the usual client
 * build, without EXTENSIONS, offers it, since the designer renders every connector type the
 * server lists from its options schema), with the plugin's own Swedish option titles.
 */
describe('an extension connector in the designer (server configured with EXTENSIONS)', () => {
  let app: TestApp;
  let browser: Browser;
  let chat: Server;
  const notices: unknown[] = [];
  beforeAll(async () => {
    chat = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        notices.push(JSON.parse(Buffer.concat(chunks).toString('utf8')));
        res.writeHead(200).end('ok');
      });
    }).listen(0, '127.0.0.1');
    await loadExtensions(loadConfig({ EXTENSIONS: '@etjanst/extension-chattnotis' }).extensions);
    await loadExtensions([SMS_PACKAGE], smsPackage);
    [app, browser] = await Promise.all([startTestApp({ clientDir: CLIENT_DIR, delivery: { worker: false } }), launchChromium()]);
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
    chat?.close();
  });

  it('offers the connector, shows its options in Swedish, saves it and sends a test notice', async () => {
    const page = await staffPage(browser, app, { viewport: { width: 1400, height: 1000 } });
    await openSettingsSection(page, app.baseUrl, 'solbacka/felanmalan', 'delivery');
    await page.locator('#connector-new-type').selectOption({ label: 'Chattnotis (Teams, Mattermost, Slack)' });
    await page.locator('#connector-new-id').fill('gatukontoret');
    await page.getByRole('button', { name: 'Lägg till', exact: true }).click();

    const connector = page.getByTestId('connector-gatukontoret');
    await expect.poll(() => connector.locator('legend').textContent()).toBe('Chattnotis (Teams, Mattermost, Slack): gatukontoret');
    const url = connector.getByLabel('Webbhookens adress (URL)');
    await expect.poll(() => url.getAttribute('aria-invalid')).toBe('true');
    expect(await connector.textContent()).toContain('Chattens inkommande webbhook (Teams, Mattermost, Slack).');
    await expectNoWcagViolations(page, 'settings: delivery, an extension connector with its errors');

    await url.fill(`http://127.0.0.1:${(chat.address() as AddressInfo).port}/hooks/abc`);
    await connector.getByLabel('Kanal').fill('gata-inkommande');
    await expect.poll(() => page.getByTestId('save-status').getAttribute('data-state'), { timeout: 10_000 }).toBe('saved');
    await connector.getByRole('button', { name: 'Skicka testleverans till gatukontoret' }).click();
    await expect.poll(() => page.getByTestId('connector-test-gatukontoret').getAttribute('data-succeeded'), { timeout: 15_000 }).toBe('true');
    expect(notices).toEqual([{ text: 'Testnotis från e-tjänstplattformen: mottagaren ”gatukontoret” i e-tjänsten ”felanmalan” fungerar.', channel: 'gata-inkommande' }]);
    await page.close();
  });

  it('judges a strictly confidential e-service\'s connectors by their types\' declarations, as the publish gate does (SK-GDPR-003)', async () => {
    const page = await staffPage(browser, app, { viewport: { width: 1400, height: 1000 } });
    await openSettingsSection(page, app.baseUrl, 'ekdala/felanmalan', 'personalData');
    await page.locator('#settings-personalData_classification').selectOption({ label: 'Strikt konfidentiell' });
    await page.getByTestId('settings-delivery').click();
    const unmet = page.getByTestId('settings-unmet');
    await expect.poll(() => unmet.textContent()).toContain('Mottagaren ”kontaktcenter” (typ ”email”) får inte leverera ärenden från en e-tjänst som är klassad som strikt konfidentiell. (SK-GDPR-003)');

    // a municipality's SMS connector declares that it may not carry them, the Chattnotis example that it may (it sends no answers)
    const add = async (label: string, id: string) => {
      await page.locator('#connector-new-type').selectOption({ label });
      await page.locator('#connector-new-id').fill(id);
      await page.getByRole('button', { name: 'Lägg till', exact: true }).click();
    };
    await add('SMS till jourtelefon', 'jour');
    await page.getByTestId('connector-jour').getByLabel('Telefonnummer').fill('+46701234567');
    await add('Chattnotis (Teams, Mattermost, Slack)', 'gatukontoret');
    await page.getByTestId('connector-gatukontoret').getByLabel('Webbhookens adress (URL)').fill('https://chatt.example.se/hooks/abc');
    const sms = 'Mottagaren ”jour” (typ ”sms”) får inte leverera ärenden från en e-tjänst som är klassad som strikt konfidentiell.';
    await expect.poll(() => unmet.textContent()).toContain(`${sms} (SK-GDPR-003)`);
    expect(await unmet.textContent()).not.toContain('gatukontoret');
    await expectNoWcagViolations(page, 'settings: delivery, a connector refused for a strictly confidential e-service');

    // the publish gate refuses the same connectors, in the same words
    await page.getByRole('button', { name: 'Ta bort mottagaren kontaktcenter' }).click();
    await expect.poll(() => page.getByTestId('save-status').getAttribute('data-state'), { timeout: 10_000 }).toBe('saved');
    await page.getByTestId('publish').click();
    const refusal = page.locator('.problem', { hasText: 'Skall-kraven uppfylls inte' });
    await expect.poll(() => refusal.textContent(), { timeout: 30_000 }).toContain(sms);
    expect(await refusal.textContent()).not.toContain('gatukontoret');
    const gate = await call(app.baseUrl, 'POST', '/api/municipalities/ekdala/eservices/felanmalan/publish');
    expect(gate.body.errors.filter((e: { code: string }) => e.code === 'SK-GDPR-003').map((e: { message: { sv: string } }) => e.message.sv)).toEqual([
      sms,
      'E-postkvittensen innehåller svaren, men e-tjänsten är klassad som strikt konfidentiell.',
    ]);
    await page.close();
  });
});
