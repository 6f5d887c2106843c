import type { Kysely } from 'kysely';
import nodemailer, { type Transporter } from 'nodemailer';
import type { Logger } from 'pino';
import { textIn } from '@etjanst/schemas';
import type { Database } from '../db/tables.js';
import { findContactDetails } from '../prefill/contact-details.js';
import { languageOf, loadReceiptSource } from '../receipts/content.js';
import { receiptAddress, type MailSettings } from '../receipts/mail.js';
import { claimQueuedMail, dueQueuedMail, markQueuedMailAttemptFailed, markQueuedMailSent } from '../mail/queue.js';
import { queueCaseNotification, type CaseNotificationRow } from './notification-queue.js';
import { coSignersOf } from '../signing/repository.js';

export interface CaseNotifierOptions {
  db: Kysely<Database>;
  mail: MailSettings;
  /** The portal's address, for the link to Mina sidor */
  publicUrl: string;
  logger: Logger;
  /** First retry after this long, doubling each time (default 30 s) */
  retryBaseMs?: number | undefined;
  /** How often the timer looks for due notifications (default 15 s) */
  pollMs?: number | undefined;
  /** Attempts before a notification is marked failed for good (default 5) */
  maxAttempts?: number | undefined;
}

/** While one attempt runs, no other worker takes the same notification for this long. */
const LEASE_MS = 5 * 60_000;

/**
 * The "news in your case" e-mail. It holds no case content (not even the e-service, whose name
 * can be sensitive): only that something is new and where to log in to read it.
 */
export function caseNewsMessage(language: 'sv' | 'en', municipalityName: string, receiptNumber: string, publicUrl: string): { subject: string; text: string } {
  const myPages = `${publicUrl}/mina-sidor`;
  if (language === 'en') {
    return {
      subject: `News in your case ${receiptNumber}`,
      text: ['Hello,', '', `There is news in your case ${receiptNumber} with ${municipalityName}.`, `Log in to My pages to read it: ${myPages}`, '', 'This message cannot be replied to.'].join('\n'),
    };
  }
  return {
    subject: `Nyheter i ditt ärende ${receiptNumber}`,
    text: ['Hej!', '', `Det finns nyheter i ditt ärende ${receiptNumber} hos ${municipalityName}.`, `Logga in på Mina sidor för att läsa: ${myPages}`, '', 'Det går inte att svara på det här meddelandet.'].join('\n'),
  };
}

/**
 * The request to a co-signer (e.g. the other guardian). Like the news e-mail it names neither
 * the e-service nor the applicant: only that a signature is asked for, by when, and where.
 */
export function coSignRequestMessage(
  language: 'sv' | 'en',
  municipalityName: string,
  receiptNumber: string,
  deadline: Date | null,
  publicUrl: string,
): { subject: string; text: string } {
  const myPages = `${publicUrl}/mina-sidor`;
  const by = deadline ? swedishDate(deadline) : undefined;
  if (language === 'en') {
    return {
      subject: `You are asked to sign ${receiptNumber}`,
      text: ['Hello,', '', `You have been named as co-signer of an application to ${municipalityName} (${receiptNumber}).`, `Log in to My pages to read it and sign${by ? ` by ${by}` : ''}: ${myPages}`, '', 'This message cannot be replied to.'].join('\n'),
    };
  }
  return {
    subject: `Du ombeds skriva under ${receiptNumber}`,
    text: ['Hej!', '', `Du har angetts som medsökande i en ansökan till ${municipalityName} (${receiptNumber}).`, `Logga in på Mina sidor för att läsa och skriva under${by ? ` senast ${by}` : ''}: ${myPages}`, '', 'Det går inte att svara på det här meddelandet.'].join('\n'),
  };
}

const swedishDate = (date: Date) => date.toLocaleDateString('sv-SE', { timeZone: 'Europe/Stockholm' });

/**
 * Tells the citizen by e-mail that their case has news (a new status, a message). The address
 * is the one saved on Mina sidor, else the receipt address in the answers; without one, or for
 * an anonymous case, nothing is sent. Every notification is a row in case_notifications, tried
 * at once and, when that fails, again with exponential backoff by a small in-process timer
 * (start/stop) up to maxAttempts, then left 'failed' with its last error. Nothing here can fail
 * the change that caused it.
 */
export class CaseNotifier {
  private readonly transport: Transporter;
  private readonly inFlight = new Set<Promise<void>>();
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;

  constructor(private readonly options: CaseNotifierOptions) {
    this.transport = nodemailer.createTransport({ url: options.mail.smtpUrl, connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 30_000 });
  }

