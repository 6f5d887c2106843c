import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../db/tables.js';
import { PermanentDeliveryError } from '../delivery/connector.js';
import { messageId, smtpTransport } from '../delivery/connectors/email/plugin.js';
import { insertDeliveries } from '../delivery/repository.js';
import type { DeliverySettings } from '../delivery/settings.js';
import type { CaseRecord } from './repository.js';
import type { CitizenMail } from '../mail/citizen-mail.js';
import { QueuedMailSender, type QueuedMail, type QueuedMailOptions } from '../mail/sender.js';
import { findContactDetails } from '../prefill/contact-details.js';
import { loadReceiptSource } from '../receipts/content.js';
import { citizenMailAbout, receiptAddress, type CitizenMailContext } from '../receipts/mail.js';

/**
 * The "news in your case" e-mail. It holds no case content (not even the e-service, whose name
 * can be sensitive): only that something is new and where to log in to read it.
 */
export function caseNewsMessage({ language, municipalityName, baseUrl }: CitizenMailContext, receiptNumber: string): { subject: string; text: string } {
  const myPages = `${baseUrl}/mina-sidor`;
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
export function coSignRequestMessage({ language, municipalityName, baseUrl }: CitizenMailContext, receiptNumber: string, deadline: Date | null): { subject: string; text: string } {
  const myPages = `${baseUrl}/mina-sidor`;
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
 * Sends what is left in case_notifications: rows queued before co-sign requests and news became
 * deliveries (signing/co-sign-requests.ts, scheduleCaseNews), tried with backoff
 * (QueuedMailSender). Nothing new is queued there.
 */
export class CaseNotifier extends QueuedMailSender<'case_notifications'> {
  constructor(options: QueuedMailOptions) {
    super('case_notifications', 'case notification e-mail', options);
  }

  protected async send(row: QueuedMail<'case_notifications'>): Promise<void> {
    const source = await loadReceiptSource(this.options.db, row.municipality_id, row.submission_id);
    if (!source) throw new Error('the case no longer exists');
    const { receipt_number: receiptNumber, signature_deadline: deadline } = source.submission;
    const message = await citizenMailAbout(source, this.options.publicUrl, (context) =>
      row.kind === 'co-sign-request' ? coSignRequestMessage(context, receiptNumber, deadline) : caseNewsMessage(context, receiptNumber),
    );
    await this.transport.sendMail({ from: this.options.mail.from, to: row.to_address, ...message });
  }
}

/** The "news in your case" e-mail's kind of delivery; each piece of news is one, so its connector id is unique. */
export const CASE_NEWS_EMAIL = { connectorType: 'case-news-email', connectorIdPrefix: '@news:' } as const;

/**
 * Tells the citizen by e-mail that their case has news (a new status, a message): an outbox row
 * (`deliveries`) written in the transaction of the change (`trx`), sent by the delivery worker,
 * retried with backoff and dead-lettered like any delivery. Only an e-ID applicant can read the
 * news on Mina sidor, so an anonymous case gets none.
 */
export async function scheduleCaseNews(trx: Kysely<Database>, municipalityId: string, found: Pick<CaseRecord, 'id' | 'eserviceId' | 'applicantPersonalIdentityNumber'>, now = new Date()): Promise<void> {
  if (!found.applicantPersonalIdentityNumber) return;
  await insertDeliveries(trx, municipalityId, { id: found.id, eserviceId: found.eserviceId }, [
    { connectorId: `${CASE_NEWS_EMAIL.connectorIdPrefix}${randomUUID()}`, connectorType: CASE_NEWS_EMAIL.connectorType, firstAttemptAt: now },
  ]);
}

/**
 * One attempt at a news e-mail, run by the delivery worker. The address is read now: the one
 * saved on Mina sidor, else the receipt address in the answers; with neither, nothing is sent and
 * the delivery is done. The Message-ID comes from the idempotency key (see sendReceiptEmail).
 */
export async function sendCaseNewsEmail(
  db: Kysely<Database>,
  settings: Pick<DeliverySettings, 'mail' | 'attemptTimeoutMs' | 'publicUrl'>,
  delivery: { municipalityId: string; submissionId: string; idempotencyKey: string },
): Promise<{ externalReference: string | undefined }> {
  const source = await loadReceiptSource(db, delivery.municipalityId, delivery.submissionId);
  if (!source) throw new PermanentDeliveryError('the case no longer exists');
  const applicant = source.submission.applicant_personal_identity_number;
  const to = applicant && ((await findContactDetails(db, delivery.municipalityId, applicant))?.email ?? receiptAddress(source));
  if (!to) return { externalReference: undefined }; // nowhere to send it: the news is on Mina sidor
  const message = await citizenMailAbout(source, settings.publicUrl, (context) => caseNewsMessage(context, source.submission.receipt_number));
  return sendNotificationEmail(settings, delivery.idempotencyKey, { to, ...message });
}

/**
 * Sends one of the worker's notification e-mails (news, co-sign requests). Its Message-ID comes
 * from the delivery's idempotency key, so a retry after a lost answer is the same message.
 */
export async function sendNotificationEmail(
  settings: Pick<DeliverySettings, 'mail' | 'attemptTimeoutMs'>,
  idempotencyKey: string,
  message: CitizenMail & { to: string },
): Promise<{ externalReference: string }> {
  const { mail, transporter } = smtpTransport(settings);
  try {
    const id = messageId(idempotencyKey);
    await transporter.sendMail({ from: mail.from, messageId: id, ...message });
    return { externalReference: id };
  } finally {
    transporter.close();
  }
}
