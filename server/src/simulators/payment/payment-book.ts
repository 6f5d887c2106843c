import type { PaymentStatus, RefundStatus } from '../../db/tables.js';

/** A payment request as the simulator keeps it: Swish's payment request object. */
export interface SimulatedPaymentRequest {
  id: string;
  payeePaymentReference: string | null;
  paymentReference: string | null;
  callbackUrl: string;
  payerAlias: string | null;
  payeeAlias: string;
  amount: string;
  currency: 'SEK';
  message: string | null;
  status: PaymentStatus;
  dateCreated: string;
  datePaid: string | null;
  errorCode: string | null;
  errorMessage: string | null;
}

/** A refund as the simulator keeps it: Swish's refund object. */
export interface SimulatedRefund {
  id: string;
  originalPaymentReference: string;
  payerPaymentReference: string | null;
  paymentReference: string | null;
  callbackUrl: string;
  /** The merchant's Swish number: the refund is paid from it */
  payerAlias: string;
  /** The original payer's number */
  payeeAlias: string | null;
  amount: string;
  currency: 'SEK';
  message: string | null;
  status: RefundStatus;
  dateCreated: string;
  datePaid: string | null;
  errorCode: string | null;
  errorMessage: string | null;
}

/** How the outcome's callback travels: once (as Swish), never (lost on the way: polling must find it), or twice. */
export type CallbackDelivery = 'once' | 'lost' | 'twice';

export class SimulatorRefusal extends Error {
  constructor(
    readonly status: number,
    readonly errorCode: string,
    readonly errorMessage: string,
  ) {
    super(`${errorCode}: ${errorMessage}`);
  }
}

const INSTRUCTION_ID = /^[0-9A-F]{32}$/;
const AMOUNT = /^\d{1,13}(\.\d{1,2})?$/;
const PAYER_ALIAS = /^\d{8,15}$/;
const PAYEE_ALIAS = /^\d{10}$/;
const REFERENCE = /^[0-9A-Za-z]{1,35}$/;

