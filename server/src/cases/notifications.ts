import type { Kysely } from 'kysely';
import nodemailer, { type Transporter } from 'nodemailer';
import type { Logger } from 'pino';
import { textIn } from '@etjanst/schemas';
import type { Database } from '../db/tables.js';
import { findContactDetails } from '../prefill/contact-details.js';
import { languageOf, loadReceiptSource } from '../receipts/content.js';
import { receiptAddress, type MailSettings } from '../receipts/mail.js';

export interface CaseNotifierOptions {
  db: Kysely<Database>;
  mail: MailSettings;
  /** The portal's address, for the link to Mina sidor */
  publicUrl: string;
  logger: Logger;
}

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
 * Tells the citizen by e-mail that their case has news (a new status, a message). The address
 * is the one saved on Mina sidor, else the receipt address in the answers; without one nothing
 * is sent. Each outcome is a row in case_notifications; a failure never fails the change itself.
 */
export class CaseNotifier {
  private readonly transport: Transporter;
  private readonly inFlight = new Set<Promise<void>>();

  constructor(private readonly options: CaseNotifierOptions) {
    this.transport = nodemailer.createTransport({ url: options.mail.smtpUrl, connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 30_000 });
  }

  /** Starts sending and returns at once; stop() waits for what is under way. */
  notify(municipalityId: string, submissionId: string): void {
    const work = this.send(municipalityId, submissionId);
    this.inFlight.add(work);
    void work.finally(() => this.inFlight.delete(work));
  }

  async stop(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
    this.transport.close();
  }

  private async send(municipalityId: string, submissionId: string): Promise<void> {
    const { db, logger } = this.options;
    let to: string | undefined;
    try {
      const source = await loadReceiptSource(db, municipalityId, submissionId);
      const applicant = source?.submission.applicant_personal_identity_number;
      if (!source || !applicant) return; // only an e-ID applicant can read the news on Mina sidor
      to = (await findContactDetails(db, municipalityId, applicant))?.email ?? receiptAddress(source);
      if (!to) return;
      const language = languageOf(source.submission.language);
      const { subject, text } = caseNewsMessage(language, textIn(source.municipalityName, language) ?? municipalityId, source.submission.receipt_number, this.options.publicUrl);
      await this.transport.sendMail({ from: this.options.mail.from, to, subject, text });
      await db.insertInto('case_notifications').values({ municipality_id: municipalityId, submission_id: submissionId, to_address: to, status: 'sent', error: null }).execute();
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      logger.warn({ submissionId, error: message }, 'case notification e-mail not sent');
      if (to) {
        await db
          .insertInto('case_notifications')
          .values({ municipality_id: municipalityId, submission_id: submissionId, to_address: to, status: 'failed', error: message })
          .execute()
          .catch((err: unknown) => logger.error({ err, submissionId }, 'case notification outcome could not be recorded'));
      }
    }
  }
}
