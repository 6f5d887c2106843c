import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXAMPLE_ANSWERS } from '@etjanst/schemas';
import { startMailboxSimulator, type MailboxSimulator } from '../simulators/mailbox/simulator.js';
import { call, startTestApp, type TestApp } from '../test-support/app.js';
import { loggedIn } from '../test-support/sessions.js';
import { extractPdfText } from './pdf-text.js';
import { expectSafeDownload } from '../test-support/downloads.js';

const submitPath = (eserviceId: string, municipality = 'solbacka') =>
  `/api/municipalities/${municipality}/eservices/${eserviceId}/versions/1/submissions`;
const faultReport = EXAMPLE_ANSWERS.felanmalan!;

const download = async (url: string, headers: Record<string, string> = {}) => {
  const response = await fetch(url, { headers });
  return { status: response.status, type: response.headers.get('content-type'), headers: response.headers, body: Buffer.from(await response.arrayBuffer()) };
};

async function until<T>(probe: () => Promise<T | undefined>, timeoutMs = 10_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** The receipt e-mail's row in the delivery outbox. */
const receiptEmail = (app: TestApp, submissionId: string) =>
  app.database.db.selectFrom('deliveries').selectAll().where('submission_id', '=', submissionId).where('connector_id', '=', '@receipt').executeTakeFirst();

const isReceipt = (receiptNumber: string) => (m: { subject: string }) => m.subject.endsWith(receiptNumber) && /^(Kvitto|Receipt):/.test(m.subject);

describe('receipts: PDF link and e-mail', () => {
  let mailbox: MailboxSimulator;
  let app: TestApp;
  beforeAll(async () => {
    mailbox = await startMailboxSimulator();
    // the receipt e-mail is sent by the delivery worker, as `npm start` and `npm run worker` run it
    app = await startTestApp({ mail: { smtpUrl: mailbox.smtpUrl }, delivery: {} });
  });
  afterAll(async () => {
    await app?.close();
    await mailbox?.close();
  });

  it('e-mails the receipt with the PDF attached, the same PDF the one-hour link serves', async () => {
    const submitted = await call(app.baseUrl, 'POST', submitPath('felanmalan'), { answers: faultReport, language: 'sv' });
    expect(submitted.status).toBe(201);
    const { receiptNumber, submissionId, receiptUrl } = submitted.body as { receiptNumber: string; submissionId: string; receiptUrl: string };
    expect(receiptUrl).toMatch(/^\/api\/receipts\/[A-Za-z0-9_-]{43}\.pdf$/);

    const mail = await mailbox.waitFor(isReceipt(receiptNumber));
    expect(mail.subject).toBe(`Kvitto: Felanmälan och synpunkter ${receiptNumber}`);
    expect(mail.to).toEqual([faultReport.email]);
    expect(mail.from).toContain('noreply@solbacka.example.se');
    expect(mail.text).toContain(`Kvittonummer: ${receiptNumber}`);
    expect(mail.text).toContain(`${app.baseUrl}/mina-sidor`);
    expect(mail.attachments).toHaveLength(1);
    const attachment = mail.attachments[0]!;
    expect(attachment).toMatchObject({ filename: `kvitto-${receiptNumber}.pdf`, contentType: 'application/pdf' });

    const pdf = await download(`${app.baseUrl}${receiptUrl}`);
    expect(pdf.status).toBe(200);
    expect(pdf.type).toBe('application/pdf');
    expectSafeDownload(pdf.headers, `kvitto-${receiptNumber}.pdf`);
    expect(pdf.body.equals(attachment.content)).toBe(true);
    const text = extractPdfText(pdf.body);
    expect(text).toContain(receiptNumber);
    expect(text).toContain('Vad gäller det?');
    expect(text).toContain('Belysning'); // the option's label, not "lighting"
    expect(text).toContain(String(faultReport.location));
    expect(text).toContain('Skickat utan inloggning');

    const row = await until(async () => {
      const found = await receiptEmail(app, submissionId);
      return found?.state === 'delivered' ? found : undefined;
    });
    expect(row).toMatchObject({ municipality_id: 'solbacka', connector_type: 'receipt-email', attempts: 1, last_error: null });
    expect(row.delivered_at).toBeInstanceOf(Date);
    // its Message-ID comes from the idempotency key: a copy sent again would be recognised
    expect(row.external_reference).toBe(`<solbacka.${submissionId}..receipt@delivery.etjanst>`);
    expect(mail.raw.toString('utf8').replace(/\r\n\s+/g, ' ')).toContain(`Message-ID: ${row.external_reference}`);
    // the same e-mail once, however often the worker looks again
    await app.deliveryWorker!.runOnce();
    expect(mailbox.messages.filter(isReceipt(receiptNumber))).toHaveLength(1);
  });

  it('stores the receipt e-mail in the submission\'s transaction: no worker running, it waits in the outbox, and is sent once one runs', async () => {
    await app.deliveryWorker!.stop();
    try {
      const submitted = await call(app.baseUrl, 'POST', submitPath('felanmalan'), { answers: faultReport });
      expect(submitted.status).toBe(201);
      expect(await receiptEmail(app, submitted.body.submissionId)).toMatchObject({ state: 'pending', attempts: 0, connector_type: 'receipt-email' });
      expect(mailbox.messages.filter(isReceipt(submitted.body.receiptNumber))).toEqual([]);
      expect(await app.deliveryWorker!.runOnce()).toBeGreaterThanOrEqual(1);
      await mailbox.waitFor(isReceipt(submitted.body.receiptNumber));
      expect((await receiptEmail(app, submitted.body.submissionId))?.state).toBe('delivered');
    } finally {
      app.deliveryWorker!.start();
    }
  });

  it('writes the e-mail in English for an English submission, with the e-service’s receipt message', async () => {
    const session = await loggedIn(app.database.db);
    const submitted = await call(app.baseUrl, 'POST', submitPath('borgerlig-vigsel'), { answers: EXAMPLE_ANSWERS['borgerlig-vigsel'], language: 'en' }, { cookie: session.cookie, 'x-csrf-token': session.csrfToken });
    expect(submitted.status).toBe(201);
    const mail = await mailbox.waitFor(isReceipt(submitted.body.receiptNumber));
    expect(mail.subject).toMatch(/^Receipt: .+ [A-Z]+-\d{4}-\d{6}$/);
    expect(mail.text).toContain('The receipt is attached as a PDF.');
    const text = extractPdfText(mail.attachments[0]!.content);
    expect(text).toContain('Klara Testsson');
    expect(text).toContain('19811228-9874');
  });

  it('sends no e-mail when the answers hold no address', async () => {
    const submitted = await call(app.baseUrl, 'POST', submitPath('felanmalan'), { answers: { ...faultReport, wantsAnswer: false, email: undefined } });
    expect(submitted.status).toBe(201);
    expect(await receiptEmail(app, submitted.body.submissionId)).toBeUndefined();
  });

  it('serves the link only with a valid, unexpired token', async () => {
    const submitted = await call(app.baseUrl, 'POST', submitPath('felanmalan'), { answers: { ...faultReport, wantsAnswer: false, email: undefined } });
    const url = `${app.baseUrl}${submitted.body.receiptUrl as string}`;
    const first = await download(url);
    expect(first.status).toBe(200);
    expect(extractPdfText(first.body)).toContain(submitted.body.receiptNumber);
    expect((await download(url)).status).toBe(200); // a reload within the hour works

    const unknown = await call(app.baseUrl, 'GET', `/api/receipts/${'A'.repeat(43)}.pdf`);
    expect(unknown.status).toBe(404);
    expect(unknown.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect((await call(app.baseUrl, 'GET', '/api/receipts/kort.pdf')).status).toBe(404);

    const tokens = await app.database.db.selectFrom('receipt_tokens').selectAll().where('submission_id', '=', submitted.body.submissionId).execute();
    expect(tokens).toHaveLength(1);
    expect(tokens[0]!.token_hash).not.toContain(url.split('/').at(-1)!.replace('.pdf', '')); // only the hash is stored
    const expiresIn = tokens[0]!.expires_at.getTime() - Date.now();
    expect(expiresIn).toBeGreaterThan(59 * 60_000);
    expect(expiresIn).toBeLessThanOrEqual(60 * 60_000);
    await app.database.db.updateTable('receipt_tokens').set({ expires_at: new Date(Date.now() - 1000) }).where('submission_id', '=', submitted.body.submissionId).execute();
    expect((await download(url)).status).toBe(404);
  });
});

describe('receipts: an unreachable mail server', () => {
  let app: TestApp;
  let mailbox: MailboxSimulator | undefined;
  let port: number;
  beforeAll(async () => {
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    port = (probe.address() as AddressInfo).port;
    await new Promise<void>((resolve) => probe.close(() => resolve()));
    // the tests' retry policy: three attempts, tens of milliseconds apart
    app = await startTestApp({ mail: { smtpUrl: `smtp://127.0.0.1:${port}` }, delivery: {} });
  });
  afterAll(async () => {
    await app?.close();
    await mailbox?.close();
  });

  let deadId: string;
  let deadReceiptNumber: string;
  it('does not fail the submission; the e-mail is retried with backoff and ends in the dead letters, where administrators see it', async () => {
    const submitted = await call(app.baseUrl, 'POST', submitPath('felanmalan'), { answers: faultReport });
    expect(submitted.status).toBe(201);
    expect(submitted.body.receiptUrl).toBeDefined();
    const dead = await until(async () => {
      const row = await receiptEmail(app, submitted.body.submissionId);
      return row?.state === 'dead' ? row : undefined;
    });
    expect(dead.attempts).toBe(3);
    expect(dead.last_error).toMatch(/ECONNREFUSED|connect/i);
    expect(dead.delivered_at).toBeNull();
    const deadLetters = await call(app.baseUrl, 'GET', `/api/municipalities/solbacka/deliveries?state=dead&submissionId=${submitted.body.submissionId}`);
    expect(deadLetters.body.items.filter((d: { connectorId: string }) => d.connectorId === '@receipt')).toEqual([
      expect.objectContaining({ id: dead.id, connectorType: 'receipt-email', attempts: 3, lastError: dead.last_error }),
    ]);
    deadId = dead.id;
    deadReceiptNumber = submitted.body.receiptNumber;
  });

  it('sends a failed e-mail at its next attempt, and a dead one when replayed, once the mail server answers', async () => {
    await app.deliveryWorker!.stop();
    try {
      const submitted = await call(app.baseUrl, 'POST', submitPath('felanmalan'), { answers: faultReport });
      expect(submitted.status).toBe(201);
      await app.deliveryWorker!.runOnce();
      const failed = await receiptEmail(app, submitted.body.submissionId);
      expect(failed).toMatchObject({ state: 'pending', attempts: 1 });
      expect(failed!.last_error).toBeTruthy();

      mailbox = await startMailboxSimulator({ smtpPort: port });
      // its backoff has passed
      await app.database.db.updateTable('deliveries').set({ next_attempt_at: new Date() }).where('id', '=', failed!.id).execute();
      await app.deliveryWorker!.runOnce();
      const mail = await mailbox.waitFor(isReceipt(submitted.body.receiptNumber));
      expect(extractPdfText(mail.attachments[0]!.content)).toContain(submitted.body.receiptNumber);
      expect(await receiptEmail(app, submitted.body.submissionId)).toMatchObject({ state: 'delivered', attempts: 2, last_error: null });

      expect((await call(app.baseUrl, 'POST', `/api/municipalities/solbacka/deliveries/${deadId}/replay`)).status).toBe(200);
      await app.deliveryWorker!.runOnce();
      await mailbox.waitFor(isReceipt(deadReceiptNumber));
      expect(mailbox.messages.filter(isReceipt(deadReceiptNumber))).toHaveLength(1);
    } finally {
      app.deliveryWorker!.start();
    }
  });
});
