import { randomUUID } from 'node:crypto';
import type { BilingualMessage } from '@etjanst/schemas';
import { sql, type Kysely } from 'kysely';
import type { Database, DeliveryAttemptRow, DeliveryRow, DeliveryState } from '../db/tables.js';

/**
 * Storage of the delivery outbox. Tenant-facing functions take the municipality first; the
 * worker's claim is the one query across municipalities (a worker serves the installation), and
 * everything it does afterwards is scoped by the claimed row's municipality and claim id.
 */

export interface NewDelivery {
  connectorId: string;
  connectorType: string;
  /** When the first attempt is due (an e-archive on a nightly schedule waits for its window) */
  firstAttemptAt: Date;
}

/** The idempotency key of a submission's delivery through one connector: the same on every attempt and replay. */
export const idempotencyKey = (municipalityId: string, submissionId: string, connectorId: string) => `${municipalityId}:${submissionId}:${connectorId}`;

/** Inserts the outbox rows; called inside the transaction that makes the submission 'submitted'. */
export async function insertDeliveries(
  db: Kysely<Database>,
  municipalityId: string,
  submission: { id: string; eserviceId: string },
  deliveries: readonly NewDelivery[],
): Promise<void> {
  if (deliveries.length === 0) return;
  await db
    .insertInto('deliveries')
    .values(deliveryRows(municipalityId, submission, deliveries))
    .onConflict((oc) => oc.columns(['submission_id', 'connector_id']).doNothing())
    .execute();
}

/** The outbox rows of a submission's deliveries (insertDeliveries', or one statement's part). */
export const deliveryRows = (municipalityId: string, submission: { id: string; eserviceId: string }, deliveries: readonly NewDelivery[]) =>
  deliveries.map((d) => ({
    municipality_id: municipalityId,
    submission_id: submission.id,
    eservice_id: submission.eserviceId,
    connector_id: d.connectorId,
    connector_type: d.connectorType,
    idempotency_key: idempotencyKey(municipalityId, submission.id, d.connectorId),
    next_attempt_at: d.firstAttemptAt,
  }));

export type ClaimedDelivery = DeliveryRow & { claim_id: string };

/**
 * Claims up to `limit` due deliveries for one worker: pending ones whose time has come and
 * in-flight ones whose lease ran out (their worker died). SKIP LOCKED lets several workers claim
 * at once without waiting on or taking each other's rows; each claim counts as an attempt.
 */
export async function claimDueDeliveries(db: Kysely<Database>, limit: number, leaseMs: number, now = new Date()): Promise<ClaimedDelivery[]> {
  const claimId = randomUUID();
  const leaseUntil = new Date(now.getTime() + leaseMs);
  const rows = await db
    .updateTable('deliveries')
    .set((eb) => ({ state: 'in-flight', attempts: eb('attempts', '+', 1), lease_until: leaseUntil, claim_id: claimId, updated_at: now }))
    .where('id', 'in', (eb) =>
      eb
        .selectFrom('deliveries')
        .select('id')
        .where((w) =>
          w.or([
            w.and([w('state', '=', 'pending'), w('next_attempt_at', '<=', now)]),
            w.and([w('state', '=', 'in-flight'), w('lease_until', '<', now)]),
          ]),
        )
        .orderBy('next_attempt_at')
        .limit(limit)
        .forUpdate()
        .skipLocked(),
    )
    .returningAll()
    .execute();
  return rows as ClaimedDelivery[];
}

/**
 * Records a successful attempt, unless another worker has taken the claim over meanwhile; with
 * `caseNumber`, the reference is also the submission's case number (same transaction).
 */
export async function recordDelivered(db: Kysely<Database>, claim: ClaimedDelivery, externalReference: string | undefined, caseNumber: boolean, now = new Date()): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    const result = await trx
      .updateTable('deliveries')
      .set({ state: 'delivered', delivered_at: now, updated_at: now, lease_until: null, claim_id: null, last_error: null, external_reference: externalReference ?? null })
      .where('municipality_id', '=', claim.municipality_id)
      .where('id', '=', claim.id)
      .where('claim_id', '=', claim.claim_id)
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) === 0) return false;
    await insertAttempt(trx, claim, 'delivered', null);
    if (caseNumber && externalReference) {
      await trx.updateTable('submissions').set({ external_case_number: externalReference }).where('municipality_id', '=', claim.municipality_id).where('id', '=', claim.submission_id).execute();
    }
    return true;
  });
}

