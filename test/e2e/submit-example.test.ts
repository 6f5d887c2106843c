import type { Browser, Page, Response } from 'playwright-core';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../server/src/test-support/app.js';
import { sv } from '../../client/src/shared/locales/sv.js';
import { svStaff } from '../../client/src/shared/locales/sv-staff.js';
import { CLIENT_DIR } from './demo-portal.js';
import { launchChromium } from './browser.js';

const clientDir = CLIENT_DIR;

/** Fills in the fault report from its first step to the summary, the fault at `location`. */
async function fillToSummary(page: Page, location: string): Promise<void> {
  await page.getByLabel('Belysning').check();
  await page.getByLabel('Var är det?').fill(location);
  await page.getByLabel('Beskriv felet eller din synpunkt').fill('Gatlampan utanför porten är trasig sedan en vecka.');
  await page.getByTestId('next-button').click();
  await expect.poll(() => page.getByTestId('step-heading').textContent()).toMatch(/Kontakt/);
  await page.getByLabel('Nej').check();
  await page.getByTestId('next-button').click();
  // summary before sending
  await expect.poll(() => page.locator('main').textContent()).toContain(location);
}

describe('a citizen submits a published example e-service in a browser', () => {
  let app: TestApp;
  let browser: Browser;
  beforeAll(async () => {
    [app, browser] = await Promise.all([startTestApp({ clientDir }), launchChromium()]);
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  it('opens the fault report from the catalogue, is told what is missing, fills it in and gets a receipt number, under the strict CSP', async () => {
    const page = await browser.newPage();
    // the citizen's pages allow scripts from this origin only, no eval: the form validates with
    // validators compiled at publish, so nothing the page does is refused
    const refused: string[] = [];
    page.on('console', (message) => {
      if (/Content.Security.Policy|Refused to/i.test(message.text())) refused.push(message.text());
    });
    await page.exposeFunction('reportViolation', (violation: string) => refused.push(violation));
    await page.addInitScript(() => {
      const report = (window as unknown as { reportViolation: (v: string) => void }).reportViolation;
      document.addEventListener('securitypolicyviolation', (e) => report(`${e.violatedDirective} ${e.blockedURI}`));
    });
    const first = await page.goto(`${app.baseUrl}/`);
    expect(first?.headers()['content-security-policy']).toMatch(/script-src 'self'(;|$)/);
    const compiled = page.waitForResponse((response) => /\/versions\/1\/form-validators\/sv\.js$/.test(response.url()));
    await page.getByRole('link', { name: /Solbacka/ }).first().click();
    await page.getByRole('link', { name: 'Felanmälan och synpunkter' }).click();
    await expect.poll(() => page.getByTestId('step-heading').textContent()).toMatch(/Ditt ärende/);
    expect((await compiled).headers()['content-type']).toMatch(/^text\/javascript/);
    // every step offers an e-mail to the e-service's feedback address, naming the step
    const hard = await page.getByRole('link', { name: 'Var något svårt?' }).getAttribute('href');
    expect(hard).toMatch(/^mailto:kontaktcenter@solbacka\.example\.se\?subject=/);
    expect(decodeURIComponent(hard ?? '')).toContain('steg 1: Ditt ärende');

    // an empty step is not passed, and the citizen reads why in plain Swedish
    await page.getByTestId('next-button').click();
    await expect.poll(() => page.locator('body').textContent()).toContain('Beskriv med minst 10 tecken.');
    expect(await page.getByTestId('step-heading').textContent()).toMatch(/Ditt ärende/);

    await fillToSummary(page, 'Storgatan 12');
    await page.getByTestId('submit-button').click();
    const receipt = page.getByTestId('receipt-number');
    await receipt.waitFor();
    const receiptNumber = (await receipt.textContent())?.trim() ?? '';
    expect(receiptNumber).toMatch(/^SOL-\d{4}-\d{6}$/);

    const stored = await app.database.db.selectFrom('submissions').selectAll().where('receipt_number', '=', receiptNumber).executeTakeFirstOrThrow();
    expect(stored).toMatchObject({ municipality_id: 'solbacka', eservice_id: 'felanmalan', version: 1 });
    expect(stored.answers).toMatchObject({ category: 'lighting', location: 'Storgatan 12', wantsAnswer: false });

    // after the receipt, a rating sent without cookies, with the permit the submission's answer
    // carried; the phone number in the comment is removed before it is stored, and the permit used up
    expect(await app.database.db.selectFrom('rating_permits').select('eservice_id').execute()).toEqual([{ eservice_id: 'felanmalan' }]);
    await page.getByLabel('4 – bra').check();
    await page.getByLabel(/^Kommentar/).fill('Enkelt! Ring 070-123 45 67 om ni undrar.');
    const rated = page.waitForRequest((request) => request.url().endsWith('/catalogue/felanmalan/ratings'));
    await page.getByRole('button', { name: 'Skicka betyg' }).click();
    expect(await (await rated).allHeaders()).not.toHaveProperty('cookie');
    expect((await rated).postDataJSON()).toMatchObject({ version: 1, grade: 4, permit: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/) });
    await page.getByTestId('rating-thanks').waitFor();
    expect(await app.database.db.selectFrom('eservice_ratings').select(['grade', 'comment']).execute()).toEqual([{ grade: 4, comment: 'Enkelt! Ring [borttaget] om ni undrar.' }]);
    expect(await app.database.db.selectFrom('rating_permits').select('eservice_id').execute()).toEqual([]);
    expect(refused).toEqual([]);
    await page.close();
  });

  it('loads no schema library, no validator compiler and no staff texts into the e-service page', async () => {
    const page = await browser.newPage();
    const scripts: Promise<string>[] = [];
    const collectScript = (response: Response) => {
      if (response.request().resourceType() === 'script') scripts.push(response.text());
    };
    page.on('response', collectScript);
    await page.goto(`${app.baseUrl}/solbacka/e-tjanster/felanmalan`);
    await expect.poll(() => page.getByTestId('step-heading').textContent()).toMatch(/Ditt ärende/);
    // a chunk fetched after this point would be read after the page has closed: wait, then stop listening
    await page.waitForLoadState('networkidle');
    page.off('response', collectScript);
    const loaded = (await Promise.all(scripts)).join('\n');
    // the citizen's Swedish texts are among them (a bundle's text is not printed when it fails)
    expect(loaded.includes(sv.wizard.next), sv.wizard.next).toBe(true);
    // TypeBox's symbols, ajv's compiler (one of its own messages), a staff page's heading
    for (const absent of ['TypeBox.Kind', 'schema with key or id', svStaff.admin.title, svStaff.designer.back]) expect(loaded.includes(absent), absent).toBe(false);
    await page.close();
  });

  it('sends again after a lost answer under the same Idempotency-Key, and gets the first receipt: one case', async () => {
    const page = await browser.newPage();
    await page.goto(`${app.baseUrl}/solbacka/e-tjanster/felanmalan`);
    await expect.poll(() => page.getByTestId('step-heading').textContent()).toMatch(/Ditt ärende/);
    await fillToSummary(page, 'Lillgatan 7');
    // the first answer is lost on the way back: the server has stored the case, the browser never hears of it
    const keys: string[] = [];
    let lose = true;
    await page.route('**/versions/1/submissions', async (route) => {
      keys.push(route.request().headers()['idempotency-key'] ?? '');
      if (!lose) return route.continue();
      lose = false;
      await route.fetch();
      await route.abort('connectionreset');
    });
    await page.getByTestId('submit-button').click();
    // the portal says it could not send, and offers the button again
    await page.locator('.problem[role="alert"]').waitFor();
    const stored = () => app.database.db.selectFrom('submissions').select('receipt_number').where(sql<string>`answers->>'location'`, '=', 'Lillgatan 7').execute();
    expect(await stored()).toHaveLength(1);

    await page.getByTestId('submit-button').click();
    const receipt = page.getByTestId('receipt-number');
    await receipt.waitFor();
    expect(keys).toHaveLength(2);
    expect(keys[0]).toMatch(/^"[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}"$/);
    expect(keys[1]).toBe(keys[0]);
    const [only] = await stored();
    expect(await stored()).toHaveLength(1);
    expect((await receipt.textContent())?.trim()).toBe(only!.receipt_number);

    // the replayed answer carries the first one's permit to rate; once past its last day, the
    // portal says so in place of the form, which could not help by sending again
    await app.database.db.updateTable('rating_permits').set({ expires_on: sql<string>`expires_on - 31` }).execute();
    await page.getByLabel('2 – dåligt').check();
    await page.getByRole('button', { name: 'Skicka betyg' }).click();
    const refusal = page.locator('.rating-form [role="alert"]');
    await expect.poll(() => refusal.textContent()).toContain('Tiden för att lämna betyg har gått ut');
    expect(await page.getByRole('button', { name: 'Skicka betyg' }).count()).toBe(0);
    expect(await app.database.db.selectFrom('eservice_ratings').select('grade').execute()).toEqual([{ grade: 4 }]);
    await page.close();
  });
});
