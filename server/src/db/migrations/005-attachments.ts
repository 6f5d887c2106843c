import { sql, type Kysely } from 'kysely';

/**
 * Attachments: files a citizen uploads to an attachment field, stored outside the answers (the
 * answers only hold the attachment's id). Each belongs to one e-service version and field, and to
 * its owner: the e-ID person, or for an anonymous e-service the browser's upload token (only its
 * SHA-256). submission_id is set when a submission uses it; from then on it is part of the case.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('attachments')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('municipality_id', 'text', (c) => c.notNull().references('municipalities.id'))
    .addColumn('eservice_id', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('field_path', 'text', (c) => c.notNull())
    .addColumn('owner_personal_identity_number', 'text')
    .addColumn('owner_token_hash', 'text')
    .addColumn('original_name', 'text', (c) => c.notNull())
    .addColumn('media_type', 'text', (c) => c.notNull())
    .addColumn('size', 'integer', (c) => c.notNull().check(sql`size > 0`))
    .addColumn('sha256', 'text', (c) => c.notNull())
    .addColumn('bytes', 'bytea', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('submission_id', 'uuid', (c) => c.references('submissions.id'))
    .addForeignKeyConstraint('attachments_version_fk', ['municipality_id', 'eservice_id', 'version'], 'eservice_versions', [
      'municipality_id',
      'eservice_id',
      'version',
    ])
    // exactly one kind of owner
    .addCheckConstraint('attachments_one_owner', sql`(owner_personal_identity_number is null) <> (owner_token_hash is null)`)
    .execute();
  await db.schema.createIndex('attachments_by_submission').on('attachments').columns(['municipality_id', 'submission_id']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('attachments').execute();
}
