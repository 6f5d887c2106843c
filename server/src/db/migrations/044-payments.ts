import { sql, type Kysely } from 'kysely';

/**
 * Payment (server/src/payment/): a submission of a fee-carrying e-service is stored as
 * 'awaiting-payment' with its fee and the time it must be paid by, and is delivered only once
 * paid; unpaid past that time it becomes 'payment-expired'. Each attempt to pay is a payment
 * request at the provider (Swish: a payment request with our instruction id); its status moves
 * only from CREATED to one final status, so callbacks and polls in any order settle it once.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table submissions drop constraint if exists submissions_state_check`.execute(db);
  await sql`alter table submissions add constraint submissions_state_check check (state in ('awaiting-signature', 'awaiting-co-signatures', 'awaiting-payment', 'submitted', 'signature-expired', 'payment-expired'))`.execute(db);
  await db.schema
    .alterTable('submissions')
    // in öre: no floating point in sums
    .addColumn('fee_ore', 'bigint', (c) => c.check(sql`fee_ore > 0`))
    .addColumn('payment_due_by', 'timestamptz')
    .addColumn('paid_at', 'timestamptz')
    .addColumn('paid_instruction_id', 'text')
    .addColumn('refunded_at', 'timestamptz')
    .addColumn('refunded_by', 'text')
    .addColumn('refund_note', 'text')
    .execute();
  await sql`create index submissions_awaiting_payment on submissions (payment_due_by) where state = 'awaiting-payment'`.execute(db);
  await sql`create index submissions_paid on submissions (municipality_id, eservice_id) where paid_at is not null`.execute(db);
  await db.schema
    .createTable('payment_requests')
    // Swish's instructionUUID: 32 upper-case hex characters, chosen by us
    .addColumn('instruction_id', 'text', (c) => c.primaryKey())
    .addColumn('municipality_id', 'text', (c) => c.notNull().references('municipalities.id'))
    .addColumn('submission_id', 'uuid', (c) => c.notNull().references('submissions.id'))
    .addColumn('provider', 'text', (c) => c.notNull())
    .addColumn('amount_ore', 'bigint', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('CREATED').check(sql`status in ('CREATED', 'PAID', 'DECLINED', 'ERROR', 'CANCELLED')`))
    .addColumn('payment_reference', 'text')
    .addColumn('error_code', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('last_checked_at', 'timestamptz')
    .addColumn('settled_at', 'timestamptz')
    .execute();
  // one open request per submission at a time: a second would let the citizen pay twice
  await sql`create unique index payment_requests_one_open on payment_requests (submission_id) where status = 'CREATED'`.execute(db);
  await sql`create index payment_requests_by_submission on payment_requests (submission_id)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('payment_requests').execute();
  await db.schema.alterTable('submissions').dropColumn('fee_ore').dropColumn('payment_due_by').dropColumn('paid_at').dropColumn('paid_instruction_id').dropColumn('refunded_at').dropColumn('refunded_by').dropColumn('refund_note').execute();
}
