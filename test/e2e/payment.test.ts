import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXAMPLE_ANSWERS } from '@etjanst/schemas';
import { SESSION_COOKIE } from '../../server/src/identity/sessions.js';
import { SwishClient } from '../../server/src/payment/swish-client.js';
import { startPaymentSimulator, type PaymentSimulator } from '../../server/src/simulators/payment/simulator.js';
import { startTestApp, type TestApp } from '../../server/src/test-support/app.js';
import { loggedIn } from '../../server/src/test-support/sessions.js';
import { launchChromium } from './browser.js';
import { CLIENT_DIR } from './demo-portal.js';

const answers = EXAMPLE_ANSWERS['borgerlig-vigsel']!;

describe('paying the civil wedding fee with Swish (browser)', () => {
  let app: TestApp;
  let browser: Browser;
  let simulator: PaymentSimulator;
  let client: SwishClient;

  beforeAll(async () => {
    simulator = await startPaymentSimulator();
    client = new SwishClient({ baseUrl: simulator.url, payeeAlias: simulator.payeeAlias, ca: simulator.ca, ...simulator.clientCert });
    [app, browser] = await Promise.all([startTestApp({ clientDir: CLIENT_DIR, paymentProvider: client, fees: true }), launchChromium()]);
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
    client?.close();
    await simulator?.close();
  });

  it('the citizen sees the fee on the summary, sends, pays in the Swish simulator and sees the paid receipt', async () => {
    const session = await loggedIn(app.database.db, {});
    const context = await browser.newContext();
    await context.addCookies([{ name: SESSION_COOKIE, value: session.token, domain: '127.0.0.1', path: '/', httpOnly: true, secure: true, sameSite: 'Lax' }]);
    const page = await context.newPage();
    // the form starts filled in with valid answers (as a prefill would), so the test goes straight through the steps
    await page.route('**/api/municipalities/solbacka/eservices/borgerlig-vigsel/versions/*/prefill', (route) =>
      route.fulfill({ status: 200, contentType: 'application/json', body: JSON.stringify({ answers, sources: {} }) }),
    );
    await page.goto(`${app.baseUrl}/solbacka/e-tjanster/borgerlig-vigsel`);
    await page.getByTestId('step-heading').waitFor({ timeout: 15_000 });
    for (let step = 0; step < 12 && (await page.getByTestId('submit-button').count()) === 0; step += 1) {
      const heading = await page.getByTestId('step-heading').textContent();
      await page.getByTestId('next-button').click();
      await expect.poll(() => page.getByTestId('step-heading').textContent()).not.toBe(heading);
    }
    expect(await page.getByTestId('summary-fee').textContent()).toContain('600,00 kr');
    await page.getByTestId('submit-button').click();

    await page.getByTestId('payment-step').waitFor({ timeout: 15_000 });
    const receiptNumber = (await page.getByTestId('receipt-number').textContent())?.trim() ?? '';
    expect(await page.getByTestId('payment-amount').textContent()).toBe('600,00 kr');
    await page.getByTestId('pay-button').click();
    await expect.poll(() => page.getByTestId('payment-status').textContent()).toContain('Öppna Swish-appen');

    // the payer's app: the simulator's tester side approves the request the platform made
    const [request] = simulator.book.pending();
    expect(request).toMatchObject({ amount: '600.00', payeePaymentReference: receiptNumber.replace(/-/g, '') });
    const paid = await fetch(`${simulator.testerUrl}/api/requests/${request!.id}/pay`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ callback: 'once' }) });
    expect(paid.status).toBe(200);

    await page.getByTestId('receipt-paid').waitFor({ timeout: 15_000 });
    expect(await page.getByTestId('receipt-paid').textContent()).toBe('600,00 kr');
    expect(await page.getByTestId('receipt-number').textContent()).toBe(receiptNumber);
    const stored = await app.database.db.selectFrom('submissions').select(['state', 'paid_at']).where('receipt_number', '=', receiptNumber).executeTakeFirstOrThrow();
    expect(stored.state).toBe('submitted');
    expect(stored.paid_at).toBeInstanceOf(Date);
    await context.close();
  });
});
