import { sql, type Expression, type Kysely, type SqlBool } from 'kysely';
import { recordAudit } from '../audit/audit-log.js';
import type { Database } from '../db/tables.js';

/** Submissions per transaction: a pass holds its locks briefly, however many fall due at once. */
const BATCH = 100;

/** What the definition's pattern admits (schemas' format.ts); anything else is not acted on. */
const PERIOD_PATTERN = '^P(\\d+Y)?(\\d+M)?(\\d+D)?$';

/** The retention period the version the citizen answered states (personalData.retention.period, ISO 8601). */
const statedPeriod = sql<string | null>`v.definition #>> '{personalData,retention,period}'`;

/**
 * Whether a submission (s, with its version v) is past its retention period: the period is read
 * as a PostgreSQL interval (which takes ISO 8601 durations) only when it is one, and a zero
 * period never falls due.
 */
function pastRetention(now: Date): Expression<SqlBool> {
  const period = sql`case when ${statedPeriod} ~ ${PERIOD_PATTERN} and ${statedPeriod} <> 'P' then (${statedPeriod})::interval end`;
  return sql<SqlBool>`(${period} > interval '0' and s.submitted_at + ${period} < ${now})`;
}

/**
 * What holds a due submission back: a case a handler is working on (in progress, more
 * information needed), a delivery still under way (it would carry the emptied answers), and an
 * e-archive delivery that has not succeeded (the archive keeps what the platform lets go).
 */
const heldBack = sql<SqlBool>`(s.case_status in ('in-progress', 'more-information-needed') or exists (
  select 1 from deliveries d
  where d.municipality_id = s.municipality_id and d.submission_id = s.id
    and (d.state in ('pending', 'in-flight') or (d.connector_type = 'e-archive' and d.state <> 'delivered'))
))`;

const submissionsWithVersion = (db: Kysely<Database>) =>
  db
    .selectFrom('submissions as s')
    .innerJoin('eservice_versions as v', (join) =>
      join.onRef('v.municipality_id', '=', 's.municipality_id').onRef('v.eservice_id', '=', 's.eservice_id').onRef('v.version', '=', 's.version'),
    )
    .where('s.anonymised_at', 'is', null);

/**
 * Anonymises the submissions past their e-service's retention period that nothing holds back
 * (see heldBack), a batch per transaction, each row claimed with SKIP LOCKED so several
 * instances never take the same one. The row stays, with its receipt number, e-service, dates,
 * state and case status, so statistics, deliveries and the audit log still refer to something;
 * the answers, the applicant, a paper case's summary, the files, signatures, co-signers,
 * messages, status notes, e-mail addresses and receipt links go. Each is an audit event.
 * Returns how many were anonymised.
 */
export async function anonymiseExpiredSubmissions(db: Kysely<Database>, now = new Date()): Promise<number> {
  let total = 0;
  for (;;) {
    const count = await db.transaction().execute(async (trx) => {
      const due = await submissionsWithVersion(trx)
        .select(['s.id', 's.municipality_id', 's.eservice_id', 's.version', 's.receipt_number', 's.submitted_at', statedPeriod.as('period')])
        .where(pastRetention(now))
        .where(sql<SqlBool>`not ${heldBack}`)
        .orderBy('s.submitted_at')
        .limit(BATCH)
        .forUpdate('s')
        .skipLocked()
        .execute();
      if (due.length === 0) return 0;
      const ids = due.map((s) => s.id);
      await trx
        .updateTable('submissions')
        .set({ answers: {}, applicant_personal_identity_number: null, applicant_name: null, organisation_number: null, paper_summary: null, anonymised_at: now })
        .where('id', 'in', ids)
        .execute();
      await trx.updateTable('case_status_changes').set({ note: null }).where('submission_id', 'in', ids).execute();
      for (const table of ['attachments', 'case_messages', 'case_notifications', 'receipt_tokens', 'submission_co_signers', 'submission_signatures', 'signature_orders'] as const) {
        await trx.deleteFrom(table).where('submission_id', 'in', ids).execute();
      }
      for (const submission of due) {
        await recordAudit(trx, {
          municipalityId: submission.municipality_id,
          actor: 'system:retention',
          action: 'submission.anonymised',
          subjectType: 'submission',
          subjectId: submission.id,
          details: {
            receiptNumber: submission.receipt_number,
            eserviceId: submission.eservice_id,
            version: submission.version,
            retentionPeriod: submission.period,
            submittedAt: submission.submitted_at.toISOString(),
          },
        });
      }
      return due.length;
    });
    total += count;
    if (count < BATCH) return total;
  }
}

/**
 * Locks a submission the retention job has not anonymised, until the transaction ends (the job
 * skips it meanwhile); false when it has been. A delivery sent again takes this first, so an
 * emptied case never reaches a target, least of all over the e-archive's package.
 */
export async function lockKeptSubmission(db: Kysely<Database>, municipalityId: string, id: string): Promise<boolean> {
  const kept = await db
    .selectFrom('submissions')
    .select('id')
    .where('municipality_id', '=', municipalityId)
    .where('id', '=', id)
    .where('anonymised_at', 'is', null)
    .forShare()
    .executeTakeFirst();
  return kept !== undefined;
}

export interface RetentionCounts {
  /** Submissions the retention job has anonymised */
  anonymised: number;
  /** Submissions past their retention period not yet anonymised: held back (see heldBack) or waiting for the next pass */
  awaiting: number;
}

/** The municipality's figures for the administration's deliveries page. */
export async function retentionCounts(db: Kysely<Database>, municipalityId: string, now = new Date()): Promise<RetentionCounts> {
  const [anonymised, awaiting] = await Promise.all([
    db
      .selectFrom('submissions')
      .select((eb) => eb.fn.countAll<string>().as('count'))
      .where('municipality_id', '=', municipalityId)
      .where('anonymised_at', 'is not', null)
      .executeTakeFirstOrThrow(),
    submissionsWithVersion(db)
      .select((eb) => eb.fn.countAll<string>().as('count'))
      .where('s.municipality_id', '=', municipalityId)
      .where(pastRetention(now))
      .executeTakeFirstOrThrow(),
  ]);
  return { anonymised: Number(anonymised.count), awaiting: Number(awaiting.count) };
}