  /** Starts the retry timer. */
  start(): this {
    this.stopped = false;
    if (!this.timer) {
      this.timer = setInterval(() => void this.track(this.retryDue()), this.options.pollMs ?? 15_000);
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

  /** Queues the notification and makes the first attempt, without the caller waiting for either. */
  notify(municipalityId: string, submissionId: string): void {
    if (!this.stopped) void this.track(this.queue(municipalityId, submissionId));
  }

  /**
   * Asks each named co-signer by e-mail to log in and sign, where the co-signer has saved an
   * e-mail address on Mina sidor (the platform knows no other address of theirs); the request
   * is on their Mina sidor in any case.
   */
  notifyCoSigners(municipalityId: string, submissionId: string): void {
    if (!this.stopped) void this.track(this.queueCoSignRequests(municipalityId, submissionId));
  }

  /** Tries every queued notification that is due (the timer calls this). */
  async retryDue(): Promise<void> {
    try {
      for (const id of await dueQueuedMail(this.options.db, 'case_notifications')) {
        if (this.stopped) return;
        await this.attempt(id);
      }
    } catch (error) {
      this.options.logger.warn({ err: error }, 'case notification retry round failed');
    }
  }

  private track(work: Promise<void>): Promise<void> {
    this.inFlight.add(work);
    void work.finally(() => this.inFlight.delete(work));
    return work;
  }

  private async queue(municipalityId: string, submissionId: string): Promise<void> {
    const { db, logger } = this.options;
    try {
      const source = await loadReceiptSource(db, municipalityId, submissionId);
      const applicant = source?.submission.applicant_personal_identity_number;
      if (!source || !applicant) return; // only an e-ID applicant can read the news on Mina sidor
      const to = (await findContactDetails(db, municipalityId, applicant))?.email ?? receiptAddress(source);
      if (!to) return;
      await this.attempt(await queueCaseNotification(db, municipalityId, submissionId, to));
    } catch (error) {
      logger.warn({ err: error, submissionId }, 'case notification could not be queued');
    }
  }

  private async queueCoSignRequests(municipalityId: string, submissionId: string): Promise<void> {
    const { db, logger } = this.options;
    try {
      for (const personalIdentityNumber of await coSignersOf(db, municipalityId, submissionId)) {
        const to = (await findContactDetails(db, municipalityId, personalIdentityNumber))?.email;
        if (to) await this.attempt(await queueCaseNotification(db, municipalityId, submissionId, to, 'co-sign-request'));
      }
    } catch (error) {
      logger.warn({ err: error, submissionId }, 'co-sign requests could not be queued');
    }
  }

  private async attempt(id: string): Promise<void> {
    const { db, logger } = this.options;
    let row: CaseNotificationRow | undefined;
    try {
      row = await claimQueuedMail(db, 'case_notifications', id, LEASE_MS);
      if (!row) return;
      const source = await loadReceiptSource(db, row.municipality_id, row.submission_id);
      if (!source) throw new Error('the case no longer exists');
      const language = languageOf(source.submission.language);
      const municipalityName = textIn(source.municipalityName, language) ?? row.municipality_id;
      const { receipt_number: receiptNumber, signature_deadline: deadline } = source.submission;
      const { subject, text } =
        row.kind === 'co-sign-request'
          ? coSignRequestMessage(language, municipalityName, receiptNumber, deadline, this.options.publicUrl)
          : caseNewsMessage(language, municipalityName, receiptNumber, this.options.publicUrl);
      await this.transport.sendMail({ from: this.options.mail.from, to: row.to_address, subject, text });
      await markQueuedMailSent(db, 'case_notifications', row.id);
    } catch (error) {
      if (!row) {
        logger.warn({ err: error, caseNotificationId: id }, 'case notification could not be started');
        return;
      }
      const attempts = row.attempts + 1;
      const maxAttempts = this.options.maxAttempts ?? 5;
      const retryAt = attempts < maxAttempts ? new Date(Date.now() + (this.options.retryBaseMs ?? 30_000) * 2 ** (attempts - 1)) : undefined;
      const message = error instanceof Error ? error.message : String(error);
      logger.warn({ submissionId: row.submission_id, attempt: attempts, retryAt, error: message }, 'case notification e-mail not sent');
      await markQueuedMailAttemptFailed(db, 'case_notifications', row, message, retryAt).catch((err: unknown) =>
        logger.error({ err, caseNotificationId: row?.id }, 'case notification outcome could not be recorded'),
      );
    }
  }
}
