import { describe, expect, it } from 'vitest';
import { EXAMPLE_ANSWERS } from '@etjanst/schemas';
import { SESSION_COOKIE } from '../../server/src/identity/sessions.js';
import { DEFAULT_TEST_PERSONS } from '../../server/src/simulators/bankid/simulator.js';
import { call } from '../../server/src/test-support/app.js';
import { loggedIn } from '../../server/src/test-support/sessions.js';
import { expectNoWcagViolations } from './axe.js';
import { approveOnThisDevice, logInFromGate, logInToMyPages, stepHeading } from './citizen.js';
import { demoPortalSuite } from './suite.js';

/**
 * Co-signing in the browser with two persons (the applicant signs, the other guardian finds the
 * request on Mina sidor and signs, the applicant sees both signatures), and the drafts a citizen
 * cannot open (expired, someone else's) or save over (another window saved it since). Each state
 * is scanned with axe (WCAG 2.1 AA).
 */

const [ASTRID, ERIK] = DEFAULT_TEST_PERSONS as [(typeof DEFAULT_TEST_PERSONS)[0], (typeof DEFAULT_TEST_PERSONS)[0]];

describe('co-signing and drafts (browser)', () => {
  const portal = demoPortalSuite();

  it('co-signs with two persons: Astrid applies and signs, Erik signs on his Mina sidor, Astrid sees both signatures', async () => {
    // Astrid's preschool application names Erik as the other guardian; her own details are the register's
    const example = EXAMPLE_ANSWERS.forskoleplats!;
    const guardian = { ...(example.guardian as object), givenName: 'Astrid', surname: 'Testsson', personalIdentityNumber: '19900101-2385' };
    const answers = { ...example, guardian, otherGuardian: { name: `${ERIK.givenName} ${ERIK.surname}`, personalIdentityNumber: '19850612-9876' } };
    const applicant = await portal.browser.newContext();
    const page = await applicant.newPage();
    // the form starts filled in with these answers, as a prefill would, so the test goes straight through the steps
    await page.route('**/api/municipalities/solbacka/eservices/forskoleplats/versions/*/prefill', (route) =>
      route.fulfill({ status: 200, contentType: 'application/json', body: JSON.stringify({ answers, sources: {} }) }),
    );
    await page.goto(`${portal.app.baseUrl}/solbacka/e-tjanster/forskoleplats`);
    await logInFromGate(portal, page, ASTRID);
    await expect.poll(() => page.locator('#barnet_child_givenName').inputValue(), { timeout: 15_000 }).toBe('Alva');
    for (let step = 0; step < 12 && (await page.getByTestId('submit-button').count()) === 0; step += 1) {
      const heading = await stepHeading(page);
      await page.getByTestId('next-button').click();
      await expect.poll(() => stepHeading(page)).not.toBe(heading);
    }
    expect(await page.locator('main').textContent()).toContain('Erik Provsson');
    await page.getByTestId('submit-button').click();
    await page.getByTestId('signing-step').waitFor();
    await approveOnThisDevice(portal, page, ASTRID.personalNumber);
    const notice = page.getByTestId('co-signing-notice');
    await notice.waitFor({ timeout: 15_000 });
    const receiptNumber = (await page.getByTestId('receipt-number').textContent())!.trim();

    // Astrid's Mina sidor: her signature, the co-signer still to come
    await page.goto(`${portal.app.baseUrl}/mina-sidor`);
    const overview = page.getByTestId('own-signature-overview');
    await expect.poll(() => overview.textContent()).toContain('0 av 1 medsökande har skrivit under.');
    expect(await overview.textContent()).toContain('Väntar på underskrifter');
    expect(await page.getByTestId('own-signature-list').locator('li').allTextContents()).toEqual([expect.stringMatching(/^Astrid Testsson \(sökande\) skrev under /)]);
    expect(await page.getByTestId('signature-requests').textContent()).toContain('Du har inget att skriva under.');
    await expectNoWcagViolations(page, 'Mina sidor, awaiting the co-signer');

    // Erik logs in, finds the request with the same summary, and signs
    const coSigner = await portal.browser.newContext({ viewport: { width: 375, height: 812 } });
    const erik = await coSigner.newPage();
    await logInToMyPages(portal, erik, ERIK);
    const request = erik.getByTestId('signature-request');
    await expect.poll(() => request.count()).toBe(1);
    expect(await request.textContent()).toContain(receiptNumber);
    expect(await request.textContent()).toContain('Från Astrid Testsson');
    expect(await request.textContent()).toMatch(/Skriv under senast \d{1,2} \p{L}+ \d{4}\./u);
    await expectNoWcagViolations(erik, 'Mina sidor with a signature request (375 px)');
    await erik.getByTestId('review-and-sign').click();
    expect(await erik.getByTestId('review-and-sign').getAttribute('aria-expanded')).toBe('true');
    expect(await erik.getByTestId('co-sign-summary').textContent()).toContain('Alva');
    await expectNoWcagViolations(erik, 'signature request opened (375 px)');
    await approveOnThisDevice(portal, erik, ERIK.personalNumber);
    await expect.poll(() => erik.getByTestId('signature-requests-status').textContent(), { timeout: 15_000 }).toBe(`Du har skrivit under ansökan ${receiptNumber}.`);
    await expect.poll(() => request.count()).toBe(0);
    await coSigner.close();

    // Astrid sees that both have signed, and the application is sent
    await page.reload();
    await expect.poll(() => page.getByTestId('own-signature-list').locator('li').allTextContents()).toEqual([
      expect.stringMatching(/^Astrid Testsson \(sökande\) skrev under /),
      expect.stringMatching(/^Erik Provsson \(medsökande\) skrev under /),
    ]);
    expect(await overview.textContent()).toContain('1 av 1 medsökande har skrivit under.');
    await expectNoWcagViolations(page, 'Mina sidor, both signed');
    const submission = await portal.app.database.db.selectFrom('submissions').select('state').where('receipt_number', '=', receiptNumber).executeTakeFirstOrThrow();
    expect(submission.state).toBe('submitted');
    await applicant.close();
  }, 90_000);

  it('opens no draft that has expired or is someone else’s, and never saves over a newer save from another window', async () => {
    const [maja, astrid] = await Promise.all([
      loggedIn(portal.app.database.db, { person: { personalIdentityNumber: '199304249429', givenName: 'Maja', surname: 'Exempeldotter', displayName: 'Maja Exempeldotter' } }),
      loggedIn(portal.app.database.db, { person: { personalIdentityNumber: ASTRID.personalNumber, givenName: ASTRID.givenName, surname: ASTRID.surname, displayName: 'Astrid Testsson' } }),
    ]);
    const createDraft = async (session: typeof maja, eserviceId: string, answers: Record<string, unknown> = {}) => {
      const created = await call(portal.app.baseUrl, 'POST', '/api/me/drafts', { eserviceId, version: 1, answers }, { cookie: session.cookie, 'x-csrf-token': session.csrfToken });
      expect(created.status, JSON.stringify(created.body)).toBe(201);
      return created.body.id as string;
    };
    const expired = await createDraft(maja, 'borgerlig-vigsel');
    await portal.app.database.db.updateTable('drafts').set({ expires_at: new Date(Date.now() - 3600_000) }).where('id', '=', expired).execute();
    const astridsDraft = await createDraft(astrid, 'borgerlig-vigsel');
    const open = await createDraft(maja, 'vuxenutbildning');

    const context = await portal.browser.newContext();
    await context.addCookies([{ name: SESSION_COOKIE, value: maja.cookie.split('=')[1]!, domain: '127.0.0.1', path: '/', httpOnly: true, secure: true, sameSite: 'Lax' }]);
    const page = await context.newPage();

    // an expired draft: when it expired and what to do, not a form
    await page.goto(`${portal.app.baseUrl}/solbacka/e-tjanster/borgerlig-vigsel?utkast=${expired}`);
    const unavailable = page.getByTestId('draft-unavailable');
    await unavailable.waitFor({ timeout: 15_000 });
    expect(await unavailable.textContent()).toMatch(/Utkastet har gått ut.*Utkastet gick ut den \d{1,2} \p{L}+ \d{4}/su);
    expect(await page.getByTestId('step-heading').count()).toBe(0);
    await expectNoWcagViolations(page, 'expired draft');

    // another person's draft answers as if it did not exist
    await page.goto(`${portal.app.baseUrl}/solbacka/e-tjanster/borgerlig-vigsel?utkast=${astridsDraft}`);
    await expect.poll(() => unavailable.textContent(), { timeout: 15_000 }).toContain('Utkastet finns inte');
    expect(await unavailable.textContent()).not.toContain('Astrid');
    await expectNoWcagViolations(page, 'foreign draft');
    await page.getByTestId('draft-start-over').click();
    await page.getByTestId('step-heading').waitFor();

    // Mina sidor shows the expired draft as expired, without a way to continue it
    await page.goto(`${portal.app.baseUrl}/mina-sidor`);
    const rows = page.getByTestId('my-draft');
    await expect.poll(() => rows.count()).toBe(2);
    const expiredRow = rows.filter({ hasText: 'Boka borgerlig vigsel' });
    expect(await expiredRow.textContent()).toContain('Har gått ut');
    expect(await expiredRow.getByTestId('continue-draft').count()).toBe(0);

    // deleting it leaves focus on the list's heading (not the top of the page), and says so
    page.once('dialog', (dialog) => void dialog.accept());
    await expiredRow.getByTestId('delete-draft').click();
    await expect.poll(() => rows.count()).toBe(1);
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('my-drafts-heading');
    expect(await page.getByTestId('my-drafts').getByRole('status').textContent()).toBe('Utkastet till Boka borgerlig vigsel är borttaget.');

    // two windows on one draft: the second save is refused and said so, not written over the first
    const first = await context.newPage();
    const second = await context.newPage();
    for (const window of [first, second]) {
      await window.goto(`${portal.app.baseUrl}/solbacka/e-tjanster/vuxenutbildning?utkast=${open}`);
      await window.getByTestId('step-heading').waitFor({ timeout: 15_000 });
    }
    await first.getByTestId('save-draft').click();
    await expect.poll(() => first.getByTestId('draft-status').textContent()).toMatch(/Utkastet sparades kl\./);
    await second.locator('#dina-uppgifter_applicant_email').fill('andra.fonstret@example.se');
    await second.getByTestId('save-draft').click();
    const conflict = second.getByTestId('draft-problem');
    await conflict.waitFor();
    expect(await conflict.textContent()).toContain('Utkastet har ändrats');
    expect(await second.getByTestId('draft-reload').getAttribute('href')).toBe(`/solbacka/e-tjanster/vuxenutbildning?utkast=${open}`);
    expect(await second.getByTestId('save-draft').isDisabled()).toBe(true);
    await expectNoWcagViolations(second, 'draft saved in another window');
    const saved = await portal.app.database.db.selectFrom('drafts').select('answers').where('id', '=', open).executeTakeFirstOrThrow();
    expect(JSON.stringify(saved.answers)).not.toContain('andra.fonstret');
    await context.close();
  }, 60_000);
});
