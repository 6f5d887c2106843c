import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXAMPLE_ANSWERS } from '@etjanst/schemas';
import { SESSION_COOKIE } from '../../server/src/identity/sessions.js';
import { startMailboxSimulator, type MailboxSimulator } from '../../server/src/simulators/mailbox/simulator.js';
import { STAFF_SESSION_COOKIE } from '../../server/src/staff/sessions.js';
import { call, startTestApp, type TestApp } from '../../server/src/test-support/app.js';
import { loggedIn } from '../../server/src/test-support/sessions.js';
import { signInByEId, signInStaff, type StaffSignIn } from '../../server/src/test-support/staff.js';
import { expectNoWcagViolations } from './axe.js';
import { launchChromium } from './browser.js';
import { CLIENT_DIR } from './demo-portal.js';
import { staffPage } from './staff.js';

// Maja is a demo case handler (in the staff register) of Solbacka's kommunstyrelse, which owns the
// civil wedding e-service, and of its miljö department.
const MAJA = '199304249429';
const answers = EXAMPLE_ANSWERS['borgerlig-vigsel']!;

describe('case status back to the citizen (browser)', () => {
  let app: TestApp;
  let browser: Browser;
  let mailbox: MailboxSimulator;
  let receiptNumber: string;

  /** A browser context with a citizen logged in (as an e-ID login would leave it). */
  const loggedInContext = async (): Promise<BrowserContext> => {
    const session = await loggedIn(app.database.db, {});
    const context = await browser.newContext();
    await context.addCookies([{ name: SESSION_COOKIE, value: session.token, domain: '127.0.0.1', path: '/', httpOnly: true, secure: true, sameSite: 'Lax' }]);
    return context;
  };

  /** A browser context with a staff login (as a staff login would leave it). */
  const staffContext = async (staff: StaffSignIn): Promise<BrowserContext> => {
    const context = await browser.newContext();
    const token = staff.cookie.slice(`${STAFF_SESSION_COOKIE}=`.length);
    await context.addCookies([{ name: STAFF_SESSION_COOKIE, value: token, url: app.baseUrl }]);
    return context;
  };

  beforeAll(async () => {
    mailbox = await startMailboxSimulator();
    [app, browser] = await Promise.all([startTestApp({ clientDir: CLIENT_DIR, mail: { smtpUrl: mailbox.smtpUrl }, delivery: {} }), launchChromium()]);
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
    await mailbox?.close();
  });

  it('the citizen submits, a back-office system sets status and writes, the citizen is e-mailed, sees both on Mina sidor and replies', async () => {
    const citizen = await loggedInContext();
    const page = await citizen.newPage();
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
    await page.getByTestId('submit-button').click();
    const receipt = page.getByTestId('receipt-number');
    await receipt.waitFor({ timeout: 15_000 });
    receiptNumber = (await receipt.textContent())?.trim() ?? '';
    expect(receiptNumber).toMatch(/^SOL-\d{4}-\d{6}$/);

    // the municipality's case-management system reports back through the inbound API
    const key = (await call(app.baseUrl, 'POST', '/api/municipalities/solbacka/inbound-api-keys', { systemName: 'Ärendesystemet' })).body.key as string;
    const auth = { authorization: `Bearer ${key}` };
    expect((await call(app.baseUrl, 'PUT', `/api/inbound/cases/${receiptNumber}/status`, { status: 'more-information-needed', note: 'Vittnenas personnummer saknas.' }, auth)).status).toBe(200);
    expect((await call(app.baseUrl, 'POST', `/api/inbound/cases/${receiptNumber}/messages`, { body: 'Skicka vittnenas personnummer, tack.' }, auth)).status).toBe(201);

    // the e-mail says only that there is news, and where
    const mail = await mailbox.waitFor((m) => m.subject === `Nyheter i ditt ärende ${receiptNumber}`);
    expect(mail.to).toEqual([answers.email]);
    expect(mail.text).toContain(`${app.baseUrl}/mina-sidor`);
    expect(mail.text).not.toContain('personnummer');

    await page.goto(`${app.baseUrl}/mina-sidor`);
    const thread = page.locator(`[data-testid="case-thread"][data-receipt-number="${receiptNumber}"]`);
    await expect.poll(() => thread.getByTestId('case-status').textContent(), { timeout: 15_000 }).toContain('Status: Komplettering behövs');
    expect(await thread.getByTestId('case-status').textContent()).toContain('Nytt meddelande');
    const row = page.locator('tr', { has: page.getByText(receiptNumber, { exact: true }) });
    expect(await row.textContent()).toContain('Komplettering behövs');

    await thread.locator('summary').click();
    const history = thread.getByTestId('case-history');
    expect(await history.textContent()).toContain('Mottaget');
    expect(await history.textContent()).toContain('Komplettering behövs');
    expect(await history.textContent()).toContain('Vittnenas personnummer saknas.');
    expect(await thread.getByTestId('case-messages').textContent()).toContain('Skicka vittnenas personnummer, tack.');
    // opening the thread marks the message as read
    await expect.poll(() => thread.getByTestId('case-status').textContent()).not.toContain('Nytt meddelande');

    await thread.getByLabel('Ditt svar till kommunen').fill('19121212-1212 och 19900101-2385.');
    await thread.getByRole('button', { name: 'Skicka svaret' }).click();
    await expect.poll(() => thread.getByRole('status').textContent()).toContain('Ditt svar har skickats.');
    await expect.poll(() => thread.getByTestId('case-messages').textContent()).toContain('19121212-1212 och 19900101-2385.');
    await expectNoWcagViolations(page, 'Mina sidor with a case thread open');

    const back = await call(app.baseUrl, 'GET', `/api/inbound/cases/${receiptNumber}`, undefined, auth);
    expect(back.body.messages.map((m: { direction: string }) => m.direction)).toEqual(['to-citizen', 'from-citizen']);
    await citizen.close();
  });

  it('a handler of the department finds the case in the inbox, reads the reply, takes it and decides it', async () => {
    const handler = await staffContext(await signInByEId(app.database.db, MAJA));
    const page = await handler.newPage();
    await page.goto(`${app.baseUrl}/handlaggning`);
    // Maja handles two departments: she chooses the one that owns the wedding e-service
    await page.getByLabel('Förvaltning', { exact: true }).selectOption({ label: 'Kommunstyrelseförvaltningen' });
    const list = page.getByTestId('inbox-cases');
    await list.waitFor({ timeout: 15_000 });
    const row = list.locator('tr', { has: page.getByRole('link', { name: receiptNumber }) });
    expect(await row.textContent()).toContain('Komplettering behövs');
    await expectNoWcagViolations(page, 'the inbox');

    // the status filter hides it, "more information needed" shows it
    await page.getByLabel('Status', { exact: true }).selectOption('decided');
    await page.getByRole('button', { name: 'Visa ärenden' }).click();
    await expect.poll(() => page.locator('main').textContent()).toContain('Inga ärenden matchar filtret.');
    await page.getByLabel('Status', { exact: true }).selectOption('more-information-needed');
    await page.getByRole('button', { name: 'Visa ärenden' }).click();
    // the export buttons export the filtered list
    const csvLink = page.getByRole('link', { name: 'Exportera till CSV' });
    await expect.poll(() => csvLink.getAttribute('href')).toBe('/api/municipalities/solbacka/departments/kommunstyrelse/inbox/cases/export.csv?status=more-information-needed');
    const csv = await page.request.get(`${app.baseUrl}${await csvLink.getAttribute('href')}`);
    expect(csv.status()).toBe(200);
    expect((await csv.text()).split('\r\n')[1]).toContain(receiptNumber);
    await page.getByRole('link', { name: receiptNumber }).click();

    await expect.poll(() => page.locator('main').textContent(), { timeout: 15_000 }).toContain('19121212-1212 och 19900101-2385.');
    expect(await page.locator('main').textContent()).toContain('Utsiktsberget');
    // the citizen's reply is marked as read (a write without a body, sent as JSON with the staff CSRF token)
    await page.getByRole('button', { name: 'Markera svaren som lästa' }).click();
    await expect.poll(() => page.getByRole('button', { name: 'Markera svaren som lästa' }).count()).toBe(0);
    // she takes the case: the assignee is her staff account
    await page.getByLabel('Handläggare', { exact: true }).selectOption({ label: 'Maja Exempeldotter' });
    await page.getByRole('button', { name: 'Spara tilldelning' }).click();
    await expect.poll(() => page.locator('.case-facts').textContent()).toContain('Maja Exempeldotter');
    await page.getByLabel('Ny status').selectOption('decided');
    await page.getByLabel('Anteckning som den sökande ser (valfri)').fill('Välkomna den 13 juni.');
    await page.getByRole('button', { name: 'Spara status' }).click();
    await expect.poll(() => page.getByTestId('case-status').textContent()).toBe('Beslut fattat');
    await expectNoWcagViolations(page, 'a case in the inbox');

    const stored = await app.database.db.selectFrom('submissions').select('case_status').where('receipt_number', '=', receiptNumber).executeTakeFirstOrThrow();
    expect(stored.case_status).toBe('decided');

    // a wedding booked on paper is registered too, and the list shows it
    await page.getByRole('link', { name: 'Tillbaka till ärendelistan' }).click();
    await page.getByText('Registrera ett ärende som kom på papper').click();
    await page.getByLabel('Sökandes namn (valfritt)').fill('Bo Lind');
    await page.getByLabel('Sammanfattning av ärendet').fill('Bokning av vigsel, inkom per post.');
    await page.getByRole('button', { name: 'Registrera ärendet' }).click();
    await expect.poll(() => page.locator('.paper-case').getByRole('status').textContent()).toMatch(/Ärendet är registrerat med kvittonummer SOL-\d{4}-\d{6}\./);
    const paperRow = page.getByTestId('inbox-cases').locator('tr', { hasText: 'Bo Lind' });
    await expect.poll(() => paperRow.textContent()).toContain('Papper');
    await handler.close();
  });

  it('without a staff login the inbox and its cases say so and link to the staff login, even for a logged-in citizen', async () => {
    const citizen = await loggedInContext();
    const page = await citizen.newPage();
    for (const path of ['/handlaggning', `/handlaggning/solbacka/kommunstyrelse/${receiptNumber}`]) {
      await page.goto(`${app.baseUrl}${path}`);
      const notice = page.getByTestId('inbox-staff-login');
      await expect.poll(() => notice.textContent(), { timeout: 15_000 }).toContain('kräver inloggning som personal');
      const href = await notice.getByRole('link', { name: 'Logga in som personal' }).getAttribute('href');
      const login = new URL(href ?? '', app.baseUrl);
      expect(login.pathname).toBe('/admin/logga-in');
      expect(login.searchParams.get('tillbaka')).toBe(path);
      expect(await page.getByTestId('inbox-cases').count()).toBe(0);
    }
    await citizen.close();
  });

  it('shows a staff member who is not a handler that the inbox is not for them', async () => {
    const reader = await staffContext(await signInStaff(app.database.db, [{ role: 'statistics-reader', municipalityId: 'solbacka', departmentId: null }]));
    const page = await reader.newPage();
    await page.goto(`${app.baseUrl}/handlaggning`);
    await expect.poll(() => page.locator('main').textContent(), { timeout: 15_000 }).toContain('Du är inte registrerad som handläggare');
    await reader.close();
  });

  it('the admin list shows each e-service’s maturity level', async () => {
    const page = await staffPage(browser, app);
    await page.goto(`${app.baseUrl}/admin?kommun=solbacka`);
    const row = (name: string) => page.locator('tr', { hasText: name });
    await expect.poll(() => row('Felanmälan och synpunkter').getByTestId('admin-maturity').textContent(), { timeout: 15_000 }).toBe('1 av 4');
    expect(await row('Boka borgerlig vigsel').getByTestId('admin-maturity').textContent()).toBe('2 av 4');
    await page.close();
  });
});
