import type { Kysely } from 'kysely';
import { DEFAULT_BRAND_COLOURS, textIn, type Language } from '@etjanst/schemas';
import { bookingCalendarFiles } from '../booking/confirmation.js';
import type { Database } from '../db/tables.js';
import { PermanentDeliveryError } from '../delivery/connector.js';
import { messageId, smtpTransport } from '../delivery/connectors/email/plugin.js';
import type { NewDelivery } from '../delivery/repository.js';
import type { DeliverySettings } from '../delivery/settings.js';
import { citizenBaseUrl } from '../branding/address.js';
import { citizenMail, type CitizenMail } from '../mail/citizen-mail.js';
import { languageOf, loadReceiptSource, receiptContent, type ReceiptContent, type ReceiptSource } from './content.js';
import { renderReceiptPdf } from './pdf.js';

/** Finds the receipt e-mail address in the answers by its field path (e.g. `guardian.email`). */
export function receiptAddress(source: { definition: ReceiptSource['definition']; submission: { answers: unknown } }): string | undefined {
  const { receipt } = source.definition;
  if (!receipt.email || !receipt.emailField) return undefined;
  let value: unknown = source.submission.answers;
  for (const name of receipt.emailField.split('.')) {
    value = typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>)[name] : undefined;
  }
  return typeof value === 'string' && /^[^\s@<>,;"]+@[^\s@<>,;"]+$/.test(value.trim()) ? value.trim() : undefined;
}

const attachmentName = (content: ReceiptContent) => `${content.language === 'sv' ? 'kvitto' : 'receipt'}-${content.receiptNumber}.pdf`;

/** What an e-mail about a submission is written with: its language, the municipality's shown name, and the address its links start with. */
export interface CitizenMailContext {
  language: Language;
  municipalityName: string;
  baseUrl: string;
}

/**
 * An e-mail to a citizen about one of a municipality's submissions, in the submission's language:
 * its links lead to the municipality's own address (citizenBaseUrl), and its HTML part shows the
 * municipality's name, colours and logo (citizenMail).
 */
export async function citizenMailAbout(
  source: Pick<ReceiptSource, 'municipalityName' | 'brand' | 'hostName' | 'submission'>,
  publicUrl: string,
  write: (context: CitizenMailContext) => { subject: string; text: string },
): Promise<CitizenMail> {
  const language = languageOf(source.submission.language);
  const name = textIn(source.municipalityName, language) ?? source.submission.municipality_id;
  const brand = { name, colours: source.brand?.colours ?? DEFAULT_BRAND_COLOURS, logo: await source.brand?.logo?.() };
  return citizenMail({ language, ...write({ language, municipalityName: name, baseUrl: citizenBaseUrl(publicUrl, source.hostName) }) }, brand);
}

/** Subject and plain-text body of a receipt e-mail, in the submission's language. */
export function receiptMessage(content: ReceiptContent, baseUrl: string, bookedSlots = 0): { subject: string; text: string } {
  const myPages = `${baseUrl}/mina-sidor`;
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
        ...(bookedSlots > 0 ? ['The booked time is attached as a calendar file (.ics) to add to your calendar.'] : []),
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
      ...(bookedSlots > 0 ? ['Den bokade tiden finns bifogad som kalenderfil (.ics) som du kan lägga in i din kalender.'] : []),
      `Ärenden som du skickar inloggad med e-legitimation finns på Mina sidor: ${myPages}`,
      '',
      `Frågor: ${contact}`,
      '',
      'Det går inte att svara på det här meddelandet.',
    ].join('\n'),
  };
}

/**
 * The citizen's receipt e-mail is a delivery of its own kind in the outbox (`deliveries`), beside
 * the version's connectors: written in the transaction that makes the submission 'submitted',
 * sent by the delivery worker, retried with backoff, dead-lettered and replayable like any
 * delivery. Its id is no slug, so no connector of a definition can take it.
 */
export const RECEIPT_EMAIL = { connectorId: '@receipt', connectorType: 'receipt-email' } as const;

/** The receipt e-mail's outbox row, when the e-service e-mails receipts and the answers hold an address. */
export function receiptEmailDelivery(source: Parameters<typeof receiptAddress>[0], now: Date): NewDelivery | undefined {
  return receiptAddress(source) ? { ...RECEIPT_EMAIL, firstAttemptAt: now } : undefined;
}

/**
 * One attempt at a submission's receipt e-mail, run by the delivery worker: the PDF is made now
 * from the stored submission and sent to the address in its answers. The Message-ID comes from
 * the idempotency key, so a mail system that keeps one copy per Message-ID keeps one even when a
 * worker dies after the SMTP server took the message and before the delivery was recorded.
 */
export async function sendReceiptEmail(
  db: Kysely<Database>,
  settings: Pick<DeliverySettings, 'mail' | 'attemptTimeoutMs' | 'publicUrl'>,
  delivery: { municipalityId: string; submissionId: string; idempotencyKey: string },
): Promise<{ externalReference: string }> {
  const source = await loadReceiptSource(db, delivery.municipalityId, delivery.submissionId);
  if (!source) throw new PermanentDeliveryError('the submission no longer exists');
  const to = receiptAddress(source);
  if (!to) throw new PermanentDeliveryError('the answers hold no e-mail address');
  const { mail, transporter } = smtpTransport(settings);
  try {
    const content = receiptContent(source);
    // a booked slot rides along as an .ics file: the confirmation of the booking
    const calendars = await bookingCalendarFiles(db, source, settings.publicUrl, new Date());
    const message = await citizenMailAbout(source, settings.publicUrl, ({ baseUrl }) => receiptMessage(content, baseUrl, calendars.length));
    const id = messageId(delivery.idempotencyKey);
    await transporter.sendMail({
      from: mail.from,
      to,
      messageId: id,
      ...message,
      attachments: [...message.attachments, { filename: attachmentName(content), content: await renderReceiptPdf(content), contentType: 'application/pdf' }, ...calendars],
    });
    return { externalReference: id };
  } finally {
    transporter.close();
  }
}
