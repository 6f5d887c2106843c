import { sql, type Kysely } from 'kysely';

/**
 * Indexes for a municipality's statistics at a million submissions (issue #17, test/bench/scale.mjs).
 * Each covers what its query reads, so the query is answered from the index alone: a year's
 * submissions by time with what is counted of them, and the audit log's draft events (their
 * `details` are a few short fields, included because PostgreSQL reads an expression such as
 * `details ->> 'eserviceId'` from the index only when the column itself is there).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create index submissions_by_time on submissions (municipality_id, submitted_at) include (eservice_id, channel, state, id)`.execute(db);
  // replaces 015's index of the same key, which made every statistics query fetch each draft event's row
  await sql`drop index audit_log_draft_of_submission`.execute(db);
  await sql`create index audit_log_draft_of_submission on audit_log (municipality_id, (details ->> 'submissionId')) include (details) where action = 'draft.deleted'`.execute(db);
  await sql`create index audit_log_draft_deletions on audit_log (municipality_id, subject_id) include (details) where action = 'draft.deleted' and subject_type = 'draft'`.execute(db);
  await sql`create index audit_log_draft_starts on audit_log (municipality_id, occurred_at) include (subject_id, details) where action = 'draft.created'`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop index audit_log_draft_starts`.execute(db);
  await sql`drop index audit_log_draft_deletions`.execute(db);
  await sql`drop index audit_log_draft_of_submission`.execute(db);
  await sql`create index audit_log_draft_of_submission on audit_log (municipality_id, (details ->> 'submissionId')) where action = 'draft.deleted'`.execute(db);
  await sql`drop index submissions_by_time`.execute(db);
}
