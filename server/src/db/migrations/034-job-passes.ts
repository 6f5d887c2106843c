import type { Kysely } from 'kysely';

/**
 * The background jobs' timed passes (draft cleanup, audit retention, retention, scheduled
 * publishing): one row per job with when its last pass started, on which instance, and how many
 * there have been. An instance's timer runs a pass only when it moves this row on (claims the
 * pass window), so however many instances run, a job runs once per interval.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('job_passes')
    .addColumn('job', 'text', (c) => c.primaryKey())
    .addColumn('started_at', 'timestamptz', (c) => c.notNull())
    .addColumn('instance', 'text', (c) => c.notNull())
    .addColumn('passes', 'integer', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('job_passes').execute();
}
