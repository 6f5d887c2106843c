import { bilingual, type EServiceDefinition } from '@etjanst/schemas';
import { recordAudit } from '../audit/audit-log.js';
import type { TenantContext } from '../eservices/operations.js';
import { findEService, findVersion } from '../eservices/repository.js';
import { findMunicipality } from '../municipalities/repository.js';
import { unprocessable } from '../problems/problem.js';
import { refuseDeepAnswers } from '../submissions/answer-depth.js';
import type { AnswerValidators } from '../answer-validation/validators.js';
import { formatReceiptNumber } from '../submissions/operations.js';
import { nextReceiptSequence } from '../submissions/repository.js';
import { recordCaseReceived, type CaseActor } from './operations.js';
import { parsePersonalIdentityNumber } from '../identity/personal-identity-number.js';
import { objectBody, optionalText } from './status.js';

/** A case that came on paper, as the handler types it in. */
export interface PaperCase {
  eserviceId: string;
  /** The day the paper arrived (Swedish time); today when left out */
  receivedOn: Date;
  applicantName: string | undefined;
  applicantPersonalIdentityNumber: string | undefined;
  summary: string | undefined;
  /** The form's answers typed in, checked against the e-service's schema */
  answers: Record<string, unknown> | undefined;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** A calendar day YYYY-MM-DD that exists, or a 422 naming the field. */
export function parseDay(value: unknown, field: string): string {
  if (typeof value === 'string' && DATE.test(value) && !Number.isNaN(Date.parse(`${value}T00:00:00Z`)) && new Date(`${value}T00:00:00Z`).toISOString().startsWith(value)) return value;
  throw unprocessable('date-invalid', bilingual(`”${field}” ska vara ett datum ÅÅÅÅ-MM-DD.`, `“${field}” must be a date YYYY-MM-DD.`), { field });
}

export function parsePaperCase(body: unknown): PaperCase {
  const input = objectBody(body);
  if (typeof input.eserviceId !== 'string') throw unprocessable('eservice-unknown', bilingual('Välj e-tjänsten som pappersblanketten gäller.', 'Choose the e-service the paper form is for.'), { field: 'eserviceId' });
  // the day is what matters: noon in Swedish winter time (13:00 in summer) is that day either way
  const receivedOn = input.receivedOn === undefined ? new Date() : new Date(`${parseDay(input.receivedOn, 'receivedOn')}T12:00:00+01:00`);
  if (receivedOn.getTime() > Date.now() + 24 * 3600_000) throw unprocessable('date-in-future', bilingual('Mottagningsdagen kan inte ligga i framtiden.', 'The day received cannot be in the future.'), { field: 'receivedOn' });
  const answers = input.answers;
  if (answers !== undefined && (typeof answers !== 'object' || answers === null || Array.isArray(answers))) {
    throw unprocessable('answers-invalid', bilingual('Svaren ska vara ett objekt.', 'The answers must be an object.'), { field: 'answers' });
  }
  refuseDeepAnswers(answers);
  const summary = optionalText(input.summary, 'summary');
  if (!summary && !answers) throw unprocessable('paper-case-empty', bilingual('Skriv en sammanfattning eller fyll i svaren från blanketten.', 'Write a summary or fill in the answers from the form.'));
  const applicantName = optionalText(input.applicantName, 'applicantName');
  return {
    eserviceId: input.eserviceId,
    receivedOn,
    applicantName,
    applicantPersonalIdentityNumber: input.applicantPersonalIdentityNumber ? parsePersonalIdentityNumber(input.applicantPersonalIdentityNumber, 'applicantPersonalIdentityNumber') : undefined,
    summary,
    answers: answers as Record<string, unknown> | undefined,
  };
}

/**
 * Registers a case that arrived on paper as a submission with channel 'paper', in the
 * municipality's receipt number series, so the statistics' digital share counts it. It is
 * tied to the e-service's current published version (or the last one, if unpublished since).
 */
export async function registerPaperCase(ctx: TenantContext, departmentId: string, paper: PaperCase, actor: CaseActor, validators: AnswerValidators): Promise<{ submissionId: string; receiptNumber: string }> {
  const eservice = await findEService(ctx.db, ctx.municipalityId, paper.eserviceId);
  const versionNumber = eservice?.published_version ?? (eservice && eservice.latest_version > 0 ? eservice.latest_version : undefined);
  const version = eservice?.department_id === departmentId && versionNumber !== undefined ? await findVersion(ctx.db, ctx.municipalityId, paper.eserviceId, versionNumber) : undefined;
  if (!version) {
    throw unprocessable('eservice-unknown', bilingual('E-tjänsten finns inte på förvaltningen eller har aldrig publicerats.', 'The e-service is not in this department or was never published.'), { field: 'eserviceId' });
  }
  if (paper.answers) await checkAnswers(ctx, version.definition, version.version, paper.answers, validators);
  const municipality = await findMunicipality(ctx.db, ctx.municipalityId);
  if (!municipality) throw new Error(`municipality ${ctx.municipalityId} vanished`);
  // numbered outside the transaction, as web submissions are (submitAnswers)
  const year = paper.receivedOn.getFullYear();
  const receiptNumber = formatReceiptNumber(municipality.receiptPrefix, year, await nextReceiptSequence(ctx.db, ctx.municipalityId, year));
  return ctx.db.transaction().execute(async (trx) => {
    const row = await trx
      .insertInto('submissions')
      .values({
        municipality_id: ctx.municipalityId,
        eservice_id: paper.eserviceId,
        version: version.version,
        receipt_number: receiptNumber,
        answers: JSON.stringify(paper.answers ?? {}),
        language: 'sv',
        submitted_at: paper.receivedOn,
        applicant_personal_identity_number: paper.applicantPersonalIdentityNumber ?? null,
        applicant_name: paper.applicantName ?? null,
        identity_method: null,
        loa: null,
        organisation_number: null,
        channel: 'paper',
        paper_summary: paper.summary ?? null,
      })
      .returning(['id'])
      .executeTakeFirstOrThrow();
    await recordCaseReceived(trx, ctx.municipalityId, row.id, actor);
    await recordAudit(trx, { municipalityId: ctx.municipalityId, actor: actor.auditId, action: 'case.paper-registered', subjectType: 'submission', subjectId: row.id, details: { receiptNumber, eserviceId: paper.eserviceId, version: version.version } });
    return { submissionId: row.id, receiptNumber };
  });
}

async function checkAnswers(ctx: TenantContext, definition: EServiceDefinition, version: number, answers: Record<string, unknown>, validators: AnswerValidators): Promise<void> {
  const validate = await validators.answers({ municipalityId: ctx.municipalityId, eserviceId: definition.id, version }, definition);
  const result = validate(answers);
  if (!result.valid) throw unprocessable('answers-invalid', bilingual('Några svar behöver rättas.', 'Some answers need correcting.'), { errors: result.errors });
}
