import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import { bilingual, formatAmount } from '@etjanst/schemas';
import { recordAudit } from '../audit/audit-log.js';
import type { Database } from '../db/tables.js';
import { conflict, Problem } from '../problems/problem.js';
import { PaymentProviderError, type PaymentProvider, type RefundRequestState } from './provider.js';
import {
  advanceRefundRequest,
  claimRefundCheck,
  findRefundRequest,
  insertRefundRequest,
  markSubmissionRefunded,
  openRefundsToCheck,
  refundableFee,
  refundOpen,
} from './refund-repository.js';
import { swishMessage } from './service.js';

export interface RefundServiceOptions {
  db: Kysely<Database>;
  logger: Logger;
  provider: PaymentProvider | undefined;
  /** Where the provider posts its callbacks: this installation's public URL */
  publicUrl: string;
  /** How often a handler's page may make us ask the provider about an open refund; default 2 s */
  pollEveryMs?: number;
}

const notRefundable = () => conflict('refund-not-possible', bilingual('Ärendet har ingen betald avgift som inte redan är återbetald.', 'The case has no paid fee that is not already refunded.'));

/** The provider did not take the refund: nothing was paid back, the handler may try again. */
const refundNotSent = (errorCode: string) =>
  new Problem(
    502,
    'refund-not-sent',
    bilingual('Återbetalningen gick inte iväg', 'The refund was not sent'),
    bilingual(`Betaltjänsten tog inte emot återbetalningen (${errorCode}). Inget har betalats tillbaka; försök igen om en stund.`, `The payment service did not take the refund (${errorCode}). Nothing was paid back; please try again shortly.`),
    { errorCode },
  );

/**
 * A handler's refund of a paid fee: a refund request at the provider that paid it, settled from
 * the provider's own answer (callback or poll) like a payment. The refund's status only moves
 * forward and the submission is marked refunded once, when the provider says PAID.
 */
export class RefundService {
  constructor(private readonly options: RefundServiceOptions) {}

  /** Sends the refund of a case's paid fee to the provider; its instruction id. */
  async request(found: { id: string; municipalityId: string }, request: { actor: string; handlerName: string; note: string | null }, now = new Date()): Promise<string> {
    const provider = this.options.provider;
    const fee = await refundableFee(this.options.db, found.id);
    if (!fee) throw notRefundable();
    if (!provider) throw refundNotSent('not-configured');
    const instructionId = randomUUID().replace(/-/g, '').toUpperCase();
    // stored first: a callback that comes before the provider's answer finds a known refund
    const stored = await insertRefundRequest(this.options.db, {
      instructionId,
      municipalityId: found.municipalityId,
      submissionId: found.id,
      provider: provider.id,
      amountOre: fee.amountOre,
      originalPaymentReference: fee.paymentReference,
      requestedBy: request.handlerName,
      note: request.note,
    });
    if (!stored) throw conflict('refund-in-progress', bilingual('Avgiften håller redan på att betalas tillbaka.', 'The fee is already being refunded.'));
    try {
      await provider.refund({
        instructionId,
        originalPaymentReference: fee.paymentReference,
        amount: formatAmount(fee.amountOre / 100),
        message: swishMessage(`Återbetalning ${fee.receiptNumber}`),
        payerPaymentReference: fee.receiptNumber.replace(/[^0-9A-Za-z]/g, '').slice(0, 35),
        callbackUrl: `${this.options.publicUrl}/api/payments/refund-callbacks/${instructionId}`,
      });
    } catch (error) {
      const errorCode = error instanceof PaymentProviderError ? error.errorCode : 'connectionFailed';
      await advanceRefundRequest(this.options.db, { instructionId, status: 'ERROR', errorCode }, now);
      await recordAudit(this.options.db, { municipalityId: found.municipalityId, actor: request.actor, action: 'payment.refund-error', subjectType: 'submission', subjectId: found.id, details: { instructionId, errorCode } });
      this.options.logger.warn({ err: error, submissionId: found.id }, 'refund refused');
      throw refundNotSent(errorCode);
    }
    await recordAudit(this.options.db, {
      municipalityId: found.municipalityId,
      actor: request.actor,
      action: 'payment.refund-requested',
      subjectType: 'submission',
      subjectId: found.id,
      details: { instructionId, amountOre: fee.amountOre, note: request.note },
    });
    return instructionId;
  }

  /** A callback: only for a refund we made; its body only says "ask", the state comes from the provider. */
  async callback(instructionId: string): Promise<boolean> {
    const refund = /^[0-9A-F]{32}$/.test(instructionId) ? await findRefundRequest(this.options.db, instructionId) : undefined;
    if (!refund) return false;
    if (refundOpen(refund.status)) await this.refresh(instructionId);
    return true;
  }

  /** The polling fallback (a lost callback): asks about an open refund, at most once per pollEveryMs. */
  async poll(instructionId: string, now = new Date()): Promise<void> {
    if (await claimRefundCheck(this.options.db, instructionId, now, this.options.pollEveryMs ?? 2000)) await this.refresh(instructionId, now);
  }

  /** The housekeeping pass: asks about open refunds a callback should have settled by now. */
  async checkOpen(now = new Date()): Promise<number> {
    const open = await openRefundsToCheck(this.options.db, new Date(now.getTime() - 30_000), 50);
    for (const { instruction_id } of open) await this.refresh(instruction_id, now);
    return open.length;
  }

  private async refresh(instructionId: string, now = new Date()): Promise<void> {
    const provider = this.options.provider;
    if (!provider) return;
    let state: RefundRequestState;
    try {
      state = await provider.retrieveRefund(instructionId);
    } catch (error) {
      this.options.logger.warn({ err: error, instructionId }, 'refund status not read');
      return;
    }
    await this.settle(state, now);
  }

  /**
   * Moves the refund forward in one transaction (advanceRefundRequest: each status once), and a
   * PAID one marks its submission refunded, once (markSubmissionRefunded): the fee statistics
   * count a refund by that mark, so it is never counted twice.
   */
  private async settle(state: RefundRequestState, now: Date): Promise<void> {
    await this.options.db.transaction().execute(async (trx) => {
      const refund = await advanceRefundRequest(trx, state, now);
      if (!refund) return;
      const audit = { municipalityId: refund.municipality_id, actor: 'system:payment-provider', subjectType: 'submission' as const, subjectId: refund.submission_id };
      if (state.status !== 'PAID') {
        await recordAudit(trx, { ...audit, action: `payment.refund-${state.status.toLowerCase()}`, details: { instructionId: refund.instruction_id, errorCode: state.errorCode ?? null } });
        return;
      }
      if (state.amount !== formatAmount(Number(refund.amount_ore) / 100)) {
        this.options.logger.error({ instructionId: refund.instruction_id, amount: state.amount, amountOre: refund.amount_ore }, 'refunded amount differs from the fee');
      }
      const refunded = await markSubmissionRefunded(trx, refund.submission_id, { requestedBy: refund.requested_by, note: refund.note }, now);
      if (refunded) {
        await recordAudit(trx, {
          ...audit,
          action: 'payment.refunded',
          details: { instructionId: refund.instruction_id, receiptNumber: refunded.receipt_number, amountOre: Number(refunded.fee_ore), paymentReference: state.paymentReference ?? null },
        });
      }
    });
  }
}
