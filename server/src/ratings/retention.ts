import { swedishToday } from '@etjanst/schemas';
import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/tables.js';
import { BATCH, inBatches } from '../retention/housekeeping.js';

/**
 * Comments of ratings given more than `days` before `now`'s Swedish day are erased; the grade
 * stays, for the statistics. A comment is scrubbed of what is recognisably personal, but may
 * still say more than its writer meant. Returns how many were erased.
 */
export async function eraseOldRatingComments(db: Kysely<Database>, days: number, now = new Date()): Promise<number> {
  const ratedBefore = sql<string>`${swedishToday(now)}::date - ${days}::integer`;
  return inBatches(() =>
    db
      .updateTable('eservice_ratings')
      .set({ comment: null })
      .where('id', 'in', (eb) =>
        eb.selectFrom('eservice_ratings').select('id').where('comment', 'is not', null).where('rated_on', '<', ratedBefore).limit(BATCH).forUpdate().skipLocked(),
      )
      .executeTakeFirstOrThrow(),
  );
}

/** Permits to rate past their last day (permits.ts), never used: deleted. Returns how many. */
export async function removeExpiredRatingPermits(db: Kysely<Database>, now = new Date()): Promise<number> {
  return inBatches(() =>
    db
      .deleteFrom('rating_permits')
      .where('permit_hash', 'in', (eb) =>
        eb.selectFrom('rating_permits').select('permit_hash').where('expires_on', '<', swedishToday(now)).limit(BATCH).forUpdate().skipLocked(),
      )
      .executeTakeFirstOrThrow(),
  );
}
