import { applyCalculations, bilingual, feeOf, isOrganisationsnummer, swedishToday, type EServiceDefinition, type Language } from '@etjanst/schemas';
import type { AnswerValidators } from '../answer-validation/validators.js';
import { caseReceived } from '../cases/operations.js';
import { scheduledDeliveries } from '../delivery/schedule.js';
import { eserviceClosed, findOpenVersion, publishedVersion, requireOpen, versionNotFound } from '../eservices/open-version.js';
import type { TenantContext } from '../eservices/operations.js';
import { requireAssurance } from '../identity/assurance.js';
import type { CitizenSession } from '../identity/sessions.js';
import { establishedMunicipality } from '../municipalities/repository.js';
import type { TransactionalKey } from '../idempotency/idempotent-handler.js';
import { paymentDueBy } from '../payment/service.js';
import { Problem, unprocessable } from '../problems/problem.js';
import type { Kysely } from 'kysely';
import type { Database, SubmissionState } from '../db/tables.js';
import { storeSubmission, takeReceiptSequence, type SubmissionWithRows } from './repository.js';

export interface SubmitAnswers {
  /** Chosen by the caller, so that rows stored alongside (routes.ts StoredAlongside) may refer to it */
  submissionId: string;
  eserviceId: string;
  version: number;
  answers: unknown;
  language: Language;
  /** The logged-in citizen, if any; required by e-services with e-ID login. */
  applicant: CitizenSession | undefined;
  /** Set when a company representative applies for an organisation. */
  organisationNumber?: string | undefined;
  /** Whether an expired session was seen, to answer "logged out" rather than "log in". */
  sessionExpired?: boolean;
  /** The request's Idempotency-Key: recorded with the response in the submission's own statement */
  idempotencyKey?: TransactionalKey | undefined;
  /** What the 201 response carries beside the receipt (the receipt's link, a permit to rate ...) */
  responseExtras?: Record<string, unknown>;
  /** Rows of other features stored in the submission's statement (routes.ts StoredAlongside) */
  alongside?: SubmissionWithRows['alongside'];
}

/**
 * A feature's own rule on valid answers (prefilled fields unchanged, attachments owned, no
 * self-co-signing ...), run before anything is stored; throws a Problem to refuse them. It may
 * return a step to store with the submission (e.g. tie the attachments to it), which runs in the
 * submission's transaction: the submission is stored whole or not at all.
 */
export type AnswerCheck = (check: { ctx: TenantContext; definition: EServiceDefinition; answers: unknown; applicant: CitizenSession | undefined }) => Promise<StoreWithSubmission | void>;

/** Stores what belongs to a submission, in its transaction (`trx`); throws a Problem to refuse the submission. */
export type StoreWithSubmission = (trx: Kysely<Database>, submissionId: string) => Promise<void>;

/** What was stored: the receipt, the response recorded for it, its e-service, and the applicant's saved draft of the e-service (sent with it), if any. */
export interface StoredSubmission {
  receipt: SubmissionReceipt;
  /** The 201's body: the receipt and the response's extras, as recorded under an Idempotency-Key */
  response: Record<string, unknown>;
  eserviceId: string;
  draft: SentDraft | undefined;
}

/** The applicant's draft a submission was sent from (it is deleted after the commit), and whose it is. */
export interface SentDraft {
  id: string;
  personalIdentityNumber: string;
  identityMethod: string;
}

export interface SubmissionReceipt {
  submissionId: string;
  receiptNumber: string;
  submittedAt: Date;
  /** 'submitted', or 'awaiting-signature' where the e-service requires signing (see signing/) */
  state: SubmissionState;
}


/** Receipt numbers read like case numbers: PREFIX-YEAR-000123, a series per municipality and year. */
export const formatReceiptNumber = (prefix: string, year: number, sequence: number) =>
  `${prefix}-${year}-${String(sequence).padStart(6, '0')}`;

/**
 * Calculated fields (form.calculations) hold what the server computes, whatever the client sent:
 * a tampered or stale value (an age computed before midnight) is overwritten, never stored.
 */
