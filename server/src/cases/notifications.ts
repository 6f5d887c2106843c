import { textIn } from '@etjanst/schemas';
import { QueuedMailSender, type QueuedMail, type QueuedMailOptions } from '../mail/sender.js';
import { findContactDetails } from '../prefill/contact-details.js';
import { languageOf, loadReceiptSource } from '../receipts/content.js';
import { receiptAddress } from '../receipts/mail.js';
import { queueCaseNotification } from './notification-queue.js';
import { coSignersOf } from '../signing/repository.js';

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
 * an anonymous case, nothing is sent. Every notification is a row in case_notifications (tried
 * at once, then again with backoff: QueuedMailSender). Nothing here can fail the change that
 * caused it.
 */
export class CaseNotifier extends QueuedMailSender<'case_notifications'> {
  constructor(options: QueuedMailOptions) {
    super('case_notifications', 'case notification e-mail', options);
  }

  /** Queues the notification and makes the first attempt, without the caller waiting for either. */
  notify(municipalityId: string, submissionId: string): void {
    this.runTracked(() => this.queue(municipalityId, submissionId));
  }

  /**
   * Asks each named co-signer by e-mail to log in and sign, where the co-signer has saved an
   * e-mail address on Mina sidor (the platform knows no other address of theirs); the request
   * is on their Mina sidor in any case.
   */
  notifyCoSigners(municipalityId: string, submissionId: string): void {
    this.runTracked(() => this.queueCoSignRequests(municipalityId, submissionId));
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

  protected async send(row: QueuedMail<'case_notifications'>): Promise<void> {
    const source = await loadReceiptSource(this.options.db, row.municipality_id, row.submission_id);
    if (!source) throw new Error('the case no longer exists');
    const language = languageOf(source.submission.language);
    const municipalityName = textIn(source.municipalityName, language) ?? row.municipality_id;
    const { receipt_number: receiptNumber, signature_deadline: deadline } = source.submission;
    const { subject, text } =
      row.kind === 'co-sign-request'
        ? coSignRequestMessage(language, municipalityName, receiptNumber, deadline, this.options.publicUrl)
        : caseNewsMessage(language, municipalityName, receiptNumber, this.options.publicUrl);
    await this.transport.sendMail({ from: this.options.mail.from, to: row.to_address, subject, text });
  }
}
