import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { RFA } from '../../server/src/identity/bankid/messages.js';
import { DEFAULT_TEST_PERSONS } from '../../server/src/simulators/bankid/simulator.js';
import { QR_FORMAT } from './demo-portal.js';
import { demoPortalSuite } from './suite.js';


describe('a citizen logs in with e-ID from the catalogue (browser)', () => {
  const portal = demoPortalSuite();
  const tester = (path: string, body: unknown) => portal.bankIdTester(path, body);
  const person = DEFAULT_TEST_PERSONS[0]!;

  /** From the catalogue to the login page of an e-service that requires LoA 3. */
  async function openPreschoolLogin(page: Page) {
    await page.goto(`${portal.app.baseUrl}/solbacka`);
    await page.getByTestId('catalogue-search').fill('forskola');
    await expect.poll(() => page.getByRole('link', { name: 'Boka borgerlig vigsel' }).count()).toBe(0);
    await page.getByRole('link', { name: 'Ansökan om förskoleplats' }).click();
    await expect.poll(() => page.getByTestId('login-gate').textContent()).toMatch(/3/);
    await page.getByTestId('login-link').click();
    await page.getByTestId('bankid-panel').waitFor();
  }

  async function expectLoggedInOnPreschool(page: Page, name: string) {
    await expect.poll(() => page.getByTestId('logged-in-name').textContent(), { timeout: 15_000 }).toContain(name);
    // the header shows the session as soon as it is read; the URL changes once the e-service's loader has answered
    await expect.poll(() => page.url(), { timeout: 15_000 }).toContain('/solbacka/e-tjanster/forskoleplats');
    await page.getByTestId('step-heading').waitFor();
  }

  it('by BankID on another device: the QR code changes every second and decodes to the documented format', async () => {
    const context = await portal.browser.newContext();
    const page = await context.newPage();
    await openPreschoolLogin(page);
    await page.getByTestId('bankid-other-device').click();
    const qr = page.getByTestId('bankid-qr');
    await expect.poll(() => qr.getAttribute('data-qr')).toMatch(QR_FORMAT);
    const first = (await qr.getAttribute('data-qr'))!;
    await expect.poll(() => qr.getAttribute('data-qr'), { timeout: 5000 }).not.toBe(first);
    const second = (await qr.getAttribute('data-qr'))!;
    expect(Number(QR_FORMAT.exec(second)![1])).toBeGreaterThan(Number(QR_FORMAT.exec(first)![1]));
    expect(second.split('.')[1]).toBe(first.split('.')[1]);

    const { orderRef } = await tester('/api/scan', { qrData: second });
    await expect.poll(() => page.getByTestId('bankid-status').textContent(), { timeout: 8000 }).toMatch(/Skriv in din säkerhetskod|Legitimera|säkerhetskod/i);
    await tester(`/api/orders/${orderRef}/approve`, { personalNumber: person.personalNumber });
    await expectLoggedInOnPreschool(page, `${person.givenName} ${person.surname}`);

    await page.getByTestId('logout-button').click();
    await expect.poll(() => page.getByTestId('logged-in-name').count()).toBe(0);
    await context.close();
  });

  it('by BankID on this device, through the autostart link', async () => {
    const context = await portal.browser.newContext();
    const page = await context.newPage();
    await openPreschoolLogin(page);
    await page.getByTestId('bankid-this-device').click();
    const href = (await page.getByTestId('bankid-autostart-link').getAttribute('href'))!;
    expect(href).toMatch(/^bankid:\/\/\/\?autostarttoken=[0-9a-f-]{36}&redirect=null$/);
    const autoStartToken = new URL(href.replace('bankid:///', 'https://x/')).searchParams.get('autostarttoken');
    const { orderRef } = await tester('/api/autostart', { autoStartToken });
    await tester(`/api/orders/${orderRef}/approve`, { personalNumber: person.personalNumber });
    await expectLoggedInOnPreschool(page, `${person.givenName} ${person.surname}`);
    await context.close();
  });

  it('tells the citizen when they cancel in the BankID app', async () => {
    const context = await portal.browser.newContext();
    const page = await context.newPage();
    await openPreschoolLogin(page);
    await page.getByTestId('bankid-other-device').click();
    const qrData = await expect.poll(() => page.getByTestId('bankid-qr').getAttribute('data-qr')).toMatch(QR_FORMAT).then(() => page.getByTestId('bankid-qr').getAttribute('data-qr'));
    const { orderRef } = await tester('/api/scan', { qrData });
    await tester(`/api/orders/${orderRef}/fail`, { hintCode: 'userCancel' });
    await expect.poll(() => page.getByTestId('bankid-status').textContent(), { timeout: 8000 }).toBe(RFA.RFA6.sv); // userCancel: RFA6
    await page.getByTestId('bankid-retry').waitFor();
    expect(await page.getByTestId('logged-in-name').count()).toBe(0);
    await context.close();
  });

  it('by the SAML federation IdP, and logs out there too (single logout)', async () => {
    const context = await portal.browser.newContext();
    const page = await context.newPage();
    await openPreschoolLogin(page);
    await page.getByTestId('login-method-e-legitimation').click();
    await page.waitForURL(`${portal.demo.testerUrls.saml}/**`);
    const samlPerson = await page.locator('input[name="person"]').first().getAttribute('value');
    await page.getByRole('button', { name: 'Logga in' }).click();
    await expectLoggedInOnPreschool(page, 'Inloggad som');
    const session = await portal.app.database.db.selectFrom('sessions').selectAll().where('ended_at', 'is', null).where('method', '=', 'saml:e-legitimation').executeTakeFirstOrThrow();
    expect(session).toMatchObject({ loa: 3, personal_identity_number: samlPerson!.replace('-', '') });
    // logout goes to the IdP's single-logout service and back to the start page
    const idpLogout = page.waitForRequest((request) => request.url().startsWith(`${portal.demo.testerUrls.saml}/slo`));
    await page.getByTestId('logout-button').click();
    await idpLogout;
    await page.waitForURL(`${portal.app.baseUrl}/`, { timeout: 15_000, waitUntil: 'commit' });
    await expect.poll(() => page.getByTestId('logged-in-name').count()).toBe(0);
    const ended = await portal.app.database.db.selectFrom('sessions').select('ended_at').where('id_hash', '=', session.id_hash).executeTakeFirstOrThrow();
    expect(ended.ended_at).not.toBeNull();
    await context.close();
  });
});