function withCalculatedValues(definition: EServiceDefinition, answers: unknown): unknown {
  const isAnswerObject = typeof answers === 'object' && answers !== null && !Array.isArray(answers);
  return isAnswerObject ? applyCalculations(definition.form.calculations, answers as Record<string, unknown>, swedishToday()) : answers;
}

/**
 * Accepts a citizen's answers to one published version: the version must be open for
 * submissions, the answers must satisfy that version's schema, and the submission and its
 * receipt number are stored in one transaction before anything is acknowledged.
 */
export async function submitAnswers(
  ctx: TenantContext,
  validators: AnswerValidators,
  request: SubmitAnswers,
  checks: readonly AnswerCheck[] = [],
): Promise<StoredSubmission> {
  const { eserviceId, version } = request;
  const municipality = await establishedMunicipality(ctx.db, ctx.municipalityId);
  if (!municipality) throw versionNotFound(eserviceId, version);
  const prepared = await preparedSubmission(ctx, validators, request, checks).catch(async (error: unknown) => {
    // a closed or paused e-service is said before anything about the answers or the applicant
    await findOpenVersion(ctx.db, ctx.municipalityId, eserviceId, version, { takingSubmissions: true });
    throw error;
  });
  const { definition, applicant, answers, storeWith, feeOre } = prepared;
  const now = new Date();
  // Signed e-services are stored at once, so nothing is lost, but are delivered only once signed;
  // fee-carrying ones only once paid (payment/), after any signatures.
  const signing = definition.signing.required && applicant;
  const state: SubmissionState = signing ? 'awaiting-signature' : feeOre ? 'awaiting-payment' : 'submitted';
  // The number is taken in its own short statement, with the check that the e-service takes
  // submissions: the counter row's lock would otherwise serialise a municipality's submissions for
  // their whole transactions. A submission whose statement then fails leaves a gap in the series.
  const year = new Date().getFullYear();
  const { eservice, sequence } = await takeReceiptSequence(ctx.db, ctx.municipalityId, eserviceId, year);
  requireOpen(eservice, eserviceId, version, { takingSubmissions: true });
  if (sequence === undefined) throw eserviceClosed(eserviceId); // only if the row changed under the statement
  const id = request.submissionId;
  const receiptNumber = formatReceiptNumber(municipality.receiptPrefix, year, sequence);
  // the receipt is known before the row is stored, so the response can be recorded in its statement
  const receipt: SubmissionReceipt = { submissionId: id, receiptNumber, submittedAt: now, state };
  const response = { ...receipt, ...request.responseExtras };
  const parts: SubmissionWithRows = {
    id,
    submission: {
      municipalityId: ctx.municipalityId,
      eserviceId,
      version,
      receiptNumber,
      answers,
      language: request.language,
      applicant: applicant && {
        personalIdentityNumber: applicant.person.personalIdentityNumber,
        name: applicant.person.displayName,
        method: applicant.method,
        loa: applicant.loa,
      },
      organisationNumber: prepared.organisationNumber,
      state,
      feeOre,
      paymentDueBy: state === 'awaiting-payment' ? paymentDueBy(definition, now) : undefined,
      submittedAt: now,
    },
    received: caseReceived(id),
    audit: { municipalityId: ctx.municipalityId, actor: ctx.actor, action: 'submission.received', subjectType: 'submission', subjectId: id, details: { eserviceId, version, receiptNumber, state } },
    // the outbox: deliveries and the receipt e-mail commit with the submission (signed ones when the last signature is in)
    deliveries: state === 'submitted' ? scheduledDeliveries({ definition, answers }, now) : [],
    alongside: [...(request.alongside ?? []), ...(request.idempotencyKey ? [request.idempotencyKey.row({ status: 201, body: response })] : [])],
  };
  const store = async (db: Kysely<Database>): Promise<StoredSubmission> => {
    // a retry after a crash at any point finds both the submission and its key, or neither
    const row = await storeSubmission(db, parts);
    for (const step of storeWith) await step(db, row.id);
    const draft = row.draft_id && parts.submission.applicant ? { id: row.draft_id, personalIdentityNumber: parts.submission.applicant.personalIdentityNumber, identityMethod: parts.submission.applicant.method } : undefined;
    return { receipt, response, eserviceId, draft };
  };
  // one statement is its own transaction; with more to store it is one transaction around them
  return storeWith.length === 0 ? store(ctx.db) : ctx.db.transaction().execute(store);
}

