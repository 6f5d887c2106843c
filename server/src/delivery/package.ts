import { buffer } from 'node:stream/consumers';
import type { Kysely } from 'kysely';
import { attachmentFields, attachmentReferences } from '../attachments/fields.js';
import { findAttachments, openAttachmentContent, type AttachmentInfo } from '../attachments/repository.js';
import type { Database } from '../db/tables.js';
import { loadReceiptSource, receiptContent, type ReceiptContent, type ReceiptSource } from '../receipts/content.js';
import { renderReceiptPdf } from '../receipts/pdf.js';

/** What a connector delivers: the submission with its pinned definition, its PDF and its attachments. */
export interface DeliveryPackage {
  idempotencyKey: string;
  source: ReceiptSource;
  /** The submission as read by people, always with all answers (whatever the receipt shows the citizen) */
  content: ReceiptContent;
  attachments: AttachmentInfo[];
  pdf(): Promise<Buffer>;
  readAttachment(id: string): Promise<Buffer>;
}

/**
 * Loads the package of one submission. Attachments are found through the answers (the ids the
 * citizen submitted, owned and checked at submission), not through their link to the
 * submission, which is made just after the commit and might not be there yet.
 */
export async function loadDeliveryPackage(db: Kysely<Database>, municipalityId: string, submissionId: string, idempotencyKey: string): Promise<DeliveryPackage | undefined> {
  const source = await loadReceiptSource(db, municipalityId, submissionId);
  if (!source) return undefined;
  const ids = attachmentReferences(attachmentFields(source.definition), source.submission.answers).map((r) => r.id);
  const attachments = await findAttachments(db, municipalityId, [...new Set(ids)]);
  const withAllAnswers = { ...source, definition: { ...source.definition, receipt: { ...source.definition.receipt, includeAnswers: true } } };
  const content = { ...receiptContent(withAllAnswers), attachments: attachments.map((a) => a.originalName) };
  let pdf: Promise<Buffer> | undefined;
  return {
    idempotencyKey,
    source,
    content,
    attachments,
    pdf: () => (pdf ??= renderReceiptPdf(content)),
    readAttachment: async (id) => {
      const stream = await openAttachmentContent(db, municipalityId, id);
      if (!stream) throw new Error(`attachment ${id} is gone`);
      return buffer(stream);
    },
  };
}

/** File name of the submission's PDF, e.g. "SOL-2026-000123.pdf". */
export const submissionPdfName = (content: ReceiptContent) => `${content.receiptNumber}.pdf`;

/** A plain-text summary of the submission: heading lines and the answers, indented by level. */
export function submissionSummary(content: ReceiptContent): string {
  const lines = [
    `${content.eserviceTitle} – ${content.receiptNumber}`,
    `${content.language === 'en' ? 'Submitted' : 'Inskickad'}: ${content.submittedAtText}`,
    ...(content.applicant ? [`${content.language === 'en' ? 'Applicant' : 'Sökande'}: ${content.applicant.name} (${content.applicant.personalIdentityNumber})`] : []),
    '',
  ];
  const rows = (items: ReceiptContent['sections'][number]['rows'], depth: number): void => {
    for (const row of items) {
      lines.push(`${'  '.repeat(depth)}${row.label}${row.value !== undefined ? `: ${row.value}` : ''}`);
      if (row.rows) rows(row.rows, depth + 1);
    }
  };
  for (const section of content.sections) {
    lines.push(section.title);
    rows(section.rows, 1);
    lines.push('');
  }
  if (content.attachments.length > 0) lines.push(`${content.language === 'en' ? 'Attachments' : 'Bilagor'}: ${content.attachments.join(', ')}`);
  return lines.join('\n');
}
