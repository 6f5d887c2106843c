import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXAMPLE_ANSWERS } from '@etjanst/schemas';
import { SESSION_COOKIE } from '../../server/src/identity/sessions.js';
import { SwishClient } from '../../server/src/payment/swish-client.js';
import { startMailboxSimulator, type MailboxSimulator } from '../../server/src/simulators/mailbox/simulator.js';
import { startPaymentSimulator, type PaymentSimulator } from '../../server/src/simulators/payment/simulator.js';
import { call, startTestApp, type TestApp } from '../../server/src/test-support/app.js';
import { loggedIn } from '../../server/src/test-support/sessions.js';
import { danglingReferences, expectNoWcagViolations } from './axe.js';
import { launchChromium } from './browser.js';
import { CLIENT_DIR } from './demo-portal.js';
import { tabTo } from './keyboard.js';
import { staffPage } from './staff.js';

const WEDDING = '/api/municipalities/solbacka/eservices/borgerlig-vigsel/versions/1';
const OTHER = { personalIdentityNumber: '199001012384', givenName: 'Olle', surname: 'Annan', displayName: 'Olle Annan' };

describe('booking a civil wedding slot and paying its fee (browser)', () => {
  let app: TestApp;
  let browser: Browser;
  let mailbox: MailboxSimulator;
  let swish: PaymentSimulator;
  let swishClient: SwishClient;

  beforeAll(async () => {
    [mailbox, swish] = await Promise.all([startMailboxSimulator(), startPaymentSimulator()]);
    swishClient = new SwishClient({ baseUrl: swish.url, payeeAlias: swish.payeeAlias, ca: swish.ca, ...swish.clientCert });
    [app, browser] = await Promise.all([
      startTestApp({ clientDir: CLIENT_DIR, mail: { smtpUrl: mailbox.smtpUrl }, delivery: {}, paymentProvider: swishClient, fees: true }),
      launchChromium(),
    ]);
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
    swishClient?.close();
    await Promise.all([mailbox?.close(), swish?.close()]);
  });

  it('the citizen holds a slot by keyboard, is told when one was just taken, picks another, sends, pays the fee in the Swish simulator and gets the confirmation with the .ics', async () => {
    const session = await loggedIn(app.database.db, {});
    const context = await browser.newContext();
    await context.addCookies([{ name: SESSION_COOKIE, value: session.token, domain: '127.0.0.1', path: '/', httpOnly: true, secure: true, sameSite: 'Lax' }]);
    const page = await context.newPage();
    // the form starts filled in with valid answers (as a prefill would): the test is about the slot
    await page.route('**/api/municipalities/solbacka/eservices/borgerlig-vigsel/versions/*/prefill', (route) =>
      route.fulfill({ status: 200, contentType: 'application/json', body: JSON.stringify({ answers: EXAMPLE_ANSWERS['borgerlig-vigsel'], sources: {} }) }),
    );
    const slots: { resource: string; start: string; time: string }[] = (await call(app.baseUrl, 'GET', `${WEDDING}/bookings/weddingTime/slots`, undefined, { cookie: '' })).body.items;
    expect(slots.length).toBeGreaterThan(3);

    await page.goto(`${app.baseUrl}/solbacka/e-tjanster/borgerlig-vigsel`);
    await page.getByTestId('step-heading').waitFor({ timeout: 15_000 });
    await page.getByTestId('next-button').click();
    await expect.poll(() => page.getByTestId('step-heading').textContent()).toBe('Tid och plats');
    const picker = page.locator('fieldset.booking-field');
    await picker.getByRole('heading', { level: 3 }).first().waitFor();
    expect(await picker.locator('legend').textContent()).toContain('När vill ni gifta er?');
    await expectNoWcagViolations(page, 'the slot picker');
    expect(await danglingReferences(page)).toEqual([]);

    // another citizen holds the third slot after the list was shown
    const olle = await loggedIn(app.database.db, { person: OTHER });
    const taken = await call(app.baseUrl, 'POST', `${WEDDING}/bookings/weddingTime/hold`, { resource: slots[2]!.resource, start: slots[2]!.start }, { cookie: olle.cookie, 'x-csrf-token': olle.csrfToken });
    expect(taken.status).toBe(201);

    // Tab into the slots, Space chooses the first; the arrow keys move on to the next ones
    await tabTo(page, 'fieldset.booking-field input[type=radio]');
    await page.keyboard.press('Space');
    const status = page.getByTestId('booking-status');
    await expect.poll(() => status.textContent()).toMatch(/är reserverad åt dig till klockan \d\d:\d\d/);
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    await expect.poll(() => page.getByTestId('booking-taken').textContent()).toBe('Tiden blev just bokad av någon annan. Välj en annan tid.');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('booking-taken');
    await expectNoWcagViolations(page, 'the slot picker saying a slot was just taken');

    // on from the message: the first slot is free again (holding the others released it)
    await page.keyboard.press('Tab');
    await page.keyboard.press('Space');
    await expect.poll(() => status.textContent()).toMatch(/är reserverad åt dig till klockan/);
    expect(await status.textContent()).toContain(slots[0]!.time);

    for (let step = 0; step < 6 && (await page.getByTestId('submit-button').count()) === 0; step += 1) {
      const heading = await page.getByTestId('step-heading').textContent();
      await page.getByTestId('next-button').click();
      await expect.poll(() => page.getByTestId('step-heading').textContent()).not.toBe(heading);
    }
    expect(await page.getByTestId('summary-fee').textContent()).toContain('600,00 kr');
    await page.getByTestId('submit-button').click();

    // stored and the slot booked, but delivered (and confirmed by e-mail) only once the fee is paid
    await page.getByTestId('payment-step').waitFor({ timeout: 15_000 });
    const receiptNumber = ((await page.getByTestId('receipt-number').textContent()) ?? '').trim();
    expect(await page.getByTestId('payment-amount').textContent()).toBe('600,00 kr');
    const unpaid = await app.database.db.selectFrom('submissions').select(['state']).where('receipt_number', '=', receiptNumber).executeTakeFirstOrThrow();
    expect(unpaid.state).toBe('awaiting-payment');
    await page.getByTestId('pay-button').click();
    await expect.poll(() => page.getByTestId('payment-status').textContent()).toContain('Öppna Swish-appen');
    // the payer's app: the simulator's tester side approves the request the platform made
    const [request] = swish.book.pending();
    expect(request).toMatchObject({ amount: '600.00', payeePaymentReference: receiptNumber.replace(/-/g, '') });
    const paid = await fetch(`${swish.testerUrl}/api/requests/${request!.id}/pay`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ callback: 'once' }) });
    expect(paid.status).toBe(200);
    await page.getByTestId('receipt-paid').waitFor({ timeout: 15_000 });
    expect(await page.getByTestId('receipt-paid').textContent()).toBe('600,00 kr');

    const submission = await app.database.db.selectFrom('submissions').select(['id', 'answers', 'state', 'paid_at']).where('receipt_number', '=', receiptNumber).executeTakeFirstOrThrow();
    expect(submission.state).toBe('submitted');
    expect(submission.paid_at).toBeInstanceOf(Date);
    expect((submission.answers as Record<string, unknown>).weddingTime).toEqual({ resource: slots[0]!.resource, start: slots[0]!.start });
    const seat = await app.database.db.selectFrom('booking_seats').selectAll().where('submission_id', '=', submission.id).executeTakeFirstOrThrow();
    expect(seat).toMatchObject({ state: 'booked', resource: slots[0]!.resource });
    expect(seat.starts_at.getTime()).toBe(Date.parse(slots[0]!.start));

    // the confirmation e-mail carries the booked time as an iCalendar file
    const mail = await mailbox.waitFor((m) => m.subject === `Kvitto: Boka borgerlig vigsel ${receiptNumber}`, 30_000);
    expect(mail.text).toContain('kalenderfil (.ics)');
    const ics = mail.attachments.find((a) => a.filename === 'bokning-weddingTime.ics');
    expect(ics?.contentType).toContain('text/calendar');
    const calendar = ics!.content.toString('utf8');
    const utc = (iso: string) => new Date(iso).toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
    expect(calendar).toContain(`\r\nUID:${seat.id}@`);
    expect(calendar).toContain(`\r\nDTSTART:${utc(slots[0]!.start)}\r\n`);
    expect(calendar).toContain('\r\nSUMMARY:Boka borgerlig vigsel\r\n');

    // Mina sidor lists the booked time, to cancel or rebook before the 72-hour deadline, after it to call instead
    await page.goto(`${app.baseUrl}/mina-sidor`);
    const row = page.getByTestId('my-booking');
    await row.waitFor({ timeout: 15_000 });
    expect(await row.textContent()).toContain('Vigsel');
    const beforeDeadline = Date.parse(slots[0]!.start) - Date.now() > 72 * 3600_000;
    expect(await row.getByRole('button', { name: /^Avboka/ }).count()).toBe(beforeDeadline ? 1 : 0);
    expect((await row.textContent())?.includes('Det är för sent att ändra. Kontakta kommunen.')).toBe(!beforeDeadline);
    await expectNoWcagViolations(page, 'Mina sidor with a booked time');
    await context.close();

    // the handlers of the owning department see the day per resource with the case, and block a slot
    const handler = await staffPage(browser, app, { viewport: { width: 1400, height: 1000 } });
    await handler.goto(`${app.baseUrl}/handlaggning?kommun=solbacka&forvaltning=kommunstyrelse`);
    const days = handler.getByTestId('booking-days');
    await days.getByLabel('Kalender').waitFor({ timeout: 15_000 });
    const bookedDay = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Stockholm' }).format(new Date(slots[0]!.start));
    await days.getByLabel('Dag').fill(bookedDay);
    const resourceDay = days.getByTestId(`booking-day-${slots[0]!.resource}`);
    const bookedRow = resourceDay.getByRole('row').filter({ has: handler.getByRole('rowheader', { name: slots[0]!.time, exact: true }) });
    await expect.poll(() => bookedRow.textContent(), { timeout: 10_000 }).toContain(receiptNumber);
    // the next free slot of that day and resource: blocked, it is no longer offered to citizens
    const other = slots.find((slot) => slot.resource === slots[0]!.resource && slot.start.slice(0, 10) === slots[0]!.start.slice(0, 10) && slot.start !== slots[0]!.start)!;
    expect(other).toBeDefined();
    await resourceDay.getByRole('button', { name: `Spärra ${other.time}` }).click();
    await resourceDay.getByRole('button', { name: `Ta bort spärren ${other.time}` }).waitFor();
    const offered: { resource: string; start: string }[] = (await call(app.baseUrl, 'GET', `${WEDDING}/bookings/weddingTime/slots`, undefined, { cookie: '' })).body.items;
    const key = (slot: { resource: string; start: string }) => `${slot.resource} ${slot.start}`;
    expect(offered.length).toBeGreaterThan(0);
    expect(offered.map(key)).not.toContain(key(other));
    await expectNoWcagViolations(handler, 'the handlers\' booking day');

    // the case shows the fee paid; the handler pays it back through Swish, which settles it later
    await handler.goto(`${app.baseUrl}/handlaggning/solbacka/kommunstyrelse/${receiptNumber}`);
    const paymentState = handler.getByTestId('case-payment-state');
    await expect.poll(() => paymentState.textContent(), { timeout: 15_000 }).toMatch(/^Betald med Swish /);
    await handler.getByLabel('Anteckning om återbetalningen (valfri, syns i loggen)').fill('Vigseln ställdes in');
    await handler.getByRole('button', { name: 'Betala tillbaka 600,00 kr' }).click();
    await expect.poll(() => paymentState.textContent(), { timeout: 15_000 }).toBe('Betald med Swish, återbetalning pågår');
    const [refund] = swish.book.pendingRefunds();
    expect(refund).toMatchObject({ amount: '600.00', message: `Återbetalning ${receiptNumber}` });
    await expectNoWcagViolations(handler, 'a case with its refund under way');
    expect((await fetch(`${swish.testerUrl}/api/refunds/${refund!.id}/pay`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ callback: 'once' }) })).status).toBe(200);
    await swish.callbacksDelivered(refund!.id);
    await handler.getByRole('button', { name: 'Se om återbetalningen är klar' }).click();
    await expect.poll(() => paymentState.textContent(), { timeout: 15_000 }).toMatch(/^Återbetald /);
    await handler.close();
  }, 180_000); // a whole journey: booking, payment, the e-mail, Mina sidor, the handler's day and refund
});
