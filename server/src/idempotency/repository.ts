import { sql, type Kysely } from 'kysely';
import type { RowAlongside } from '../db/row-alongside.js';
import type { Database } from '../db/tables.js';
import type { IdempotentRequest } from './request.js';

/** How long a request holds its key: after this a retry takes the key over (the process that held it may have died). */
export const IN_FLIGHT_SECONDS = 60;
/** How long a completed request's response answers retries (the published expiry policy, see docs/api-integration-guide.md). */
export const KEY_LIFETIME_HOURS = 24;

/** A key's earlier request: its fingerprint, and its sealed response (null while it is in flight, until `lockedUntil`). */
export interface EarlierRequest {
  fingerprint: string;
  response: Uint8Array | null;
  lockedUntil: Date | null;
}

const expiresAt = sql<Date>`now() + make_interval(hours => ${KEY_LIFETIME_HOURS})`;

/** The key's earlier request, unless it has expired. */
export async function findLiveKey(db: Kysely<Database>, keyHash: string): Promise<EarlierRequest | undefined> {
  const row = await db
    .selectFrom('idempotency_keys')
    .select(['fingerprint', 'response', 'locked_until'])
    .where('key_hash', '=', keyHash)
    .where('expires_at', '>', sql<Date>`now()`)
    .executeTakeFirst();
  return row && { fingerprint: row.fingerprint, response: row.response, lockedUntil: row.locked_until };
}

/**
 * Reserves the key for a request about to run, in one statement (two at once cannot both win):
 * a new key, an expired one, or one whose holder let its time run out. Returns false when the
 * key is taken (completed, or in flight).
 */
export async function reserveKey(db: Kysely<Database>, request: IdempotentRequest, holder: string): Promise<boolean> {
  const row = await db
    .insertInto('idempotency_keys')
    .values({
      key_hash: request.keyHash,
      fingerprint: request.fingerprint,
      holder,
      locked_until: sql<Date>`now() + make_interval(secs => ${IN_FLIGHT_SECONDS})`,
      expires_at: expiresAt,
    })
    .onConflict((oc) =>
      oc
        .column('key_hash')
        .doUpdateSet((eb) => ({
          fingerprint: eb.ref('excluded.fingerprint'),
          holder: eb.ref('excluded.holder'),
          locked_until: eb.ref('excluded.locked_until'),
          response: null,
          expires_at: eb.ref('excluded.expires_at'),
        }))
        .where((eb) =>
          eb.or([
            eb('idempotency_keys.expires_at', '<=', sql<Date>`now()`),
            eb.and([eb('idempotency_keys.response', 'is', null), eb('idempotency_keys.locked_until', '<=', sql<Date>`now()`)]),
          ]),
        ),
    )
    .returning('key_hash')
    .executeTakeFirst();
  return row !== undefined;
}

/**
 * The key with its response as a row of the statement that makes the request's effect, so both
 * commit or neither does. A plain insert: when another request holds the key (on PostgreSQL one
 * still in its transaction is waited for) or an expired row is still there, the statement fails
 * with a unique violation and stores nothing. Complete from the start: nobody holds it.
 */
export const keyRow = (request: IdempotentRequest, sealed: Buffer): RowAlongside => (db) =>
  db.insertInto('idempotency_keys').values({ key_hash: request.keyHash, fingerprint: request.fingerprint, response: sealed, expires_at: expiresAt });

/** Deletes the key's row if it has expired (the retention job has not come to it yet); whether there was one. */
export async function deleteExpiredKey(db: Kysely<Database>, keyHash: string): Promise<boolean> {
  const { numDeletedRows } = await db.deleteFrom('idempotency_keys').where('key_hash', '=', keyHash).where('expires_at', '<=', sql<Date>`now()`).executeTakeFirst();
  return numDeletedRows > 0n;
}

/** Keeps the response the holder is about to send; the key is no longer held. */
export async function completeKey(db: Kysely<Database>, keyHash: string, holder: string, sealed: Buffer): Promise<void> {
  await db.updateTable('idempotency_keys').set({ response: sealed, holder: null, locked_until: null }).where('key_hash', '=', keyHash).where('holder', '=', holder).execute();
}

/** Gives up a reservation whose request did not succeed, so a retry runs at once. */
export async function releaseKey(db: Kysely<Database>, keyHash: string, holder: string): Promise<void> {
  await db.deleteFrom('idempotency_keys').where('key_hash', '=', keyHash).where('holder', '=', holder).where('response', 'is', null).execute();
}
