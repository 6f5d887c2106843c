import { sql, type Kysely } from 'kysely';

/**
 * Signing: a submission to an e-service that requires signing is stored at once but is not
 * delivered until signed. Its state goes awaiting-signature → (awaiting-co-signatures →)
 * submitted, or signature-expired when the co-signers' deadline passes. Every BankID signature is
 * kept with its OCSP response and the hash that was signed; co-signers named in the answers are
 * listed so they find their signature requests.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('submissions')
    .addColumn('state', 'text', (c) =>
      c
        .notNull()
        .defaultTo('submitted')
        .check(sql`state in ('awaiting-signature', 'awaiting-co-signatures', 'submitted', 'signature-expired')`),
    )
    .execute();
  await db.schema.alterTable('submissions').addColumn('signature_deadline', 'timestamptz').execute();
  await db.schema.createIndex('submissions_awaiting_co_signatures').on('submissions').columns(['state', 'signature_deadline']).execute();

  // A BankID sign order started for one signer of one submission (the order itself is in bankid_orders).
  await db.schema
    .createTable('signature_orders')
    .addColumn('bankid_order_id', 'uuid', (c) => c.primaryKey().references('bankid_orders.id'))
    .addColumn('municipality_id', 'text', (c) => c.notNull().references('municipalities.id'))
    .addColumn('submission_id', 'uuid', (c) => c.notNull().references('submissions.id'))
    .addColumn('signer_personal_identity_number', 'text', (c) => c.notNull())
    .addColumn('role', 'text', (c) => c.notNull().check(sql`role in ('applicant', 'co-signer')`))
    .addColumn('signed_hash', 'text', (c) => c.notNull())
    .addColumn('refusal', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();

  await db.schema
    .createTable('submission_signatures')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('municipality_id', 'text', (c) => c.notNull().references('municipalities.id'))
    .addColumn('submission_id', 'uuid', (c) => c.notNull().references('submissions.id'))
    .addColumn('bankid_order_id', 'uuid', (c) => c.notNull().unique().references('bankid_orders.id'))
    .addColumn('signer_personal_identity_number', 'text', (c) => c.notNull())
    .addColumn('signer_name', 'text', (c) => c.notNull())
    .addColumn('role', 'text', (c) => c.notNull().check(sql`role in ('applicant', 'co-signer')`))
    .addColumn('signed_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('signature', 'text', (c) => c.notNull())
    .addColumn('ocsp_response', 'text', (c) => c.notNull())
    .addColumn('signed_hash', 'text', (c) => c.notNull())
    .addUniqueConstraint('submission_signatures_one_per_signer', ['submission_id', 'signer_personal_identity_number'])
    .execute();

  await db.schema
    .createTable('submission_co_signers')
    .addColumn('municipality_id', 'text', (c) => c.notNull().references('municipalities.id'))
    .addColumn('submission_id', 'uuid', (c) => c.notNull().references('submissions.id'))
    .addColumn('personal_identity_number', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('submission_co_signers_pk', ['submission_id', 'personal_identity_number'])
    .execute();
  await db.schema.createIndex('submission_co_signers_by_person').on('submission_co_signers').columns(['municipality_id', 'personal_identity_number']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('submission_co_signers').execute();
  await db.schema.dropTable('submission_signatures').execute();
  await db.schema.dropTable('signature_orders').execute();
  await db.schema.dropIndex('submissions_awaiting_co_signatures').execute();
  await db.schema.alterTable('submissions').dropColumn('signature_deadline').execute();
  await db.schema.alterTable('submissions').dropColumn('state').execute();
}
