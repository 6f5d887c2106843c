import { sql, type Kysely, type Selectable } from 'kysely';
import type { Database } from '../db/tables.js';

/**
 * An e-mail queue (case news and co-sign requests; receipt e-mails are deliveries, see
 * receipts/mail.ts): a row per e-mail with status, attempts, last error and next attempt.
 */
export type MailQueue = 'case_notifications';

/**
 * Takes a queued e-mail that is due for an attempt, pushing its next attempt `leaseMs` ahead so
 * no other worker (timer tick, other instance) sends it at the same time. Undefined if it is not
 * due or someone else has it.
 */
export async function claimQueuedMail<Q extends MailQueue>(db: Kysely<Database>, queue: Q, id: string, leaseMs: number): Promise<Selectable<Database[Q]> | undefined> {
  const now = new Date();
  const claimed = await db
    .updateTable(queue as MailQueue)
    .set({ next_attempt_at: new Date(now.getTime() + leaseMs) })
    .where('id', '=', id)
    .where('status', '=', 'queued')
    .where('next_attempt_at', '<=', now)
    .returningAll()
    .executeTakeFirst();
  return claimed as Selectable<Database[Q]> | undefined; // the row of the queue asked for
}

/** Ids of queued e-mails whose next attempt is due, oldest first. */
export async function dueQueuedMail(db: Kysely<Database>, queue: MailQueue, limit = 20): Promise<string[]> {
  const rows = await db.selectFrom(queue).select('id').where('status', '=', 'queued').where('next_attempt_at', '<=', new Date()).orderBy('next_attempt_at').limit(limit).execute();
  return rows.map((r) => r.id);
}

export async function markQueuedMailSent(db: Kysely<Database>, queue: MailQueue, id: string): Promise<void> {
  await db
    .updateTable(queue)
    .set({ status: 'sent', attempts: sql<number>`attempts + 1`, sent_at: new Date(), last_error: null })
    .where('id', '=', id)
    .execute();
}

/** Records a failed attempt: queued again at `retryAt`, or failed for good when out of attempts. */
export async function markQueuedMailAttemptFailed(db: Kysely<Database>, queue: MailQueue, row: { id: string; attempts: number }, error: string, retryAt: Date | undefined): Promise<void> {
  await db
    .updateTable(queue)
    .set({ status: retryAt ? 'queued' : 'failed', attempts: row.attempts + 1, last_error: error.slice(0, 2000), ...(retryAt ? { next_attempt_at: retryAt } : {}) })
    .where('id', '=', row.id)
    .execute();
}
