import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/tables.js';
import type { PaymentRequestState } from './provider.js';

export type PaymentRequestRow = Awaited<ReturnType<typeof findPaymentRequest>> & {};

export async function findPaymentRequest(db: Kysely<Database>, instructionId: string) {
  return db.selectFrom('payment_requests').selectAll().where('instruction_id', '=', instructionId).executeTakeFirst();
}

/** A submission's latest attempt to pay, if any. */
export async function latestPaymentRequest(db: Kysely<Database>, submissionId: string) {
  return db.selectFrom('payment_requests').selectAll().where('submission_id', '=', submissionId).orderBy('created_at', 'desc').limit(1).executeTakeFirst();
}

/** A new attempt, CREATED; undefined when the submission already has an open one (payment_requests_one_open). */
export async function insertPaymentRequest(
  db: Kysely<Database>,
  request: { instructionId: string; municipalityId: string; submissionId: string; provider: string; amountOre: number },
) {
  return db
    .insertInto('payment_requests')
    .values({ instruction_id: request.instructionId, municipality_id: request.municipalityId, submission_id: request.submissionId, provider: request.provider, amount_ore: request.amountOre })
    .onConflict((oc) => oc.column('submission_id').where('status', '=', 'CREATED').doNothing())
    .returningAll()
    .executeTakeFirst();
}

/**
 * Moves an open request to the provider's final status. Only a CREATED request moves (the row
 * lock makes a concurrent second caller see it settled): whatever order callbacks and polls
 * arrive in, a request is settled once. Returns the row when this call settled it.
 */
export async function settlePaymentRequest(db: Kysely<Database>, state: PaymentRequestState, now: Date) {
  return db
    .updateTable('payment_requests')
    .set({ status: state.status, payment_reference: state.paymentReference ?? null, error_code: state.errorCode ?? null, settled_at: now, last_checked_at: now })
    .where('instruction_id', '=', state.instructionId)
    .where('status', '=', 'CREATED')
    .returningAll()
    .executeTakeFirst();
}

/**
 * Claims the right to ask the provider about an open request now: at most once per `everyMs`
 * across all instances, so a page polling every second does not become a call per second.
 */
export async function claimStatusCheck(db: Kysely<Database>, instructionId: string, now: Date, everyMs: number): Promise<boolean> {
  const result = await db
    .updateTable('payment_requests')
    .set({ last_checked_at: now })
    .where('instruction_id', '=', instructionId)
    .where('status', '=', 'CREATED')
    .where((eb) => eb.or([eb('last_checked_at', 'is', null), eb('last_checked_at', '<=', new Date(now.getTime() - everyMs))]))
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** Marks a request the provider refused or never answered as ERROR, so the citizen may try again. */
export async function failPaymentRequest(db: Kysely<Database>, instructionId: string, errorCode: string, now: Date): Promise<void> {
  await db.updateTable('payment_requests').set({ status: 'ERROR', error_code: errorCode.slice(0, 64), settled_at: now }).where('instruction_id', '=', instructionId).where('status', '=', 'CREATED').execute();
}

/** Open requests older than `olderThan`: the expiry job asks the provider about them (a callback may have been lost). */
export async function openRequestsToCheck(db: Kysely<Database>, olderThan: Date, limit: number) {
  return db.selectFrom('payment_requests').select('instruction_id').where('status', '=', 'CREATED').where('created_at', '<=', olderThan).orderBy('created_at').limit(limit).execute();
}

/**
 * Marks an 'awaiting-payment' submission paid and 'submitted', once: a second payment or a late
 * poll finds it no longer awaiting payment. Returns the row when this call moved it.
 */
export async function markSubmissionPaid(db: Kysely<Database>, submissionId: string, instructionId: string, now: Date) {
  return db
    .updateTable('submissions')
    .set({ state: 'submitted', paid_at: now, paid_instruction_id: instructionId, payment_due_by: null })
    .where('id', '=', submissionId)
    .where('state', '=', 'awaiting-payment')
    .returningAll()
    .executeTakeFirst();
}

/** How long an open request keeps its submission from expiring: longer than any provider lets a request wait (Swish: 3 minutes). */
export const OPEN_REQUEST_GRACE_MS = 15 * 60_000;

/**
 * Unpaid submissions past their time, with no open payment request younger than the grace:
 * they become 'payment-expired'. Returns them (to release their bookings in the same transaction).
 */
export async function expireUnpaidSubmissions(db: Kysely<Database>, now: Date) {
  return db
    .updateTable('submissions')
    .set({ state: 'payment-expired' })
    .where('state', '=', 'awaiting-payment')
    .where('payment_due_by', '<=', now)
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('payment_requests')
            .select(sql`1`.as('open'))
            .whereRef('payment_requests.submission_id', '=', 'submissions.id')
            .where('payment_requests.status', '=', 'CREATED')
            .where('payment_requests.created_at', '>', new Date(now.getTime() - OPEN_REQUEST_GRACE_MS)),
        ),
      ),
    )
    .returning(['id', 'municipality_id', 'receipt_number'])
    .execute();
}
