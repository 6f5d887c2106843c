import { sql, type Kysely } from 'kysely';

/**
 * The citizen's receipt e-mail becomes a delivery of its own kind (connector '@receipt', type
 * 'receipt-email', receipts/mail.ts): written in the submission's transaction and sent by the
 * delivery worker, no longer queued after the commit in `receipt_emails`. Its rows move over
 * (queued → pending, sent → delivered, failed → dead), without the address, which the worker
 * reads from the answers; then the table goes.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`insert into deliveries (municipality_id, submission_id, eservice_id, connector_id, connector_type, idempotency_key,
      state, attempts, next_attempt_at, last_error, created_at, updated_at, delivered_at)
    select r.municipality_id, r.submission_id, s.eservice_id, '@receipt', 'receipt-email', r.municipality_id || ':' || r.submission_id || ':@receipt',
      case r.status when 'queued' then 'pending' when 'sent' then 'delivered' else 'dead' end,
      r.attempts, r.next_attempt_at, r.last_error, r.created_at, coalesce(r.sent_at, r.created_at), r.sent_at
    from receipt_emails r join submissions s on s.id = r.submission_id
    on conflict do nothing`.execute(db);
  await db.schema.dropTable('receipt_emails').execute();
}

/** Back to the queue table, empty: receipt e-mails not yet sent stay in the deliveries, where the old worker dead-letters them. */
export async function down(db: Kysely<unknown>): Promise<void> {
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
}
