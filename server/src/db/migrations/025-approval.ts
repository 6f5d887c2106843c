import { sql, type Kysely } from 'kysely';

/**
 * The approval workflow: a designer sends a draft for review, an approver approves it (publish
 * now or at a set time) or returns it with comments; with the four-eyes rule (on by default per
 * municipality) nobody approves their own change. E-services can be paused with a message, and
 * unpublished at a set time.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('municipalities').addColumn('four_eyes', 'boolean', (c) => c.notNull().defaultTo(true)).execute();
  await db.schema
    .alterTable('eservices')
    // the staff account that last saved the draft: its change may not be approved by the same person
    .addColumn('updated_by_account', 'uuid')
    .addColumn('paused_at', 'timestamptz')
    .addColumn('pause_message', 'jsonb')
    .addColumn('unpublish_at', 'timestamptz')
    .execute();

  await db.schema
    .createTable('eservice_reviews')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('municipality_id', 'text', (c) => c.notNull())
    .addColumn('eservice_id', 'text', (c) => c.notNull())
    .addColumn('draft_revision', 'integer', (c) => c.notNull())
    // what was sent: the approver judges this, and approving publishes this revision only
    .addColumn('definition', 'json', (c) => c.notNull())
    .addColumn('report', 'jsonb', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('pending', 'scheduled', 'publishing', 'published', 'returned', 'superseded', 'failed')`))
    .addColumn('requested_by', 'text', (c) => c.notNull())
    .addColumn('requested_by_account', 'uuid')
    .addColumn('last_editor_account', 'uuid')
    .addColumn('requested_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('decided_by', 'text')
    .addColumn('decided_by_account', 'uuid')
    .addColumn('decided_at', 'timestamptz')
    .addColumn('comment', 'text')
    .addColumn('publish_at', 'timestamptz')
    // when a scheduler instance claimed it; a claim older than a few minutes is from a crashed instance
    .addColumn('publishing_since', 'timestamptz')
    .addColumn('published_version', 'integer')
    .addColumn('failure', 'jsonb')
    .addForeignKeyConstraint('eservice_reviews_eservice_fk', ['municipality_id', 'eservice_id'], 'eservices', ['municipality_id', 'id'], (fk) => fk.onDelete('cascade'))
    .execute();
  await db.schema.createIndex('eservice_reviews_eservice').on('eservice_reviews').columns(['municipality_id', 'eservice_id', 'requested_at']).execute();
  await db.schema.createIndex('eservices_unpublish_due').on('eservices').column('unpublish_at').where(sql.ref('unpublish_at'), 'is not', null).execute();
  await db.schema.createIndex('eservice_reviews_due').on('eservice_reviews').column('publish_at').where(sql.ref('status'), '=', 'scheduled').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('eservice_reviews').execute();
  await db.schema.alterTable('eservices').dropColumn('updated_by_account').dropColumn('paused_at').dropColumn('pause_message').dropColumn('unpublish_at').execute();
  await db.schema.alterTable('municipalities').dropColumn('four_eyes').execute();
}
