import type { Kysely } from 'kysely';
import { bookingCalendarFiles } from '../booking/confirmation.js';
import type { Database } from '../db/tables.js';
import { PermanentDeliveryError } from '../delivery/connector.js';
import { messageId, smtpTransport } from '../delivery/connectors/email/plugin.js';
import type { NewDelivery } from '../delivery/repository.js';
import type { DeliverySettings } from '../delivery/settings.js';
import { loadReceiptSource, receiptContent, type ReceiptContent, type ReceiptSource } from './content.js';
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

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/**
 * The e-mail's HTML part: the plain text, paragraph by paragraph, under a band in the
 * municipality's colours with its name. Inline styles only (mail programs drop style sheets);
 * the colours passed the WCAG contrast check when they were saved, and are #rrggbb.
 */
export function receiptHtml(content: ReceiptContent, text: string): string {
  const { primary, onPrimary } = content.brand.colours;
  const paragraphs = text
    .split('\n\n')
    .map((block) => `<p style="margin:0 0 1em 0">${block.split('\n').map(escapeHtml).join('<br>')}</p>`)
    .join('\n');
  return [
    '<!DOCTYPE html>',
    `<html lang="${content.language}"><head><meta charset="utf-8"><title>${escapeHtml(content.eserviceTitle)}</title></head>`,
    '<body style="margin:0;font-family:Arial,Helvetica,sans-serif;color:#1b1b1b;background:#ffffff">',
    `<div style="background:${primary};color:${onPrimary};padding:16px 24px;font-size:20px;font-weight:bold">${escapeHtml(content.municipalityName)}</div>`,
    `<div style="padding:16px 24px;font-size:16px;line-height:1.5">\n${paragraphs}\n</div>`,
    '</body></html>',
  ].join('\n');
}

/** Subject and plain-text body of a receipt e-mail, in the submission's language. */
export function receiptMessage(content: ReceiptContent, publicUrl: string, bookedSlots = 0): { subject: string; text: string } {
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
    const { subject, text } = receiptMessage(content, settings.publicUrl, calendars.length);
    const id = messageId(delivery.idempotencyKey);
    await transporter.sendMail({
      from: mail.from,
      to,
      messageId: id,
      subject,
      text,
      html: receiptHtml(content, text),
      attachments: [{ filename: attachmentName(content), content: await renderReceiptPdf(content), contentType: 'application/pdf' }, ...calendars],
    });
    return { externalReference: id };
  } finally {
    transporter.close();
  }
}
