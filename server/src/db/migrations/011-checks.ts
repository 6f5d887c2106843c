import { sql, type Kysely } from 'kysely';

/**
 * The must-requirement report of each published version: publishing runs the full check and
 * keeps its report with the version it let through (the accessibility statement is made from it).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('eservice_version_checks')
    .addColumn('municipality_id', 'text', (c) => c.notNull().references('municipalities.id'))
    .addColumn('eservice_id', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('catalogue_version', 'text', (c) => c.notNull())
    .addColumn('verdict', 'text', (c) => c.notNull().check(sql`verdict in ('passed', 'failed')`))
    .addColumn('report', 'jsonb', (c) => c.notNull())
    .addColumn('checked_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('eservice_version_checks_pk', ['municipality_id', 'eservice_id', 'version'])
    .addForeignKeyConstraint('eservice_version_checks_version_fk', ['municipality_id', 'eservice_id', 'version'], 'eservice_versions', [
      'municipality_id',
      'eservice_id',
      'version',
    ])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('eservice_version_checks').execute();
}
