import { sql, type Kysely } from 'kysely';

/**
 * Receipts: e-mailed receipts with their delivery state (visible, retried with backoff), and the
 * short-lived download tokens that let an anonymous citizen fetch the PDF right after submitting.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('receipt_emails')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('municipality_id', 'text', (c) => c.notNull().references('municipalities.id'))
    .addColumn('submission_id', 'uuid', (c) => c.notNull().unique().references('submissions.id'))
    .addColumn('to_address', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('queued').check(sql`status in ('queued', 'sent', 'failed')`))
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('last_error', 'text')
    .addColumn('next_attempt_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('sent_at', 'timestamptz')
    .execute();
  await db.schema.createIndex('receipt_emails_due').on('receipt_emails').columns(['status', 'next_attempt_at']).execute();

  await db.schema
    .createTable('receipt_tokens')
    .addColumn('token_hash', 'text', (c) => c.primaryKey())
    .addColumn('municipality_id', 'text', (c) => c.notNull().references('municipalities.id'))
    .addColumn('submission_id', 'uuid', (c) => c.notNull().references('submissions.id'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('expires_at', 'timestamptz', (c) => c.notNull())
    .execute();

  await db.schema
    .createIndex('submissions_by_applicant')
    .on('submissions')
    .columns(['municipality_id', 'applicant_personal_identity_number', 'submitted_at'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('submissions_by_applicant').execute();
  await db.schema.dropTable('receipt_tokens').execute();
  await db.schema.dropTable('receipt_emails').execute();
}
