import { sql, type Kysely } from 'kysely';

/**
 * The statistics read starts and drop-off from the audit log (drafts are deleted on submission,
 * their 'draft.created' and 'draft.deleted' entries stay): one index for the entries of a period,
 * one to tell whether a submission came from a draft.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.createIndex('audit_log_by_action').on('audit_log').columns(['municipality_id', 'action', 'occurred_at']).execute();
  await sql`create index audit_log_draft_of_submission on audit_log (municipality_id, (details ->> 'submissionId')) where action = 'draft.deleted'`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('audit_log_draft_of_submission').execute();
  await db.schema.dropIndex('audit_log_by_action').execute();
}
