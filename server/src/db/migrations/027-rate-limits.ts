import { sql, type Kysely } from 'kysely';

/**
 * Abuse limits' counters: one row per limited key (limit, window and who: an address or an
 * identity) and its current fixed window. In the database so that every app instance counts the
 * same hits; a row past its window is reused by the next hit and swept by the limiter.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('rate_limit_counters')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('window_started_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('window_seconds', 'integer', (c) => c.notNull())
    .addColumn('hits', 'integer', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('rate_limit_counters_by_window').on('rate_limit_counters').column('window_started_at').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('rate_limit_counters').execute();
}
