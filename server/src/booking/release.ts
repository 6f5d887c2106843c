import type { Kysely } from 'kysely';
import type { Database } from '../db/tables.js';

/**
 * Frees the seats a submission booked (its payment expired unpaid, see payment/): they become
 * 'cancelled', so others can book them. Runs in the caller's transaction; returns how many were freed.
 */
export async function releaseSubmissionBookings(db: Kysely<Database>, submissionId: string, now: Date): Promise<number> {
  const result = await db
    .updateTable('booking_seats')
    .set({ state: 'cancelled', cancelled_at: now })
    .where('submission_id', '=', submissionId)
    .where('state', '=', 'booked')
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}
