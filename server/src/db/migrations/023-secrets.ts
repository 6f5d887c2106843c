import { sql, type Kysely } from 'kysely';

/**
 * Secrets shown once and rotated with an overlap. `connector_secrets`: a signing connector's
 * (webhook's) secret, encrypted, apart from the definition, and the previous one while it still
 * signs beside the new. `inbound_api_keys` keeps the previous key's hash while it is still accepted.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('connector_secrets')
    .addColumn('municipality_id', 'text', (c) => c.notNull().references('municipalities.id'))
    .addColumn('eservice_id', 'text', (c) => c.notNull())
    .addColumn('connector_id', 'text', (c) => c.notNull())
    .addColumn('secret_encrypted', 'text', (c) => c.notNull())
    .addColumn('previous_secret_encrypted', 'text')
    .addColumn('previous_valid_until', 'timestamptz')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('rotated_at', 'timestamptz')
    .addPrimaryKeyConstraint('connector_secrets_pkey', ['municipality_id', 'eservice_id', 'connector_id'])
    .execute();

  await db.schema
    .alterTable('inbound_api_keys')
    .addColumn('previous_key_hash', 'text', (c) => c.unique())
    .addColumn('previous_valid_until', 'timestamptz')
    .addColumn('rotated_at', 'timestamptz')
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('inbound_api_keys').dropColumn('rotated_at').dropColumn('previous_valid_until').dropColumn('previous_key_hash').execute();
  await db.schema.dropTable('connector_secrets').execute();
}
