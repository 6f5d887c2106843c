import type { Browser, BrowserContext, Page } from 'playwright-core';
import PDFDocument from 'pdfkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PopulationRegisterClient } from '../../server/src/prefill/population-register/client.js';
import { populationRegisterSource } from '../../server/src/prefill/population-register/plugin.js';
import { extractPdfText } from '../../server/src/receipts/pdf-text.js';
import { DEFAULT_TEST_PERSONS } from '../../server/src/simulators/bankid/simulator.js';
import { startMailboxSimulator, type MailboxSimulator } from '../../server/src/simulators/mailbox/simulator.js';
import { startPopulationRegisterSimulator, type PopulationRegisterSimulator } from '../../server/src/simulators/population-register/simulator.js';
import type { TestApp } from '../../server/src/test-support/app.js';
import { danglingReferences, expectNoWcagViolations } from './axe.js';
import { approveOnThisDevice, logInFromGate, logInToMyPages, stepHeading } from './citizen.js';
import { startDemoPortal, type DemoPortal } from './demo-portal.js';

/**
 * The citizen's whole journey in the browser, at desktop width and at 375 px: log in with BankID,
 * see the prefilled name and where it came from, save a draft, close the browser, log in again
 * and continue from Mina sidor, attach a real PDF (a disguised program is refused), review,
 * sign with BankID, get the receipt and the receipt e-mail with the PDF, and find the case on
 * Mina sidor. Every step is scanned with axe (WCAG 2.1 AA), with and without errors. Co-signing
 * and the drafts that cannot be opened are in co-signing-and-drafts.test.ts.
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
    // the receipt e-mail is sent by the delivery worker, as `npm start` runs it in-process
    portal = await startDemoPortal({ mail: { smtpUrl: mailbox.smtpUrl }, delivery: {}, prefillSources: [source] });
    ({ app, browser } = portal);
  });
  afterAll(async () => {
    await portal?.close();
    await mailbox?.close();
    await register?.close();
  });

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
      await logInFromGate(portal, page, person);
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
      await logInToMyPages(portal, page, person);
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
      // a file over the field's limit is refused before it is sent
      await input.setInputFiles({ name: 'stor-ritning.pdf', mimeType: 'application/pdf', buffer: Buffer.concat([drawing, Buffer.alloc(10 * 1024 * 1024)]) });
      await expect.poll(() => error.textContent()).toBe('Filen är för stor. Den får vara högst 10 MB.');
      expect(await page.locator('#ritningar_drawings__status').textContent()).toContain('Filen kunde inte laddas upp.');

      await input.setInputFiles({ name: 'situationsplan.pdf', mimeType: 'application/pdf', buffer: drawing });
      await expect.poll(() => page.getByTestId('attachment-files').textContent()).toContain('situationsplan.pdf');
      expect(await page.getByTestId('attachment-error').count()).toBe(0);
      expect(await page.locator('#ritningar_drawings__status').textContent()).toBe('situationsplan.pdf är uppladdad.');
      await expectNoWcagViolations(page, at('drawings step, file uploaded'));
      // the upload is saved in the draft: after a reload the file is listed by its name again
      await expect.poll(() => draftAnswers(person.personalNumber), { timeout: 10_000 }).toHaveProperty('drawings');
      await page.reload();
      await expect.poll(() => stepHeading(page), { timeout: 15_000 }).toBe('Ritningar');
      await expect.poll(() => page.getByTestId('attachment-files').textContent()).toMatch(/situationsplan\.pdf \(\d+ kB\)/);
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
      await approveOnThisDevice(portal, page, person.personalNumber);

      // 7. the receipt, and the e-mail with the PDF
      await expect.poll(() => page.getByRole('heading', { level: 2, name: 'Tack! Ditt ärende är skickat' }).count(), { timeout: 15_000 }).toBe(1);
      const receiptNumber = (await page.getByTestId('receipt-number').textContent())!.trim();
      expect(receiptNumber).toMatch(/^SOL-\d{4}-\d{6}$/);
      await expectNoWcagViolations(page, at('receipt'));
      expect(new URL(page.url()).searchParams.has('utkast')).toBe(false);
      const mail = await mailbox.waitFor((m) => m.subject === `Kvitto: Ansökan om bygglov ${receiptNumber}`, 15_000);
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

  async function draftAnswers(personalNumber: string): Promise<Record<string, unknown> | undefined> {
    const row = await app.database.db.selectFrom('drafts').select('answers').where('eservice_id', '=', 'bygglov').where('personal_identity_number', '=', personalNumber).executeTakeFirst();
    return row?.answers;
  }

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
