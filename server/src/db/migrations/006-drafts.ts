import { sql, type Kysely } from 'kysely';

/**
 * Drafts: a logged-in citizen's unfinished answers to one e-service version, kept on the server
 * so they survive a closed browser. One draft per person and e-service; each save raises the
 * revision (autosave sends it back with If-Match) and pushes expires_at forward.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('drafts')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('municipality_id', 'text', (c) => c.notNull().references('municipalities.id'))
    .addColumn('personal_identity_number', 'text', (c) => c.notNull())
    .addColumn('eservice_id', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('answers', 'jsonb', (c) => c.notNull())
    .addColumn('step_id', 'text')
    .addColumn('revision', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('expires_at', 'timestamptz', (c) => c.notNull())
    .addForeignKeyConstraint('drafts_version_fk', ['municipality_id', 'eservice_id', 'version'], 'eservice_versions', [
      'municipality_id',
      'eservice_id',
      'version',
    ])
    .addUniqueConstraint('drafts_one_per_person_and_eservice', ['municipality_id', 'personal_identity_number', 'eservice_id'])
    .execute();
  await db.schema.createIndex('drafts_by_expiry').on('drafts').column('expires_at').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('drafts').execute();
}
