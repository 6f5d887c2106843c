import { sql, type Kysely } from 'kysely';

/**
 * Refunds (payment/): a handler's refund of a paid fee is a refund request at the payment
 * provider (Swish: a refund with our instruction id, paid from the municipality's Swish number
 * back to the payer). Its status only moves forward, CREATED to DEBITED to PAID, or to ERROR, so
 * callbacks and polls in any order settle it once; submissions.refunded_at is set when it is PAID.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('refund_requests')
    // Swish's instructionUUID: 32 upper-case hex characters, chosen by us
    .addColumn('instruction_id', 'text', (c) => c.primaryKey())
    .addColumn('municipality_id', 'text', (c) => c.notNull().references('municipalities.id'))
    .addColumn('submission_id', 'uuid', (c) => c.notNull().references('submissions.id'))
    .addColumn('provider', 'text', (c) => c.notNull())
    .addColumn('amount_ore', 'bigint', (c) => c.notNull().check(sql`amount_ore > 0`))
    .addColumn('original_payment_reference', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('CREATED').check(sql`status in ('CREATED', 'DEBITED', 'PAID', 'ERROR')`))
    .addColumn('payment_reference', 'text')
    .addColumn('error_code', 'text')
    .addColumn('requested_by', 'text', (c) => c.notNull())
    .addColumn('note', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('last_checked_at', 'timestamptz')
    .addColumn('settled_at', 'timestamptz')
    .execute();
  // the whole fee is refunded once: a second refund may only follow one that failed
  await sql`create unique index refund_requests_one_live on refund_requests (submission_id) where status <> 'ERROR'`.execute(db);
  await sql`create index refund_requests_open on refund_requests (created_at) where status in ('CREATED', 'DEBITED')`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('refund_requests').execute();
}
