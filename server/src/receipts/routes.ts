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

/**
 * What happens after a submission is committed: a download link for its receipt (valid one
 * hour, only its hash stored) goes into the response. It cannot fail the submission: a problem
 * is logged and the response goes without the link. (The receipt e-mail is no step here: it is
 * scheduled in the submission's transaction and sent by the delivery worker, receipts/mail.ts.)
 */
export function receiptLinkAfterSubmission(options: { db: Kysely<Database>; logger: Logger }) {
  const { db, logger } = options;
  return async (tenant: { municipalityId: string }, receipt: Pick<SubmissionReceipt, 'submissionId'>): Promise<{ receiptUrl?: string }> => {
    try {
      const token = randomToken();
      const now = new Date();
      await insertReceiptToken(db, {
        token,
        municipalityId: tenant.municipalityId,
        submissionId: receipt.submissionId,
        expiresAt: new Date(now.getTime() + RECEIPT_TOKEN_SECONDS * 1000),
      });
      // housekeeping now and then, off the response path
      if (Math.random() < 0.05) void deleteExpiredReceiptTokens(db, now).catch(() => undefined);
      return { receiptUrl: `/api/receipts/${token}.pdf` };
    } catch (error) {
      logger.warn({ err: error, submissionId: receipt.submissionId }, 'receipt link could not be created');
      return {};
    }
  };
}
