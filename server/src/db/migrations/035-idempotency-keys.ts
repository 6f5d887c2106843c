import { sql, type Kysely } from 'kysely';

/**
 * Idempotency keys (server/src/idempotency/): one row per caller and key. A request in flight
 * holds the row (`holder`, until `locked_until`); a completed one keeps its response, sealed with
 * a key only the caller's Idempotency-Key opens. Rows go at `expires_at` (the retention jobs).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('idempotency_keys')
    .addColumn('key_hash', 'text', (c) => c.primaryKey())
    .addColumn('fingerprint', 'text', (c) => c.notNull())
    .addColumn('holder', 'uuid')
    .addColumn('locked_until', 'timestamptz')
    .addColumn('response', 'bytea')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('expires_at', 'timestamptz', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('idempotency_keys_by_expiry').on('idempotency_keys').column('expires_at').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('idempotency_keys').execute();
}
