import { Router, type Response } from 'express';
import type { Kysely } from 'kysely';
import { bilingual } from '@etjanst/schemas';
import type { Database } from '../db/tables.js';
import { requireSession, sessionOf, type CitizenSession } from '../identity/sessions.js';
import { notFound } from '../problems/problem.js';
import { answerSections, languageOf, loadReceiptSource, readableAnswers, type ReceiptSource } from '../receipts/content.js';
import { findReceiptEmail } from '../receipts/repository.js';
import { sendReceiptPdf } from '../receipts/routes.js';
import { applySigningDeadlines, signatureRequests, signingOverview } from '../signing/overview.js';
import { listOwnSubmissions, type OwnSubmission } from './repository.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The logged-in citizen (401 otherwise); Mina sidor shows the session's own municipality. */
const citizen = (res: Response): CitizenSession => requireSession(res, sessionOf(res)?.municipalityId ?? '');

/** Another person's submission answers exactly like one that does not exist, so ids cannot be probed. */
const submissionNotFound = () => notFound(bilingual('Ärendet', 'The submission'));

const receiptPdfPath = (id: string) => `/api/me/submissions/${id}/receipt.pdf`;

const summary = (submission: OwnSubmission) => ({
  ...submission,
  submittedAt: submission.submittedAt.toISOString(),
  receiptUrl: receiptPdfPath(submission.id),
});

/** The citizen's own submission with its pinned version, or a 404. */
async function ownSubmission(db: Kysely<Database>, session: CitizenSession, id: string): Promise<{ submission: OwnSubmission; source: ReceiptSource }> {
  if (!UUID.test(id)) throw submissionNotFound();
  const [submission] = await listOwnSubmissions(db, session.municipalityId, session.person.personalIdentityNumber, id);
  const source = submission && (await loadReceiptSource(db, session.municipalityId, id));
  if (!submission || !source) throw submissionNotFound();
  return { submission, source };
}

/** Mounted at /api/me: the logged-in citizen's own cases in the session's municipality. */
export function myPagesRoutes(db: Kysely<Database>): Router {
  const router = Router();
  router.use((_req, res, next) => {
    res.set('Cache-Control', 'no-store');
    next();
  });
  // Signing: a passed co-signing deadline shows as 'signature-expired' everywhere below.
  router.use(async (_req, res, next) => {
    const session = sessionOf(res);
    if (session) await applySigningDeadlines(db, session);
    next();
  });

  /** Submissions waiting for the logged-in person's signature as a co-signer. */
  router.get('/signature-requests', async (_req, res) => {
    const session = citizen(res);
    res.json({ municipalityId: session.municipalityId, items: await signatureRequests(db, session) });
  });

  router.get('/submissions', async (_req, res) => {
    const session = citizen(res);
    const submissions = await listOwnSubmissions(db, session.municipalityId, session.person.personalIdentityNumber);
    res.json({ municipalityId: session.municipalityId, items: submissions.map(summary) });
  });

  router.get('/submissions/:id', async (req, res) => {
    const session = citizen(res);
    const { submission, source } = await ownSubmission(db, session, String(req.params.id));
    const language = languageOf(source.submission.language);
    const email = await findReceiptEmail(db, session.municipalityId, submission.id);
    res.json({
      ...summary(submission),
      language,
      answers: source.submission.answers,
      sections: answerSections(source.definition, readableAnswers(source), language),
      organisationNumber: source.submission.organisation_number,
      receiptEmail: email ? { status: email.status, sentAt: email.sent_at?.toISOString() ?? null } : null,
      signing: await signingOverview(db, source),
    });
  });

  router.get('/submissions/:id/receipt.pdf', async (req, res) => {
    const session = citizen(res);
    const { source } = await ownSubmission(db, session, String(req.params.id));
    await sendReceiptPdf(res, source);
  });

  return router;
}
