import type { InsertQueryBuilder, InsertResult, QueryCreator } from 'kysely';
import type { Database } from './tables.js';

/**
 * An insert one feature adds to another's statement as a data-modifying CTE (a rating permit or
 * an Idempotency-Key stored with a submission), so it commits with that statement and costs no
 * round trip of its own. `any`: whichever one table the feature inserts into.
 */
export type RowAlongside = (db: QueryCreator<Database>) => InsertQueryBuilder<Database, any, InsertResult>;
