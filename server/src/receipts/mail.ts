import type { Kysely } from 'kysely';
import nodemailer, { type Transporter } from 'nodemailer';
import type { Logger } from 'pino';
import type { Database } from '../db/tables.js';
import { loadReceiptSource, receiptContent, type ReceiptContent, type ReceiptSource } from './content.js';
import { renderReceiptPdf } from './pdf.js';
import { claimQueuedMail, dueQueuedMail, markQueuedMailAttemptFailed, markQueuedMailSent } from '../mail/queue.js';
import { insertReceiptEmail, type ReceiptEmailRow } from './repository.js';

/** Where receipts are sent from: an SMTP server URL and the From address. */
export interface MailSettings {
  /** smtp://host:port or smtps://user:pass@host:port; nodemailer options may follow as a query */
  smtpUrl: string;
  /** The From header, e.g. "Solbacka kommun <noreply@solbacka.se>" */
  from: string;
}

export interface ReceiptMailerOptions {
  db: Kysely<Database>;
  mail: MailSettings;
  /** The portal's address, for the link to Mina sidor */
  publicUrl: string;
  logger: Logger;
  /** First retry after this long, doubling each time (default 30 s: 30 s, 1 min, 2 min, 4 min) */
  retryBaseMs?: number;
  /** How often the timer looks for due e-mails (default 15 s) */
  pollMs?: number;
  /** Attempts before an e-mail is marked failed for good (default 5) */
  maxAttempts?: number;
}

/** While one attempt runs, no other worker takes the same e-mail for this long. */
const LEASE_MS = 5 * 60_000;

/** Finds the receipt e-mail address in the answers by its field path (e.g. `guardian.email`). */
export function receiptAddress(source: ReceiptSource): string | undefined {
  const { receipt } = source.definition;
  if (!receipt.email || !receipt.emailField) return undefined;
  let value: unknown = source.submission.answers;
  for (const name of receipt.emailField.split('.')) {
    value = typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>)[name] : undefined;
  }
  return typeof value === 'string' && /^[^\s@<>,;"]+@[^\s@<>,;"]+$/.test(value.trim()) ? value.trim() : undefined;
}

const attachmentName = (content: ReceiptContent) => `${content.language === 'sv' ? 'kvitto' : 'receipt'}-${content.receiptNumber}.pdf`;

/** Subject and plain-text body of a receipt e-mail, in the submission's language. */
export function receiptMessage(content: ReceiptContent, publicUrl: string): { subject: string; text: string } {
  const myPages = `${publicUrl}/mina-sidor`;
  const contact = [content.contact.name, content.contact.email, content.contact.phone].filter(Boolean).join(', ');
  if (content.language === 'en') {
    return {
      subject: `Receipt: ${content.eserviceTitle} ${content.receiptNumber}`,
      text: [
        'Hello,',
        '',
        `${content.municipalityName} has received your application.`,
        '',
        `E-service: ${content.eserviceTitle}`,
        `Receipt number: ${content.receiptNumber}`,
        `Submitted: ${content.submittedAtText} (Swedish time)`,
        ...(content.message ? ['', content.message] : []),
        '',
        'The receipt is attached as a PDF.',
        `Applications you send logged in with an e-ID are listed on My pages: ${myPages}`,
        '',
        `Questions: ${contact}`,
        '',
        'This message cannot be replied to.',
      ].join('\n'),
    };
  }
  return {
    subject: `Kvitto: ${content.eserviceTitle} ${content.receiptNumber}`,
    text: [
      'Hej!',
      '',
      `${content.municipalityName} har tagit emot ditt ärende.`,
      '',
      `E-tjänst: ${content.eserviceTitle}`,
      `Kvittonummer: ${content.receiptNumber}`,
      `Skickat: ${content.submittedAtText} (svensk tid)`,
      ...(content.message ? ['', content.message] : []),
      '',
      'Kvittot finns bifogat som PDF.',
      `Ärenden som du skickar inloggad med e-legitimation finns på Mina sidor: ${myPages}`,
      '',
      `Frågor: ${contact}`,
      '',
      'Det går inte att svara på det här meddelandet.',
    ].join('\n'),
  };
}

