import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, it } from 'vitest';
import { startTestApp, type TestApp } from '../../server/src/test-support/app.js';
import { CLIENT_DIR } from './demo-portal.js';
import { launchChromium } from './browser.js';

let app: TestApp;
let browser: Browser;
beforeAll(async () => {
  [app, browser] = await Promise.all([startTestApp({ clientDir: CLIENT_DIR }), launchChromium()]);
});
afterAll(async () => {
  await browser?.close();
  await app?.close();
});
it('smoke', async () => {
  const page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
  page.on('console', (m) => console.log('CONSOLE', m.type(), m.text()));
  page.on('pageerror', (e) => console.log('PAGEERROR', e.message));
  await page.goto(`${app.baseUrl}/admin/designer/solbacka/forskoleplats`);
  await page.waitForTimeout(1500);
  await page.screenshot({ path: '/tmp/shots/1.png', fullPage: true });
  await page.getByRole('button', { name: /^4\. Önskemål/ }).click();
  await page.getByTestId('designer-field-hoursPerWeek').getByRole('button').first().click();
  await page.getByTestId('palette-short-text').click();
  await page.waitForTimeout(1500);
  console.log(await page.getByTestId('designer-announcement').textContent(), await page.getByTestId('save-status').textContent());
  await page.keyboard.type('Barnets smeknamn');
  await page.waitForTimeout(1500);
  console.log(await page.getByTestId('save-status').textContent());
  await page.screenshot({ path: '/tmp/shots/2.png', fullPage: true });
  await page.getByTestId('tab-settings').click();
  await page.waitForTimeout(500);
  await page.screenshot({ path: '/tmp/shots/3.png', fullPage: true });
});
