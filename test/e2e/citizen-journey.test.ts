import type { Browser, BrowserContext, Page } from 'playwright-core';
import PDFDocument from 'pdfkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXAMPLE_ANSWERS } from '@etjanst/schemas';
import { PopulationRegisterClient } from '../../server/src/prefill/population-register/client.js';
import { populationRegisterSource } from '../../server/src/prefill/population-register/plugin.js';
import { extractPdfText } from '../../server/src/receipts/pdf-text.js';
import { DEFAULT_TEST_PERSONS } from '../../server/src/simulators/bankid/simulator.js';
import { startMailboxSimulator, type MailboxSimulator } from '../../server/src/simulators/mailbox/simulator.js';
import { startPopulationRegisterSimulator, type PopulationRegisterSimulator } from '../../server/src/simulators/population-register/simulator.js';
import { SESSION_COOKIE } from '../../server/src/identity/sessions.js';
import { call, type TestApp } from '../../server/src/test-support/app.js';
import { loggedIn } from '../../server/src/test-support/sessions.js';
import { danglingReferences, expectNoWcagViolations } from './axe.js';
import { startDemoPortal, type DemoPortal } from './demo-portal.js';

/**
 * The citizen's whole journey in the browser, at desktop width and at 375 px: log in with BankID,
 * see the prefilled name and where it came from, save a draft, close the browser, log in again
 * and continue from Mina sidor, attach a real PDF (a disguised program is refused), review,
 * sign with BankID, get the receipt and the receipt e-mail with the PDF, and find the case on
 * Mina sidor. Then co-signing with two persons, and the drafts that cannot be opened. Every step
 * is scanned with axe (WCAG 2.1 AA), with and without errors.
 */

const [ASTRID, ERIK] = DEFAULT_TEST_PERSONS as [(typeof DEFAULT_TEST_PERSONS)[0], (typeof DEFAULT_TEST_PERSONS)[0]];
const VIEWPORTS = [
  { name: 'desktop', width: 1280, height: 900 },
  { name: '375 px', width: 375, height: 812 },
] as const;

/** A real PDF, made as the platform makes receipts. */
function pdfFile(text: string): Promise<Buffer> {
  return new Promise((resolve) => {
    const doc = new PDFDocument({ size: 'A4' });
    const chunks: Buffer[] = [];
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.text(text);
    doc.end();
  });
}

/** A Windows program named like a PDF: refused by its content. */
const SPOOFED_PDF = Buffer.concat([Buffer.from('MZ\x90\x00\x03\x00\x00\x00', 'latin1'), Buffer.alloc(512)]);

const stepHeading = (page: Page) => page.getByTestId('step-heading').textContent();

