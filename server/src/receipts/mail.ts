import { QueuedMailSender, type QueuedMail, type QueuedMailOptions } from '../mail/sender.js';
import { loadReceiptSource, receiptContent, type ReceiptContent, type ReceiptSource } from './content.js';
import { renderReceiptPdf } from './pdf.js';
import { insertReceiptEmail } from './repository.js';

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
 * Sends receipts by e-mail after a submission is committed, each a row in `receipt_emails`
 * (tried at once, then again with backoff: QueuedMailSender). Nothing here can fail a citizen's
 * submission.
 */
export class ReceiptMailer extends QueuedMailSender<'receipt_emails'> {
  constructor(options: QueuedMailOptions) {
    super('receipt_emails', 'receipt e-mail', options);
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
    if (row) this.runTracked(() => this.attempt(row.id));
    return row !== undefined;
  }

  protected async send(row: QueuedMail<'receipt_emails'>): Promise<void> {
    const source = await loadReceiptSource(this.options.db, row.municipality_id, row.submission_id);
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
  }
}
