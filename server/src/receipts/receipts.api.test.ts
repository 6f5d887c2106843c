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

const receiptEmail = (app: TestApp, submissionId: string) =>
  app.database.db.selectFrom('receipt_emails').selectAll().where('submission_id', '=', submissionId).executeTakeFirst();

describe('receipts: PDF link and e-mail', () => {
  let mailbox: MailboxSimulator;
  let app: TestApp;
  beforeAll(async () => {
    mailbox = await startMailboxSimulator();
    app = await startTestApp({ mail: { smtpUrl: mailbox.smtpUrl } });
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

    const mail = await mailbox.waitFor((m) => m.subject.includes(receiptNumber));
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
      return found?.status === 'sent' ? found : undefined;
    });
    expect(row).toMatchObject({ municipality_id: 'solbacka', to_address: faultReport.email, attempts: 1, last_error: null });
    expect(row.sent_at).toBeInstanceOf(Date);
  });

  it('writes the e-mail in English for an English submission, with the e-service’s receipt message', async () => {
    const session = await loggedIn(app.database.db);
    const submitted = await call(app.baseUrl, 'POST', submitPath('borgerlig-vigsel'), { answers: EXAMPLE_ANSWERS['borgerlig-vigsel'], language: 'en' }, { cookie: session.cookie, 'x-csrf-token': session.csrfToken });
    expect(submitted.status).toBe(201);
    const mail = await mailbox.waitFor((m) => m.subject.includes(submitted.body.receiptNumber));
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
    app = await startTestApp({ mail: { smtpUrl: `smtp://127.0.0.1:${port}`, retryBaseMs: 100, pollMs: 25 } });
  });
  afterAll(async () => {
    await app?.close();
    await mailbox?.close();
  });

  it('does not fail the submission; the e-mail is retried with backoff and stays failed after 5 attempts', async () => {
    const submitted = await call(app.baseUrl, 'POST', submitPath('felanmalan'), { answers: faultReport });
    expect(submitted.status).toBe(201);
    expect(submitted.body.receiptUrl).toBeDefined();
    const failed = await until(async () => {
      const row = await receiptEmail(app, submitted.body.submissionId);
      return row?.status === 'failed' ? row : undefined;
    });
    expect(failed.attempts).toBe(5);
    expect(failed.last_error).toMatch(/ECONNREFUSED|connect/i);
    expect(failed.sent_at).toBeNull();
  });

  it('sends a queued e-mail once the mail server answers', async () => {
    const submitted = await call(app.baseUrl, 'POST', submitPath('felanmalan'), { answers: faultReport });
    expect(submitted.status).toBe(201);
    const queued = await until(async () => {
      const row = await receiptEmail(app, submitted.body.submissionId);
      return row && row.attempts >= 1 ? row : undefined;
    });
    expect(queued.status).toBe('queued');
    expect(queued.last_error).toBeTruthy();

    mailbox = await startMailboxSimulator({ smtpPort: port });
    const mail = await mailbox.waitFor((m) => m.subject.includes(submitted.body.receiptNumber));
    expect(extractPdfText(mail.attachments[0]!.content)).toContain(submitted.body.receiptNumber);
    const sent = await until(async () => {
      const row = await receiptEmail(app, submitted.body.submissionId);
      return row?.status === 'sent' ? row : undefined;
    });
    expect(sent.attempts).toBeGreaterThanOrEqual(2);
    expect(sent.last_error).toBeNull();
  });
});