describe('the citizen journey (browser)', () => {
  let portal: DemoPortal;
  let app: TestApp;
  let browser: Browser;
  let mailbox: MailboxSimulator;
  let register: PopulationRegisterSimulator;
  let drawing: Buffer;

  beforeAll(async () => {
    [mailbox, register, drawing] = await Promise.all([startMailboxSimulator(), startPopulationRegisterSimulator(), pdfFile('Situationsplan, Solbacka Eken 3:14')]);
    const source = populationRegisterSource(
      new PopulationRegisterClient({ baseUrl: register.url, clientId: register.clientId, clientSecret: register.clientSecret, ...register.order, timeoutMs: 2000 }),
    );
    portal = await startDemoPortal({ mail: { smtpUrl: mailbox.smtpUrl }, prefillSources: [source] });
    ({ app, browser } = portal);
  });
  afterAll(async () => {
    await portal?.close();
    await mailbox?.close();
    await register?.close();
  });

  /** BankID on this device: the simulator's tester starts the app by the autostart token and approves as the person. */
  async function approveOnThisDevice(page: Page, personalNumber: string): Promise<void> {
    await page.getByTestId('bankid-this-device').click();
    const href = (await page.getByTestId('bankid-autostart-link').getAttribute('href'))!;
    const autoStartToken = new URL(href.replace('bankid:///', 'https://x/')).searchParams.get('autostarttoken');
    const { orderRef } = await portal.bankIdTester('/api/autostart', { autoStartToken });
    await portal.bankIdTester(`/api/orders/${orderRef}/approve`, { personalNumber });
  }

  async function logInFromGate(page: Page, person: { personalNumber: string; givenName: string; surname: string }): Promise<void> {
    await page.getByTestId('login-link').click();
    await page.getByTestId('bankid-panel').waitFor();
    await approveOnThisDevice(page, person.personalNumber);
    await expect.poll(() => page.getByTestId('logged-in-name').textContent(), { timeout: 15_000 }).toContain(`${person.givenName} ${person.surname}`);
  }

  async function logInToMyPages(page: Page, person: { personalNumber: string; givenName: string; surname: string }): Promise<void> {
    await page.goto(`${app.baseUrl}/mina-sidor`);
    await page.getByRole('link', { name: /Logga in i Solbacka/ }).click();
    await page.getByTestId('bankid-panel').waitFor();
    await approveOnThisDevice(page, person.personalNumber);
    await expect.poll(() => page.getByTestId('logged-in-name').textContent(), { timeout: 15_000 }).toContain(`${person.givenName} ${person.surname}`);
    await page.getByRole('heading', { level: 1, name: 'Mina sidor' }).waitFor();
  }

  /** Tries to go on with what is on the step, expects the error summary, and scans the step with its errors. */
  async function scanWithErrors(page: Page, label: string): Promise<void> {
    await page.getByTestId('next-button').click();
    await page.getByTestId('error-summary').waitFor();
    await expectNoWcagViolations(page, `${label} with errors`);
    expect(await danglingReferences(page), label).toEqual([]);
  }

  async function next(page: Page, expectedHeading: string): Promise<void> {
    await page.getByTestId('next-button').click();
    await expect.poll(() => stepHeading(page)).toBe(expectedHeading);
  }

  for (const viewport of VIEWPORTS) {
    it(`applies for a building permit from login to Mina sidor (${viewport.name})`, async () => {
      const newContext = (): Promise<BrowserContext> => browser.newContext({ viewport: { width: viewport.width, height: viewport.height } });
      const at = (what: string) => `${what} (${viewport.name})`;
      // each viewport's journey is its own: Astrid at desktop, Erik at 375 px (one draft per person and e-service)
      const person = viewport.name === 'desktop' ? ASTRID : ERIK;
      const fullName = `${person.givenName} ${person.surname}`;

      // 1. log in from the e-service
      let context = await newContext();
      let page = await context.newPage();
      await page.goto(`${app.baseUrl}/solbacka/e-tjanster/bygglov`);
      await page.getByTestId('login-gate').waitFor();
      await expectNoWcagViolations(page, at('login gate'));
      await logInFromGate(page, person);
      await expect.poll(() => stepHeading(page)).toBe('Sökande');

      // 2. the prefilled name, and where it came from
      await expect.poll(() => page.locator('#sokande_contact_name').inputValue(), { timeout: 15_000 }).toBe(fullName);
      expect(await page.locator('#sokande_contact_name__prefill').textContent()).toContain('Hämtat från folkbokföringen');
      expect(await page.getByTestId('draft-status').textContent()).toContain('sparas som utkast');
      await expectNoWcagViolations(page, at('applicant step, prefilled'));
      await scanWithErrors(page, at('applicant step'));
      await page.getByLabel('Jag som privatperson').check();
      await page.locator('#sokande_contact_email').fill(`${person.givenName.toLowerCase()}@example.se`);
      await page.locator('#sokande_contact_phone').fill('070-123 45 67');
      await next(page, 'Fastighet och åtgärd');

      // 3. the draft is saved on each step change; "Spara utkast" saves what is typed and says when
      await expect.poll(() => page.getByTestId('draft-status').textContent()).toMatch(/Utkastet sparades kl\. \d{2}:\d{2}\./);
      expect(await page.getByTestId('draft-expires').textContent()).toMatch(/Utkastet sparas till \d{1,2} \p{L}+ \d{4}\./u);
      expect(new URL(page.url()).searchParams.get('utkast')).toMatch(/^[0-9a-f-]{36}$/);
      await scanWithErrors(page, at('property step'));
      const onStepChange = await draftRevision(person.personalNumber);
      await page.locator('#fastighet-och-atgard_propertyDesignation').fill('Solbacka Eken 3:14');
      await page.locator('#fastighet-och-atgard_measureType').selectOption({ label: 'Bygga till' });
      await page.locator('#fastighet-och-atgard_description').fill('Ett uterum på 15 kvadratmeter mot trädgården, i trä och glas.');
      await page.locator('#fastighet-och-atgard_estimatedStart').fill('2027-05-01');
      // saved by itself once the typing pauses, and at once with the button
      await expect.poll(() => draftRevision(person.personalNumber), { timeout: 10_000 }).toBeGreaterThan(onStepChange);
      const revisionBefore = await draftRevision(person.personalNumber);
      await page.getByTestId('save-draft').click();
      await expect.poll(() => draftRevision(person.personalNumber)).toBeGreaterThan(revisionBefore);
      await expect.poll(() => page.getByTestId('draft-status').textContent()).toMatch(/Utkastet sparades kl\. \d{2}:\d{2}\./);
      expect(await page.getByTestId('draft-status').getAttribute('role')).toBe('status');
      await expectNoWcagViolations(page, at('property step, draft saved'));
      await context.close();

      // 4. a new browser: log in on Mina sidor, find the draft and continue it where it was left
      context = await newContext();
      page = await context.newPage();
      await logInToMyPages(page, person);
      const draftRow = page.getByTestId('my-draft');
      await expect.poll(() => draftRow.count()).toBe(1);
      expect(await draftRow.textContent()).toContain('Ansökan om bygglov');
      await expectNoWcagViolations(page, at('Mina sidor with a draft'));
      await page.getByTestId('continue-draft').click();
      await expect.poll(() => stepHeading(page), { timeout: 15_000 }).toBe('Fastighet och åtgärd');
      expect(await page.locator('#fastighet-och-atgard_description').inputValue()).toBe('Ett uterum på 15 kvadratmeter mot trädgården, i trä och glas.');
      expect(await page.locator('#fastighet-och-atgard_propertyDesignation').inputValue()).toBe('Solbacka Eken 3:14');
      await next(page, 'Ritningar');

      // 5. attachments: a program named .pdf is refused by its content, a real PDF is taken
      const input = page.locator('#ritningar_drawings');
      expect(await page.locator('label[for="ritningar_drawings"]').textContent()).toContain('Ritningar och andra handlingar');
      expect(await page.locator('#ritningar_drawings__rules').textContent()).toBe('Tillåtna filtyper: PDF, PNG, JPEG. Största filstorlek: 10 MB.');
      await expectNoWcagViolations(page, at('drawings step'));
      await input.setInputFiles({ name: 'situationsplan.pdf', mimeType: 'application/pdf', buffer: SPOOFED_PDF });
      const error = page.getByTestId('attachment-error');
      await error.waitFor();
      expect(await error.textContent()).toContain('Filen är inte av en tillåten typ. Tillåtna filtyper: PDF, PNG, JPEG.');
      expect(await input.getAttribute('aria-invalid')).toBe('true');
      expect(await input.getAttribute('aria-describedby')).toContain('ritningar_drawings__upload-error');
      expect(await page.locator('#ritningar_drawings__status').textContent()).toContain('Filen kunde inte laddas upp.');
      expect(await page.getByTestId('attachment-files').count()).toBe(0);
      await expectNoWcagViolations(page, at('drawings step, file refused'));
      expect(await danglingReferences(page)).toEqual([]);

      await input.setInputFiles({ name: 'situationsplan.pdf', mimeType: 'application/pdf', buffer: drawing });
      await expect.poll(() => page.getByTestId('attachment-files').textContent()).toContain('situationsplan.pdf');
      expect(await page.getByTestId('attachment-error').count()).toBe(0);
      expect(await page.locator('#ritningar_drawings__status').textContent()).toBe('situationsplan.pdf är uppladdad.');
      await expectNoWcagViolations(page, at('drawings step, file uploaded'));
      await next(page, 'Kontrollansvarig');
      await scanWithErrors(page, at('controller step'));
      await page.getByLabel('Nej').check();
      await next(page, 'Granska och skicka');

      // 6. the summary names the file; submit, then sign with BankID
      const main = page.locator('main');
      expect(await main.textContent()).toContain('situationsplan.pdf');
      expect(await main.textContent()).toContain(fullName);
      await expectNoWcagViolations(page, at('summary'));
      await page.getByTestId('submit-button').click();
      await page.getByTestId('signing-step').waitFor();
      await expectNoWcagViolations(page, at('signing step'));
      await approveOnThisDevice(page, person.personalNumber);

      // 7. the receipt, and the e-mail with the PDF
      await expect.poll(() => page.getByRole('heading', { level: 2, name: 'Tack! Ditt ärende är skickat' }).count(), { timeout: 15_000 }).toBe(1);
      const receiptNumber = (await page.getByTestId('receipt-number').textContent())!.trim();
      expect(receiptNumber).toMatch(/^SOL-\d{4}-\d{6}$/);
      await expectNoWcagViolations(page, at('receipt'));
      expect(new URL(page.url()).searchParams.has('utkast')).toBe(false);
      const mail = await mailbox.waitFor((m) => m.subject.includes(receiptNumber), 15_000);
      expect(mail.to).toEqual([`${person.givenName.toLowerCase()}@example.se`]);
      expect(mail.attachments).toHaveLength(1);
      expect(mail.attachments[0]).toMatchObject({ filename: `kvitto-${receiptNumber}.pdf`, contentType: 'application/pdf' });
      expect(mail.attachments[0]!.content.subarray(0, 5).toString('latin1')).toBe('%PDF-');
      expect(extractPdfText(mail.attachments[0]!.content)).toMatch(/situationsplan\.pdf \(PDF, \d+ kB\)/);
      const stored = await app.database.db
        .selectFrom('attachments')
        .innerJoin('submissions', 'submissions.id', 'attachments.submission_id')
        .select(['attachments.original_name', 'submissions.receipt_number'])
        .where('submissions.receipt_number', '=', receiptNumber)
        .execute();
      expect(stored).toEqual([{ original_name: 'situationsplan.pdf', receipt_number: receiptNumber }]);

      // 8. the case on Mina sidor, and the draft gone with the submission
      await page.goto(`${app.baseUrl}/mina-sidor`);
      await expect.poll(() => page.getByTestId('my-receipt-number').allTextContents()).toContain(receiptNumber);
      await expect.poll(() => page.getByTestId('my-drafts').textContent()).toContain('Du har inga sparade utkast.');
      await expectNoWcagViolations(page, at('Mina sidor with the case'));
      await context.close();
    }, 90_000);
  }

  it('co-signs with two persons: Astrid applies and signs, Erik signs on his Mina sidor, Astrid sees both signatures', async () => {
    // Astrid's preschool application names Erik as the other guardian; her own details are the register's
    const example = EXAMPLE_ANSWERS.forskoleplats!;
    const guardian = { ...(example.guardian as object), givenName: 'Astrid', surname: 'Testsson', personalIdentityNumber: '19900101-2385' };
    const answers = { ...example, guardian, otherGuardian: { name: `${ERIK.givenName} ${ERIK.surname}`, personalIdentityNumber: '19850612-9876' } };
    const applicant = await browser.newContext();
    const page = await applicant.newPage();
    // the form starts filled in with these answers, as a prefill would, so the test goes straight through the steps
    await page.route('**/api/municipalities/solbacka/eservices/forskoleplats/versions/*/prefill', (route) =>
      route.fulfill({ status: 200, contentType: 'application/json', body: JSON.stringify({ answers, sources: {} }) }),
    );
    await page.goto(`${app.baseUrl}/solbacka/e-tjanster/forskoleplats`);
    await logInFromGate(page, ASTRID);
    await expect.poll(() => page.locator('#barnet_child_givenName').inputValue(), { timeout: 15_000 }).toBe('Alva');
    for (let step = 0; step < 12 && (await page.getByTestId('submit-button').count()) === 0; step += 1) {
      const heading = await stepHeading(page);
      await page.getByTestId('next-button').click();
      await expect.poll(() => stepHeading(page)).not.toBe(heading);
    }
    expect(await page.locator('main').textContent()).toContain('Erik Provsson');
    await page.getByTestId('submit-button').click();
    await page.getByTestId('signing-step').waitFor();
    await approveOnThisDevice(page, ASTRID.personalNumber);
    const notice = page.getByTestId('co-signing-notice');
    await notice.waitFor({ timeout: 15_000 });
    const receiptNumber = (await page.getByTestId('receipt-number').textContent())!.trim();

    // Astrid's Mina sidor: her signature, the co-signer still to come
    await page.goto(`${app.baseUrl}/mina-sidor`);
    const overview = page.getByTestId('own-signature-overview');
    await expect.poll(() => overview.textContent()).toContain('0 av 1 medsökande har skrivit under.');
    expect(await overview.textContent()).toContain('Väntar på underskrifter');
    expect(await page.getByTestId('own-signature-list').locator('li').allTextContents()).toEqual([expect.stringMatching(/^Astrid Testsson \(sökande\) skrev under /)]);
    expect(await page.getByTestId('signature-requests').textContent()).toContain('Du har inget att skriva under.');
    await expectNoWcagViolations(page, 'Mina sidor, awaiting the co-signer');

    // Erik logs in, finds the request with the same summary, and signs
    const coSigner = await browser.newContext({ viewport: { width: 375, height: 812 } });
    const erik = await coSigner.newPage();
    await logInToMyPages(erik, ERIK);
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
    await approveOnThisDevice(erik, ERIK.personalNumber);
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
    const submission = await app.database.db.selectFrom('submissions').select('state').where('receipt_number', '=', receiptNumber).executeTakeFirstOrThrow();
    expect(submission.state).toBe('submitted');
    await applicant.close();
  }, 90_000);

  it('opens no draft that has expired or is someone else’s, and never saves over a newer save from another window', async () => {
    const [maja, astrid] = await Promise.all([
      loggedIn(app.database.db, { person: { personalIdentityNumber: '199304249429', givenName: 'Maja', surname: 'Exempeldotter', displayName: 'Maja Exempeldotter' } }),
      loggedIn(app.database.db, { person: { personalIdentityNumber: ASTRID.personalNumber, givenName: ASTRID.givenName, surname: ASTRID.surname, displayName: 'Astrid Testsson' } }),
    ]);
    const createDraft = async (session: typeof maja, eserviceId: string, answers: Record<string, unknown> = {}) => {
      const created = await call(app.baseUrl, 'POST', '/api/me/drafts', { eserviceId, version: 1, answers }, { cookie: session.cookie, 'x-csrf-token': session.csrfToken });
      expect(created.status, JSON.stringify(created.body)).toBe(201);
      return created.body.id as string;
    };
    const expired = await createDraft(maja, 'borgerlig-vigsel');
    await app.database.db.updateTable('drafts').set({ expires_at: new Date(Date.now() - 3600_000) }).where('id', '=', expired).execute();
    const astridsDraft = await createDraft(astrid, 'borgerlig-vigsel');
    const open = await createDraft(maja, 'vuxenutbildning');

    const context = await browser.newContext();
    await context.addCookies([{ name: SESSION_COOKIE, value: maja.cookie.split('=')[1]!, domain: '127.0.0.1', path: '/', httpOnly: true, secure: true, sameSite: 'Lax' }]);
    const page = await context.newPage();

    // an expired draft: when it expired and what to do, not a form
    await page.goto(`${app.baseUrl}/solbacka/e-tjanster/borgerlig-vigsel?utkast=${expired}`);
    const unavailable = page.getByTestId('draft-unavailable');
    await unavailable.waitFor({ timeout: 15_000 });
    expect(await unavailable.textContent()).toMatch(/Utkastet har gått ut.*Utkastet gick ut den \d{1,2} \p{L}+ \d{4}/su);
    expect(await page.getByTestId('step-heading').count()).toBe(0);
    await expectNoWcagViolations(page, 'expired draft');

    // another person's draft answers as if it did not exist
    await page.goto(`${app.baseUrl}/solbacka/e-tjanster/borgerlig-vigsel?utkast=${astridsDraft}`);
    await expect.poll(() => unavailable.textContent(), { timeout: 15_000 }).toContain('Utkastet finns inte');
    expect(await unavailable.textContent()).not.toContain('Astrid');
    await expectNoWcagViolations(page, 'foreign draft');
    await page.getByTestId('draft-start-over').click();
    await page.getByTestId('step-heading').waitFor();

    // Mina sidor shows the expired draft as expired, without a way to continue it
    await page.goto(`${app.baseUrl}/mina-sidor`);
    const rows = page.getByTestId('my-draft');
    await expect.poll(() => rows.count()).toBe(2);
    const expiredRow = rows.filter({ hasText: 'Boka borgerlig vigsel' });
    expect(await expiredRow.textContent()).toContain('Har gått ut');
    expect(await expiredRow.getByTestId('continue-draft').count()).toBe(0);

    // two windows on one draft: the second save is refused and said so, not written over the first
    const first = await context.newPage();
    const second = await context.newPage();
    for (const window of [first, second]) {
      await window.goto(`${app.baseUrl}/solbacka/e-tjanster/vuxenutbildning?utkast=${open}`);
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
    const saved = await app.database.db.selectFrom('drafts').select('answers').where('id', '=', open).executeTakeFirstOrThrow();
    expect(JSON.stringify(saved.answers)).not.toContain('andra.fonstret');
    await context.close();
  }, 60_000);

  async function draftRevision(personalNumber: string): Promise<number> {
    const row = await app.database.db
      .selectFrom('drafts')
      .select('revision')
      .where('eservice_id', '=', 'bygglov')
      .where('personal_identity_number', '=', personalNumber)
      .executeTakeFirst();
    return row?.revision ?? 0;
  }
});
