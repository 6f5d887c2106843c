import { sql, type Kysely } from 'kysely';
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
}

export async function insertSubmission(db: Kysely<Database>, submission: NewSubmission): Promise<SubmissionRow> {
  return db
    .insertInto('submissions')
    .values({
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
    })
    .returningAll()
    .executeTakeFirstOrThrow();
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
