import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import { bilingual, DEFAULT_PAY_WITHIN_MINUTES, formatAmount, type EServiceDefinition } from '@etjanst/schemas';
import { recordAudit } from '../audit/audit-log.js';
import { releaseSubmissionBookings } from '../booking/release.js';
import type { Database, SubmissionRow } from '../db/tables.js';
import { scheduleDeliveries } from '../delivery/schedule.js';
import { Problem } from '../problems/problem.js';
import { loadReceiptSource } from '../receipts/content.js';
import { PaymentProviderError, type PaymentProvider, type PaymentRequestState } from './provider.js';
import {
  claimStatusCheck,
  expireUnpaidSubmissions,
  failPaymentRequest,
  findPaymentRequest,
  insertPaymentRequest,
  markSubmissionPaid,
  openRequestsToCheck,
  settlePaymentRequest,
} from './repository.js';

/** The fee of a submission in öre (bigint: a string on pg). */
export const feeOreOf = (row: Pick<SubmissionRow, 'fee_ore'>): number | null => (row.fee_ore === null ? null : Number(row.fee_ore));

/** When a fee-carrying submission must be paid by, counted from when it became payable. */
export const paymentDueBy = (definition: EServiceDefinition, from: Date): Date =>
  new Date(from.getTime() + (definition.payment?.payWithinMinutes ?? DEFAULT_PAY_WITHIN_MINUTES) * 60_000);

