import { sql, type Kysely } from 'kysely';

/**
 * Operating messages (driftinformation): a disruption or maintenance notice for the whole
 * installation, one municipality or one e-service, in force between a start and an end.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('operating_messages')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    // null: the whole installation
    .addColumn('municipality_id', 'text', (c) => c.references('municipalities.id'))
    .addColumn('eservice_id', 'text')
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('disruption', 'maintenance')`))
    .addColumn('title', 'jsonb', (c) => c.notNull())
    .addColumn('body', 'jsonb', (c) => c.notNull())
    .addColumn('starts_at', 'timestamptz', (c) => c.notNull())
    .addColumn('ends_at', 'timestamptz', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('withdrawn_at', 'timestamptz')
    .addCheckConstraint('operating_messages_window', sql`starts_at < ends_at`)
    .addCheckConstraint('operating_messages_eservice_in_municipality', sql`eservice_id is null or municipality_id is not null`)
    .addForeignKeyConstraint('operating_messages_eservice_fk', ['municipality_id', 'eservice_id'], 'eservices', ['municipality_id', 'id'], (fk) => fk.onDelete('cascade'))
    .execute();
  await db.schema.createIndex('operating_messages_in_force').on('operating_messages').columns(['ends_at', 'municipality_id']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('operating_messages').execute();
}
