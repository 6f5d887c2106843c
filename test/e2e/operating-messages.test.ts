import { describe, expect, it } from 'vitest';
import { call } from '../../server/src/test-support/app.js';
import { expectNoWcagViolations } from './axe.js';
import { appAndBrowser } from './suite.js';

const hour = 3600 * 1000;
const window = () => ({ startsAt: new Date(Date.now() - hour).toISOString(), endsAt: new Date(Date.now() + hour).toISOString() });

describe('operating messages on the citizen pages', () => {
  const suite = appAndBrowser();

  it('shows the municipality’s disruption on its catalogue, announced in a live region, and an e-service’s maintenance only on that e-service', async () => {
    const { app, browser } = suite;
    const disruption = await call(app.baseUrl, 'POST', '/api/municipalities/ekdala/operating-messages', {
      kind: 'disruption',
      title: { sv: 'Inloggningen krånglar', en: 'Login problems' },
      body: { sv: 'BankID-inloggningen fungerar inte just nu. Vi arbetar på det.', en: 'BankID login does not work right now. We are working on it.' },
      ...window(),
    });
    const maintenance = await call(app.baseUrl, 'POST', '/api/municipalities/ekdala/operating-messages', {
      kind: 'maintenance',
      eserviceId: 'bygglov',
      title: { sv: 'Bygglovsärenden tas emot senare', en: 'Building permits later' },
      body: { sv: 'Ärendesystemet uppgraderas i kväll.', en: 'The case system is upgraded tonight.' },
      ...window(),
    });
    expect([disruption.status, maintenance.status]).toEqual([201, 201]);

    const page = await browser.newPage();
    try {
      await page.goto(`${app.baseUrl}/ekdala`);
      const live = page.locator('[aria-live="polite"].operating-messages');
      await expect.poll(() => live.innerText()).toContain('Inloggningen krånglar');
      expect(await live.innerText()).toContain('Störning');
      expect(await live.innerText()).not.toContain('Bygglovsärenden');
      await expectNoWcagViolations(page, 'catalogue with a disruption notice');

      await page.goto(`${app.baseUrl}/ekdala/e-tjanster/bygglov`);
      await expect.poll(() => page.locator('.operating-messages').innerText()).toContain('Bygglovsärenden tas emot senare');
      expect(await page.locator('.operating-messages').innerText()).toContain('Planerat underhåll');
      await expectNoWcagViolations(page, 'e-service page with notices');

      const solbackaAnswered = page.waitForResponse((response) => response.url().includes('/municipalities/solbacka/operating-messages/in-force'));
      await page.goto(`${app.baseUrl}/solbacka`);
      await solbackaAnswered;
      await page.locator('h1').waitFor();
      expect(await page.locator('.operating-message').count()).toBe(0);
    } finally {
      await page.close();
    }
  });
});
