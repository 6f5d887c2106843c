import { sql, type Kysely } from 'kysely';

/** E-ID login: citizen sessions, BankID orders, SAML request ids; who submitted what. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('sessions')
    .addColumn('id_hash', 'text', (c) => c.primaryKey())
    .addColumn('municipality_id', 'text', (c) => c.notNull().references('municipalities.id'))
    .addColumn('personal_identity_number', 'text', (c) => c.notNull())
    .addColumn('given_name', 'text', (c) => c.notNull())
    .addColumn('surname', 'text', (c) => c.notNull())
    .addColumn('display_name', 'text', (c) => c.notNull())
    .addColumn('loa', 'integer', (c) => c.notNull().check(sql`loa between 1 and 4`))
    .addColumn('method', 'text', (c) => c.notNull())
    .addColumn('csrf_token', 'text', (c) => c.notNull())
    .addColumn('saml_idp', 'text')
    .addColumn('saml_name_id', 'text')
    .addColumn('saml_name_id_format', 'text')
    .addColumn('saml_session_index', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('last_seen_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('expires_at', 'timestamptz', (c) => c.notNull())
    .addColumn('ended_at', 'timestamptz')
    .execute();
  await db.schema.createIndex('sessions_by_person').on('sessions').columns(['municipality_id', 'personal_identity_number']).execute();

  await db.schema
    .createTable('bankid_orders')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('municipality_id', 'text', (c) => c.notNull().references('municipalities.id'))
    .addColumn('order_ref', 'text', (c) => c.notNull().unique())
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('auth', 'sign')`))
    .addColumn('flow_hash', 'text', (c) => c.notNull())
    .addColumn('qr_start_token', 'text', (c) => c.notNull())
    .addColumn('qr_start_secret', 'text', (c) => c.notNull())
    .addColumn('auto_start_token', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('pending'))
    .addColumn('hint_code', 'text')
    .addColumn('completion', 'jsonb')
    .addColumn('started_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('last_collect_at', 'timestamptz')
    .addColumn('completed_at', 'timestamptz')
    .execute();

  await db.schema
    .createTable('saml_requests')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('municipality_id', 'text', (c) => c.notNull().references('municipalities.id'))
    .addColumn('idp', 'text', (c) => c.notNull())
    .addColumn('return_to', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();

  await db.schema
    .alterTable('submissions')
    .addColumn('applicant_personal_identity_number', 'text')
    .addColumn('applicant_name', 'text')
    .addColumn('identity_method', 'text')
    .addColumn('loa', 'integer')
    .addColumn('organisation_number', 'text')
    .execute();
}