/** Swish's checks of a payment request, with its error codes (RP01 missing payee alias, RP02 message, PA02 amount ...). */
function checkedRequest(id: string, body: Record<string, unknown>, now: Date): SimulatedPaymentRequest {
  const text = (name: string) => (typeof body[name] === 'string' ? (body[name] as string) : undefined);
  if (!INSTRUCTION_ID.test(id)) throw new SimulatorRefusal(422, 'RP09', 'The instructionUUID must be 32 upper-case hexadecimal characters');
  const callbackUrl = text('callbackUrl');
  if (!callbackUrl || !/^https?:\/\//.test(callbackUrl)) throw new SimulatorRefusal(422, 'RP03', 'Callback URL is missing or does not use HTTPS');
  const payeeAlias = text('payeeAlias');
  if (!payeeAlias || !PAYEE_ALIAS.test(payeeAlias)) throw new SimulatorRefusal(422, 'RP01', 'Missing Merchant Swish Number');
  const amount = text('amount');
  if (!amount || !AMOUNT.test(amount) || Number(amount) < 1) throw new SimulatorRefusal(422, 'PA02', 'Amount value is missing or not a valid number');
  if (body.currency !== 'SEK') throw new SimulatorRefusal(422, 'AM03', 'Invalid or missing Currency');
  const message = text('message') ?? null;
  if (message !== null && message.length > 50) throw new SimulatorRefusal(422, 'RP02', 'Wrong formatted message');
  const payerAlias = text('payerAlias') ?? null;
  if (payerAlias !== null && !PAYER_ALIAS.test(payerAlias)) throw new SimulatorRefusal(422, 'BE18', 'Payer alias is invalid');
  const reference = text('payeePaymentReference') ?? null;
  if (reference !== null && !REFERENCE.test(reference)) throw new SimulatorRefusal(422, 'FF08', 'PayeePaymentReference is invalid');
  return {
    id,
    payeePaymentReference: reference,
    paymentReference: null,
    callbackUrl,
    payerAlias,
    payeeAlias,
    amount,
    currency: 'SEK',
    message,
    status: 'CREATED',
    dateCreated: now.toISOString(),
    datePaid: null,
    errorCode: null,
    errorMessage: null,
  };
}

/** Amounts in öre, to add and compare without floating point. */
const ore = (amount: string) => Math.round(Number(amount) * 100);

/**
 * The simulator's payment requests and what the payer's app does with them; refunds of paid
 * ones and what the bank does with them. A request not
 * answered within the timeout ends as ERROR TM01, as Swish's do after three minutes.
 */
export class PaymentBook {
  private readonly requests = new Map<string, SimulatedPaymentRequest>();
  private readonly refunds = new Map<string, SimulatedRefund>();
  private sequence = 0;

  constructor(
    private readonly timeoutMs: number,
    private readonly clock: () => number,
    /** Sends the outcome to the request's (or refund's) callback URL */
    private readonly notify: (request: SimulatedPaymentRequest | SimulatedRefund, delivery: CallbackDelivery) => void,
  ) {}

  create(id: string, body: Record<string, unknown>): SimulatedPaymentRequest {
    if (this.requests.has(id)) throw new SimulatorRefusal(409, 'RP06', 'A payment request with this instructionUUID already exists');
    const request = checkedRequest(id, body, new Date(this.clock()));
    this.requests.set(id, request);
    return request;
  }

  /** The request as Swish's GET answers it; a pending one past its time has become ERROR TM01. */
  find(id: string): SimulatedPaymentRequest | undefined {
    const request = this.requests.get(id);
    if (request?.status === 'CREATED' && this.clock() - Date.parse(request.dateCreated) >= this.timeoutMs) {
      this.settle(request, 'ERROR', 'once', { errorCode: 'TM01', errorMessage: 'Swish timed out before the payment was started' });
    }
    return request;
  }

  pending(): SimulatedPaymentRequest[] {
    return [...this.requests.keys()].map((id) => this.find(id)).filter((r): r is SimulatedPaymentRequest => r?.status === 'CREATED');
  }

  /** The payer approves in the app. */
  pay(id: string, delivery: CallbackDelivery = 'once'): SimulatedPaymentRequest {
    const request = this.open(id);
    this.sequence += 1;
    return this.settle(request, 'PAID', delivery, {
      paymentReference: `${String(this.clock()).slice(-8)}${String(this.sequence).padStart(4, '0')}`.padStart(32, '0').toUpperCase(),
      datePaid: new Date(this.clock()).toISOString(),
    });
  }

  /** The payer declines in the app. */
  decline(id: string, delivery: CallbackDelivery = 'once'): SimulatedPaymentRequest {
    return this.settle(this.open(id), 'DECLINED', delivery, {});
  }

  /** Nobody answers: Swish gives up (what happens by itself after the timeout). */
  timeOut(id: string, delivery: CallbackDelivery = 'once'): SimulatedPaymentRequest {
    return this.settle(this.open(id), 'ERROR', delivery, { errorCode: 'TM01', errorMessage: 'Swish timed out before the payment was started' });
  }

  /**
   * A refund of a PAID payment (Swish's checks: RF02 original payment not found, RF03 the payer
   * is not the original payee, RF08 more than what is left of the payment); it waits CREATED
   * until the bank acts (payRefund, failRefund).
   */
  createRefund(id: string, body: Record<string, unknown>): SimulatedRefund {
    const text = (name: string) => (typeof body[name] === 'string' ? (body[name] as string) : undefined);
    if (!INSTRUCTION_ID.test(id)) throw new SimulatorRefusal(422, 'RP09', 'The instructionUUID must be 32 upper-case hexadecimal characters');
    if (this.refunds.has(id)) throw new SimulatorRefusal(409, 'RP06', 'A refund with this instructionUUID already exists');
    const callbackUrl = text('callbackUrl');
    if (!callbackUrl || !/^https?:\/\//.test(callbackUrl)) throw new SimulatorRefusal(422, 'RP03', 'Callback URL is missing or does not use HTTPS');
    const reference = text('originalPaymentReference');
    const original = [...this.requests.values()].find((r) => r.status === 'PAID' && r.paymentReference !== null && r.paymentReference === reference);
    if (!original) throw new SimulatorRefusal(422, 'RF02', 'Original Payment not found or original payment is more than 13 months old');
    const payerAlias = text('payerAlias');
    if (payerAlias !== original.payeeAlias) throw new SimulatorRefusal(422, 'RF03', 'Payer alias in the refund does not match the payee alias in the original payment');
    const amount = text('amount');
    if (!amount || !AMOUNT.test(amount) || Number(amount) < 1) throw new SimulatorRefusal(422, 'PA02', 'Amount value is missing or not a valid number');
    if (body.currency !== 'SEK') throw new SimulatorRefusal(422, 'AM03', 'Invalid or missing Currency');
    const refunded = [...this.refunds.values()].filter((r) => r.originalPaymentReference === reference && r.status !== 'ERROR').reduce((sum, r) => sum + ore(r.amount), 0);
    if (refunded + ore(amount) > ore(original.amount)) throw new SimulatorRefusal(422, 'RF08', 'Amount value is too large, or amount exceeds the amount of the original payment minus the previous refunds');
    const message = text('message') ?? null;
    if (message !== null && message.length > 50) throw new SimulatorRefusal(422, 'RP02', 'Wrong formatted message');
    const refund: SimulatedRefund = {
      id,
      originalPaymentReference: original.paymentReference!,
      payerPaymentReference: text('payerPaymentReference') ?? null,
      paymentReference: null,
      callbackUrl,
      payerAlias,
      payeeAlias: original.payerAlias,
      amount,
      currency: 'SEK',
      message,
      status: 'CREATED',
      dateCreated: new Date(this.clock()).toISOString(),
      datePaid: null,
      errorCode: null,
      errorMessage: null,
    };
    this.refunds.set(id, refund);
    return refund;
  }

  findRefund(id: string): SimulatedRefund | undefined {
    return this.refunds.get(id);
  }

  pendingRefunds(): SimulatedRefund[] {
    return [...this.refunds.values()].filter((r) => r.status === 'CREATED' || r.status === 'DEBITED');
  }

  /** The bank takes the refund from the merchant's account: DEBITED, with its callback. */
  debitRefund(id: string, delivery: CallbackDelivery = 'once'): SimulatedRefund {
    const refund = this.openRefund(id);
    if (refund.status !== 'CREATED') throw new SimulatorRefusal(409, 'RP07', `The refund is already ${refund.status}`);
    return this.settleRefund(refund, 'DEBITED', delivery, {});
  }

  /** The bank pays the refund to the payer: DEBITED first if it was not, then PAID, each with its callback. */
  payRefund(id: string, delivery: CallbackDelivery = 'once'): SimulatedRefund {
    const refund = this.openRefund(id);
    if (refund.status === 'CREATED') this.settleRefund(refund, 'DEBITED', delivery, {});
    this.sequence += 1;
    return this.settleRefund(refund, 'PAID', delivery, {
      paymentReference: `${String(this.clock()).slice(-8)}${String(this.sequence).padStart(4, '0')}`.padStart(32, '0').toUpperCase(),
      datePaid: new Date(this.clock()).toISOString(),
    });
  }

  /** The bank cannot pay the refund. */
  failRefund(id: string, delivery: CallbackDelivery = 'once'): SimulatedRefund {
    return this.settleRefund(this.openRefund(id), 'ERROR', delivery, { errorCode: 'FF10', errorMessage: 'Bank system processing error' });
  }

  private openRefund(id: string): SimulatedRefund {
    const refund = this.refunds.get(id);
    if (!refund) throw new SimulatorRefusal(404, 'RP04', 'No refund found');
    if (refund.status !== 'CREATED' && refund.status !== 'DEBITED') throw new SimulatorRefusal(409, 'RP07', `The refund is already ${refund.status}`);
    return refund;
  }

  private settleRefund(refund: SimulatedRefund, status: RefundStatus, delivery: CallbackDelivery, changes: Partial<SimulatedRefund>): SimulatedRefund {
    Object.assign(refund, changes, { status });
    this.notify({ ...refund }, delivery);
    return refund;
  }

  private open(id: string): SimulatedPaymentRequest {
    const request = this.find(id);
    if (!request) throw new SimulatorRefusal(404, 'RP04', 'No payment request found related to a token');
    if (request.status !== 'CREATED') throw new SimulatorRefusal(409, 'RP07', `The payment request is already ${request.status}`);
    return request;
  }

  private settle(request: SimulatedPaymentRequest, status: PaymentStatus, delivery: CallbackDelivery, changes: Partial<SimulatedPaymentRequest>): SimulatedPaymentRequest {
    Object.assign(request, changes, { status });
    this.notify({ ...request }, delivery);
    return request;
  }
}
