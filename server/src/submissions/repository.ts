import { sql, type Kysely } from 'kysely';
import { auditRow, type AuditEvent } from '../audit/audit-log.js';
import { statusHistoryRow, type NewStatusChange } from '../cases/repository.js';
import { deliveryRows, type NewDelivery } from '../delivery/repository.js';
import type { RowAlongside } from '../db/row-alongside.js';
import type { Database, SubmissionRow, SubmissionState } from '../db/tables.js';

/** Next number in the municipality's receipt series for a year; atomic under concurrency. */
export async function nextReceiptSequence(db: Kysely<Database>, municipalityId: string, year: number): Promise<number> {
  const row = await db
    .insertInto('receipt_counters')
    .values({ municipality_id: municipalityId, year, last_number: 1 })
    .onConflict((oc) =>
      oc.columns(['municipality_id', 'year']).doUpdateSet({ last_number: sql`receipt_counters.last_number + 1` }),
    )
    .returning('last_number')
    .executeTakeFirstOrThrow();
  return row.last_number;
}

/**
 * The e-service's state and, when it takes submissions (published, not paused), the next number
 * in the municipality's receipt series for a year, in one short statement of its own: the
 * counter row is locked only for it, not for the submission's transaction. No number is taken
 * for an e-service that takes none; eservice is undefined when there is no such e-service.
 */
export async function takeReceiptSequence(db: Kysely<Database>, municipalityId: string, eserviceId: string, year: number) {
  const row = await db
    .with('eservice', (qc) => qc.selectFrom('eservices').select(['published_version', 'paused_at', 'pause_message']).where('municipality_id', '=', municipalityId).where('id', '=', eserviceId))
    .with('taken', (qc) =>
      qc
        .insertInto('receipt_counters')
        .columns(['municipality_id', 'year', 'last_number'])
        .expression((eb) => eb.selectFrom('eservice').select([eb.val(municipalityId).as('municipality_id'), eb.val(year).as('year'), eb.val(1).as('last_number')]).where('published_version', 'is not', null).where('paused_at', 'is', null))
        .onConflict((oc) => oc.columns(['municipality_id', 'year']).doUpdateSet({ last_number: sql`receipt_counters.last_number + 1` }))
        .returning('last_number'),
    )
    .selectFrom('eservice')
    .select(['published_version', 'paused_at', 'pause_message', (eb) => eb.selectFrom('taken').select('last_number').as('sequence')])
    .executeTakeFirst();
  return { eservice: row, sequence: row?.sequence ?? undefined };
}

export interface NewSubmission {
  municipalityId: string;
  eserviceId: string;
  version: number;
  receiptNumber: string;
  answers: unknown;
  language: string;
  applicant?: { personalIdentityNumber: string; name: string; method: string; loa: number } | undefined;
  organisationNumber?: string | undefined;
  /** Default 'submitted' */
  state?: SubmissionState | undefined;
  /** A fee-carrying e-service's fee in öre, and when an 'awaiting-payment' submission expires unpaid */
  feeOre?: number | undefined;
  paymentDueBy?: Date | undefined;
  /** When it was received; default the database's now(). A receipt recorded in the submission's own statement (an Idempotency-Key's) states it before the row exists. */
  submittedAt?: Date | undefined;
}

export async function insertSubmission(db: Kysely<Database>, submission: NewSubmission): Promise<SubmissionRow> {
  return db.insertInto('submissions').values(submissionRow(submission)).returningAll().executeTakeFirstOrThrow();
}

const submissionRow = (submission: NewSubmission) => ({
  municipality_id: submission.municipalityId,
  eservice_id: submission.eserviceId,
  version: submission.version,
  receipt_number: submission.receiptNumber,
  answers: JSON.stringify(submission.answers),
  language: submission.language,
  applicant_personal_identity_number: submission.applicant?.personalIdentityNumber ?? null,
  applicant_name: submission.applicant?.name ?? null,
  identity_method: submission.applicant?.method ?? null,
  loa: submission.applicant?.loa ?? null,
  organisation_number: submission.organisationNumber ?? null,
  state: submission.state ?? 'submitted',
  fee_ore: submission.feeOre ?? null,
  payment_due_by: submission.paymentDueBy ?? null,
  ...(submission.submittedAt ? { submitted_at: submission.submittedAt } : {}),
});

/** What a citizen's submission is stored with: its id (chosen by the caller, so the other rows can name it) and its rows. */
export interface SubmissionWithRows {
  id: string;
  submission: NewSubmission;
  received: NewStatusChange;
  audit: AuditEvent;
  deliveries: readonly NewDelivery[];
  /** Other features' rows stored in the same statement (the receipt's link, a rating permit, the Idempotency-Key), with no round trip of their own */
  alongside?: readonly RowAlongside[] | undefined;
}

/**
 * Stores a submission with the first line of its case history, its audit row, its outbox rows
 * and the rows other features add in one statement (data-modifying CTEs): one round trip, and outside a
 * transaction its own short one. The foreign keys are checked at the end of the statement, so
 * the order of the parts does not matter. With it comes the id of the applicant's saved draft
 * of the e-service, if any (to be deleted after the commit), so that needs no lookup of its own.
 */
export async function storeSubmission(db: Kysely<Database>, { id, submission, received, audit, deliveries, alongside = [] }: SubmissionWithRows): Promise<{ id: string; draft_id: string | null }> {
  const { municipalityId, eserviceId, applicant } = submission;
  let parts = db
    .with('received', (qc) => qc.insertInto('case_status_changes').values(statusHistoryRow(municipalityId, received)))
    .with('audited', (qc) => qc.insertInto('audit_log').values(auditRow(audit)));
  if (deliveries.length > 0) {
    parts = parts.with('scheduled', (qc) =>
      qc
        .insertInto('deliveries')
        .values(deliveryRows(municipalityId, { id, eserviceId }, deliveries))
        .onConflict((oc) => oc.columns(['submission_id', 'connector_id']).doNothing()),
    ) as unknown as typeof parts;
  }
  for (const [index, row] of alongside.entries()) parts = parts.with(`alongside_${index}`, () => row(db)) as unknown as typeof parts;
  const draft = applicant
    ? db.selectFrom('drafts').select('id').where('municipality_id', '=', municipalityId).where('personal_identity_number', '=', applicant.personalIdentityNumber).where('eservice_id', '=', eserviceId).limit(1)
    : undefined;
  const row = await parts
    .insertInto('submissions')
    .values({ id, ...submissionRow(submission) })
    // only what the caller needs: the stored answers are not sent back and parsed again
    .returning(['id', (eb) => (draft ? draft.as('draft_id') : eb.lit(null).as('draft_id'))])
    .executeTakeFirstOrThrow();
  return row as { id: string; draft_id: string | null };
}

export async function findSubmission(db: Kysely<Database>, municipalityId: string, id: string): Promise<SubmissionRow | undefined> {
  return db
    .selectFrom('submissions')
    .selectAll()
    .where('municipality_id', '=', municipalityId)
    .where('id', '=', id)
    .executeTakeFirst();
}

export async function countSubmissions(db: Kysely<Database>, municipalityId: string, eserviceId: string): Promise<number> {
  const row = await db
    .selectFrom('submissions')
    .select((eb) => eb.fn.countAll().as('count'))
    .where('municipality_id', '=', municipalityId)
    .where('eservice_id', '=', eserviceId)
    .executeTakeFirstOrThrow();
  return Number(row.count); // a string on pg (bigint), a number on PGlite
}
