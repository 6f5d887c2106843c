import { createHash } from 'node:crypto';
import { sql, type Kysely, type Selectable } from 'kysely';
import type { Database, ReceiptEmailTable } from '../db/tables.js';

export type ReceiptEmailRow = Selectable<ReceiptEmailTable>;

export const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');

/** Stores a download token (its hash) for one submission's receipt. */
export async function insertReceiptToken(
  db: Kysely<Database>,
  token: { token: string; municipalityId: string; submissionId: string; expiresAt: Date },
): Promise<void> {
  await db
    .insertInto('receipt_tokens')
    .values({ token_hash: sha256(token.token), municipality_id: token.municipalityId, submission_id: token.submissionId, expires_at: token.expiresAt })
    .execute();
}

/** The submission a download token opens, while the token is valid. */
export async function findReceiptToken(db: Kysely<Database>, token: string, now = new Date()): Promise<{ municipalityId: string; submissionId: string } | undefined> {
  const row = await db
    .selectFrom('receipt_tokens')
    .select(['municipality_id', 'submission_id'])
    .where('token_hash', '=', sha256(token))
    .where('expires_at', '>', now)
    .executeTakeFirst();
  return row && { municipalityId: row.municipality_id, submissionId: row.submission_id };
}

/** Removes expired download tokens. */
export async function deleteExpiredReceiptTokens(db: Kysely<Database>, now = new Date()): Promise<void> {
  await db.deleteFrom('receipt_tokens').where('expires_at', '<=', now).execute();
}

/** Queues a receipt e-mail for a submission; a second call for the same submission does nothing. */
export async function insertReceiptEmail(
  db: Kysely<Database>,
  email: { municipalityId: string; submissionId: string; to: string },
): Promise<ReceiptEmailRow | undefined> {
  return db
    .insertInto('receipt_emails')
    .values({ municipality_id: email.municipalityId, submission_id: email.submissionId, to_address: email.to })
    .onConflict((oc) => oc.column('submission_id').doNothing())
    .returningAll()
    .executeTakeFirst();
}

/**
 * Takes a queued e-mail that is due for an attempt, pushing its next attempt `leaseMs` ahead so
 * no other worker (timer tick, other instance) sends it at the same time. Undefined if it is not
 * due or someone else has it.
 */
export async function claimReceiptEmail(db: Kysely<Database>, id: string, leaseMs: number): Promise<ReceiptEmailRow | undefined> {
  const now = new Date();
  return db
    .updateTable('receipt_emails')
    .set({ next_attempt_at: new Date(now.getTime() + leaseMs) })
    .where('id', '=', id)
    .where('status', '=', 'queued')
    .where('next_attempt_at', '<=', now)
    .returningAll()
    .executeTakeFirst();
}

/** Ids of queued e-mails whose next attempt is due, oldest first. */
export async function dueReceiptEmails(db: Kysely<Database>, limit = 20): Promise<string[]> {
  const rows = await db
    .selectFrom('receipt_emails')
    .select('id')
    .where('status', '=', 'queued')
    .where('next_attempt_at', '<=', new Date())
    .orderBy('next_attempt_at')
    .limit(limit)
    .execute();
  return rows.map((r) => r.id);
}

export async function markReceiptEmailSent(db: Kysely<Database>, id: string): Promise<void> {
  await db
    .updateTable('receipt_emails')
    .set({ status: 'sent', attempts: sql<number>`attempts + 1`, sent_at: new Date(), last_error: null })
    .where('id', '=', id)
    .execute();
}

/** Records a failed attempt: queued again at `retryAt`, or failed for good when out of attempts. */
export async function markReceiptEmailAttemptFailed(
  db: Kysely<Database>,
  row: ReceiptEmailRow,
  error: string,
  retryAt: Date | undefined,
): Promise<void> {
  await db
    .updateTable('receipt_emails')
    .set({
      status: retryAt ? 'queued' : 'failed',
      attempts: row.attempts + 1,
      last_error: error.slice(0, 2000),
      ...(retryAt ? { next_attempt_at: retryAt } : {}),
    })
    .where('id', '=', row.id)
    .execute();
}

export async function findReceiptEmail(db: Kysely<Database>, municipalityId: string, submissionId: string): Promise<ReceiptEmailRow | undefined> {
  return db
    .selectFrom('receipt_emails')
    .selectAll()
    .where('municipality_id', '=', municipalityId)
    .where('submission_id', '=', submissionId)
    .executeTakeFirst();
}
