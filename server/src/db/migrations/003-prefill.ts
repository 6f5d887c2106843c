import { sql, type Kysely } from 'kysely';

/** Prefill: register answers cached for a login's form, and citizens' saved contact details (with consent). */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('prefill_lookups')
    .addColumn('session_key', 'text', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('municipality_id', 'text', (c) => c.notNull().references('municipalities.id'))
    .addColumn('personal_identity_number', 'text', (c) => c.notNull())
    .addColumn('record', 'jsonb')
    .addColumn('fetched_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('expires_at', 'timestamptz', (c) => c.notNull())
    .addPrimaryKeyConstraint('prefill_lookups_pkey', ['session_key', 'source'])
    .execute();
  await db.schema.createIndex('prefill_lookups_by_expiry').on('prefill_lookups').column('expires_at').execute();

  await db.schema
    .createTable('contact_details')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('municipality_id', 'text', (c) => c.notNull().references('municipalities.id'))
    .addColumn('personal_identity_number', 'text', (c) => c.notNull())
    .addColumn('email', 'text')
    .addColumn('phone', 'text')
    .addColumn('consent_given_at', 'timestamptz', (c) => c.notNull())
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint('contact_details_one_per_person', ['municipality_id', 'personal_identity_number'])
    .addCheckConstraint('contact_details_something', sql`email is not null or phone is not null`)
    .execute();
}