/** Swish's message: at most 50 characters of letters, digits and a little punctuation. */
export const swishMessage = (text: string): string =>
  text
    .replace(/[^0-9A-Za-zÅÄÖåäöÉéÜü :;.,?!()"'\-+]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, 50);

/** A Swedish mobile number as Swish wants it (46 and the number without its 0), or undefined. */
export function payerAlias(input: string): string | undefined {
  const digits = input.replace(/[\s-]/g, '').replace(/^\+/, '');
  const national = digits.startsWith('0') ? `46${digits.slice(1)}` : digits;
  return /^467\d{8}$/.test(national) ? national : undefined;
}

const unavailable = () =>
  new Problem(
    503,
    'payment-unavailable',
    bilingual('Betalning går inte just nu', 'Payment is not available right now'),
    bilingual('Betaltjänsten svarar inte. Försök igen om en stund; din ansökan är sparad.', 'The payment service does not answer. Please try again shortly; your application is saved.'),
  );

export interface PaymentServiceOptions {
  db: Kysely<Database>;
  logger: Logger;
  /** The configured provider; without one, fee-carrying submissions wait and starting a payment answers 503 */
  provider: PaymentProvider | undefined;
  /** Where the provider posts its callbacks: this installation's public URL */
  publicUrl: string;
  /** Asks the delivery worker to look for work now: a paid submission has its deliveries scheduled */
  nudgeWorker?: (() => void) | undefined;
  /** How often a citizen's page may make us ask the provider about an open request; default 2 s */
  pollEveryMs?: number;
}

/**
 * Paying a submission's fee: start a payment request at the provider, settle it from the
 * provider's own answer (callback or poll), and move the submission to 'submitted' with its
 * deliveries once paid; unpaid ones expire and release their bookings.
 */
export class PaymentService {
  constructor(private readonly options: PaymentServiceOptions) {}

  get configured(): boolean {
    return this.options.provider !== undefined;
  }

  /** Starts a payment request for an 'awaiting-payment' submission; its instruction id. */
  async start(submission: SubmissionRow, definition: EServiceDefinition, request: { payerAlias: string | undefined; actor: string }, now = new Date()): Promise<string> {
    const provider = this.options.provider;
    if (!provider) throw unavailable();
    const amountOre = feeOreOf(submission)!;
    const instructionId = randomUUID().replace(/-/g, '').toUpperCase();
    // stored first: a callback that comes before the provider's answer finds a known request
    const stored = await insertPaymentRequest(this.options.db, { instructionId, municipalityId: submission.municipality_id, submissionId: submission.id, provider: provider.id, amountOre });
    if (!stored) {
      throw new Problem(409, 'payment-in-progress', bilingual('Betalning pågår', 'Payment in progress'), bilingual('En betalning väntar redan på att godkännas i Swish-appen.', 'A payment is already waiting for approval in the Swish app.'));
    }
    try {
      await provider.create({
        instructionId,
        amount: formatAmount(amountOre / 100),
        message: swishMessage(`${definition.payment?.description.sv ?? ''} ${submission.receipt_number}`),
        payeePaymentReference: submission.receipt_number.replace(/[^0-9A-Za-z]/g, '').slice(0, 35),
        callbackUrl: `${this.options.publicUrl}/api/payments/callbacks/${instructionId}`,
        payerAlias: request.payerAlias,
      });
    } catch (error) {
      await failPaymentRequest(this.options.db, instructionId, error instanceof PaymentProviderError ? error.errorCode : 'connectionFailed', now);
      this.options.logger.warn({ err: error, submissionId: submission.id }, 'payment request refused');
      throw unavailable();
    }
    await recordAudit(this.options.db, { municipalityId: submission.municipality_id, actor: request.actor, action: 'payment.requested', subjectType: 'submission', subjectId: submission.id, details: { instructionId, amountOre } });
    return instructionId;
  }

  /** A callback: only for a request we made; its body only says "ask", the state comes from the provider. */
  async callback(instructionId: string): Promise<boolean> {
    const request = /^[0-9A-F]{32}$/.test(instructionId) ? await findPaymentRequest(this.options.db, instructionId) : undefined;
    if (!request) return false;
    if (request.status === 'CREATED') await this.refresh(instructionId);
    return true;
  }

  /** The polling fallback (a lost callback): asks about an open request, at most once per pollEveryMs. */
  async poll(instructionId: string, now = new Date()): Promise<void> {
    if (await claimStatusCheck(this.options.db, instructionId, now, this.options.pollEveryMs ?? 2000)) await this.refresh(instructionId, now);
  }

  /** Asks the provider about a request and settles it; a provider that does not answer leaves it open. */
  async refresh(instructionId: string, now = new Date()): Promise<void> {
    const provider = this.options.provider;
    if (!provider) return;
    let state: PaymentRequestState;
    try {
      state = await provider.retrieve(instructionId);
    } catch (error) {
      this.options.logger.warn({ err: error, instructionId }, 'payment status not read');
      return;
    }
    if (state.status !== 'CREATED') await this.settle(state, now);
  }

  /**
   * Settles a request with the provider's final state in one transaction: the request moves once
   * (settlePaymentRequest), and a PAID one moves its submission to 'submitted' with its
   * deliveries, once (markSubmissionPaid). A payment for a submission no longer awaiting one (it
   * expired, or another request paid it) is kept and logged, for a handler to refund.
   */
  private async settle(state: PaymentRequestState, now: Date): Promise<void> {
    const outcome = await this.options.db.transaction().execute(async (trx) => {
      const request = await settlePaymentRequest(trx, state, now);
      if (!request) return 'already-settled' as const;
      const audit = { municipalityId: request.municipality_id, actor: 'system:payment-provider', subjectType: 'submission' as const, subjectId: request.submission_id };
      await recordAudit(trx, { ...audit, action: `payment.${state.status.toLowerCase()}`, details: { instructionId: request.instruction_id, paymentReference: state.paymentReference ?? null, errorCode: state.errorCode ?? null } });
      if (state.status !== 'PAID') return 'settled' as const;
      if (state.amount !== formatAmount(Number(request.amount_ore) / 100)) {
        this.options.logger.error({ instructionId: request.instruction_id, amount: state.amount, amountOre: request.amount_ore }, 'paid amount differs from the fee');
      }
      const paid = await markSubmissionPaid(trx, request.submission_id, request.instruction_id, now);
      if (!paid) return 'paid-not-awaited' as const;
      const source = await loadReceiptSource(trx, paid.municipality_id, paid.id);
      await recordAudit(trx, { ...audit, action: 'submission.submitted', details: { receiptNumber: paid.receipt_number } });
      await scheduleDeliveries(trx, paid.municipality_id, { id: paid.id, eserviceId: paid.eservice_id, definition: source!.definition, answers: paid.answers }, now);
      return 'paid' as const;
    });
    if (outcome === 'paid') this.options.nudgeWorker?.();
    if (outcome === 'paid-not-awaited') this.options.logger.error({ instructionId: state.instructionId }, 'payment completed for a submission no longer awaiting payment: refund it');
  }

  /**
   * The housekeeping pass: asks about open requests a callback should have settled by now, then
   * expires unpaid submissions past their time and frees their bookings (in one transaction).
   */
  async expireUnpaid(now = new Date()): Promise<{ checked: number; expired: number }> {
    const open = await openRequestsToCheck(this.options.db, new Date(now.getTime() - 30_000), 50);
    for (const { instruction_id } of open) await this.refresh(instruction_id, now);
    const expired = await this.options.db.transaction().execute(async (trx) => {
      const rows = await expireUnpaidSubmissions(trx, now);
      for (const row of rows) {
        const released = await releaseSubmissionBookings(trx, row.id, now);
        await recordAudit(trx, { municipalityId: row.municipality_id, actor: 'system:payment-expiry', action: 'payment.expired', subjectType: 'submission', subjectId: row.id, details: { receiptNumber: row.receipt_number, bookingsReleased: released } });
      }
      return rows.length;
    });
    return { checked: open.length, expired };
  }
}
