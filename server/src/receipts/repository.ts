import { createHash } from 'node:crypto';
import type { Kysely, Selectable } from 'kysely';
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


export async function findReceiptEmail(db: Kysely<Database>, municipalityId: string, submissionId: string): Promise<ReceiptEmailRow | undefined> {
  return db
    .selectFrom('receipt_emails')
    .selectAll()
    .where('municipality_id', '=', municipalityId)
    .where('submission_id', '=', submissionId)
    .executeTakeFirst();
}
