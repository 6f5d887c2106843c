import type { Kysely } from 'kysely';
import type { Database, RefundStatus } from '../db/tables.js';
import type { RefundRequestState } from './provider.js';

export type RefundRequestRow = Awaited<ReturnType<typeof findRefundRequest>> & {};

export async function findRefundRequest(db: Kysely<Database>, instructionId: string) {
  return db.selectFrom('refund_requests').selectAll().where('instruction_id', '=', instructionId).executeTakeFirst();
}

/** A submission's latest refund, if any (earlier ones all ended in ERROR). */
export async function latestRefundRequest(db: Kysely<Database>, submissionId: string) {
  return db.selectFrom('refund_requests').selectAll().where('submission_id', '=', submissionId).orderBy('created_at', 'desc').limit(1).executeTakeFirst();
}

/**
 * What a submission's paid fee can be refunded from: the fee and the provider's reference of the
 * payment that paid it; undefined when it is not paid, already refunded, or paid without a
 * provider's reference.
 */
export async function refundableFee(db: Kysely<Database>, submissionId: string) {
  const row = await db
    .selectFrom('submissions')
    .innerJoin('payment_requests', 'payment_requests.instruction_id', 'submissions.paid_instruction_id')
    .select(['submissions.fee_ore', 'submissions.receipt_number', 'payment_requests.payment_reference'])
    .where('submissions.id', '=', submissionId)
    .where('submissions.paid_at', 'is not', null)
    .where('submissions.refunded_at', 'is', null)
    .where('payment_requests.status', '=', 'PAID')
    .executeTakeFirst();
  return row?.fee_ore && row.payment_reference ? { amountOre: Number(row.fee_ore), receiptNumber: row.receipt_number, paymentReference: row.payment_reference } : undefined;
}

/** A new refund, CREATED; undefined when the submission already has one that did not fail (refund_requests_one_live). */
export async function insertRefundRequest(
  db: Kysely<Database>,
  refund: { instructionId: string; municipalityId: string; submissionId: string; provider: string; amountOre: number; originalPaymentReference: string; requestedBy: string; note: string | null },
) {
  return db
    .insertInto('refund_requests')
    .values({
      instruction_id: refund.instructionId,
      municipality_id: refund.municipalityId,
      submission_id: refund.submissionId,
      provider: refund.provider,
      amount_ore: refund.amountOre,
      original_payment_reference: refund.originalPaymentReference,
      requested_by: refund.requestedBy,
      note: refund.note,
    })
    .onConflict((oc) => oc.column('submission_id').where('status', '<>', 'ERROR').doNothing())
    .returningAll()
    .executeTakeFirst();
}

/** The statuses a refund may move on from to reach `status`: only forward (CREATED, DEBITED, then PAID or ERROR). */
const EARLIER: Record<RefundStatus, RefundStatus[]> = { CREATED: [], DEBITED: ['CREATED'], PAID: ['CREATED', 'DEBITED'], ERROR: ['CREATED', 'DEBITED'] };

/** A refund the provider has not settled yet: asked about again until it is PAID or ERROR. */
const OPEN_REFUND_STATUSES: RefundStatus[] = ['CREATED', 'DEBITED'];
export const refundOpen = (status: RefundStatus) => OPEN_REFUND_STATUSES.includes(status);

/**
 * Moves a refund forward to the provider's status. The row lock makes a concurrent second caller
 * see it moved: whatever order callbacks and polls arrive in (a late DEBITED after PAID, PAID
 * twice), a refund reaches each status once and never goes back. Returns the row when this call
 * moved it.
 */
export async function advanceRefundRequest(db: Kysely<Database>, state: Pick<RefundRequestState, 'instructionId' | 'status' | 'paymentReference' | 'errorCode'>, now: Date) {
  const earlier = EARLIER[state.status];
  if (earlier.length === 0) return undefined;
  return db
    .updateTable('refund_requests')
    .set({
      status: state.status,
      payment_reference: state.paymentReference ?? null,
      error_code: state.errorCode?.slice(0, 64) ?? null,
      last_checked_at: now,
      settled_at: refundOpen(state.status) ? null : now,
    })
    .where('instruction_id', '=', state.instructionId)
    .where('status', 'in', earlier)
    .returningAll()
    .executeTakeFirst();
}

/** Claims the right to ask the provider about an open refund now: at most once per `everyMs` across all instances. */
export async function claimRefundCheck(db: Kysely<Database>, instructionId: string, now: Date, everyMs: number): Promise<boolean> {
  const result = await db
    .updateTable('refund_requests')
    .set({ last_checked_at: now })
    .where('instruction_id', '=', instructionId)
    .where('status', 'in', OPEN_REFUND_STATUSES)
    .where((eb) => eb.or([eb('last_checked_at', 'is', null), eb('last_checked_at', '<=', new Date(now.getTime() - everyMs))]))
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** Open refunds older than `olderThan`: the housekeeping job asks the provider about them (a callback may have been lost). */
export async function openRefundsToCheck(db: Kysely<Database>, olderThan: Date, limit: number) {
  return db.selectFrom('refund_requests').select('instruction_id').where('status', 'in', OPEN_REFUND_STATUSES).where('created_at', '<=', olderThan).orderBy('created_at').limit(limit).execute();
}

/** Marks a submission's fee refunded, once: the refund that was PAID, and who asked for it. */
export async function markSubmissionRefunded(db: Kysely<Database>, submissionId: string, refund: { requestedBy: string; note: string | null }, now: Date) {
  return db
    .updateTable('submissions')
    .set({ refunded_at: now, refunded_by: refund.requestedBy, refund_note: refund.note })
    .where('id', '=', submissionId)
    .where('refunded_at', 'is', null)
    .returning(['id', 'receipt_number', 'fee_ore'])
    .executeTakeFirst();
}
