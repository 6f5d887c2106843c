import { randomUUID } from 'node:crypto';
import { bilingual, LANGUAGES, type Language } from '@etjanst/schemas';
import type { TenantContext } from '../eservices/operations.js';
import { APPLICANT } from '../http/access.js';
import { pathParam, positiveInteger, tenantOf } from '../http/context.js';
import { route, type RouteDeclaration } from '../http/route-table.js';
import { sessionOf } from '../identity/sessions.js';
import { transactionalKeyOf } from '../idempotency/idempotent-handler.js';
import { json, jsonBody, problems, ref } from '../openapi/operations.js';
import { badRequest } from '../problems/problem.js';
import { requestLanguage } from '../problems/problem-middleware.js';
import { refuseDeepAnswers } from './answer-depth.js';
import type { AnswerValidators } from '../answer-validation/validators.js';
import { submitAnswers, type AnswerCheck, type StoredSubmission } from './operations.js';
import type { RowAlongside } from '../db/row-alongside.js';

/**
 * Runs after a submission is committed. It must not throw, and adds nothing to the response: the
 * 201 is what was recorded in the submission's statement (under an Idempotency-Key).
 */
export type AfterSubmission = (tenant: TenantContext, stored: StoredSubmission) => Promise<void>;

/**
 * A feature's row stored in the submission's own statement (so it costs no round trip, and is
 * there exactly when the submission is), and what it adds to the 201 response. The submission's
 * id is chosen before it is stored, so the row may refer to it.
 */
export type StoredAlongside = (tenant: TenantContext, eserviceId: string, submissionId: string) => { row: RowAlongside; response: Record<string, unknown> };

export interface SubmissionRouteOptions {
  validators: AnswerValidators;
  /** Features' rules on the answers, in order, before anything is stored */
  checks?: readonly AnswerCheck[];
  /** Features' steps after the commit, in order (drop the draft, receipt ...) */
  afterCommit?: readonly AfterSubmission[];
  /** Features' rows stored with the submission, in order (the receipt's download link, a permit to rate it ...) */
  storedAlongside?: readonly StoredAlongside[];
}

const submission = {
  type: 'object',
  required: ['answers'],
  properties: { answers: { type: 'object' }, language: { enum: ['sv', 'en'] }, organisationNumber: { type: 'string', description: 'When a company representative applies' } },
};

/**
 * Mounted at /api/municipalities/:municipality/eservices/:eserviceId/versions/:version/submissions.
 * Whoever the e-service admits may submit (its access settings decide, in submitAnswers).
 */
export function submissionRoutes({ validators, checks = [], afterCommit = [], storedAlongside = [] }: SubmissionRouteOptions): RouteDeclaration[] {
  return [
    route(
      'post',
      '/',
      APPLICANT,
      'Submit answers to a published version',
      async (req, res) => {
        const body: unknown = req.body;
        if (typeof body !== 'object' || body === null || Array.isArray(body) || !('answers' in body)) {
          throw badRequest('submission-malformed', bilingual('Skicka ett objekt med ”answers” (svaren) och ”language”.', 'Send an object with “answers” and “language”.'));
        }
        const { answers, language, organisationNumber } = body as { answers: unknown; language?: unknown; organisationNumber?: unknown };
        if (organisationNumber !== undefined && typeof organisationNumber !== 'string') {
          throw badRequest('organisation-number-invalid', bilingual('Organisationsnumret ska vara text.', 'The organisation number must be text.'));
        }
        if (language !== undefined && !LANGUAGES.includes(language as Language)) {
          throw badRequest('language-unsupported', bilingual(`Språket ”${String(language)}” stöds inte; välj sv eller en.`, `The language “${String(language)}” is not supported; choose sv or en.`));
        }
        refuseDeepAnswers(answers);
        const eserviceId = pathParam(req, 'eserviceId');
        const submissionId = randomUUID();
        const alongside = storedAlongside.map((feature) => feature(tenantOf(res), eserviceId, submissionId));
        const stored = await submitAnswers(tenantOf(res), validators, {
          submissionId,
          eserviceId,
          version: positiveInteger(pathParam(req, 'version'), 'version'),
          answers,
          language: (language as Language | undefined) ?? requestLanguage(req),
          applicant: sessionOf(res),
          sessionExpired: res.locals.sessionExpired === true,
          organisationNumber,
          idempotencyKey: transactionalKeyOf(res),
          alongside: alongside.map(({ row }) => row),
          responseExtras: Object.assign({}, ...alongside.map(({ response }) => response)),
        }, checks);
        for (const step of afterCommit) await step(tenantOf(res), stored);
        res.status(201).json(stored.response);
      },
      {
        tags: ['submissions'],
        limit: 'submission',
        idempotent: 'in-transaction',
        operation: { requestBody: jsonBody(submission), responses: { 201: json(ref('Receipt'), 'Stored; the receipt number identifies the case'), ...problems(400, 401, 403, 404, 409, 413, 415, 422, 429, 503, 507) } },
      },
    ),
  ];
}
