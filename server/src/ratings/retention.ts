import { swedishToday } from '@etjanst/schemas';
import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/tables.js';

/** Rows per statement: a pass holds its locks briefly, however much has piled up. */
const BATCH = 500;

/**
 * Comments of ratings given more than `days` before `now`'s Swedish day are erased; the grade
 * stays, for the statistics. A comment is scrubbed of what is recognisably personal, but may
 * still say more than its writer meant. Returns how many were erased.
 */
export async function eraseOldRatingComments(db: Kysely<Database>, days: number, now = new Date()): Promise<number> {
  const ratedBefore = sql<string>`${swedishToday(now)}::date - ${days}::integer`;
  let total = 0;
  for (;;) {
    const erased = await db
      .updateTable('eservice_ratings')
      .set({ comment: null })
      .where('id', 'in', (eb) =>
        eb.selectFrom('eservice_ratings').select('id').where('comment', 'is not', null).where('rated_on', '<', ratedBefore).limit(BATCH).forUpdate().skipLocked(),
      )
      .executeTakeFirst();
    total += Number(erased.numUpdatedRows);
    if (Number(erased.numUpdatedRows) < BATCH) return total;
  }
}

/** Permits to rate past their last day (permits.ts), never used: deleted. Returns how many. */
export async function removeExpiredRatingPermits(db: Kysely<Database>, now = new Date()): Promise<number> {
  let total = 0;
  for (;;) {
    const removed = await db
      .deleteFrom('rating_permits')
      .where('permit_hash', 'in', (eb) =>
        eb.selectFrom('rating_permits').select('permit_hash').where('expires_on', '<', swedishToday(now)).limit(BATCH).forUpdate().skipLocked(),
      )
      .executeTakeFirst();
    total += Number(removed.numDeletedRows);
    if (Number(removed.numDeletedRows) < BATCH) return total;
  }
}
