import type { Response } from 'express';
import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import { bilingual } from '@etjanst/schemas';
import type { Database } from '../db/tables.js';
import { credential } from '../http/access.js';
import { setDownloadHeaders } from '../http/file-download.js';
import { route, type RouteDeclaration } from '../http/route-table.js';
import { randomToken } from '../identity/sessions.js';
import { param, pdf, problems } from '../openapi/operations.js';
import { notFound } from '../problems/problem.js';
import { receiptContent, type ReceiptSource, loadReceiptSource } from './content.js';
import type { ReceiptMailer } from './mail.js';
import { renderReceiptPdf } from './pdf.js';
import type { SubmissionReceipt } from '../submissions/operations.js';
import { deleteExpiredReceiptTokens, findReceiptToken, insertReceiptToken } from './repository.js';

/** How long the download link in a submit response works. */
export const RECEIPT_TOKEN_SECONDS = 3600;

const TOKEN = /^[A-Za-z0-9_-]{43}$/;

const receiptNotFound = () => notFound(bilingual('Kvittot', 'The receipt'));

/** Sends a submission's receipt as a PDF download (saved, never shown in the page; never cached: it holds personal data). */
export async function sendReceiptPdf(res: Response, source: ReceiptSource): Promise<void> {
  const content = receiptContent(source);
  const pdf = await renderReceiptPdf(content);
  const name = `${content.language === 'sv' ? 'kvitto' : 'receipt'}-${content.receiptNumber}.pdf`;
  setDownloadHeaders(res.status(200), { name, mediaType: 'application/pdf' }).send(pdf);
}

/** Mounted at /api/receipts: `GET /:token.pdf`, the receipt a submit response linked to (1 hour). */
export function receiptTokenRoutes(db: Kysely<Database>): RouteDeclaration[] {
  return [
    route(
      'get',
      '/:token.pdf',
      credential('receipt-token'),
      'The PDF receipt through the one-hour link given at submission',
      async (req, res) => {
        const token = String(req.params.token);
        const found = TOKEN.test(token) ? await findReceiptToken(db, token) : undefined;
        const source = found && (await loadReceiptSource(db, found.municipalityId, found.submissionId));
        if (!source) throw receiptNotFound();
        await sendReceiptPdf(res, source);
      },
      { tags: ['receipts'], operation: { parameters: [param('token', 'Receipt link token')], responses: { 200: pdf, ...problems(404) } } },
    ),
  ];
}

export type SubmittedReceipt = Pick<SubmissionReceipt, 'submissionId' | 'state'>;

/**
 * What happens after a submission is committed: a download link for its receipt (valid one
 * hour, only its hash stored) goes into the response, and the receipt e-mail is queued. Neither
 * can fail the submission: a problem is logged and the response goes without the link.
 */
export function receiptAfterSubmission(options: { db: Kysely<Database>; mailer?: ReceiptMailer | undefined; logger: Logger }) {
  const { db, mailer, logger } = options;
  return async (tenant: { municipalityId: string }, receipt: SubmittedReceipt): Promise<{ receiptUrl?: string }> => {
    const extra: { receiptUrl?: string } = {};
    try {
      const token = randomToken();
      const now = new Date();
      await insertReceiptToken(db, {
        token,
        municipalityId: tenant.municipalityId,
        submissionId: receipt.submissionId,
        expiresAt: new Date(now.getTime() + RECEIPT_TOKEN_SECONDS * 1000),
      });
      extra.receiptUrl = `/api/receipts/${token}.pdf`;
      // housekeeping now and then, off the response path
      if (Math.random() < 0.05) void deleteExpiredReceiptTokens(db, now).catch(() => undefined);
    } catch (error) {
      logger.warn({ err: error, submissionId: receipt.submissionId }, 'receipt link could not be created');
    }
    try {
      // a submission awaiting signatures is not sent yet: signing queues the mail when it is
      if (receipt.state === 'submitted') await mailer?.queue(tenant.municipalityId, receipt.submissionId);
    } catch (error) {
      logger.warn({ err: error, submissionId: receipt.submissionId }, 'receipt e-mail could not be queued');
    }
    return extra;
  };
}
