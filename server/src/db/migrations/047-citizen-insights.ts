import { sql, type Kysely } from 'kysely';

/**
 * What citizens tell about an e-service without saying who they are:
 * - `eservice_ratings`: a grade (1-5) and a short comment given after the receipt. No session,
 *   person, submission or address is stored with it, and only the day, so a rating cannot be
 *   matched to a submission by its time.
 * - `step_event_counters`: how many times a step of a version was reached, and forms completed,
 *   per day: counters the portal's anonymous step events add to, never one row per visitor.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('eservice_ratings')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('municipality_id', 'text', (c) => c.notNull().references('municipalities.id'))
    .addColumn('eservice_id', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('grade', 'smallint', (c) => c.notNull().check(sql`grade between 1 and 5`))
    .addColumn('comment', 'text', (c) => c.check(sql`char_length(comment) <= 500`))
    .addColumn('rated_on', 'date', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('eservice_ratings_by_eservice').on('eservice_ratings').columns(['municipality_id', 'eservice_id', 'rated_on']).execute();
  await db.schema
    .createTable('step_event_counters')
    .addColumn('municipality_id', 'text', (c) => c.notNull().references('municipalities.id'))
    .addColumn('eservice_id', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('step_index', 'integer', (c) => c.notNull().check(sql`step_index >= 0`))
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('reached', 'completed')`))
    .addColumn('day', 'date', (c) => c.notNull())
    .addColumn('count', 'integer', (c) => c.notNull().check(sql`count > 0`))
    .addPrimaryKeyConstraint('step_event_counters_pk', ['municipality_id', 'eservice_id', 'version', 'step_index', 'kind', 'day'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('step_event_counters').execute();
  await db.schema.dropTable('eservice_ratings').execute();
}
