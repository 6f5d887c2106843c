import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../db/tables.js';
import { RECEIPT_EMAIL } from './mail.js';

export const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');

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

/** How a submission's receipt e-mail went, as Mina sidor shows it: queued (also while retried), sent or failed for good. */
export async function findReceiptEmail(db: Kysely<Database>, municipalityId: string, submissionId: string): Promise<{ status: 'queued' | 'sent' | 'failed'; sentAt: Date | null } | undefined> {
  const row = await db
    .selectFrom('deliveries')
    .select(['state', 'delivered_at'])
    .where('municipality_id', '=', municipalityId)
    .where('submission_id', '=', submissionId)
    .where('connector_id', '=', RECEIPT_EMAIL.connectorId)
    .executeTakeFirst();
  return row && { status: row.state === 'delivered' ? 'sent' : row.state === 'dead' ? 'failed' : 'queued', sentAt: row.delivered_at };
}
