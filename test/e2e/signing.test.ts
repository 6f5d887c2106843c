import { describe, expect, it } from 'vitest';
import { EXAMPLE_ANSWERS } from '@etjanst/schemas';
import { RFA } from '../../server/src/identity/bankid/messages.js';
import { SESSION_COOKIE } from '../../server/src/identity/sessions.js';
import { loggedIn } from '../../server/src/test-support/sessions.js';
import { QR_FORMAT } from './demo-portal.js';
import { demoPortalSuite } from './suite.js';


// Astrid applies (she is in the BankID simulator's test persons); Klara is the other guardian who co-signs.
const ASTRID = { personalIdentityNumber: '199001012385', givenName: 'Astrid', surname: 'Testsson', displayName: 'Astrid Testsson' };
const answers = { ...EXAMPLE_ANSWERS.forskoleplats!, otherGuardian: { name: 'Klara Testsson', personalIdentityNumber: '19811228-9874' } };

describe('a citizen signs an application with BankID (browser)', () => {
  const portal = demoPortalSuite();
  const tester = (path: string, body: unknown) => portal.bankIdTester(path, body);

  it('submits the preschool application, signs it after a cancelled try, and is told the co-signer signs on Mina sidor', async () => {
    const session = await loggedIn(portal.app.database.db, { person: ASTRID });
    const context = await portal.browser.newContext();
    await context.addCookies([
      { name: SESSION_COOKIE, value: session.token, domain: '127.0.0.1', path: '/', httpOnly: true, secure: true, sameSite: 'Lax' },
    ]);
    const page = await context.newPage();
    // the form starts filled in with valid answers (as a prefill would), so the test goes straight through the steps
    await page.route('**/api/municipalities/solbacka/eservices/forskoleplats/versions/*/prefill', (route) =>
      route.fulfill({ status: 200, contentType: 'application/json', body: JSON.stringify({ answers, sources: {} }) }),
    );
    await page.goto(`${portal.app.baseUrl}/solbacka/e-tjanster/forskoleplats`);
    await expect.poll(() => page.getByTestId('logged-in-name').textContent(), { timeout: 15_000 }).toContain('Astrid Testsson');
    await page.getByTestId('step-heading').waitFor();
    await expect.poll(() => page.getByLabel(/Barnets förnamn/).inputValue()).toBe('Alva');
    for (let step = 0; step < 12 && (await page.getByTestId('submit-button').count()) === 0; step += 1) {
      const heading = await page.getByTestId('step-heading').textContent();
      await page.getByTestId('next-button').click();
      await expect.poll(() => page.getByTestId('step-heading').textContent()).not.toBe(heading);
    }
    await expect.poll(() => page.locator('main').textContent()).toContain('Klara Testsson');
    await page.getByTestId('submit-button').click();

    // the signing step: what is signed, and the BankID panel
    const signing = page.getByTestId('signing-step');
    await signing.waitFor();
    expect(await page.getByRole('heading', { level: 2, name: 'Skriv under med BankID' }).count()).toBe(1);
    expect(await page.getByTestId('signing-summary').textContent()).toContain('Alva');
    const submission = await portal.app.database.db.selectFrom('submissions').select(['id', 'state']).where('eservice_id', '=', 'forskoleplats').executeTakeFirstOrThrow();
    expect(submission.state).toBe('awaiting-signature');

    const scanQr = async () => {
      await page.getByTestId('bankid-other-device').or(page.getByTestId('bankid-retry')).first().click();
      const qr = page.getByTestId('bankid-qr');
      await expect.poll(() => qr.getAttribute('data-qr')).toMatch(QR_FORMAT);
      return tester('/api/scan', { qrData: await qr.getAttribute('data-qr') });
    };

    // the citizen cancels in the app: the message, and a way to try again
    const cancelled = await scanQr();
    await tester(`/api/orders/${cancelled.orderRef}/fail`, { hintCode: 'userCancel' });
    await expect.poll(() => page.getByTestId('bankid-status').textContent(), { timeout: 8000 }).toBe(RFA.RFA6.sv);
    await page.getByTestId('bankid-retry').waitFor();

    const { orderRef } = await scanQr();
    await tester(`/api/orders/${orderRef}/approve`, { personalNumber: ASTRID.personalIdentityNumber });

    // the receipt says in plain words that the co-signer signs before it is sent
    const notice = page.getByTestId('co-signing-notice');
    await notice.waitFor({ timeout: 15_000 });
    expect(await notice.textContent()).toMatch(/Ansökan skickas in när alla har skrivit under\. Din medsökande skriver under på Mina sidor senast \d{1,2} \p{L}+ \d{4}\./u);
    expect((await page.getByTestId('receipt-number').textContent())?.trim()).toMatch(/^SOL-\d{4}-\d{6}$/);

    const stored = await portal.app.database.db.selectFrom('submissions').select('state').where('id', '=', submission.id).executeTakeFirstOrThrow();
    expect(stored.state).toBe('awaiting-co-signatures');
    const signature = await portal.app.database.db.selectFrom('submission_signatures').selectAll().where('submission_id', '=', submission.id).executeTakeFirstOrThrow();
    expect(signature).toMatchObject({ signer_personal_identity_number: ASTRID.personalIdentityNumber, role: 'applicant' });
    expect(signature.ocsp_response.length).toBeGreaterThan(0);
    await context.close();
  });
});
