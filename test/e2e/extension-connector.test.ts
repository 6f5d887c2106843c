import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../server/src/config.js';
import { loadExtensions } from '../../server/src/extensions/loader.js';
import { startTestApp, type TestApp } from '../../server/src/test-support/app.js';
import { expectNoWcagViolations } from './axe.js';
import { launchChromium } from './browser.js';
import { CLIENT_DIR } from './demo-portal.js';

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
    [app, browser] = await Promise.all([startTestApp({ clientDir: CLIENT_DIR, delivery: { worker: false } }), launchChromium()]);
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
    chat?.close();
  });

  it('offers the connector, shows its options in Swedish, saves it and sends a test notice', async () => {
    const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    await page.goto(`${app.baseUrl}/admin/designer/solbacka/felanmalan`);
    await page.getByTestId('tab-settings').click();
    await page.getByTestId('settings-delivery').click();
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
});