/** The answers checked against the version's schema and the features' rules, before anything is stored. */
async function preparedSubmission(ctx: TenantContext, validators: AnswerValidators, request: SubmitAnswers, checks: readonly AnswerCheck[]) {
  const { eserviceId, version } = request;
  const { definition } = await publishedVersion(ctx.db, ctx.municipalityId, eserviceId, version);
  const applicant = identifiedApplicant(ctx, definition, request);
  const organisationNumber = checkedOrganisationNumber(definition, request.organisationNumber);
  const validate = await validators.answers({ municipalityId: ctx.municipalityId, eserviceId, version }, definition);
  const answers = withCalculatedValues(definition, request.answers);
  const result = validate(answers);
  if (!result.valid) {
    throw unprocessable('answers-invalid', bilingual('Några svar behöver rättas.', 'Some answers need correcting.'), { errors: result.errors });
  }
  const feeOre = feeInOre(definition, answers);
  const storeWith: StoreWithSubmission[] = [];
  for (const check of checks) {
    const step = await check({ ctx, definition, answers, applicant });
    if (step) storeWith.push(step);
  }
  return { definition, applicant, organisationNumber, answers, storeWith, feeOre };
}

/** The fee the answers owe in öre (undefined: none), computed by the server; a fee it cannot charge is refused. */
function feeInOre(definition: EServiceDefinition, answers: unknown): number | undefined {
  const fee = feeOf(definition, answers);
  if (fee.kind === 'invalid') {
    throw unprocessable('fee-invalid', bilingual('Avgiften kunde inte räknas ut av svaren. Kontrollera svaren som avgiften bygger på.', 'The fee could not be calculated from the answers. Check the answers the fee depends on.'), {
      field: definition.payment?.fee.kind === 'calculated' ? definition.payment.fee.field : undefined,
    });
  }
  return fee.kind === 'due' ? Math.round(fee.amount * 100) : undefined;
}

/**
 * Who applies: nobody for an anonymous e-service (its answers are not tied to a person, even if
 * the browser happens to be logged in); for an e-ID e-service a login to this municipality at
 * the required level of assurance, or a 401/403 that says what is missing.
 */
function identifiedApplicant(ctx: TenantContext, definition: EServiceDefinition, request: SubmitAnswers): CitizenSession | undefined {
  if (definition.access.login !== 'eid') return undefined;
  const required = definition.access.levelOfAssurance;
  const session = request.applicant?.municipalityId === ctx.municipalityId ? request.applicant : undefined;
  if (!session) {
    throw new Problem(
      401,
      request.sessionExpired ? 'session-expired' : 'login-required',
      bilingual('Inloggning krävs', 'Login required'),
      bilingual(
        `${request.sessionExpired ? 'Din inloggning har gått ut. ' : ''}Du behöver logga in med e-legitimation (tillitsnivå ${required}) för att använda den här e-tjänsten.`,
        `${request.sessionExpired ? 'Your login has expired. ' : ''}You need to log in with an e-ID (level of assurance ${required}) to use this e-service.`,
      ),
      { requiredLoa: required },
    );
  }
  requireAssurance(session, definition);
  return session;
}

function checkedOrganisationNumber(definition: EServiceDefinition, value: string | undefined): string | undefined {
  if (value === undefined || value === '') return undefined;
  if (definition.access.login !== 'eid' || !definition.access.companyRepresentative) {
    throw unprocessable('organisation-not-allowed', bilingual('Den här e-tjänsten går inte att söka för ett företag eller en förening.', 'This e-service cannot be applied for on behalf of a company or association.'));
  }
  if (!isOrganisationsnummer(value)) {
    throw new Problem(400, 'organisation-number-invalid', bilingual('Felaktigt organisationsnummer', 'Invalid organisation number'), bilingual(`”${value}” är inte ett giltigt organisationsnummer (NNNNNN-NNNN).`, `“${value}” is not a valid organisation number (NNNNNN-NNNN).`));
  }
  return value.replace(/^(\d{6})(\d{4})$/, '$1-$2');
}
