import type { Kysely, Selectable } from 'kysely';
import type { CaseNotificationKind, CaseNotificationTable, Database } from '../db/tables.js';

export type CaseNotificationRow = Selectable<CaseNotificationTable>;

export async function queueCaseNotification(
  db: Kysely<Database>,
  municipalityId: string,
  submissionId: string,
  to: string,
  kind: CaseNotificationKind = 'case-news',
): Promise<string> {
  const row = await db
    .insertInto('case_notifications')
    .values({ municipality_id: municipalityId, submission_id: submissionId, to_address: to, kind })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** Takes a due notification for one attempt: no other worker takes it for leaseMs. */
export async function claimCaseNotification(db: Kysely<Database>, id: string, leaseMs: number): Promise<CaseNotificationRow | undefined> {
  const now = new Date();
  return db
    .updateTable('case_notifications')
    .set({ next_attempt_at: new Date(now.getTime() + leaseMs) })
    .where('id', '=', id)
    .where('status', '=', 'queued')
    .where('next_attempt_at', '<=', now)
    .returningAll()
    .executeTakeFirst();
}

/** Ids of queued notifications whose next attempt is due, oldest first. */
export async function dueCaseNotifications(db: Kysely<Database>, limit = 20): Promise<string[]> {
  const rows = await db
    .selectFrom('case_notifications')
    .select('id')
    .where('status', '=', 'queued')
    .where('next_attempt_at', '<=', new Date())
    .orderBy('next_attempt_at')
    .limit(limit)
    .execute();
  return rows.map((r) => r.id);
}

export async function markCaseNotificationSent(db: Kysely<Database>, id: string): Promise<void> {
  await db
    .updateTable('case_notifications')
    .set((eb) => ({ status: 'sent', attempts: eb('attempts', '+', 1), sent_at: new Date(), last_error: null }))
    .where('id', '=', id)
    .execute();
}

/** Records a failed attempt: tried again at retryAt, or failed for good without one. */
export async function markCaseNotificationAttemptFailed(db: Kysely<Database>, row: CaseNotificationRow, error: string, retryAt: Date | undefined): Promise<void> {
  await db
    .updateTable('case_notifications')
    .set({ status: retryAt ? 'queued' : 'failed', attempts: row.attempts + 1, last_error: error.slice(0, 1000), next_attempt_at: retryAt ?? new Date() })
    .where('id', '=', row.id)
    .execute();
}
