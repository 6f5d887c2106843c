import type { RequestHandler, Response } from 'express';
import type { Kysely } from 'kysely';
import { bilingual } from '@etjanst/schemas';
import type { Database } from '../db/tables.js';
import { CITIZEN } from '../http/access.js';
import { route, type RouteDeclaration } from '../http/route-table.js';
import { requireSession, sessionOf, type CitizenSession } from '../identity/sessions.js';
import { json, list, object, param, pdf, problems } from '../openapi/operations.js';
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

/** What every Mina sidor route does first: never cached, and a passed co-signing deadline shows as 'signature-expired'. */
function mine(db: Kysely<Database>): RequestHandler[] {
  return [
    (_req, res, next) => {
      res.set('Cache-Control', 'no-store');
      next();
    },
    async (_req, res, next) => {
      const session = sessionOf(res);
      if (session) await applySigningDeadlines(db, session);
      next();
    },
  ];
}

const submissionId = param('id', 'Submission id (UUID)');
const tags = ['my-pages'];

/** Mounted at /api/me: the logged-in citizen's own cases in the session's municipality. */
export function myPagesRoutes(db: Kysely<Database>): RouteDeclaration[] {
  const first = mine(db);
  return [
    route(
      'get',
      '/signature-requests',
      CITIZEN,
      'Submissions where I am a named co-signer who has not signed yet',
      [
        ...first,
        async (_req, res) => {
          const session = citizen(res);
          res.json({ municipalityId: session.municipalityId, items: await signatureRequests(db, session) });
        },
      ],
      { tags: ['signing'], operation: { responses: { 200: json(list(object)), ...problems(401) } } },
    ),

    route(
      'get',
      '/submissions',
      CITIZEN,
      'My submissions in the municipality I am logged in to',
      [
        ...first,
        async (_req, res) => {
          const session = citizen(res);
          const submissions = await listOwnSubmissions(db, session.municipalityId, session.person.personalIdentityNumber);
          res.json({ municipalityId: session.municipalityId, items: submissions.map(summary) });
        },
      ],
      { tags, operation: { responses: { 200: json(list(object)), ...problems(401) } } },
    ),

    route(
      'get',
      '/submissions/:id',
      CITIZEN,
      'One of my submissions, with labelled answers',
      [
        ...first,
        async (req, res) => {
          const session = citizen(res);
          const { submission, source } = await ownSubmission(db, session, String(req.params.id));
          const language = languageOf(source.submission.language);
          const email = await findReceiptEmail(db, session.municipalityId, submission.id);
          res.json({
            ...summary(submission),
            language,
            answers: source.submission.answers,
            sections: answerSections(source.definition, readableAnswers(source), language, source.bookings),
            bookings: source.bookings ?? [],
            organisationNumber: source.submission.organisation_number,
            receiptEmail: email ? { status: email.status, sentAt: email.sentAt?.toISOString() ?? null } : null,
            signing: await signingOverview(db, source),
          });
        },
      ],
      { tags, operation: { parameters: [submissionId], responses: { 200: json(object), ...problems(401, 404) } } },
    ),

    route(
      'get',
      '/submissions/:id/receipt.pdf',
      CITIZEN,
      'The PDF receipt of one of my submissions',
      [
        ...first,
        async (req, res) => {
          const session = citizen(res);
          const { source } = await ownSubmission(db, session, String(req.params.id));
          await sendReceiptPdf(res, source);
        },
      ],
      { tags, operation: { parameters: [submissionId], responses: { 200: pdf, ...problems(401, 404) } } },
    ),
  ];
}
