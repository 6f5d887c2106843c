import { sql, type Kysely } from 'kysely';

/**
 * `rating_permits`: who may rate an e-service. A submission's answer carries a random permit;
 * only its hash is stored here, with the municipality, the e-service and the last day it may be
 * used. The row has no submission, person or creation time, and its key is the hash, so it
 * says no more about when it was issued than the day (expires_on less the permit's days). A
 * rating deletes its permit in the statement that stores it, so nothing joins a rating to a
 * permit, let alone to a submission; unused permits are deleted once expired (retention jobs).
 *
 * `eservice_ratings_comment_age`: the retention jobs erase comments past their period
 * (RATING_COMMENT_RETENTION_DAYS), finding them by day across the municipalities.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('rating_permits')
    .addColumn('permit_hash', 'text', (c) => c.primaryKey())
    .addColumn('municipality_id', 'text', (c) => c.notNull().references('municipalities.id'))
    .addColumn('eservice_id', 'text', (c) => c.notNull())
    .addColumn('expires_on', 'date', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('rating_permits_by_expiry').on('rating_permits').column('expires_on').execute();
  await db.schema.createIndex('eservice_ratings_comment_age').on('eservice_ratings').column('rated_on').where(sql.ref('comment'), 'is not', null).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('eservice_ratings_comment_age').execute();
  await db.schema.dropTable('rating_permits').execute();
}