/** Records a failed attempt: pending again from `retryAt`, or dead (no retryAt) for an administrator to replay. */
export async function recordFailed(db: Kysely<Database>, claim: ClaimedDelivery, error: string, retryAt: Date | undefined, now = new Date()): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    const result = await trx
      .updateTable('deliveries')
      .set({ state: retryAt ? 'pending' : 'dead', next_attempt_at: retryAt ?? now, updated_at: now, lease_until: null, claim_id: null, last_error: error })
      .where('municipality_id', '=', claim.municipality_id)
      .where('id', '=', claim.id)
      .where('claim_id', '=', claim.claim_id)
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) === 0) return false;
    await insertAttempt(trx, claim, 'failed', error);
    return true;
  });
}

async function insertAttempt(db: Kysely<Database>, claim: ClaimedDelivery, outcome: 'delivered' | 'failed', error: string | null): Promise<void> {
  await db
    .insertInto('delivery_attempts')
    .values({ municipality_id: claim.municipality_id, delivery_id: claim.id, attempt: claim.attempts, outcome, error })
    .execute();
}

export interface DeliveryFilter {
  state?: DeliveryState | undefined;
  submissionId?: string | undefined;
  limit?: number | undefined;
}

export async function listDeliveries(db: Kysely<Database>, municipalityId: string, filter: DeliveryFilter = {}): Promise<DeliveryRow[]> {
  let query = db.selectFrom('deliveries').selectAll().where('municipality_id', '=', municipalityId);
  if (filter.state) query = query.where('state', '=', filter.state);
  if (filter.submissionId) query = query.where('submission_id', '=', filter.submissionId);
  return query.orderBy('updated_at', 'desc').limit(filter.limit ?? 200).execute();
}

export async function findDelivery(db: Kysely<Database>, municipalityId: string, id: string): Promise<DeliveryRow | undefined> {
  return db.selectFrom('deliveries').selectAll().where('municipality_id', '=', municipalityId).where('id', '=', id).executeTakeFirst();
}

export async function deliveryAttempts(db: Kysely<Database>, municipalityId: string, deliveryId: string): Promise<DeliveryAttemptRow[]> {
  return db
    .selectFrom('delivery_attempts')
    .selectAll()
    .where('municipality_id', '=', municipalityId)
    .where('delivery_id', '=', deliveryId)
    .orderBy('attempt')
    .orderBy('finished_at')
    .execute();
}

/**
 * Puts a dead (or delivered) delivery back in the queue with a fresh count of attempts. Its
 * idempotency key stays, so the target recognises a delivery it already has. Returns the row,
 * or undefined when it is pending or in flight (nothing to replay).
 */
export async function requeueDelivery(db: Kysely<Database>, municipalityId: string, id: string, now = new Date()): Promise<DeliveryRow | undefined> {
  return db
    .updateTable('deliveries')
    .set({ state: 'pending', attempts: 0, next_attempt_at: now, updated_at: now })
    .where('municipality_id', '=', municipalityId)
    .where('id', '=', id)
    .where('state', 'in', ['dead', 'delivered'])
    .returningAll()
    .executeTakeFirst();
}

export async function insertConnectorTest(
  db: Kysely<Database>,
  municipalityId: string,
  test: { eserviceId: string; connectorId: string; succeeded: boolean; message: BilingualMessage },
): Promise<Date> {
  const row = await db
    .insertInto('connector_tests')
    .values({ municipality_id: municipalityId, eservice_id: test.eserviceId, connector_id: test.connectorId, succeeded: test.succeeded, message: test.message.sv, message_en: test.message.en })
    .returning('tested_at')
    .executeTakeFirstOrThrow();
  return row.tested_at;
}

/** The newest test of each connector of an e-service. */
export async function latestConnectorTestRows(db: Kysely<Database>, municipalityId: string, eserviceId: string) {
  return db
    .selectFrom('connector_tests')
    .select(['connector_id', 'succeeded', 'message', 'message_en', 'tested_at'])
    .distinctOn('connector_id')
    .where('municipality_id', '=', municipalityId)
    .where('eservice_id', '=', eserviceId)
    .orderBy('connector_id')
    .orderBy('tested_at', 'desc')
    .execute();
}

/** How many deliveries of a municipality are in each state (for the admin page). */
export async function deliveryCounts(db: Kysely<Database>, municipalityId: string): Promise<Record<DeliveryState, number>> {
  const rows = await db
    .selectFrom('deliveries')
    .select(['state', sql<string>`count(*)`.as('count')])
    .where('municipality_id', '=', municipalityId)
    .groupBy('state')
    .execute();
  const counts: Record<DeliveryState, number> = { pending: 0, 'in-flight': 0, delivered: 0, dead: 0 };
  for (const row of rows) counts[row.state] = Number(row.count);
  return counts;
}
