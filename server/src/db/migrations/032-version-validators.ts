import { sql, type Kysely } from 'kysely';

/**
 * The validators of each published version as standalone code, generated once at publish (or, for
 * a version published before this table, at its first use): the server's validators of answers and
 * of drafts, and the portal's step validators per language. A table of its own rather than columns of the immutable
 * `eservice_versions`, because the code is derived: when the schemas it was generated from change
 * meaning (its `fingerprint` no longer matches), it is generated again and replaced.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('eservice_version_validators')
    .addColumn('municipality_id', 'text', (c) => c.notNull())
    .addColumn('eservice_id', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('fingerprint', 'text', (c) => c.notNull())
    .addColumn('answers_code', 'text', (c) => c.notNull())
    .addColumn('drafts_code', 'text', (c) => c.notNull())
    .addColumn('form_code', 'jsonb', (c) => c.notNull())
    .addColumn('generated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('eservice_version_validators_pk', ['municipality_id', 'eservice_id', 'version'])
    .addForeignKeyConstraint('eservice_version_validators_version_fk', ['municipality_id', 'eservice_id', 'version'], 'eservice_versions', [
      'municipality_id',
      'eservice_id',
      'version',
    ])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('eservice_version_validators').execute();
}
