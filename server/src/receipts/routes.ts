import type { Response } from 'express';
import type { Kysely } from 'kysely';
import { bilingual } from '@etjanst/schemas';
import type { Database } from '../db/tables.js';
import { credential } from '../http/access.js';
import { setDownloadHeaders } from '../http/file-download.js';
import { route, type RouteDeclaration } from '../http/route-table.js';
import { randomToken } from '../identity/sessions.js';
import { param, pdf, problems } from '../openapi/operations.js';
import { notFound } from '../problems/problem.js';
import type { StoredAlongside } from '../submissions/routes.js';
import { receiptContent, type ReceiptSource, loadReceiptSource } from './content.js';
import { renderReceiptPdf } from './pdf.js';
import { deleteExpiredReceiptTokens, findReceiptToken, sha256 } from './repository.js';

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
 * A new download link for the submission's receipt (valid one hour), stored in the submission's
 * own statement, so it costs no round trip of its own: the URL goes into the 201 response, only
 * the token's hash is stored. (The receipt e-mail is scheduled there too and sent by the delivery
 * worker, receipts/mail.ts.)
 */
export const receiptLinkWithSubmission: StoredAlongside = ({ municipalityId }, _eserviceId, submissionId) => {
  const token = randomToken();
  const expiresAt = new Date(Date.now() + RECEIPT_TOKEN_SECONDS * 1000);
  return {
    row: (qc) => qc.insertInto('receipt_tokens').values({ token_hash: sha256(token), municipality_id: municipalityId, submission_id: submissionId, expires_at: expiresAt }),
    response: { receiptUrl: `/api/receipts/${token}.pdf` },
  };
};

/** After a submission is committed, now and then (off the response's path): expired links go. */
export function expiredReceiptLinksAfterSubmission(db: Kysely<Database>) {
  return async (): Promise<void> => {
    if (Math.random() < 0.05) void deleteExpiredReceiptTokens(db, new Date()).catch(() => undefined);
  };
}
