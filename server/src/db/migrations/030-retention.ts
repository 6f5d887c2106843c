import { sql, type Kysely } from 'kysely';

/**
 * Retention (server/src/retention/): a submission past its e-service's retention period keeps
 * its row, receipt number and dates (statistics and the audit log still refer to it), but its
 * answers, applicant and everything tied to the person are removed; anonymised_at says when.
 * The partial indexes keep the hourly passes to the rows they may still act on.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('submissions').addColumn('anonymised_at', 'timestamptz').execute();
  await db.schema.createIndex('submissions_not_anonymised').on('submissions').columns(['submitted_at']).where(sql.ref('anonymised_at'), 'is', null).execute();
  await db.schema.createIndex('attachments_unsubmitted').on('attachments').columns(['created_at']).where(sql.ref('submission_id'), 'is', null).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('attachments_unsubmitted').execute();
  await db.schema.dropIndex('submissions_not_anonymised').execute();
  await db.schema.alterTable('submissions').dropColumn('anonymised_at').execute();
}