/**
 * Sends receipts by e-mail after a submission is committed. Every receipt e-mail is a row in
 * `receipt_emails`: it is tried at once, and a failed attempt is tried again with exponential
 * backoff by a small in-process timer (start/stop), up to maxAttempts; then it stays 'failed'
 * with its last error, visible for follow-up. Nothing here can fail a citizen's submission.
 */
export class ReceiptMailer {
  private readonly transport: Transporter;
  private readonly retryBaseMs: number;
  private readonly pollMs: number;
  private readonly maxAttempts: number;
  private timer: NodeJS.Timeout | undefined;
  private readonly inFlight = new Set<Promise<void>>();
  private stopped = false;

  constructor(private readonly options: ReceiptMailerOptions) {
    this.transport = nodemailer.createTransport({
      url: options.mail.smtpUrl,
      connectionTimeout: 10_000,
      greetingTimeout: 10_000,
      socketTimeout: 30_000,
    });
    this.retryBaseMs = options.retryBaseMs ?? 30_000;
    this.pollMs = options.pollMs ?? 15_000;
    this.maxAttempts = options.maxAttempts ?? 5;
  }

  /** Starts the retry timer. */
  start(): this {
    this.stopped = false;
    if (!this.timer) {
      this.timer = setInterval(() => void this.track(this.retryDue()), this.pollMs);
      this.timer.unref();
    }
    return this;
  }

  /** Stops the timer and waits for attempts under way; the transport is closed. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    this.timer = undefined;
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
    this.transport.close();
  }

  /**
   * Queues the receipt e-mail of a submission when its e-service sends receipts by e-mail and
   * the answers hold an address, and starts the first attempt without waiting for it.
   * Returns whether an e-mail was queued.
   */
  async queue(municipalityId: string, submissionId: string): Promise<boolean> {
    const source = await loadReceiptSource(this.options.db, municipalityId, submissionId);
    const to = source && receiptAddress(source);
    if (!to) return false;
    const row = await insertReceiptEmail(this.options.db, { municipalityId, submissionId, to });
    if (row && !this.stopped) void this.track(this.attempt(row.id));
    return row !== undefined;
  }

  /** Tries every queued e-mail that is due (the timer calls this). */
  async retryDue(): Promise<void> {
    try {
      for (const id of await dueQueuedMail(this.options.db, 'receipt_emails')) {
        if (this.stopped) return;
        await this.attempt(id);
      }
    } catch (error) {
      this.options.logger.warn({ err: error }, 'receipt e-mail retry round failed');
    }
  }

  private track(work: Promise<void>): Promise<void> {
    this.inFlight.add(work);
    void work.finally(() => this.inFlight.delete(work));
    return work;
  }

  private async attempt(id: string): Promise<void> {
    const { db, logger } = this.options;
    let row: ReceiptEmailRow | undefined;
    try {
      row = await claimQueuedMail(db, 'receipt_emails', id, LEASE_MS);
      if (!row) return;
      const source = await loadReceiptSource(db, row.municipality_id, row.submission_id);
      if (!source) throw new Error('the submission no longer exists');
      const content = receiptContent(source);
      const pdf = await renderReceiptPdf(content);
      const { subject, text } = receiptMessage(content, this.options.publicUrl);
      await this.transport.sendMail({
        from: this.options.mail.from,
        to: row.to_address,
        subject,
        text,
        attachments: [{ filename: attachmentName(content), content: pdf, contentType: 'application/pdf' }],
      });
      await markQueuedMailSent(db, 'receipt_emails', row.id);
      logger.info({ submissionId: row.submission_id, attempt: row.attempts + 1 }, 'receipt e-mail sent');
    } catch (error) {
      if (!row) {
        logger.warn({ err: error, receiptEmailId: id }, 'receipt e-mail could not be started');
        return;
      }
      const attempts = row.attempts + 1;
      const retryAt = attempts < this.maxAttempts ? new Date(Date.now() + this.retryBaseMs * 2 ** (attempts - 1)) : undefined;
      const message = error instanceof Error ? error.message : String(error);
      logger.warn({ submissionId: row.submission_id, attempt: attempts, retryAt, error: message }, 'receipt e-mail not sent');
      await markQueuedMailAttemptFailed(db, 'receipt_emails', row, message, retryAt).catch((err: unknown) =>
        logger.error({ err, receiptEmailId: row?.id }, 'receipt e-mail outcome could not be recorded'),
      );
    }
  }
}
