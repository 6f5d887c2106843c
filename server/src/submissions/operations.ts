import { bilingual, type Language } from '@etjanst/schemas';
import { recordAudit } from '../audit/audit-log.js';
import { findEService, findVersion } from '../eservices/repository.js';
import type { TenantContext } from '../eservices/operations.js';
import { findMunicipality } from '../municipalities/repository.js';
import { notFound, Problem, unprocessable } from '../problems/problem.js';
import type { AnswerValidatorCache } from './answer-validators.js';
import { insertSubmission, nextReceiptSequence } from './repository.js';

export interface SubmitAnswers {
  eserviceId: string;
  version: number;
  answers: unknown;
  language: Language;
}

export interface SubmissionReceipt {
  submissionId: string;
  receiptNumber: string;
  submittedAt: Date;
}

/** Receipt numbers read like case numbers: PREFIX-YEAR-000123, a series per municipality and year. */
export const formatReceiptNumber = (prefix: string, year: number, sequence: number) =>
  `${prefix}-${year}-${String(sequence).padStart(6, '0')}`;

/**
 * Accepts a citizen's answers to one published version: the version must be open for
 * submissions, the answers must satisfy that version's schema, and the submission and its
 * receipt number are stored in one transaction before anything is acknowledged.
 */
export async function submitAnswers(
  ctx: TenantContext,
  validators: AnswerValidatorCache,
  request: SubmitAnswers,
): Promise<SubmissionReceipt> {
  const { eserviceId, version } = request;
  const [eservice, pinned, municipality] = await Promise.all([
    findEService(ctx.db, ctx.municipalityId, eserviceId),
    findVersion(ctx.db, ctx.municipalityId, eserviceId, version),
    findMunicipality(ctx.db, ctx.municipalityId),
  ]);
  if (!eservice || !pinned || !municipality) {
    throw notFound(bilingual(`Version ${version} av e-tjänsten ”${eserviceId}”`, `Version ${version} of the e-service “${eserviceId}”`));
  }
  // Older versions stay open while the e-service is published, so a citizen who started
  // before a new version was published can still send; an unpublished e-service takes nothing.
  if (eservice.published_version === null) {
    throw new Problem(
      409,
      'eservice-not-published',
      bilingual('E-tjänsten är stängd', 'The e-service is closed'),
      bilingual(`E-tjänsten ”${eserviceId}” tar inte emot ansökningar just nu.`, `The e-service “${eserviceId}” is not accepting submissions right now.`),
    );
  }
  const definition = pinned.definition;
  if (definition.access.login === 'eid') {
    throw new Problem(
      401,
      'login-required',
      bilingual('Inloggning krävs', 'Login required'),
      bilingual(
        `Du behöver logga in med e-legitimation (tillitsnivå ${definition.access.levelOfAssurance}) för att använda den här e-tjänsten.`,
        `You need to log in with an e-ID (level of assurance ${definition.access.levelOfAssurance}) to use this e-service.`,
      ),
    );
  }
  const validate = validators.get(`${ctx.municipalityId}/${eserviceId}/${version}`, definition);
  const result = validate(request.answers);
  if (!result.valid) {
    throw unprocessable('answers-invalid', bilingual('Några svar behöver rättas.', 'Some answers need correcting.'), { errors: result.errors });
  }
  return ctx.db.transaction().execute(async (trx) => {
    const year = new Date().getFullYear();
    const sequence = await nextReceiptSequence(trx, ctx.municipalityId, year);
    const row = await insertSubmission(trx, {
      municipalityId: ctx.municipalityId,
      eserviceId,
      version,
      receiptNumber: formatReceiptNumber(municipality.receiptPrefix, year, sequence),
      answers: request.answers,
      language: request.language,
    });
    await recordAudit(trx, {
      municipalityId: ctx.municipalityId,
      actor: ctx.actor,
      action: 'submission.received',
      subjectType: 'submission',
      subjectId: row.id,
      details: { eserviceId, version, receiptNumber: row.receipt_number },
    });
    return { submissionId: row.id, receiptNumber: row.receipt_number, submittedAt: row.submitted_at };
  });
}
